"""core.registry: the apps above core register their scheduled jobs and sitemaps; core never names them."""

import io
from typing import Any

import pytest
from django.core.management import call_command

from danvan.analytics import services as analytics
from danvan.core import registry

pytestmark = pytest.mark.django_db


def test_analytics_registers_its_two_scheduler_jobs() -> None:
    jobs = [job for _, job in registry.scheduled_jobs]
    assert analytics.flush_buffer in jobs and analytics.forget_old_visitors in jobs
    registry.add_scheduled_job("again", analytics.flush_buffer)  # a second ready() adds nothing
    assert [job for _, job in registry.scheduled_jobs].count(analytics.flush_buffer) == 1


def test_the_scheduler_runs_every_registered_job_and_survives_a_failing_one(monkeypatch: Any) -> None:
    ran: list[str] = []

    def broken() -> None:
        ran.append("broken")
        raise RuntimeError("hỏng")

    monkeypatch.setattr(
        registry,
        "scheduled_jobs",
        [("việc hỏng", broken), ("việc sau", lambda: ran.append("after"))],
    )
    err = io.StringIO()
    call_command("run_scheduler", "--once", stdout=io.StringIO(), stderr=err)
    assert ran == ["broken", "after"]
    assert "Lỗi khi việc hỏng: hỏng" in err.getvalue()


def test_sitemap_lists_what_the_apps_registered() -> None:
    from danvan.core.sitemaps import all_sitemaps

    assert list(all_sitemaps()) == [
        "pages",
        "views",
        "documents",
        "drafts",
        "answers",
        "dialogues",
        "skilful_models",
    ]
    assert registry.sitemap_views == [
        "privacy_policy",
        "open_data",
        "document_list",
        "draft_list",
        "disclosure_catalogue",
        "case_submit",
        "answer_list",
        "dialogue_list",
        "skilful_model_list",
    ]


def test_the_apps_name_their_public_views_and_every_name_resolves() -> None:
    from django.urls import reverse

    assert set(registry.public_views) == {
        "search",
        "analytics_about",
        "document_list",
        "document_detail",
        "draft_list",
        "draft_detail",
        "draft_comment",
        "disclosure_catalogue",
        "privacy_policy",
        "open_data",
        "case_submit",
        "case_lookup",
        "case_status",
        "answer_list",
        "answer_detail",
        "dialogue_list",
        "dialogue_detail",
        "skilful_model_list",
        "skilful_model_detail",
    }
    for name, exists in registry.public_views.items():
        if exists is None:
            assert reverse(name)


def test_public_view_checks_ask_the_owning_app(monkeypatch: Any) -> None:
    from danvan.consultations import selectors as consultations
    from danvan.documents import selectors as documents

    document_detail = registry.public_views["document_detail"]
    draft_detail = registry.public_views["draft_detail"]
    assert document_detail is not None and draft_detail is not None
    assert document_detail({"pk": 7}) is False and draft_detail({"pk": 7}) is False  # an empty database
    monkeypatch.setattr(documents, "document_exists", lambda pk: pk == 7)
    monkeypatch.setattr(consultations, "draft_is_public", lambda pk: pk == 8)
    assert document_detail({"pk": 7}) is True and document_detail({"pk": 8}) is False
    assert draft_detail({"pk": 8}) is True and registry.public_views["draft_comment"] is not None


def test_rebuilding_the_index_asks_every_registered_source(monkeypatch: Any) -> None:
    from danvan.search import services as search

    calls: list[str] = []

    def source_a() -> int:
        calls.append("a")
        return 2

    monkeypatch.setattr(registry, "search_sources", [("a", source_a), ("b", lambda: 3)])
    assert search.rebuild_index() == 5  # no live page in an empty database: 2 + 3 from the sources
    assert calls == ["a"]
