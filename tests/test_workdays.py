"""The working-day calendar (issue 15): counting periods by Civil Code Art. 147–148 on calendars
written by hand — the shared worked example, Tết, swapped days, year ends — seeding, editing and
importing the calendar. Expected dates are counted by hand in the comments."""

import datetime as dt
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from danvan.audit.models import AuditEntry
from danvan.core.dates import today_in_vietnam
from danvan.core.tabular import ImportRejected
from danvan.workdays import selectors, services
from danvan.workdays.models import CalendarDay, CalendarYear

D = dt.date
H, OFF, WORK = "holiday", "day_off", "workday"


@pytest.fixture
def blank(db: Any) -> None:
    """No calendar at all (the migration seeds 2025–2027; these tests write their own)."""
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()


def calendar(year: int, days: Iterable[tuple[dt.date, str]] = (), *, reviewed: bool = True) -> None:
    CalendarYear.objects.create(
        year=year, reviewed_at=dt.datetime(year - 1, 12, 1, tzinfo=dt.UTC) if reviewed else None
    )
    CalendarDay.objects.bulk_create(CalendarDay(date=day, kind=kind, name="x") for day, kind in days)


def tet_2026() -> None:
    """2026 as the Government announced it: Fri 2/1 off, worked Sat 10/1; Tết off Sat 14/2 – Sun 22/2."""
    days = [(D(2026, 1, 1), H), (D(2026, 1, 2), OFF), (D(2026, 1, 10), WORK)]
    days += [(D(2026, 2, day), H if 16 <= day <= 20 else OFF) for day in range(14, 23)]
    calendar(2025)
    calendar(2026, days)


def span(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


# ─── counting ───────────────────────────────────────────────────────────────────────────────────


def test_worked_example_denunciation_received_30_12_2026_is_due_monday_11_01_2027(blank: None) -> None:
    calendar(2026)
    calendar(2027, [(D(2027, 1, 1), H)])
    # Thu 31/12 (1); Fri 1/1 holiday; Sat 2, Sun 3; 4 (2), 5 (3), 6 (4), 7 (5), 8 (6), Mon 11 (7).
    assert selectors.period_end(D(2026, 12, 30), 7, "working_days") == D(2027, 1, 11)


def test_working_days_skip_tet(blank: None) -> None:
    tet_2026()
    # From Wed 11/2/2026: Thu 12 (1), Fri 13 (2), 14–22 off, Mon 23 (3) … Fri 27 (7).
    assert selectors.period_end(D(2026, 2, 11), 7, "working_days") == D(2026, 2, 27)


def test_calendar_days_ending_in_tet_end_on_the_next_working_day(blank: None) -> None:
    tet_2026()
    # From Thu 5/2/2026, 10 days: Fri 6 (1) … Sun 15 (10), inside Tết → Mon 23/2.
    assert selectors.period_end(D(2026, 2, 5), 10, "days") == D(2026, 2, 23)


def test_calendar_days_ending_on_a_weekend_end_on_monday(blank: None) -> None:
    tet_2026()
    # From Mon 2/3/2026, 5 days: Tue 3 (1) … Sat 7 (5) → Mon 9/3.
    assert selectors.period_end(D(2026, 3, 2), 5, "days") == D(2026, 3, 9)
    # 4 days end on Fri 6/3, a working day: no move.
    assert selectors.period_end(D(2026, 3, 2), 4, "days") == D(2026, 3, 6)


def test_a_swapped_weekend_day_is_counted_and_the_day_off_is_not(blank: None) -> None:
    tet_2026()
    # From Fri 2/1/2026 (a day off): Mon 5 (1), 6 (2), 7 (3), 8 (4), 9 (5), Sat 10 worked (6), Mon 12 (7).
    assert selectors.period_end(D(2026, 1, 2), 7, "working_days") == D(2026, 1, 12)
    # Six working days end on the worked Saturday itself.
    assert selectors.period_end(D(2026, 1, 2), 6, "working_days") == D(2026, 1, 10)
    # From Wed 31/12/2025: 1/1 holiday, 2/1 off; Mon 5 (1) … Fri 9 (5).
    assert selectors.period_end(D(2025, 12, 31), 5, "working_days") == D(2026, 1, 9)


def test_year_end_calendar_days_over_new_year(blank: None) -> None:
    calendar(2026)
    calendar(2027, [(D(2027, 1, 1), H)])
    # From Tue 22/12/2026, 10 days: Wed 23 (1) … Fri 1/1/2027 (10), a holiday; Sat, Sun → Mon 4/1.
    assert selectors.period_end(D(2026, 12, 22), 10, "days") == D(2027, 1, 4)


def test_pause_days_do_not_count_and_the_rest_continues_after(blank: None) -> None:
    calendar(2026)
    # From Mon 2/3/2026, 10 days, paused 5–8/3: Tue 3 (1), Wed 4 (2), 9 (3) … Mon 16 (10).
    pause = [(D(2026, 3, 5), D(2026, 3, 8))]
    assert selectors.period_end(D(2026, 3, 2), 10, "days", pause) == D(2026, 3, 16)
    # Working days: Tue 3 (1), Wed 4 (2), Mon 9 (3), Tue 10 (4).
    assert selectors.period_end(D(2026, 3, 2), 4, "working_days", pause) == D(2026, 3, 10)
    with pytest.raises(selectors.StillPaused):
        selectors.period_end(D(2026, 3, 2), 10, "days", [(D(2026, 3, 5), None)])
    # A pause that starts after the period ended changes nothing.
    assert selectors.period_end(D(2026, 3, 2), 2, "days", [(D(2026, 3, 5), None)]) == D(2026, 3, 4)


def test_a_year_without_a_row_counts_the_statutory_days_and_is_unreviewed(blank: None) -> None:
    # No row at all for 2026: Tết from the holidays package (Mon 16 – Fri 20/2), in memory only.
    assert selectors.period_end(D(2026, 2, 11), 7, "working_days") == D(2026, 2, 27)
    loaded = selectors.Calendar.load(D(2026, 1, 1), D(2026, 12, 31))
    assert loaded.unseeded == {2026}
    assert loaded.unreviewed == {2026}
    assert not selectors.is_working_day(D(2026, 4, 27))  # compensatory day for Giỗ Tổ (Sun 26/4)
    assert not selectors.is_working_day(D(2026, 11, 24))  # Ngày Văn hóa Việt Nam
    assert selectors.is_working_day(D(2026, 8, 22))  # Saturday worked for Mon 31/8
    assert CalendarDay.objects.count() == 0 and CalendarYear.objects.count() == 0  # a read never writes


def test_a_reviewed_year_counts_only_its_rows(blank: None) -> None:
    calendar(2026)  # a year with a row but no day: not even 1/1 (the worked example's setting)
    assert selectors.is_working_day(D(2026, 1, 1))
    assert not selectors.is_working_day(D(2026, 1, 3))  # a Saturday


def test_the_calendar_of_many_years_loads_in_two_queries(blank: None, django_assert_num_queries: Any) -> None:
    tet_2026()
    with django_assert_num_queries(2):
        loaded = selectors.Calendar.load(D(2025, 1, 1), D(2026, 12, 31))
    with django_assert_num_queries(0):
        for _ in range(50):
            selectors.period_end(D(2026, 2, 11), 7, "working_days", calendar=loaded)


def test_unreviewed_years_this_year_and_next_from_november(blank: None) -> None:
    assert selectors.unreviewed_years(D(2026, 10, 31)) == [2026]
    assert selectors.unreviewed_years(D(2026, 11, 1)) == [2026, 2027]
    services.mark_reviewed(2026, by=None)
    assert selectors.unreviewed_years(D(2026, 11, 1)) == [2027]
    services.mark_reviewed(2027, by=None)
    assert selectors.unreviewed_years(D(2026, 12, 31)) == []


# ─── seeding and editing ────────────────────────────────────────────────────────────────────────


def test_seed_year_writes_the_statutory_days_in_vietnamese(blank: None) -> None:
    assert services.seed_year(2026) is True
    rows = {day.date: day for day in CalendarDay.objects.filter(date__year=2026)}
    # 1/1; Tết 16–20/2 (5); Giỗ Tổ Sun 26/4 and Mon 27/4 off; 30/4; 1/5; 22/8 worked, 31/8 off;
    # 1/9, 2/9; 24/11: 15 days.
    assert len(rows) == 15
    assert rows[D(2026, 11, 24)].kind == H and rows[D(2026, 11, 24)].name == "Ngày Văn hóa Việt Nam"
    assert rows[D(2026, 4, 27)].kind == OFF
    assert rows[D(2026, 8, 31)].kind == OFF and rows[D(2026, 8, 22)].kind == WORK
    assert rows[D(2026, 1, 1)].name == "Tết Dương lịch"
    for row in rows.values():
        assert row.source == "seeded"
        assert not any(word in row.name for word in ("Day", "Lunar", "New Year", "observed", "substituted"))
    year = CalendarYear.objects.get(year=2026)
    assert year.seeded_at is not None and year.reviewed_at is None
    # 2025: Sat 26/4 worked for Fri 2/5.
    services.seed_year(2025)
    assert CalendarDay.objects.get(date=D(2025, 4, 26)).kind == WORK
    assert CalendarDay.objects.get(date=D(2025, 5, 2)).kind == OFF


def test_seed_year_keeps_days_a_person_set_and_never_touches_a_reviewed_year(blank: None) -> None:
    services.seed_year(2026)
    services.set_day(D(2026, 1, 2), OFF, "Nghỉ hoán đổi")
    services.remove_day(D(2026, 11, 24))
    assert services.seed_year(2026) is True
    assert CalendarDay.objects.get(date=D(2026, 1, 2)).source == "manual"
    assert CalendarDay.objects.filter(date=D(2026, 11, 24)).exists()  # a seeded day comes back
    services.remove_day(D(2026, 11, 24))
    services.mark_reviewed(2026, by=None)
    assert services.seed_year(2026) is False
    assert not CalendarDay.objects.filter(date=D(2026, 11, 24)).exists()


def test_editing_a_day_of_an_unseeded_year_seeds_it_first(blank: None) -> None:
    services.set_day(D(2026, 1, 10), WORK, "Làm bù")
    assert CalendarYear.objects.filter(year=2026).exists()
    assert CalendarDay.objects.get(date=D(2026, 2, 17)).kind == H  # Tết kept
    assert selectors.is_working_day(D(2026, 1, 10))


def test_set_day_refuses_a_weekday_as_worked_weekend_and_a_bad_kind(blank: None) -> None:
    with pytest.raises(services.CalendarError, match="thứ Bảy hoặc Chủ nhật"):
        services.set_day(D(2026, 1, 5), WORK)
    with pytest.raises(services.CalendarError):
        services.set_day(D(2026, 1, 5), "fiesta")


def test_every_change_sends_calendar_changed_and_is_audited(blank: None) -> None:
    seen: list[tuple[dt.date, dt.date]] = []
    last_entry = AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def receiver(sender: Any, *, start: dt.date, end: dt.date, **kwargs: Any) -> None:
        seen.append((start, end))

    services.calendar_changed.connect(receiver)
    try:
        services.seed_year(2027)
        services.set_day(D(2027, 1, 4), OFF, "Nghỉ")
        services.remove_day(D(2027, 1, 4))
        services.import_calendar("date,kind,name\n2028-01-01,holiday,Tết Dương lịch\n")
    finally:
        services.calendar_changed.disconnect(receiver)
    assert seen == [
        (D(2027, 1, 1), D(2027, 12, 31)),
        (D(2027, 1, 4), D(2027, 1, 4)),
        (D(2027, 1, 4), D(2027, 1, 4)),
        (D(2028, 1, 1), D(2028, 12, 31)),
    ]
    actions = list(
        AuditEntry.objects.filter(pk__gt=last_entry).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["calendar.seed", "calendar.day_set", "calendar.day_remove", "calendar.import"]


# ─── importing ──────────────────────────────────────────────────────────────────────────────────

GOOD = """date,kind,name
2027-01-01,holiday,Tết Dương lịch
05/02/2027,holiday,Tết Nguyên đán
2027-02-06,day_off,Nghỉ Tết
2027-02-20,workday,Làm bù
"""


def test_import_replaces_every_year_it_contains_and_marks_it_reviewed(db: Any) -> None:
    # The migration seeded 2025–2027; the file holds 2027 only.
    seeded_2026 = CalendarDay.objects.filter(date__year=2026).count()
    assert CalendarDay.objects.filter(date=D(2027, 11, 24)).exists()
    result = services.import_calendar(GOOD)
    assert result.years == [2027] and result.days == 4
    assert sorted(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind")) == [
        (D(2027, 1, 1), H),
        (D(2027, 2, 5), H),
        (D(2027, 2, 6), OFF),
        (D(2027, 2, 20), WORK),
    ]
    assert CalendarDay.objects.filter(date__year=2026).count() == seeded_2026
    assert CalendarYear.objects.get(year=2027).reviewed_at is not None
    assert CalendarYear.objects.get(year=2026).reviewed_at is None
    assert not selectors.is_working_day(D(2027, 2, 5))
    assert selectors.is_working_day(D(2027, 11, 24))  # not in the file: an ordinary Wednesday now


def test_import_is_all_or_nothing_with_errors_by_line(blank: None) -> None:
    services.seed_year(2027)
    before = sorted(CalendarDay.objects.values_list("date", "kind"))
    text = (
        "date,kind,name\n"
        "2027-01-01,holiday,Tết Dương lịch\n"
        "2027-13-01,holiday,Sai ngày\n"
        "2027-01-04,fiesta,Sai loại\n"
        "2027-01-05,workday,Thứ Ba\n"
        "2027-01-01,day_off,Lặp lại\n"
        ",holiday,\n"
    )
    with pytest.raises(ImportRejected) as refused:
        services.import_calendar(text)
    errors = refused.value.errors
    assert [e.split(":")[0] for e in errors] == ["Dòng 3", "Dòng 4", "Dòng 5", "Dòng 6", "Dòng 7"]
    assert "2027-13-01" in errors[0]
    assert "fiesta" in errors[1]
    assert "thứ Bảy hay Chủ nhật" in errors[2]
    assert "dòng 2" in errors[3]
    assert "thiếu ngày" in errors[4]
    assert sorted(CalendarDay.objects.values_list("date", "kind")) == before
    assert CalendarYear.objects.get(year=2027).reviewed_at is None


def test_import_refuses_a_wrong_header(blank: None) -> None:
    with pytest.raises(ImportRejected, match="Dòng 1"):
        services.import_calendar("ngay,loai\n2027-01-01,holiday\n")


def test_import_calendar_command(blank: None, tmp_path: Path, capsys: Any) -> None:
    good = tmp_path / "lich.csv"
    good.write_text(GOOD, encoding="utf-8")
    call_command("import_calendar", str(good))
    assert "Đã nhập 4 ngày cho năm 2027" in capsys.readouterr().out
    bad = tmp_path / "sai.csv"
    bad.write_text("date,kind,name\n2028-01-01,holiday,x\n2028-01-03,nope,y\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 3"):
        call_command("import_calendar", str(bad))
    assert not CalendarDay.objects.filter(date__year=2028).exists()


def test_seed_calendar_command(blank: None, capsys: Any) -> None:
    call_command("seed_calendar", "2026", "2027")
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {2026, 2027}
    services.mark_reviewed(2027, by=None)
    call_command("seed_calendar", "2027")
    assert "Năm 2027: đã rà soát, giữ nguyên." in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("seed_calendar", "3026")


def test_a_fresh_install_has_this_year_and_next_seeded(db: Any) -> None:
    # Migration 0002 seeds 2025–2027; after every migrate this year and next are made sure of.
    this_year = today_in_vietnam().year
    assert set(CalendarYear.objects.values_list("year", flat=True)) >= {this_year, this_year + 1}
    assert CalendarDay.objects.filter(date__year=this_year, kind=H, source="seeded").exists()


def test_this_year_and_next_are_seeded_after_every_migrate(blank: None) -> None:
    from danvan.workdays.apps import seed_current_years

    seed_current_years(sender=None)
    this_year = today_in_vietnam().year
    assert set(CalendarYear.objects.values_list("year", flat=True)) == {this_year, this_year + 1}
    services.set_day(D(this_year, 6, 1), OFF, "Nghỉ")
    seed_current_years(sender=None)  # nothing is overwritten
    assert CalendarDay.objects.get(date=D(this_year, 6, 1)).source == "manual"


def test_import_reads_an_xlsx_file(blank: None) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["date", "kind", "name"])
    sheet.append([dt.datetime(2028, 1, 1), "holiday", "Tết Dương lịch"])
    sheet.append(["2028-01-03", "day_off", "Nghỉ bù"])
    out = io.BytesIO()
    book.save(out)
    result = services.import_calendar(out.getvalue())
    assert (result.years, result.days) == ([2028], 2)
    assert not selectors.is_working_day(D(2028, 1, 3))
