"""The calendar and the clocks' rules in the admin (issue 15): edits go through the services (so an
open deadline moves and the change is audited), a year nobody reviewed is flagged on the home page,
and only who holds the rights gets in."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from danvan.audit.models import AuditEntry
from danvan.core.dates import VIETNAM, today_in_vietnam
from danvan.feedback import services as feedback_services
from danvan.feedback.models import Case, DeadlineRule
from danvan.workdays.models import CalendarDay, CalendarYear

from .factories import GroupFactory, OrgUnitFactory, UserFactory

D = dt.date


@pytest.fixture
def superuser_client(db: Any, client: Client) -> Client:
    client.force_login(UserFactory.create(username="quan.tri.lich", is_superuser=True))
    return client


@pytest.fixture
def worked_example(db: Any) -> Case:
    """2027 with only 1/1 a holiday; a denunciation received Wed 30/12/2026, due Mon 11/1/2027."""
    CalendarDay.objects.filter(date__year__in=[2026, 2027]).delete()
    CalendarDay.objects.create(date=D(2027, 1, 1), kind="holiday", name="Tết Dương lịch")
    case = Case.objects.create(
        code="PA-2026-LICH01",
        kind="to_cao",
        title="Tố cáo",
        content="Nội dung",
        unit=OrgUnitFactory.create(),
        received_at=dt.datetime(2026, 12, 30, 9, tzinfo=VIETNAM),
    )
    feedback_services.sync_deadlines(case, event="received", on=D(2026, 12, 30))
    assert Case.objects.get(pk=case.pk).next_due_on == D(2027, 1, 11)
    return case


def test_adding_a_day_in_the_admin_moves_an_open_deadline(
    superuser_client: Client, worked_example: Case
) -> None:
    response = superuser_client.post(
        "/admin/lich-ngay-nghi/new/", {"date": "05/01/2027", "kind": "day_off", "name": "Nghỉ đột xuất"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    day = CalendarDay.objects.get(date=D(2027, 1, 5))
    assert (day.kind, day.source) == ("day_off", "manual")
    # 31/12 (1), 4 (2), 6 (3), 7 (4), 8 (5), 11 (6), Tue 12 (7).
    assert Case.objects.get(pk=worked_example.pk).next_due_on == D(2027, 1, 12)
    assert AuditEntry.objects.filter(action="calendar.day_set").exists()
    # Moved to Wed 6/1: the deadline stays on Tue 12/1 (one weekday off either way).
    response = superuser_client.post(
        f"/admin/lich-ngay-nghi/edit/{day.pk}/", {"date": "06/01/2027", "kind": "day_off", "name": "Nghỉ"}
    )
    assert response.status_code == 302
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [
        D(2027, 1, 1),
        D(2027, 1, 6),
    ]
    moved = CalendarDay.objects.get(date=D(2027, 1, 6))
    response = superuser_client.post(f"/admin/lich-ngay-nghi/delete/{moved.pk}/")
    assert response.status_code == 302
    assert Case.objects.get(pk=worked_example.pk).next_due_on == D(2027, 1, 11)


def test_a_weekday_cannot_be_a_worked_weekend_day(superuser_client: Client, worked_example: Case) -> None:
    response = superuser_client.post(
        "/admin/lich-ngay-nghi/new/", {"date": "05/01/2027", "kind": "workday", "name": "Sai"}
    )
    assert response.status_code == 200
    assert "thứ Bảy hoặc Chủ nhật" in response.content.decode()
    assert not CalendarDay.objects.filter(date=D(2027, 1, 5)).exists()


def test_the_home_page_flags_a_year_nobody_reviewed_until_it_is(superuser_client: Client) -> None:
    year = today_in_vietnam().year
    CalendarYear.objects.filter(year__in=[year, year + 1]).update(reviewed_at=None)
    flag = "chưa được rà soát"
    assert flag in superuser_client.get("/admin/").content.decode()
    row = CalendarYear.objects.get(year=year)
    response = superuser_client.post(
        f"/admin/lich-nam/edit/{row.pk}/", {"note": "Thông báo 1234/TB-BNV", "reviewed": "on"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.reviewed_at is not None and row.note == "Thông báo 1234/TB-BNV"
    assert AuditEntry.objects.filter(action="calendar.review").exists()
    CalendarYear.objects.filter(year=year + 1).update(reviewed_at=row.reviewed_at)
    assert flag not in superuser_client.get("/admin/").content.decode()


def test_adding_a_year_seeds_it(superuser_client: Client) -> None:
    response = superuser_client.post("/admin/lich-nam/new/", {"year": "2031", "note": ""})
    assert response.status_code == 302
    assert CalendarDay.objects.filter(date__year=2031, source="seeded").count() > 5
    assert CalendarYear.objects.get(year=2031).reviewed_at is None
    row = CalendarYear.objects.get(year=2031)
    assert superuser_client.post(f"/admin/lich-nam/delete/{row.pk}/").status_code == 302
    assert not CalendarDay.objects.filter(date__year=2031).exists()


def test_rules_list_shows_source_and_review_flag(superuser_client: Client) -> None:
    html = superuser_client.get("/admin/don-thu/quy-tac-thoi-han/").content.decode()
    assert "Luật Tố cáo 2018, Điều 24 khoản 1, Điều 29" in html
    assert "feedback_answer" in html and "Cần rà soát" in html


def test_editing_a_rule_recomputes_its_open_deadlines(superuser_client: Client, worked_example: Case) -> None:
    rule = DeadlineRule.objects.get(key="denunciation_process")
    data = {
        "key": rule.key,
        "kind": rule.kind,
        "step": rule.step,
        "amount": "10",
        "unit": rule.unit,
        "source": rule.source,
        "valid_from": f"{rule.valid_from:%d/%m/%Y}",
        "active": "on",
        "note": rule.note,
    }
    response = superuser_client.post(f"/admin/don-thu/quy-tac-thoi-han/edit/{rule.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    # 10 working days from 30/12/2026: … 11 (7), 12 (8), 13 (9), Thu 14/1 (10).
    assert Case.objects.get(pk=worked_example.pk).next_due_on == D(2027, 1, 14)
    # A rule a deadline was computed from is not deleted.
    response = superuser_client.post(f"/admin/don-thu/quy-tac-thoi-han/delete/{rule.pk}/")
    assert response.status_code == 302
    assert DeadlineRule.objects.filter(pk=rule.pk).exists()


def test_the_calendar_is_for_holders_of_its_rights(db: Any, client: Client) -> None:
    staff = UserFactory.create(username="can.bo.lich")
    client.force_login(staff)
    assert client.get("/admin/lich-ngay-nghi/").status_code in (302, 403)
    group = GroupFactory.create(name="Quản lý lịch")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="workdays"),
    )
    staff.groups.add(group)
    client.force_login(staff)
    assert client.get("/admin/lich-ngay-nghi/").status_code == 200


def test_the_calendar_file_is_imported_from_the_admin(superuser_client: Client, worked_example: Case) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def upload(text: str) -> Any:
        data = SimpleUploadedFile("lich.csv", text.encode("utf-8"), content_type="text/csv")
        return superuser_client.post("/admin/lich-nhap-tep/", {"calendar_file": data})

    assert superuser_client.get("/admin/lich-nhap-tep/").status_code == 200
    refused = upload("date,kind,name\n2027-01-01,holiday,Tết\n2027-01-05,lễ,<b>x</b>\n")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Dòng 3" in html and "<b>x</b>" not in html
    assert Case.objects.get(pk=worked_example.pk).next_due_on == D(2027, 1, 11)
    done = upload("date,kind,name\n2027-01-01,holiday,Tết\n2027-01-05,day_off,Nghỉ\n")
    assert done.status_code == 200 and "Đã nhập 2 ngày cho năm 2027" in done.content.decode()
    assert Case.objects.get(pk=worked_example.pk).next_due_on == D(2027, 1, 12)
    assert CalendarYear.objects.get(year=2027).reviewed_at is not None


def test_the_import_page_is_refused_without_the_rights(db: Any, client: Client) -> None:
    client.force_login(UserFactory.create(username="can.bo.khac"))
    assert client.get("/admin/lich-nhap-tep/").status_code in (302, 403)
