"""The staff screens of citizens' cases (issue 15): the list with its filters and constant queries,
a case's page and its action forms, conflicts, response templates, and other units' 404s — in the
programme world (district Vĩnh Cửu VC, communes Phú Lý VC-PL and Vĩnh An VC-VA)."""

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danvan.core.dates import today_in_vietnam
from danvan.feedback.models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseKind,
    CaseStatus,
    DeadlineRule,
    ResponseTemplate,
)
from danvan.orgunits.models import OrgUnit

from .factories import UnitMembershipFactory, UserFactory
from .feedback_factories import CaseAttachmentFactory, CaseFactory, ResponseTemplateFactory, handler
from .worlds import TODAY_UNITS, programme_world

S = CaseStatus
LIST = "/admin/don-thu/"


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    programme_world()
    units = {code: OrgUnit.objects.get(code=code) for code in ("VC", "VC-PL", "VC-VA")}
    return {
        "units": units,
        "phu_ly": handler(units["VC-PL"], username="xu.ly.phuly"),
        "vinh_an": handler(units["VC-VA"], username="xu.ly.vinhan"),
        "district": handler(units["VC"], username="xu.ly.huyen"),
    }


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _codes(response: Any) -> list[str]:
    return re.findall(r'href="/admin/don-thu/\d+/">(PA-2026-T\d+)</a>', response.content.decode())


def _post(client: Client, case: Case, action: str, version: int | None = None, **fields: str) -> Any:
    data = {"action": action, "version": str(case.version if version is None else version)}
    data |= {f"{action}:{key}": value for key, value in fields.items()}
    return client.post(reverse("feedback_case_action", args=[case.pk]), data)


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_only_the_cases_of_units_the_user_sees(world: Any) -> None:
    mine = CaseFactory.create(unit=world["units"]["VC-PL"])
    theirs = CaseFactory.create(unit=world["units"]["VC-VA"])
    assert set(_codes(_client(world["phu_ly"]).get(LIST))) == {mine.code}
    assert set(_codes(_client(world["district"]).get(LIST))) == {mine.code, theirs.code}


def test_list_filters(world: Any) -> None:
    pl, va = world["units"]["VC-PL"], world["units"]["VC-VA"]
    today = today_in_vietnam()
    overdue = CaseFactory.create(unit=pl, status=S.ACCEPTED, next_due_on=today - dt.timedelta(days=3))
    this_week = CaseFactory.create(unit=va, status=S.ACCEPTED, next_due_on=today, kind=CaseKind.KHIEU_NAI)
    later = CaseFactory.create(
        unit=pl, status=S.ASSIGNED, next_due_on=today + dt.timedelta(days=30), assignee=world["district"]
    )
    answered_late = CaseFactory.create(unit=pl, status=S.ANSWERED, next_due_on=today - dt.timedelta(days=9))
    accented = CaseFactory.create(unit=va, title="Cầu Đồng Nai xuống cấp", content="Cần sửa gấp")
    client = _client(world["district"])

    def codes(**query: str) -> set[str]:
        response = client.get(LIST, query)
        assert response.status_code == 200
        return set(_codes(response))

    assert codes(status=S.ACCEPTED) == {overdue.code, this_week.code}
    assert codes(kind=CaseKind.KHIEU_NAI) == {this_week.code}
    assert codes(unit="VC-VA") == {this_week.code, accented.code}
    assert codes(due="overdue") == {overdue.code}  # the answered one is no longer late
    assert codes(due="week") == {this_week.code}
    assert codes(mine="1") == {later.code}
    assert codes(q="cau dong nai") == {accented.code}
    assert codes(q="CẦU đồng") == {accented.code}
    assert codes(q=accented.code) == {accented.code}
    assert answered_late.code in codes()
    # Soonest due first, then the ones without a deadline.
    order = list(dict.fromkeys(_codes(client.get(LIST))))
    assert order[:3] == [answered_late.code, overdue.code, this_week.code]
    assert order[3] == later.code


def test_overdue_is_red_and_said_in_words(world: Any) -> None:
    today = today_in_vietnam()
    due = today - dt.timedelta(days=3)
    case = CaseFactory.create(unit=world["units"]["VC-PL"], status=S.ACCEPTED, next_due_on=due)
    # The words come from the case's open deadline (the clocks), in its rule's unit.
    CaseDeadline.objects.create(
        case=case,
        rule=DeadlineRule.objects.get(key="complaint_resolve_first"),
        step="resolve",
        starts_from=due - dt.timedelta(days=30),
        due_on=due,
    )
    html = _client(world["phu_ly"]).get(LIST).content.decode()
    assert '<span class="cases-overdue">Quá hạn 3 ngày</span>' in html


def test_a_unit_outside_the_users_view_in_the_filter_is_a_404(world: Any) -> None:
    CaseFactory.create(unit=world["units"]["VC-VA"])
    client = _client(world["phu_ly"])
    assert client.get(LIST, {"unit": "VC-VA"}).status_code == 404
    assert client.get(LIST, {"unit": "KHONG-CO"}).status_code == 404
    assert client.get(LIST, {"status": "<script>", "kind": "x" * 1000, "page": "abc"}).status_code == 200


def _list_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST).status_code == 200
    return len(queries.captured_queries)


def test_the_list_takes_as_many_queries_for_50_cases_as_for_5(world: Any) -> None:
    pl, va = world["units"]["VC-PL"], world["units"]["VC-VA"]
    today = today_in_vietnam()

    def add(n: int) -> None:
        for i in range(n):
            CaseFactory.create(
                unit=pl if i % 2 else va,
                assignee=world["district"] if i % 3 else None,
                status=S.ASSIGNED,
                next_due_on=today + dt.timedelta(days=i - 2),
            )

    client = _client(world["district"])
    add(5)
    few = _list_queries(client)
    add(45)
    assert _list_queries(client) == few


# --- one case ------------------------------------------------------------------------------------


def test_other_units_staff_get_404_on_page_action_and_attachment(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-VA"])
    attachment = CaseAttachmentFactory.create(case=case)
    client = _client(world["phu_ly"])
    assert client.get(reverse("feedback_case", args=[case.pk])).status_code == 404
    assert _post(client, case, "accept").status_code == 404
    url = reverse("feedback_case_attachment", args=[case.pk, attachment.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("feedback_case", args=[999999])).status_code == 404
    case.refresh_from_db()
    assert (case.status, case.version) == (S.RECEIVED, 1)
    # Vĩnh An's own staff download it, under its name.
    response: Any = _client(world["vinh_an"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


def test_the_case_page_shows_content_contact_history_and_the_allowed_steps(world: Any) -> None:
    case = CaseFactory.create(
        unit=world["units"]["VC-PL"],
        content="<b>Đường</b> hỏng",
        citizen_name="Trần Thị Bình",
        phone="0901234567",
    )
    html = _client(world["phu_ly"]).get(reverse("feedback_case", args=[case.pk])).content.decode()
    assert "&lt;b&gt;Đường&lt;/b&gt; hỏng" in html and "<b>Đường</b>" not in html
    assert "Trần Thị Bình" in html and "0901234567" in html
    assert f'name="version" value="{case.version}"' in html
    buttons = re.findall(r'name="action" value="(\w+)"', html)
    assert buttons == ["accept", "refuse", "forward", "withdraw", "merge"]


def test_a_viewer_without_the_right_sees_but_cannot_act(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"])
    viewer = UserFactory.create(username="chi.xem")
    viewer.user_permissions.add(Permission.objects.get(codename="access_admin"))
    UnitMembershipFactory.create(user=viewer, org_unit=world["units"]["VC-PL"])
    client = _client(viewer)
    html = client.get(reverse("feedback_case", args=[case.pk])).content.decode()
    assert 'name="action"' not in html
    assert _post(client, case, "accept").status_code == 403
    case.refresh_from_db()
    assert case.status == S.RECEIVED


def test_accept_assign_answer_through_the_forms(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"])
    client = _client(world["phu_ly"])
    response = _post(client, case, "accept", reason="Đủ điều kiện")
    assert response.status_code == 302 and response["Location"] == reverse("feedback_case", args=[case.pk])
    case.refresh_from_db()
    page = client.get(reverse("feedback_case", args=[case.pk])).content.decode()
    picker = re.search(r'<select id="assign-user".*?</select>', page, re.S)
    assert picker is not None
    # Who may handle Phú Lý's cases: its handler and the district's, not Vĩnh An's.
    assert "xu.ly.phuly" in picker.group() and "xu.ly.huyen" in picker.group()
    assert "xu.ly.vinhan" not in picker.group()
    assert _post(client, case, "assign", user=str(world["vinh_an"].pk)).status_code == 400
    assert _post(client, case, "assign", user=str(world["district"].pk)).status_code == 302
    case.refresh_from_db()
    assert _post(client, case, "answer", answer="Đã khắc phục.").status_code == 302
    case.refresh_from_db()
    assert (case.status, case.answer, case.assignee) == (S.ANSWERED, "Đã khắc phục.", world["district"])
    actions = list(CaseEvent.objects.filter(case=case).values_list("action", "actor__username"))
    assert actions == [("accept", "xu.ly.phuly"), ("assign", "xu.ly.phuly"), ("answer", "xu.ly.phuly")]


def test_a_missing_reason_is_a_400_with_the_message_and_nothing_changes(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"])
    response = _post(_client(world["phu_ly"]), case, "refuse", reason="  ")
    assert response.status_code == 400
    assert "Hãy ghi lý do không thụ lý." in response.content.decode()
    case.refresh_from_db()
    assert (case.status, case.version) == (S.RECEIVED, 1)
    for bad in ({"action": "bogus", "version": "1"}, {"action": "accept", "version": "x"}):
        assert (
            _client(world["phu_ly"]).post(reverse("feedback_case_action", args=[case.pk]), bad).status_code
            == 400
        )
    bad_day = _post(_client(world["phu_ly"]), case, "accept", on="31/02/2026")
    assert bad_day.status_code == 400 and "Ngày không hợp lệ" in bad_day.content.decode()


def test_two_staff_changing_one_case_the_second_gets_a_conflict(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"])
    first, second = _client(world["phu_ly"]), _client(world["district"])
    url = reverse("feedback_case", args=[case.pk])
    loaded = [
        re.search(r'name="version" value="(\d+)"', c.get(url).content.decode()) for c in (first, second)
    ]
    versions = [int(m.group(1)) for m in loaded if m]
    assert versions == [1, 1]
    assert _post(first, case, "accept", version=versions[0]).status_code == 302
    response = _post(second, case, "refuse", version=versions[1], reason="Không thuộc thẩm quyền")
    assert response.status_code == 409
    html = response.content.decode()
    assert "người khác thay đổi" in html and f'href="{url}"' in html
    case.refresh_from_db()
    assert (case.status, case.version) == (S.ACCEPTED, 2)
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["accept"]


def test_forwarding_out_of_ones_units_leads_back_to_the_list(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"])
    client = _client(world["phu_ly"])
    # A unit that no longer exists (the district, before the 2025 reform) is not offered nor taken.
    assert _post(client, case, "forward", unit="VC-VA", reason="Thuộc xã Vĩnh An").status_code == 400
    assert _post(client, case, "forward", unit="NOPE", reason="x").status_code == 400
    today_unit = TODAY_UNITS[0][0]
    response = _post(client, case, "forward", unit=today_unit, reason="Đất thuộc xã mới")
    assert response.status_code == 302 and response["Location"] == LIST
    case.refresh_from_db()
    assert (case.unit.code, case.status) == (today_unit, S.FORWARDED)


def test_a_response_template_prefills_the_answer_without_javascript(world: Any) -> None:
    case = CaseFactory.create(unit=world["units"]["VC-PL"], status=S.IN_PROGRESS, kind=CaseKind.PHAN_ANH)
    template = ResponseTemplateFactory.create(
        kind=CaseKind.PHAN_ANH, title="Mẫu đã khắc phục", body="Kính gửi <ông/bà>"
    )
    ResponseTemplateFactory.create(kind=CaseKind.TO_CAO, title="Mẫu tố cáo")
    client = _client(world["phu_ly"])
    url = reverse("feedback_case", args=[case.pk])
    html = client.get(url).content.decode()
    assert f"?mau={template.pk}&amp;buoc=answer" in html and "Mẫu tố cáo" not in html
    prefilled = client.get(url, {"mau": str(template.pk), "buoc": "answer"}).content.decode()
    assert re.search(r'name="answer:answer"[^>]*>Kính gửi &lt;ông/bà&gt;</textarea>', prefilled)
    assert client.get(url, {"mau": "abc"}).status_code == 200


def test_duplicates_on_the_page_and_the_merge_button(world: Any) -> None:
    pl = world["units"]["VC-PL"]
    older = CaseFactory.create(unit=pl, email="an@example.vn", title="Đèn đường hỏng")
    new = CaseFactory.create(unit=pl, email="an@example.vn", title="Đèn đường ấp 3 không sáng")
    client = _client(world["phu_ly"])
    html = client.get(reverse("feedback_case", args=[new.pk])).content.decode()
    assert "Cùng người gửi" in html and f'name="merge:keep" value="{older.pk}"' in html
    response = client.post(
        reverse("feedback_case_action", args=[new.pk]),
        {"action": "merge", "version": "1", "merge:keep": str(older.pk)},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.status, new.merged_into) == (S.MERGED, older)
    older_page = client.get(reverse("feedback_case", args=[older.pk])).content.decode()
    assert new.code in older_page  # the merged case's events in the kept case's history


def test_merge_by_typing_the_kept_cases_code(world: Any) -> None:
    pl = world["units"]["VC-PL"]
    keep, other = CaseFactory.create(unit=pl), CaseFactory.create(unit=pl)
    outside = CaseFactory.create(unit=world["units"]["VC-VA"])
    client = _client(world["phu_ly"])
    assert _post(client, other, "merge", keep=outside.code).status_code == 400  # not one of theirs
    assert _post(client, other, "merge", keep=keep.code.lower()).status_code == 302
    other.refresh_from_db()
    assert other.merged_into == keep


def test_response_templates_are_managed_in_the_feedback_menu(world: Any) -> None:
    boss = UserFactory.create(username="quan.tri", is_superuser=True)
    client = _client(boss)
    response = client.post(
        reverse("mau_tra_loi:add"),
        {
            "title": "Mẫu không thụ lý",
            "kind": CaseKind.KHIEU_NAI,
            "action": "refuse",
            "body": "Đơn không đủ điều kiện",
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert (
        client.post(reverse("mau_tra_loi:add"), {"title": "x", "action": "bogus", "body": "y"}).status_code
        == 200
    )
    menu = client.get("/admin/").content.decode()
    assert f'"{reverse("mau_tra_loi:index")}"' in menu and f'"{reverse("feedback_case_list")}"' in menu
    case = CaseFactory.create(unit=world["units"]["VC-PL"], kind=CaseKind.KHIEU_NAI)
    template = ResponseTemplate.objects.get(title="Mẫu không thụ lý")
    assert (template.kind, template.action) == (CaseKind.KHIEU_NAI, "refuse")
    query = {"mau": str(template.pk), "buoc": "refuse"}
    page = client.get(reverse("feedback_case", args=[case.pk]), query).content.decode()
    assert re.search(r'name="refuse:reason"[^>]*>Đơn không đủ điều kiện</textarea>', page)
