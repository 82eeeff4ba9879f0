"""The legal clocks of citizens' cases (issue 15): every rule key through ``manage.py deadline`` on
calendars written by hand, rules switching on their ``valid_from``, the deadlines a case's events
open, meet and move — extensions, suspensions, calendar edits — and the words staff read. Expected
dates are counted by hand in the comments."""

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danvan.core.dates import VIETNAM
from danvan.feedback import clocks, selectors, services
from danvan.feedback.models import Case, CaseDeadline, ClockPause, DeadlineRule
from danvan.workdays import services as calendar_services
from danvan.workdays.models import CalendarDay, CalendarYear

from .factories import OrgUnitFactory

D = dt.date
H, OFF, WORK = "holiday", "day_off", "workday"


def calendar(year: int, days: Iterable[tuple[dt.date, str]] = ()) -> None:
    CalendarYear.objects.create(year=year, reviewed_at=dt.datetime(year - 1, 12, 1, tzinfo=dt.UTC))
    CalendarDay.objects.bulk_create(CalendarDay(date=day, kind=kind, name="x") for day, kind in days)


@pytest.fixture
def cal(db: Any) -> None:
    """2025 plain; 2026 as announced (Fri 2/1 off, Sat 10/1 worked, Tết off Sat 14/2 – Sun 22/2);
    2027 with only 1/1 a holiday (the shared worked example's setting)."""
    CalendarDay.objects.all().delete()
    CalendarYear.objects.all().delete()
    calendar(2025)
    days_2026 = [(D(2026, 1, 1), H), (D(2026, 1, 2), OFF), (D(2026, 1, 10), WORK)]
    days_2026 += [(D(2026, 2, day), H if 16 <= day <= 20 else OFF) for day in range(14, 23)]
    calendar(2026, days_2026)
    calendar(2027, [(D(2027, 1, 1), H)])


def deadline(key: str, day: str) -> str:
    out = io.StringIO()
    call_command("deadline", key, day, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


# ─── every rule key through the command ─────────────────────────────────────────────────────────

# Event Wed 30/12/2026. Calendar days: Thu 31/12 is day 1, Fri 29/1/2027 day 30, Sat 13/2 day 45,
# Sun 28/2 day 60, Wed 10/3 day 70. Working days: 31/12 (1), 1/1 holiday, 4–8/1 (2–6), 11–15/1 (7–11),
# 18–21/1 (12–15).
FROM_30_12_2026 = {
    "complaint_accept": "2027-01-11",  # 10 days → Sat 9/1 → Mon 11/1
    "complaint_resolve_first": "2027-01-29",  # 30 days → Fri 29/1
    "complaint_resolve_first_complex": "2027-02-15",  # 45 → Sat 13/2 → Mon 15/2
    "complaint_resolve_first_remote": "2027-02-15",  # 45 → Mon 15/2
    "complaint_resolve_first_remote_complex": "2027-03-01",  # 60 → Sun 28/2 → Mon 1/3
    "complaint_resolve_second": "2027-02-15",  # 45
    "complaint_resolve_second_complex": "2027-03-01",  # 60
    "complaint_resolve_second_remote": "2027-03-01",  # 60
    "complaint_resolve_second_remote_complex": "2027-03-10",  # 70 → Wed 10/3
    "denunciation_process": "2027-01-11",  # 7 working days (the worked example)
    "denunciation_process_extended": "2027-01-14",  # 10 working days → Thu 14/1
    "denunciation_forward": "2027-01-07",  # 5 working days → Thu 7/1
    "denunciation_resolve": "2027-01-29",  # 30 days
    "denunciation_resolve_extension": "2027-01-29",  # 30 days
    "feedback_answer": "2027-01-21",  # 15 working days → Thu 21/1 (switched off, still computed)
}


@pytest.mark.parametrize(("key", "due"), sorted(FROM_30_12_2026.items()))
def test_every_rule_key_over_the_new_year(cal: None, key: str, due: str) -> None:
    assert deadline(key, "2026-12-30") == due


# Event Thu 5/2/2026, before Tết (off Sat 14/2 – Sun 22/2).
FROM_5_2_2026 = {
    "complaint_accept": "2026-02-23",  # 10 days: Fri 6 (1) … Sun 15 (10), in Tết → Mon 23/2
    "complaint_resolve_first": "2026-03-09",  # 30 days: Sat 7/3 → Mon 9/3
    "complaint_resolve_first_complex": "2026-03-23",  # 45: Sun 22/3 → Mon 23/3
    "complaint_resolve_second": "2026-03-23",  # 45
    "denunciation_process": "2026-02-23",  # Fri 6 (1), 9–13 (2–6), Tết, Mon 23 (7)
    "denunciation_process_extended": "2026-02-26",  # … 24 (8), 25 (9), Thu 26 (10)
    "denunciation_forward": "2026-02-12",  # Fri 6 (1), 9 (2), 10 (3), 11 (4), Thu 12 (5)
    "denunciation_resolve": "2026-03-09",  # 30 days
}


@pytest.mark.parametrize(("key", "due"), sorted(FROM_5_2_2026.items()))
def test_rule_keys_over_tet(cal: None, key: str, due: str) -> None:
    assert deadline(key, "2026-02-05") == due


def test_swapped_days_move_working_day_clocks(cal: None) -> None:
    # Received Fri 2/1/2026 (a day off): Mon 5 (1) … Fri 9 (5), Sat 10 worked (6), Mon 12 (7).
    assert deadline("denunciation_process", "2026-01-02") == "2026-01-12"
    # Wed 31/12/2025: 1/1 holiday, 2/1 off: Mon 5 (1) … Fri 9 (5).
    assert deadline("denunciation_forward", "2025-12-31") == "2026-01-09"


def test_deadline_command_refuses_an_unknown_key_and_a_bad_date(cal: None) -> None:
    with pytest.raises(CommandError, match="Không có quy tắc thời hạn"):
        deadline("complaint_forever", "2026-12-30")
    with pytest.raises(CommandError, match="không đúng dạng"):
        deadline("complaint_accept", "2026-02-30")
    with pytest.raises(CommandError, match="không đúng dạng"):
        deadline("complaint_accept", "9999-12-31")
    # Before the Law on Denunciations 2018 took effect (1/1/2019) there is no rule.
    with pytest.raises(CommandError, match="Không có quy tắc"):
        deadline("denunciation_process", "2018-12-31")


def test_rules_switch_on_their_valid_from(cal: None) -> None:
    DeadlineRule.objects.create(
        key="complaint_accept",
        kind="khieu_nai",
        step="accept",
        amount=15,
        unit="days",
        source="Luật mới",
        valid_from=D(2026, 7, 1),
    )
    DeadlineRule.objects.create(
        key="complaint_accept",
        kind="khieu_nai",
        step="accept",
        amount=99,
        unit="days",
        source="Dự thảo",
        valid_from=D(2026, 9, 1),
        active=False,
    )
    # Tue 30/6/2026: the 2011 law's 10 days → Fri 10/7.
    assert deadline("complaint_accept", "2026-06-30") == "2026-07-10"
    # Wed 1/7/2026: 15 days → Thu 16/7.
    assert deadline("complaint_accept", "2026-07-01") == "2026-07-16"
    # Thu 10/9/2026: the switched-off row is ignored: 15 days → Fri 25/9.
    assert deadline("complaint_accept", "2026-09-10") == "2026-09-25"


def test_the_rules_are_seeded_with_their_sources(db: Any) -> None:
    rules = {rule.key: rule for rule in DeadlineRule.objects.all()}
    assert set(FROM_30_12_2026) <= set(rules)
    assert rules["complaint_accept"].source == "Luật Khiếu nại 2011, Điều 27"
    assert rules["complaint_accept"].valid_from == D(2012, 7, 1)
    assert rules["denunciation_process"].unit == "working_days"
    assert rules["denunciation_process"].valid_from == D(2019, 1, 1)
    answer = rules["feedback_answer"]
    assert answer.active is False and answer.needs_review is True


# ─── a case's clocks ────────────────────────────────────────────────────────────────────────────

_codes = iter(range(1, 10**6))


def make_case(kind: str, received: dt.date, **fields: Any) -> Case:
    unit = fields.pop("unit", None) or OrgUnitFactory.create()
    at = dt.datetime.combine(received, dt.time(9, 30), tzinfo=VIETNAM)
    case = Case.objects.create(
        code=f"PA-T-{next(_codes)}",
        kind=kind,
        title="Đơn",
        content="Nội dung",
        unit=unit,
        received_at=at,
        **fields,
    )
    services.sync_deadlines(case, event="received", on=received)
    return case


def open_deadlines(case: Case) -> list[tuple[str, str, dt.date]]:
    rows = CaseDeadline.objects.filter(case=case, state="open").select_related("rule").order_by("pk")
    return [(row.step, row.rule.key, row.due_on) for row in rows]


def due(case: Case) -> dt.date | None:
    return Case.objects.get(pk=case.pk).next_due_on


def test_a_denunciation_from_receipt_to_answer_with_two_extensions(cal: None) -> None:
    case = make_case("to_cao", D(2026, 12, 30))
    assert open_deadlines(case) == [("process", "denunciation_process", D(2027, 1, 11))]
    assert due(case) == D(2027, 1, 11)
    # Extended: 10 working days → Thu 14/1/2027.
    services.sync_deadlines(case, event="extended", on=D(2027, 1, 5))
    assert open_deadlines(case) == [("process", "denunciation_process_extended", D(2027, 1, 14))]
    # Accepted Fri 8/1/2027: processing met; 30 days to resolve → Sun 7/2 → Mon 8/2.
    services.sync_deadlines(case, event="accepted", on=D(2027, 1, 8))
    process = CaseDeadline.objects.get(case=case, step="process")
    assert (process.state, process.met_on) == ("met", D(2027, 1, 8))
    assert open_deadlines(case) == [("resolve", "denunciation_resolve", D(2027, 2, 8))]
    # First extension of 20 days: 50 days from 8/1 → Sat 27/2 → Mon 1/3.
    services.sync_deadlines(case, event="extended", on=D(2027, 2, 1), days=20)
    assert due(case) == D(2027, 3, 1)
    with pytest.raises(services.ClockError):
        services.sync_deadlines(case, event="extended", on=D(2027, 2, 2), days=31)
    # Second extension, 30 days by default: 80 days from 8/1 → Mon 29/3.
    services.sync_deadlines(case, event="extended", on=D(2027, 2, 2))
    resolve = CaseDeadline.objects.get(case=case, step="resolve")
    assert (resolve.extensions, resolve.extra_days, resolve.due_on) == (2, 50, D(2027, 3, 29))
    with pytest.raises(services.ClockError, match="tối đa hai lần"):
        services.sync_deadlines(case, event="extended", on=D(2027, 2, 3))
    services.sync_deadlines(case, event="answered", on=D(2027, 3, 1))
    assert open_deadlines(case) == [] and due(case) is None
    services.sync_deadlines(case, event="reopened", on=D(2027, 3, 2))
    assert open_deadlines(case) == [("resolve", "denunciation_resolve", D(2027, 3, 29))]
    assert due(case) == D(2027, 3, 29)


def test_a_remote_complaint_switches_to_the_complex_rule_when_extended(cal: None) -> None:
    case = make_case("khieu_nai", D(2026, 12, 30), remote_area=True)
    assert open_deadlines(case) == [("accept", "complaint_accept", D(2027, 1, 11))]
    # Accepted Mon 4/1/2027, remote: 45 days → Thu 18/2.
    services.sync_deadlines(case, event="accepted", on=D(2027, 1, 4))
    assert open_deadlines(case) == [("resolve", "complaint_resolve_first_remote", D(2027, 2, 18))]
    # Complex: 60 days → Fri 5/3.
    services.sync_deadlines(case, event="extended", on=D(2027, 1, 20))
    assert open_deadlines(case) == [("resolve", "complaint_resolve_first_remote_complex", D(2027, 3, 5))]


def test_a_second_time_complex_complaint_gets_its_rule(cal: None) -> None:
    case = make_case("khieu_nai", D(2026, 12, 30), second_time=True, complex=True)
    services.sync_deadlines(case, event="accepted", on=D(2026, 12, 30))
    assert open_deadlines(case) == [("resolve", "complaint_resolve_second_complex", D(2027, 3, 1))]


def test_suspension_pauses_the_clock_and_resume_moves_it(cal: None) -> None:
    case = make_case("khieu_nai", D(2026, 12, 30))
    # Accepted Mon 4/1/2027: 30 days → Wed 3/2.
    services.sync_deadlines(case, event="accepted", on=D(2027, 1, 4))
    assert due(case) == D(2027, 2, 3)
    pause = ClockPause.objects.create(case=case, starts_on=D(2027, 1, 11), reason="Chờ kết quả giám định")
    services.sync_deadlines(case, event="suspended", on=D(2027, 1, 11))
    assert due(case) is None  # a suspended case is on no clock
    # Provisional: as if it resumed after 11/1 — one day paused → Thu 4/2.
    assert open_deadlines(case)[0][2] == D(2027, 2, 4)
    # Staff read what is left when it resumes, however long it stays suspended: from Thu 21/1, as if
    # it resumed after that day, 11–21/1 do not count: 3/2 + 11 → Sun 14/2 → Mon 15/2: 25 days left.
    [view] = [v for v in selectors.case_deadlines(case.pk, D(2027, 1, 21)) if v.state == "open"]
    assert view.status is not None
    assert view.words == "Đang tạm dừng (còn 25 ngày khi tiếp tục)"
    pause.ends_on = D(2027, 1, 20)
    pause.save()
    services.sync_deadlines(case, event="resumed", on=D(2027, 1, 21))
    # 11–20/1 (10 days) do not count: 3/2 + 10 → Sat 13/2 → Mon 15/2.
    assert due(case) == D(2027, 2, 15)


def test_a_forwarded_denunciation_meets_the_forward_clock(cal: None) -> None:
    case = make_case("to_cao", D(2026, 12, 30))
    services.sync_deadlines(case, event="forwarded", on=D(2027, 1, 6))
    rows = {row.step: row for row in CaseDeadline.objects.filter(case=case)}
    assert (rows["process"].state, rows["process"].met_on) == ("met", D(2027, 1, 6))
    forward = rows["forward"]
    # 5 working days from 30/12/2026: 31/12 (1), 4 (2), 5 (3), 6 (4), Thu 7/1 (5); met on 6/1.
    assert (forward.state, forward.due_on, forward.met_on) == ("met", D(2027, 1, 7), D(2027, 1, 6))
    assert due(case) is None


def test_refused_withdrawn_and_merged_stop_the_clocks(cal: None) -> None:
    refused = make_case("khieu_nai", D(2026, 12, 30))
    services.sync_deadlines(refused, event="refused", on=D(2027, 1, 5))
    assert CaseDeadline.objects.get(case=refused).state == "met"
    withdrawn = make_case("to_cao", D(2026, 12, 30))
    services.sync_deadlines(withdrawn, event="withdrawn", on=D(2027, 1, 5))
    assert CaseDeadline.objects.get(case=withdrawn).state == "cancelled"
    assert due(refused) is None and due(withdrawn) is None


def test_the_feedback_target_is_off_until_switched_on(cal: None) -> None:
    assert open_deadlines(make_case("phan_anh", D(2026, 12, 30))) == []
    DeadlineRule.objects.filter(key="feedback_answer").update(active=True)
    # 15 working days from 30/12/2026 → Thu 21/1/2027.
    assert open_deadlines(make_case("kien_nghi", D(2026, 12, 30))) == [
        ("answer", "feedback_answer", D(2027, 1, 21))
    ]


def test_a_case_received_before_a_rule_change_keeps_its_rule(cal: None) -> None:
    DeadlineRule.objects.create(
        key="complaint_accept",
        kind="khieu_nai",
        step="accept",
        amount=15,
        unit="days",
        source="Luật mới",
        valid_from=D(2026, 7, 1),
    )
    old = make_case("khieu_nai", D(2026, 6, 30))
    new = make_case("khieu_nai", D(2026, 7, 1))
    assert open_deadlines(old)[0][2] == D(2026, 7, 10)  # 10 days
    assert open_deadlines(new)[0][2] == D(2026, 7, 16)  # 15 days


# ─── calendar edits move open deadlines ─────────────────────────────────────────────────────────


def test_a_calendar_edit_moves_an_open_deadline(cal: None) -> None:
    case = make_case("to_cao", D(2026, 12, 30))
    finished = make_case("to_cao", D(2026, 12, 30))
    services.sync_deadlines(finished, event="answered", on=D(2027, 1, 4))
    assert due(case) == D(2027, 1, 11)
    # Tue 5/1/2027 declared a day off: 31/12 (1), 4 (2), 6 (3), 7 (4), 8 (5), 11 (6), Tue 12 (7).
    calendar_services.set_day(D(2027, 1, 5), OFF, "Nghỉ đột xuất")
    assert due(case) == D(2027, 1, 12)
    assert CaseDeadline.objects.get(case=finished).due_on == D(2027, 1, 11)  # finished: untouched
    # Sat 9/1 declared worked: … 8 (5), Sat 9 (6), Mon 11 (7).
    calendar_services.set_day(D(2027, 1, 9), WORK, "Làm bù")
    assert due(case) == D(2027, 1, 11)
    calendar_services.remove_day(D(2027, 1, 9))
    calendar_services.remove_day(D(2027, 1, 5))
    assert due(case) == D(2027, 1, 11)


def test_an_imported_calendar_moves_open_deadlines(cal: None) -> None:
    case = make_case("khieu_nai", D(2027, 1, 26))
    # 10 days from Tue 26/1/2027 → Fri 5/2 (2027 has only 1/1).
    assert due(case) == D(2027, 2, 5)
    # Tết 2027 imported: off Thu 4/2 – Wed 10/2 → Thu 11/2.
    rows = "".join(f"2027-02-{day:02d},holiday,Tết\n" for day in range(4, 11))
    calendar_services.import_calendar("date,kind,name\n2027-01-01,holiday,Tết Dương lịch\n" + rows)
    assert due(case) == D(2027, 2, 11)


def test_the_bulk_recompute_costs_the_same_queries_for_many_cases(cal: None) -> None:
    def queries_for(count: int) -> int:
        unit = OrgUnitFactory.create()
        for _ in range(count):
            make_case("to_cao", D(2026, 12, 30), unit=unit)
        with CaptureQueriesContext(connection) as captured:
            services.recompute_open_deadlines(D(2027, 1, 5), D(2027, 1, 5))
        CaseDeadline.objects.all().delete()
        return len(captured.captured_queries)

    CalendarDay.objects.create(date=D(2027, 1, 5), kind=OFF)
    few, many = queries_for(2), queries_for(12)
    assert few == many


# ─── what staff see ─────────────────────────────────────────────────────────────────────────────


def test_the_words_for_days_left_today_and_overdue(cal: None) -> None:
    status = clocks.clock_status(D(2027, 1, 11), "working_days", D(2027, 1, 6))
    # Wed 6/1 → Thu 7, Fri 8, Mon 11: 3 working days.
    assert (status.days_left, status.overdue, status.words) == (3, False, "Còn 3 ngày làm việc")
    assert clocks.clock_status(D(2027, 1, 29), "days", D(2027, 1, 26)).words == "Còn 3 ngày"
    today = clocks.clock_status(D(2027, 1, 11), "working_days", D(2027, 1, 11))
    assert (today.due_today, today.words) == (True, "Hết hạn hôm nay")
    late = clocks.clock_status(D(2027, 1, 11), "working_days", D(2027, 1, 13))
    assert (late.overdue, late.days_left, late.words) == (True, -2, "Quá hạn 2 ngày")
    paused = clocks.clock_status(D(2027, 1, 29), "days", D(2027, 1, 26), paused=True)
    assert (paused.overdue, paused.words) == (False, "Đang tạm dừng (còn 3 ngày khi tiếp tục)")


def test_next_clocks_for_a_page_of_cases_in_constant_queries(cal: None) -> None:
    unit = OrgUnitFactory.create()
    complaint = make_case("khieu_nai", D(2026, 12, 30), unit=unit)  # due Mon 11/1 (days)
    denunciation = make_case("to_cao", D(2026, 12, 30), unit=unit)  # due Mon 11/1 (working days)
    quiet = make_case("phan_anh", D(2026, 12, 30), unit=unit)  # no clock
    with CaptureQueriesContext(connection) as captured:
        found = selectors.next_clocks([complaint.pk, denunciation.pk, quiet.pk], D(2027, 1, 6))
    assert found[complaint.pk].words == "Còn 5 ngày"
    assert found[denunciation.pk].words == "Còn 3 ngày làm việc"
    assert quiet.pk not in found
    few = len(captured.captured_queries)
    more = [make_case("to_cao", D(2026, 12, 30), unit=unit).pk for _ in range(8)]
    with CaptureQueriesContext(connection) as captured:
        selectors.next_clocks([complaint.pk, denunciation.pk, quiet.pk, *more], D(2027, 1, 6))
    assert len(captured.captured_queries) == few
    views = selectors.case_deadlines(complaint.pk, D(2027, 1, 12))
    assert [(v.rule_key, v.words) for v in views] == [("complaint_accept", "Quá hạn 1 ngày")]


def test_the_default_rules_come_back_after_a_flush(db: Any) -> None:
    from danvan.feedback import ready_clocks

    DeadlineRule.objects.all().delete()
    ready_clocks.ensure_rules(sender=None)
    assert DeadlineRule.objects.count() == len(FROM_30_12_2026)
    assert DeadlineRule.objects.get(key="feedback_answer").active is False
    edited = DeadlineRule.objects.get(key="complaint_accept")
    edited.amount = 12
    edited.save()
    ready_clocks.ensure_rules(sender=None)  # an administrator's edit is kept
    assert DeadlineRule.objects.get(key="complaint_accept").amount == 12


def test_unknown_events_are_refused_and_assignment_changes_no_clock(cal: None) -> None:
    case = make_case("to_cao", D(2026, 12, 30))
    services.sync_deadlines(case, event="assigned", on=D(2027, 1, 4))
    assert due(case) == D(2027, 1, 11)
    with pytest.raises(ValueError):
        services.sync_deadlines(case, event="teleported", on=D(2027, 1, 4))
