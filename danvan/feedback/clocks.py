"""The legal clocks' reading side: which rule a case's step runs on, when a deadline falls due, and
how many days are left, in words for staff. Writes live in services.py (section "clocks").

Rules are rows (``DeadlineRule``): a step's rule is the active row of its key with the latest
``valid_from`` not after the event's date. Periods are counted by ``workdays.selectors.period_end``
(Civil Code Art. 147–148) on one calendar loaded for many deadlines at once.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from danvan.workdays import selectors as workdays

from .models import Case, CaseDeadline, CaseKind, ClockPause, DeadlineRule

STEP_ACCEPT = "accept"  # complaint: accept (thụ lý) or refuse, and notify
STEP_PROCESS = "process"  # denunciation: initial processing and acceptance
STEP_FORWARD = "forward"  # denunciation outside competence: forward to the competent body
STEP_RESOLVE = "resolve"  # complaint or denunciation: resolve, from acceptance
STEP_ANSWER = "answer"  # kiến nghị, phản ánh, câu hỏi: the internal target (off by default)
STEP_EXTENSION = "extension"  # denunciation: the length of one extension of the resolve clock

COMPLAINT_ACCEPT = "complaint_accept"
DENUNCIATION_PROCESS = "denunciation_process"
DENUNCIATION_PROCESS_EXTENDED = "denunciation_process_extended"
DENUNCIATION_FORWARD = "denunciation_forward"
DENUNCIATION_RESOLVE = "denunciation_resolve"
DENUNCIATION_RESOLVE_EXTENSION = "denunciation_resolve_extension"
FEEDBACK_ANSWER = "feedback_answer"
MAX_DENUNCIATION_EXTENSIONS = 2  # Luật Tố cáo 2018, Art. 30: two extensions at most

FEEDBACK_KINDS = (CaseKind.KIEN_NGHI, CaseKind.PHAN_ANH, CaseKind.CAU_HOI)

Pause = workdays.Pause


def opening_keys(kind: str) -> tuple[str, list[str]] | None:
    """The step that starts when a case of ``kind`` is received, and its rule keys (first found wins)."""
    if kind == CaseKind.KHIEU_NAI:
        return STEP_ACCEPT, [COMPLAINT_ACCEPT]
    if kind == CaseKind.TO_CAO:
        return STEP_PROCESS, [DENUNCIATION_PROCESS]
    if kind in FEEDBACK_KINDS:
        return STEP_ANSWER, [f"{FEEDBACK_ANSWER}_{kind}", FEEDBACK_ANSWER]
    return None


def resolve_keys(case: Case, *, complex_case: bool | None = None) -> list[str]:
    """The rule keys of the case's resolve clock, most specific first (complex, remote, second time)."""
    if case.kind == CaseKind.TO_CAO:
        return [DENUNCIATION_RESOLVE]
    if case.kind != CaseKind.KHIEU_NAI:
        return []
    is_complex = case.complex if complex_case is None else complex_case
    base = "complaint_resolve_second" if case.second_time else "complaint_resolve_first"
    keys = []
    if case.remote_area and is_complex:
        keys.append(f"{base}_remote_complex")
    if case.remote_area:
        keys.append(f"{base}_remote")
    if is_complex:
        keys.append(f"{base}_complex")
    return [*keys, base]


def rule_for(keys: Sequence[str], on: dt.date) -> DeadlineRule | None:
    """The active rule valid ``on`` that day for the first of ``keys`` that has one (one query)."""
    found: dict[str, DeadlineRule] = {}
    for rule in DeadlineRule.objects.filter(key__in=keys, valid_from__lte=on, active=True).order_by(
        "-valid_from", "-pk"
    ):
        found.setdefault(rule.key, rule)
    return next((found[key] for key in keys if key in found), None)


def rule_valid_on(key: str, on: dt.date) -> DeadlineRule | None:
    """The rule of ``key`` valid on that day: the active row with the latest ``valid_from`` not after
    it, or, when the key is switched off (an internal target), its latest such row anyway."""
    rows = list(DeadlineRule.objects.filter(key=key, valid_from__lte=on).order_by("-valid_from", "-pk"))
    return next((rule for rule in rows if rule.active), rows[0] if rows else None)


def rule_in_use(rule_id: int) -> bool:
    return CaseDeadline.objects.filter(rule_id=rule_id).exists()


def pauses_of(case_ids: Iterable[int]) -> dict[int, list[Pause]]:
    """Each case's suspensions as (starts_on, ends_on or None), in one query."""
    pauses: dict[int, list[Pause]] = defaultdict(list)
    for case_id, starts_on, ends_on in ClockPause.objects.filter(case_id__in=list(case_ids)).values_list(
        "case_id", "starts_on", "ends_on"
    ):
        pauses[case_id].append((starts_on, ends_on))
    return pauses


def is_paused(pauses: Sequence[Pause]) -> bool:
    return any(end is None for _start, end in pauses)


def due_date(
    starts_from: dt.date,
    amount: int,
    unit: str,
    pauses: Sequence[Pause],
    *,
    today: dt.date,
    calendar: workdays.Calendar | None = None,
) -> dt.date:
    """When a clock falls due. While its case is suspended the date is provisional: the day it would
    fall due if the clock resumed after ``today`` (it moves every day until the pause ends)."""
    try:
        return workdays.period_end(starts_from, amount, unit, pauses, calendar=calendar)
    except workdays.StillPaused:
        closed = [(start, end if end is not None else max(today, start)) for start, end in pauses]
        return workdays.period_end(starts_from, amount, unit, closed, calendar=calendar)


def deadline_due(
    deadline: CaseDeadline,
    pauses: Sequence[Pause],
    *,
    today: dt.date,
    calendar: workdays.Calendar | None = None,
) -> dt.date:
    rule = deadline.rule
    return due_date(
        deadline.starts_from,
        rule.amount + deadline.extra_days,
        rule.unit,
        pauses,
        today=today,
        calendar=calendar,
    )


# ─── what staff see ──────────────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class ClockStatus:
    """A deadline as staff see it: days left in the rule's unit (working days for a working-days
    rule), or how many calendar days it is overdue, and the words."""

    due_on: dt.date
    unit: str
    days_left: int  # in the unit; 0 on the last day; negative: calendar days overdue
    overdue: bool
    due_today: bool
    paused: bool
    words: str


def clock_status(
    due_on: dt.date,
    unit: str,
    today: dt.date,
    *,
    calendar: workdays.Calendar | None = None,
    paused: bool = False,
) -> ClockStatus:
    """ "Còn 3 ngày làm việc", "Còn 5 ngày", "Hết hạn hôm nay", "Quá hạn 2 ngày" (overdue is counted
    in calendar days, whatever the unit); a suspended clock says "Đang tạm dừng"."""
    if today > due_on:
        late = (today - due_on).days
        words = _("Quá hạn %(n)s ngày") % {"n": late}
        status = ClockStatus(due_on, unit, -late, True, False, paused, words)
    elif today == due_on:
        status = ClockStatus(due_on, unit, 0, False, True, paused, _("Hết hạn hôm nay"))
    else:
        if unit == workdays.WORKING_DAYS:
            calendar = calendar or workdays.Calendar.load(today, due_on)
            left = calendar.working_days_between(today, due_on)
            words = _("Còn %(n)s ngày làm việc") % {"n": left}
        else:
            left = (due_on - today).days
            words = _("Còn %(n)s ngày") % {"n": left}
        status = ClockStatus(due_on, unit, left, False, False, paused, words)
    if paused:
        # While suspended the clock neither runs nor falls overdue: say what is left when it resumes.
        words = _("Đang tạm dừng (%(rest)s khi tiếp tục)") % {"rest": status.words.lower()}
        return ClockStatus(due_on, unit, status.days_left, False, False, True, words)
    return status


def clock_statuses(
    items: Sequence[tuple[dt.date, str]], today: dt.date, *, calendar: workdays.Calendar | None = None
) -> list[ClockStatus]:
    """``clock_status`` of many (due_on, unit) pairs on one calendar (at most one load)."""
    if not items:
        return []
    if calendar is None:
        calendar = workdays.Calendar.load(
            min(today, *(d for d, _u in items)), max(today, *(d for d, _u in items))
        )
    return [clock_status(due_on, unit, today, calendar=calendar) for due_on, unit in items]


@dataclass(frozen=True)
class DeadlineView:
    """One deadline of a case for a staff page: the rule, the dates, the state and the words."""

    id: int
    case_id: int
    step: str
    rule_key: str
    rule_source: str
    amount: int
    unit: str
    starts_from: dt.date
    due_on: dt.date
    extra_days: int
    extensions: int
    state: str
    met_on: dt.date | None
    status: ClockStatus | None  # open deadlines only
    words: str


def _finished_words(deadline: CaseDeadline) -> str:
    if deadline.state == CaseDeadline.State.CANCELLED:
        return _("Không còn áp dụng")
    if deadline.met_on is None or deadline.met_on <= deadline.due_on:
        return _("Hoàn thành đúng hạn")
    return _("Hoàn thành trễ %(n)s ngày") % {"n": (deadline.met_on - deadline.due_on).days}


def deadline_views(case_ids: Iterable[int], today: dt.date, *, open_only: bool = False) -> list[DeadlineView]:
    """The deadlines of these cases with their status, in a fixed number of queries (deadlines with
    their rules, pauses, the calendar) whatever the number of cases."""
    ids = list(case_ids)
    rows = (
        CaseDeadline.objects.filter(case_id__in=ids)
        .select_related("rule")
        .order_by("case_id", "due_on", "pk")
    )
    if open_only:
        rows = rows.filter(state=CaseDeadline.State.OPEN)
    deadlines = list(rows)
    if not deadlines:
        return []
    pauses = pauses_of({d.case_id for d in deadlines})
    dates = [d.due_on for d in deadlines]
    calendar = workdays.Calendar.load(min(today, *dates), max(today, *dates))
    views = []
    for d in deadlines:
        status = None
        if d.state == CaseDeadline.State.OPEN:
            case_pauses = pauses.get(d.case_id, [])
            paused = is_paused(case_pauses)
            # A suspended clock's stored date was provisional on the day it was computed: redo it for today.
            due_on = deadline_due(d, case_pauses, today=today, calendar=calendar) if paused else d.due_on
            status = clock_status(due_on, d.rule.unit, today, calendar=calendar, paused=paused)
        views.append(
            DeadlineView(
                id=d.pk,
                case_id=d.case_id,
                step=d.step,
                rule_key=d.rule.key,
                rule_source=d.rule.source,
                amount=d.rule.amount,
                unit=d.rule.unit,
                starts_from=d.starts_from,
                due_on=d.due_on,
                extra_days=d.extra_days,
                extensions=d.extensions,
                state=d.state,
                met_on=d.met_on,
                status=status,
                words=status.words if status else _finished_words(d),
            )
        )
    return views


def next_clocks(case_ids: Iterable[int], today: dt.date) -> dict[int, ClockStatus]:
    """For a page of cases: the status of each case's earliest open deadline (cases without one are
    left out), in a fixed number of queries."""
    found: dict[int, ClockStatus] = {}
    for view in deadline_views(case_ids, today, open_only=True):
        if view.status is not None and view.case_id not in found:
            found[view.case_id] = view.status
    return found
