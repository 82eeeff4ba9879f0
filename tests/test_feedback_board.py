"""The workload board (issue 15): every number computed by hand from nine cases, the Excel file with
the same numbers, the unit rule (another unit's board is a 404), and a query count that does not
grow with the number of cases."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from danvan.feedback import selectors
from danvan.feedback.models import CaseDeadline, CaseKind, CaseStatus, ClockPause

from .board_factories import case, deadline, staff
from .export_helpers import export_file
from .factories import OrgUnitFactory, UserFactory

TODAY = dt.date(2026, 12, 9)  # a Wednesday: the week runs Monday 7 to Sunday 13
START, END = dt.date(2026, 11, 1), TODAY
MET = CaseDeadline.State.MET


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    district = OrgUnitFactory.create(code="D", name="Huyện Thử")
    a = OrgUnitFactory.create(code="D-A", name="Xã An", parent=district)
    b = OrgUnitFactory.create(code="D-B", name="Xã Bình", parent=district)
    c = OrgUnitFactory.create(code="X-C", name="Xã Ngoài")
    x = UserFactory.create(username="can.bo.x", first_name="Xuân", last_name="Lê")
    y = UserFactory.create(username="can.bo.y", first_name="Yến", last_name="Trần")
    day = dt.date
    c1 = case(
        a, received=day(2026, 11, 20), status=CaseStatus.IN_PROGRESS, assignee=x, next_due_on=day(2026, 12, 5)
    )
    deadline(c1, due_on=day(2026, 12, 5))  # overdue
    c2 = case(
        a,
        received=day(2026, 12, 1),
        kind=CaseKind.TO_CAO,
        status=CaseStatus.ACCEPTED,
        assignee=x,
        next_due_on=day(2026, 12, 11),
    )
    deadline(c2, due_on=day(2026, 12, 11))  # due this week
    case(a, received=day(2026, 12, 8), kind=CaseKind.KIEN_NGHI)  # open, no clock, nobody assigned
    c4 = case(
        b, received=day(2026, 10, 1), status=CaseStatus.SUSPENDED, assignee=y, next_due_on=day(2026, 12, 1)
    )
    deadline(c4, due_on=day(2026, 12, 1))  # past, but the clock stands still: not overdue
    ClockPause.objects.create(case=c4, starts_on=day(2026, 11, 15), reason="Chờ kết quả giám định")
    c5 = case(
        a, received=day(2026, 11, 2), answered=day(2026, 11, 12), status=CaseStatus.ANSWERED, assignee=x
    )
    deadline(c5, due_on=day(2026, 11, 30), state=MET, met_on=day(2026, 11, 12))  # on time, 10 days
    c6 = case(
        b,
        received=day(2026, 11, 3),
        answered=day(2026, 11, 27),
        kind=CaseKind.TO_CAO,
        status=CaseStatus.CLOSED,
        assignee=y,
    )
    deadline(c6, due_on=day(2026, 11, 20), state=MET, met_on=day(2026, 11, 27))  # late, 24 days
    case(
        b,
        received=day(2026, 11, 25),
        answered=day(2026, 12, 2),
        kind=CaseKind.KIEN_NGHI,
        status=CaseStatus.ANSWERED,
        assignee=y,
    )  # answered in 7 days, no clock: outside the rate
    c8 = case(c, received=day(2026, 11, 20), status=CaseStatus.IN_PROGRESS, next_due_on=day(2026, 12, 1))
    deadline(c8, due_on=day(2026, 12, 1))  # another district's: never counted
    case(
        a,
        received=day(2026, 12, 2),
        kind=CaseKind.PHAN_ANH,
        status=CaseStatus.IN_PROGRESS,
        assignee=x,
        next_due_on=day(2026, 12, 14),
    )  # due next week
    viewer = staff(district, "view_case", username="xem.huyen")
    return {"district": district, "a": a, "b": b, "c": c, "x": x, "y": y, "viewer": viewer}


def _numbers(row: selectors.BoardRow) -> tuple[Any, ...]:
    return (
        row.received,
        row.open,
        row.due_this_week,
        row.overdue,
        row.answered,
        row.with_deadline,
        row.on_time,
        row.on_time_rate,
        row.median_days,
    )


def _board(world: dict[str, Any], unit: Any = None) -> selectors.Board:
    return selectors.workload_board(world["viewer"], unit=unit, start=START, end=END, today=TODAY)


def test_totals_counted_by_hand(world: dict[str, Any]) -> None:
    board = _board(world)
    # received in the period: c1 c2 c3 c5 c6 c7 c9 (c4 came in October, c8 is outside); open: c1 c2
    # c3 c4 c9; due this week: c2 (11/12); overdue: c1 (c4 is suspended); answered: c5 c6 c7, two of
    # them with a deadline, one on time: 50 %; days 10, 24, 7 → median 10.
    assert _numbers(board.total) == (7, 5, 1, 1, 3, 2, 1, 50.0, 10.0)
    assert board.week_end == dt.date(2026, 12, 13)


def test_per_unit_person_kind_by_hand(world: dict[str, Any]) -> None:
    board = _board(world)
    units = {row.label: _numbers(row) for row in board.by_unit}
    assert units == {
        "Xã An": (5, 4, 1, 1, 1, 1, 1, 100.0, 10.0),
        "Xã Bình": (2, 1, 0, 0, 2, 1, 0, 0.0, 15.5),
    }
    people = {row.label: _numbers(row) for row in board.by_person}
    assert people == {
        "Xuân Lê": (4, 3, 1, 1, 1, 1, 1, 100.0, 10.0),
        "Yến Trần": (2, 1, 0, 0, 2, 1, 0, 0.0, 15.5),
        "Chưa giao người xử lý": (1, 1, 0, 0, 0, 0, 0, None, None),
    }
    assert board.by_person[-1].key is None  # the unassigned last
    kinds = {row.key: _numbers(row) for row in board.by_kind}
    assert kinds == {
        CaseKind.KHIEU_NAI: (2, 2, 0, 1, 1, 1, 1, 100.0, 10.0),
        CaseKind.TO_CAO: (2, 1, 1, 0, 1, 1, 0, 0.0, 24.0),
        CaseKind.KIEN_NGHI: (2, 1, 0, 0, 1, 0, 0, None, 7.0),
        CaseKind.PHAN_ANH: (1, 1, 0, 0, 0, 0, 0, None, None),
    }


def test_per_month_by_hand(world: dict[str, Any]) -> None:
    months = {row.label: row for row in _board(world).by_month}
    assert list(months) == ["11/2026", "12/2026"]
    november, december = months["11/2026"], months["12/2026"]
    # November: received c1 c5 c6 c7; answered c5 (on time) and c6 (late): days 10 and 24.
    assert (november.received, november.answered, november.on_time, november.with_deadline) == (4, 2, 1, 2)
    assert november.median_days == 17.0
    # December: received c2 c3 c9; answered c7 (no clock) in 7 days.
    assert (december.received, december.answered, december.on_time, december.with_deadline) == (3, 1, 0, 0)
    assert december.median_days == 7.0


def test_one_unit_only(world: dict[str, Any]) -> None:
    board = _board(world, unit=world["b"])
    assert [row.label for row in board.by_unit] == ["Xã Bình"]
    assert _numbers(board.total) == (2, 1, 0, 0, 2, 1, 0, 0.0, 15.5)


def test_queries_do_not_grow_with_cases(world: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as before:
        _board(world)
    for n in range(6):
        more = case(world["a"], received=dt.date(2026, 11, 10 + n), status=CaseStatus.IN_PROGRESS)
        deadline(more, due_on=dt.date(2026, 12, 1))
    with CaptureQueriesContext(connection) as after:
        _board(world)
    assert len(after.captured_queries) == len(before.captured_queries)


@pytest.fixture
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("danvan.feedback.admin_board.today_in_vietnam", lambda: TODAY)


def test_page_shows_numbers_and_definitions(world: dict[str, Any], client: Any, fixed_today: None) -> None:
    client.force_login(world["viewer"])
    response = client.get("/admin/theo-doi-don-thu/", {"from": "01/11/2026", "to": "09/12/2026"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Xã An" in text and "Xã Bình" in text and "Xã Ngoài" not in text
    assert "50,0%" in text or "50.0%" in text
    assert "Chủ nhật 13/12/2026" in text  # the week's definition, in words
    assert "<script" not in text.split('class="nice-padding dv-board"')[1]


def test_another_units_board_is_404(world: dict[str, Any], client: Any) -> None:
    client.force_login(world["viewer"])
    assert client.get("/admin/theo-doi-don-thu/", {"unit": "X-C"}).status_code == 404
    assert client.get("/admin/theo-doi-don-thu/", {"unit": "KHONG-CO"}).status_code == 404
    assert client.get("/admin/theo-doi-don-thu/excel/", {"unit": "X-C"}).status_code == 404
    assert client.post("/admin/theo-doi-don-thu/excel/?unit=X-C").status_code == 404
    assert client.get("/admin/theo-doi-don-thu/", {"unit": "D-B"}).status_code == 200


def test_staff_without_a_unit_are_refused(world: dict[str, Any], client: Any) -> None:
    """The board follows the case list: a unit membership (or a superuser), nothing else opens it."""
    user = staff(world["district"], "handle_case", username="khong.don.vi")
    user.unit_memberships.all().delete()
    client.force_login(user)
    assert client.get("/admin/theo-doi-don-thu/").status_code in (302, 403)
    assert client.get("/admin/theo-doi-don-thu/excel/").status_code in (302, 403)
    assert client.post("/admin/theo-doi-don-thu/excel/").status_code in (302, 403)


def test_bad_dates_are_said_in_words(world: dict[str, Any], client: Any, fixed_today: None) -> None:
    client.force_login(world["viewer"])
    response = client.get("/admin/theo-doi-don-thu/", {"from": "<b>31/02/2026</b>", "to": "x" * 500})
    assert response.status_code == 200
    text = response.content.decode()
    assert "không đúng dạng ngày/tháng/năm" in text
    assert "<b>31/02" not in text


def test_excel_has_the_same_numbers(
    world: dict[str, Any], client: Any, fixed_today: None, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(world["viewer"])
    # The page's button: a POST with the board's query, answered by the job (built at once in tests)
    response = export_file(client, "/admin/theo-doi-don-thu/excel/?from=01/11/2026&to=09/12/2026", {})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Giải thích", "Theo đơn vị", "Theo người xử lý", "Theo loại đơn", "Theo tháng"]
    rows = [list(r) for r in book["Theo đơn vị"].iter_rows(values_only=True)]
    assert rows[0][0] == "Đơn vị" and rows[0][8] == "Tỷ lệ đúng hạn (%)"
    assert rows[1] == ["Xã An", 5, 4, 1, 1, 1, 1, 1, 100.0, 10.0]
    assert rows[2] == ["Xã Bình", 2, 1, 0, 0, 2, 1, 0, 0.0, 15.5]
    assert rows[3] == ["Tổng cộng", 7, 5, 1, 1, 3, 2, 1, 50.0, 10.0]
    months = [list(r) for r in book["Theo tháng"].iter_rows(values_only=True)]
    assert months[1] == ["11/2026", 4, 2, 2, 1, 50.0, 17.0]
    assert months[2] == ["12/2026", 3, 1, 0, 0, None, 7.0]
