"""Published answers to citizens (issue 15): the publishing service and its screen, the public pages
(no personal data, escaped staff text, filters), and the site search finding an answer without
accents — and no longer once it is unpublished."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from danvan.audit.models import AuditEntry
from danvan.feedback import services
from danvan.feedback.models import CaseEvent, CaseKind, CaseStatus
from danvan.search.models import SearchDocument

from .board_factories import case, staff
from .factories import OrgUnitFactory, UserFactory

PERSONAL = ("Nguyễn Văn Bí Mật", "bimat@example.org", "0909123456", "12 đường Kín")


@pytest.fixture
def unit(db: Any) -> Any:
    return OrgUnitFactory.create(code="DN-PL", name="Xã Phú Lý")


@pytest.fixture
def answered(unit: Any) -> Any:
    return case(
        unit,
        received=dt.date(2026, 11, 2),
        answered=dt.date(2026, 11, 20),
        kind=CaseKind.KIEN_NGHI,
        status=CaseStatus.ANSWERED,
        title="Nguyễn Văn Bí Mật đề nghị lắp đèn đường",
        content="Tôi là Nguyễn Văn Bí Mật, nhà ở 12 đường Kín, đề nghị lắp đèn.",
        answer="Gửi ông Nguyễn Văn Bí Mật: xã sẽ lắp đèn trong quý I.",
    )


def _publish(case_: Any, **texts: str) -> Any:
    values = {
        "title": "Lắp đèn chiếu sáng đường dân vận ấp 3",
        "question": "Người dân đề nghị lắp đèn chiếu sáng trên tuyến đường liên ấp.",
        "answer": "Ủy ban nhân dân xã sẽ lắp 12 bộ đèn trong quý I năm 2027.",
    }
    values.update(texts)
    return services.publish_answer(case_, by=UserFactory.create(is_superuser=True), **values)


def test_publishing_records_the_step_and_the_audit_entry(answered: Any) -> None:
    _publish(answered)
    answered.refresh_from_db()
    assert answered.publish_answer and answered.published_at is not None
    assert CaseEvent.objects.filter(case=answered, action="publish", public=False).exists()
    assert AuditEntry.objects.filter(action="case.publish").exists()


def test_only_answered_cases_and_every_text_required(unit: Any, answered: Any) -> None:
    pending = case(unit, received=dt.date(2026, 11, 2), status=CaseStatus.IN_PROGRESS)
    with pytest.raises(services.PublishRefused, match="đã trả lời"):
        _publish(pending)
    with pytest.raises(ValidationError) as error:
        _publish(answered, title="  ", answer="\x00\x07")
    assert set(error.value.message_dict) == {"public_title", "public_answer"}
    answered.refresh_from_db()
    assert not answered.publish_answer and not SearchDocument.objects.exists()


def test_public_pages_show_the_public_texts_and_no_personal_data(
    client: Any, site: Any, answered: Any
) -> None:
    _publish(answered)
    for url in ("/tra-loi-cong-dan/", f"/tra-loi-cong-dan/{answered.answer_ref}/"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Lắp đèn chiếu sáng đường dân vận ấp 3" in text
        assert "Xã Phú Lý" in text
        for secret in (*PERSONAL, answered.code):  # the tracking code is the citizen's secret too
            assert secret not in text, (url, secret)
    detail = client.get(f"/tra-loi-cong-dan/{answered.answer_ref}/").content.decode()
    assert "lắp 12 bộ đèn trong quý I" in detail


def test_staff_text_is_escaped(client: Any, site: Any, answered: Any) -> None:
    _publish(answered, title="<script>alert(1)</script> Đèn", answer='<img src=x onerror="alert(2)">')
    for url in ("/tra-loi-cong-dan/", f"/tra-loi-cong-dan/{answered.answer_ref}/"):
        text = client.get(url).content.decode()
        assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)" in text
        assert "<img src=x" not in text


def test_unpublished_or_unknown_answer_is_404(client: Any, site: Any, answered: Any) -> None:
    assert answered.answer_ref == ""  # never published: no public reference, no page
    assert client.get(f"/tra-loi-cong-dan/{answered.code}/").status_code == 404
    assert client.get("/tra-loi-cong-dan/KHONG-CO/").status_code == 404
    _publish(answered)
    ref = answered.answer_ref
    services.unpublish_answer(answered, by=None)
    assert client.get(f"/tra-loi-cong-dan/{ref}/").status_code == 404
    text = client.get("/tra-loi-cong-dan/").content.decode()
    assert ref not in text and answered.code not in text


def test_the_answer_page_is_at_its_reference_never_at_the_tracking_code(
    client: Any, site: Any, answered: Any
) -> None:
    answered.code = "KN-2026-7F3K9Q"  # a code the private lookup takes (the factory's do not have its shape)
    answered.save(update_fields=["code"])
    _publish(answered)
    answered.refresh_from_db()
    ref = answered.answer_ref
    assert len(ref) == 12 and ref != answered.code and answered.code not in ref
    assert client.get(f"/tra-loi-cong-dan/{ref}/").status_code == 200
    # The old address by tracking code: a 404 (a redirect would confirm that the code exists).
    old = client.get(f"/tra-loi-cong-dan/{answered.code}/")
    assert old.status_code == 404 and ref not in old.content.decode()
    # The citizen's private lookup still works by the code, and shows the private answer.
    lookup = client.get(f"/api/v1/cases/{answered.code}/")
    assert lookup.status_code == 200 and lookup.json()["status_notes"].startswith("Gửi ông Nguyễn Văn Bí Mật")
    # The list, and the staff's publish screen link, point to the reference.
    assert f'href="/tra-loi-cong-dan/{ref}/"' in client.get("/tra-loi-cong-dan/").content.decode()
    client.force_login(UserFactory.create(is_superuser=True, is_staff=True))
    board = client.get(f"/admin/don-thu/{answered.pk}/cong-bo/").content.decode()
    assert f'href="/tra-loi-cong-dan/{ref}/"' in board


def test_the_reference_survives_unpublishing_and_publishing_again(
    client: Any, site: Any, answered: Any
) -> None:
    _publish(answered)
    ref = answered.answer_ref
    services.unpublish_answer(answered, by=None)
    answered.refresh_from_db()
    assert answered.answer_ref == ref and not answered.publish_answer
    _publish(answered, title="Lắp đèn ấp 3 (sửa)")
    answered.refresh_from_db()
    assert answered.answer_ref == ref
    assert "Lắp đèn ấp 3 (sửa)" in client.get(f"/tra-loi-cong-dan/{ref}/").content.decode()
    assert list(SearchDocument.objects.filter(kind="answer").values_list("url", flat=True)) == [
        f"/tra-loi-cong-dan/{ref}/"
    ]


def test_each_published_answer_gets_its_own_reference(unit: Any, answered: Any) -> None:
    other = case(unit, received=dt.date(2026, 11, 3), answered=dt.date(2026, 11, 9), status=CaseStatus.CLOSED)
    _publish(answered)
    _publish(other)
    assert answered.answer_ref and other.answer_ref and answered.answer_ref != other.answer_ref


def test_filters_by_kind_and_unit(client: Any, site: Any, unit: Any, answered: Any) -> None:
    other_unit = OrgUnitFactory.create(code="DN-TA", name="Xã Trị An")
    other = case(
        other_unit, received=dt.date(2026, 11, 3), answered=dt.date(2026, 11, 9), status=CaseStatus.CLOSED
    )
    _publish(answered)
    _publish(other, title="Khiếu nại về bồi thường đất")
    by_kind = client.get("/tra-loi-cong-dan/", {"kind": "khieu_nai"}).content.decode()
    assert "Khiếu nại về bồi thường đất" in by_kind and "Lắp đèn chiếu sáng" not in by_kind
    by_unit = client.get("/tra-loi-cong-dan/", {"unit": "DN-PL"}).content.decode()
    assert "Lắp đèn chiếu sáng" in by_unit and "Khiếu nại về bồi thường" not in by_unit
    # Nonsense filters are ignored, never a 500.
    assert client.get("/tra-loi-cong-dan/", {"kind": "<x>", "unit": "'", "page": "abc"}).status_code == 200


def test_site_search_finds_the_answer_without_accents_until_unpublished(
    client: Any, site: Any, answered: Any
) -> None:
    _publish(answered)
    found = client.get("/search/", {"q": "dan van ap 3"}).content.decode()
    assert f"/tra-loi-cong-dan/{answered.answer_ref}/" in found and answered.code not in found
    assert (
        "Trả lời công dân"
        in client.get("/search/", {"q": "den chieu sang", "type": "answer"}).content.decode()
    )
    # The citizen's own words are not in the index: only what staff wrote for the public.
    assert (
        f"/tra-loi-cong-dan/{answered.answer_ref}/"
        not in client.get("/search/", {"q": "bi mat"}).content.decode()
    )
    services.unpublish_answer(answered, by=None)
    assert (
        f"/tra-loi-cong-dan/{answered.answer_ref}/"
        not in client.get("/search/", {"q": "dan van ap 3"}).content.decode()
    )


def test_rebuilding_the_index_keeps_published_answers(answered: Any) -> None:
    from danvan.search import services as search

    _publish(answered)
    search.rebuild_index()
    assert (
        SearchDocument.objects.filter(kind="answer", url=f"/tra-loi-cong-dan/{answered.answer_ref}/").count()
        == 1
    )


def test_publish_screen_prefills_and_publishes(client: Any, site: Any, unit: Any, answered: Any) -> None:
    clerk = staff(unit, "handle_case", "view_case")
    client.force_login(clerk)
    url = f"/admin/don-thu/{answered.pk}/cong-bo/"
    form = client.get(url)
    assert form.status_code == 200
    assert "Gửi ông Nguyễn Văn Bí Mật" in form.content.decode()  # prefilled, for staff to clean
    empty = client.post(url, {"action": "publish", "title": "", "question": "", "answer": ""})
    assert empty.status_code == 400 and "Trường này là bắt buộc" in empty.content.decode()
    done = client.post(
        url,
        {"action": "publish", "title": "Đèn đường ấp 3", "question": "Đề nghị lắp đèn.", "answer": "Sẽ lắp."},
    )
    assert done.status_code == 302
    answered.refresh_from_db()
    assert answered.publish_answer and answered.public_title == "Đèn đường ấp 3"
    client.post(url, {"action": "unpublish"})
    answered.refresh_from_db()
    assert not answered.publish_answer


def test_publish_screen_refuses_other_units_and_non_handlers(client: Any, unit: Any, answered: Any) -> None:
    elsewhere = staff(OrgUnitFactory.create(code="DN-KHAC"), "handle_case")
    client.force_login(elsewhere)
    assert client.get(f"/admin/don-thu/{answered.pk}/cong-bo/").status_code == 404
    viewer = staff(unit, "view_case")
    client.force_login(viewer)
    assert client.get(f"/admin/don-thu/{answered.pk}/cong-bo/").status_code in (302, 403)


def test_sitemap_lists_published_answers_only(client: Any, site: Any, unit: Any, answered: Any) -> None:
    hidden = case(
        unit, received=dt.date(2026, 11, 2), answered=dt.date(2026, 11, 5), status=CaseStatus.ANSWERED
    )
    _publish(answered)
    text = client.get("/sitemap.xml").content.decode()
    assert f"/tra-loi-cong-dan/{answered.answer_ref}/" in text and "/tra-loi-cong-dan/</loc>" in text
    assert answered.code not in text and hidden.code not in text


def test_deleting_a_published_case_takes_it_out_of_the_search(answered: Any) -> None:
    _publish(answered)
    assert SearchDocument.objects.filter(kind="answer").count() == 1
    answered.delete()
    assert not SearchDocument.objects.filter(kind="answer").exists()


def test_the_migration_gives_the_answers_published_before_it_a_reference(unit: Any, answered: Any) -> None:
    """What migration 0004 runs (``answer_refs.fill_answer_refs``): a case published before the
    reference existed (its page and search entry then under the tracking code) gets one, and its
    search entry moves; a case never published gets none; one with a reference keeps it."""
    from danvan.feedback.answer_refs import fill_answer_refs
    from danvan.feedback.models import Case

    kept = case(unit, received=dt.date(2026, 11, 3), answered=dt.date(2026, 11, 9), status=CaseStatus.CLOSED)
    _publish(kept)
    never = case(unit, received=dt.date(2026, 11, 4), status=CaseStatus.ANSWERED)
    # As before the migration: published, no reference, in the search under the tracking code.
    Case.objects.filter(pk=answered.pk).update(
        publish_answer=True, published_at=kept.published_at, public_title="Đèn đường ấp 3", answer_ref=""
    )
    SearchDocument.objects.create(kind="answer", url=f"/tra-loi-cong-dan/{answered.code}/", title="Đèn")
    SearchDocument.objects.create(kind="answer", url=f"/tra-loi-cong-dan/{never.code}/", title="Cũ")
    assert fill_answer_refs(Case, SearchDocument) == 1
    answered.refresh_from_db()
    never.refresh_from_db()
    ref = answered.answer_ref
    assert len(ref) == 12 and ref not in (kept.answer_ref, answered.code)
    assert never.answer_ref == ""
    assert Case.objects.get(pk=kept.pk).answer_ref == kept.answer_ref
    urls = list(SearchDocument.objects.filter(kind="answer").values_list("url", flat=True))
    assert len(urls) == 2  # the old entry moved, the never-published case's stale one dropped
    assert set(urls) == {f"/tra-loi-cong-dan/{ref}/", f"/tra-loi-cong-dan/{kept.answer_ref}/"}
    assert fill_answer_refs(Case, SearchDocument) == 0  # run again: nothing to do
