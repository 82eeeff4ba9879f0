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

    assert list(all_sitemaps()) == ["pages", "views", "documents", "drafts"]
    assert registry.sitemap_views == ["document_list", "draft_list", "disclosure_catalogue"]
