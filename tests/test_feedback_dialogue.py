"""Direct dialogue (issue 15): the admin limited to the user's units, linking a case by its code
(both pages list each other), and the published minutes — without who asked."""

import datetime as dt
from typing import Any

import pytest

from danvan.feedback import services
from danvan.feedback.models import CaseEvent, CaseStatus, DialogueQuestion, DialogueSession

from .board_factories import case, staff
from .factories import OrgUnitFactory

SESSION_PERMS = (
    "view_dialoguesession",
    "add_dialoguesession",
    "change_dialoguesession",
    "delete_dialoguesession",
)


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    ours = OrgUnitFactory.create(code="DN-PL", name="Xã Phú Lý")
    theirs = OrgUnitFactory.create(code="DN-TA", name="Xã Trị An")
    session = DialogueSession.objects.create(
        held_on=dt.date(2026, 11, 15),
        unit=ours,
        title="Đối thoại về đường giao thông nông thôn",
        leader="Bí thư Đảng ủy xã",
        location="Hội trường ấp 3",
        topics="Đường liên ấp; <b>chiếu sáng</b>",
        attendance=85,
        minutes="Các ý kiến đã được ghi nhận & giao trả lời.",
        published=True,
    )
    DialogueQuestion.objects.create(
        session=session,
        position=1,
        asked_by="Ông Trần Văn Riêng, ấp 3",
        question="Bao giờ đường ấp 3 được trải nhựa?",
        answer="Trong kế hoạch năm 2027.",
        answered_by="Chủ tịch UBND xã",
    )
    hidden = DialogueSession.objects.create(
        held_on=dt.date(2026, 11, 20), unit=theirs, title="Đối thoại chưa công bố", leader="Chủ tịch xã"
    )
    return {"ours": ours, "theirs": theirs, "session": session, "hidden": hidden}


def test_public_pages_show_minutes_and_answers_but_not_who_asked(
    client: Any, site: Any, world: dict[str, Any]
) -> None:
    listing = client.get("/doi-thoai/").content.decode()
    assert "Đối thoại về đường giao thông nông thôn" in listing
    assert "Đối thoại chưa công bố" not in listing
    page = client.get(f"/doi-thoai/{world['session'].pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bao giờ đường ấp 3 được trải nhựa?" in text and "Trong kế hoạch năm 2027." in text
    assert "Trần Văn Riêng" not in text
    assert "&lt;b&gt;chiếu sáng&lt;/b&gt;" in text and "<b>chiếu sáng</b>" not in text
    assert client.get(f"/doi-thoai/{world['hidden'].pk}/").status_code == 404


def test_admin_lists_only_the_users_units(client: Any, world: dict[str, Any]) -> None:
    client.force_login(staff(world["ours"], *SESSION_PERMS))
    listing = client.get("/admin/doi-thoai-truc-tiep/").content.decode()
    assert "Đối thoại về đường giao thông nông thôn" in listing
    assert "Đối thoại chưa công bố" not in listing
    assert client.get(f"/admin/doi-thoai-truc-tiep/edit/{world['hidden'].pk}/").status_code == 404
    assert client.get(f"/admin/doi-thoai-truc-tiep/delete/{world['hidden'].pk}/").status_code == 404
    assert client.get(f"/admin/doi-thoai-truc-tiep/{world['hidden'].pk}/don-thu/").status_code == 404
    assert client.get(f"/admin/doi-thoai-truc-tiep/edit/{world['session'].pk}/").status_code == 200
    form = client.get("/admin/doi-thoai-truc-tiep/new/").content.decode()
    assert "Xã Phú Lý" in form and "Xã Trị An" not in form


def test_session_created_only_for_a_unit_the_user_sees(client: Any, world: dict[str, Any]) -> None:
    client.force_login(staff(world["ours"], *SESSION_PERMS))
    data = {"held_on": "2026-12-01", "title": "Đối thoại lén", "leader": "Ai đó", "unit": world["theirs"].pk}
    response = client.post("/admin/doi-thoai-truc-tiep/new/", data)
    assert response.status_code == 200  # the form again, with the error
    assert not DialogueSession.objects.filter(title="Đối thoại lén").exists()


def test_linking_a_case_by_code_lists_it_both_ways(client: Any, site: Any, world: dict[str, Any]) -> None:
    raised = case(
        world["ours"],
        received=dt.date(2026, 11, 15),
        status=CaseStatus.ANSWERED,
        answered=dt.date(2026, 11, 30),
    )
    elsewhere = case(world["theirs"], received=dt.date(2026, 11, 15))
    client.force_login(staff(world["ours"], *SESSION_PERMS, "view_case"))
    url = f"/admin/doi-thoai-truc-tiep/{world['session'].pk}/don-thu/"
    assert client.post(url, {"code": raised.code.lower()}).status_code == 302
    raised.refresh_from_db()
    assert raised.dialogue == world["session"]
    assert CaseEvent.objects.filter(case=raised, action="dialogue").exists()
    assert raised.code in client.get(url).content.decode()
    refused = client.post(url, {"code": elsewhere.code})
    assert refused.status_code == 400 and "Không tìm thấy đơn" in refused.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.dialogue is None
    # Published, the case's answer is linked from the session's public page.
    services.publish_answer(raised, by=None, title="Đường ấp 3", question="Hỏi về đường.", answer="Sẽ làm.")
    public_page = client.get(f"/doi-thoai/{world['session'].pk}/").content.decode()
    assert f"/tra-loi-cong-dan/{raised.answer_ref}/" in public_page and raised.code not in public_page
    assert client.post(url, {"unlink": str(raised.pk)}).status_code == 302
    raised.refresh_from_db()
    assert raised.dialogue is None


def test_viewer_without_change_right_cannot_link(client: Any, world: dict[str, Any]) -> None:
    raised = case(world["ours"], received=dt.date(2026, 11, 15))
    client.force_login(staff(world["ours"], "view_dialoguesession"))
    url = f"/admin/doi-thoai-truc-tiep/{world['session'].pk}/don-thu/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"code": raised.code})
    assert refused.status_code in (302, 403) and refused.get("Location", "/admin/") == "/admin/"
    raised.refresh_from_db()
    assert raised.dialogue is None


def test_question_list_names_no_other_units_session(client: Any, world: dict[str, Any]) -> None:
    DialogueQuestion.objects.create(session=world["hidden"], question="Câu hỏi ở xã khác")
    client.force_login(staff(world["ours"], "view_dialoguequestion", "change_dialoguequestion"))
    text = client.get("/admin/cau-hoi-doi-thoai/").content.decode()
    assert "Bao giờ đường ấp 3" in text
    assert "Câu hỏi ở xã khác" not in text and "Đối thoại chưa công bố" not in text
    other = DialogueQuestion.objects.get(question="Câu hỏi ở xã khác")
    assert client.get(f"/admin/cau-hoi-doi-thoai/edit/{other.pk}/").status_code == 404
