"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.dates import VIETNAM
from danvan.core.text import fold, words
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunit_selectors
from danvan.orgunits import selectors as orgunits

from . import clocks, workflow
from .intake import normalise_code
from .models import (
    Case,
    CaseDeadline,
    CaseEvent,
    CaseKind,
    CaseStatus,
    DialogueQuestion,
    DialogueSession,
    ResponseTemplate,
)

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit


# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────
# The clocks' reads live in clocks.py; these are the doors the other parts call (docs/parts/clocks.md).


def case_deadlines(case_id: int, today: dt.date) -> list[clocks.DeadlineView]:
    """Every deadline of one case (open and finished) with its rule, dates and words, for its page."""
    return clocks.deadline_views([case_id], today)


def next_clocks(case_ids: Iterable[int], today: dt.date) -> dict[int, clocks.ClockStatus]:
    """For a page of cases: each case's earliest open deadline as days left and words ("Còn 3 ngày
    làm việc", "Hết hạn hôm nay", "Quá hạn 2 ngày"), in a fixed number of queries."""
    return clocks.next_clocks(case_ids, today)


def clock_statuses(items: Sequence[tuple[dt.date, str]], today: dt.date) -> list[clocks.ClockStatus]:
    """Days left and words for many (due_on, rule unit) pairs on one calendar."""
    return clocks.clock_statuses(items, today)


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class PickerUnit:
    code: str
    name: str
    parent: str  # the parent's name, so that two "Đoàn Thanh niên" can be told apart


def units_for_picker(today: dt.date, query: str = "") -> list[PickerUnit]:
    """The units in force ``today``, by name, for the case form's picker; ``query`` narrows them to the
    units whose name, parent's name or code hold every word of it, accents ignored ("vinh an")."""
    units = orgunit_selectors.units_by_name(row["pk"] for row in orgunit_selectors.active_unit_ids(today))
    parents = {
        u.pk: u.name for u in orgunit_selectors.units_by_name({u.parent_id for u in units if u.parent_id})
    }
    wanted = words(query)
    found = []
    for unit in units:
        parent = parents.get(unit.parent_id or 0, "")
        haystack = f" {' '.join(words(f'{unit.name} {parent} {unit.code}'))} "
        if all(f" {word}" in haystack for word in wanted):
            found.append(PickerUnit(code=unit.code, name=unit.name, parent=parent))
    return found


def unit_for_case(code: str, today: dt.date) -> tuple["OrgUnit | None", bool]:
    """The unit with this code and whether it is in force ``today`` (None, False: no such unit)."""
    unit = orgunit_selectors.unit_by_code(code) if code else None
    if unit is None:
        return None, False
    in_force = (unit.valid_from is None or unit.valid_from <= today) and (
        unit.valid_to is None or unit.valid_to >= today
    )
    return unit, in_force


@dataclass(frozen=True)
class PublicEvent:
    at: dt.datetime
    status: str  # the status it led to ("" if none)
    what: str  # in words
    note: str  # what staff wrote for the citizen


@dataclass(frozen=True)
class PublicCase:
    """Exactly what a case shows to whoever holds its code: never the citizen's name or contacts,
    nor who handles it."""

    code: str
    kind: str
    kind_label: str
    title: str
    unit_code: str
    unit_name: str
    status: str
    status_label: str
    received_at: dt.datetime
    updated_at: dt.datetime
    anonymous: bool
    second_time: bool
    history: list[PublicEvent]
    answer: str
    # The clock the agency is on now (its last day, and which step), None when none runs.
    due_on: dt.date | None = None
    due_step: str = ""


# Words for the steps the history shows (CaseEvent.action); an action not listed falls back to the
# status it led to, then to a neutral phrase.
EVENT_WORDS = {
    "received": gettext_lazy("Đã tiếp nhận đơn"),
    "accepted": gettext_lazy("Đã thụ lý đơn"),
    "refused": gettext_lazy("Không thụ lý đơn"),
    "forwarded": gettext_lazy("Đã chuyển đến đơn vị có thẩm quyền"),
    "assigned": gettext_lazy("Đã giao người xử lý"),
    "started": gettext_lazy("Đang giải quyết"),
    "in_progress": gettext_lazy("Đang giải quyết"),
    "extended": gettext_lazy("Gia hạn thời hạn giải quyết"),
    "suspended": gettext_lazy("Tạm đình chỉ giải quyết"),
    "resumed": gettext_lazy("Tiếp tục giải quyết"),
    "answered": gettext_lazy("Đã trả lời"),
    "closed": gettext_lazy("Đã kết thúc"),
    "withdrawn": gettext_lazy("Người gửi đã rút đơn"),
    "merged": gettext_lazy("Đã gộp vào đơn khác cùng nội dung"),
    "reopened": gettext_lazy("Mở lại để giải quyết tiếp"),
    # the handling steps record their verb (workflow.STEPS)
    "accept": gettext_lazy("Đã thụ lý đơn"),
    "refuse": gettext_lazy("Không thụ lý đơn"),
    "forward": gettext_lazy("Đã chuyển đến đơn vị có thẩm quyền"),
    "assign": gettext_lazy("Đã giao người xử lý"),
    "start": gettext_lazy("Đang giải quyết"),
    "answer": gettext_lazy("Đã trả lời"),
    "close": gettext_lazy("Đã kết thúc"),
    "extend": gettext_lazy("Gia hạn thời hạn giải quyết"),
    "suspend": gettext_lazy("Tạm đình chỉ giải quyết"),
    "resume": gettext_lazy("Tiếp tục giải quyết"),
    "withdraw": gettext_lazy("Người gửi đã rút đơn"),
    "merge": gettext_lazy("Đã gộp vào đơn khác cùng nội dung"),
}
ANSWER_SHOWN = (CaseStatus.ANSWERED, CaseStatus.CLOSED)


def public_case(code: str) -> PublicCase | None:
    """The public view of the case with this tracking code (any spelling ``normalise_code`` reads),
    or None. Three queries: the case with its unit, its running clock, its public events."""
    code = normalise_code(code)
    if not code:
        return None
    case = (
        Case.objects.select_related("unit")
        .only(
            "code",
            "kind",
            "title",
            "status",
            "received_at",
            "updated_at",
            "anonymous",
            "second_time",
            "answer",
            "next_due_on",
            "unit__code",
            "unit__name",
        )
        .filter(code=code)
        .first()
    )
    if case is None:
        return None
    statuses = dict(CaseStatus.choices)
    due = (
        CaseDeadline.objects.filter(case=case, state=CaseDeadline.State.OPEN, due_on=case.next_due_on)
        .values_list("step", "due_on")
        .first()
        if case.next_due_on
        else None
    )
    history = [
        PublicEvent(
            at=event.at,
            status=event.to_status,
            what=str(EVENT_WORDS.get(event.action) or statuses.get(event.to_status) or _("Cập nhật xử lý")),
            note=event.public_note,
        )
        for event in CaseEvent.objects.filter(case=case, public=True).only(
            "at", "action", "to_status", "public_note"
        )
    ]
    return PublicCase(
        code=case.code,
        kind=case.kind,
        kind_label=str(case.get_kind_display()),
        title=case.title,
        unit_code=case.unit.code,
        unit_name=case.unit.name,
        status=case.status,
        status_label=str(case.get_status_display()),
        received_at=case.received_at,
        updated_at=max([case.updated_at, *(event.at for event in history)]),
        anonymous=case.anonymous,
        second_time=case.second_time,
        history=history,
        answer=case.answer if case.status in ANSWER_SHOWN else "",
        due_on=due[1] if due else None,
        due_step=workflow.deadline_step_label(due[0]) if due else "",
    )


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────


# What the staff list shows of a case: one query for the page, whatever the number of cases.
LIST_FIELDS = (
    "code",
    "kind",
    "title",
    "status",
    "received_at",
    "next_due_on",
    "unit__name",
    "unit__code",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
)
DUPLICATE_CANDIDATES = 200  # the unit's most recent cases compared by their words
DUPLICATE_SIMILARITY = 0.6


def visible_cases(user: Any) -> QuerySet[Case]:
    """The cases of the units the user sees (permissions.visible_units_q; superusers: all)."""
    return Case.objects.filter(permissions.visible_units_q(user, field="unit"))


def end_of_week(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def staff_cases(
    user: Any,
    *,
    today: dt.date,
    status: str = "",
    kind: str = "",
    unit: Any = None,
    due: str = "",
    mine: bool = False,
    search: str = "",
) -> QuerySet[Case]:
    """The staff list: visible cases, filtered, soonest due first, then oldest received.
    ``due``: "overdue" or "week" (due from today to Sunday); ``unit``: that unit and its subtree."""
    cases = visible_cases(user)
    if status:
        cases = cases.filter(status=status)
    if kind:
        cases = cases.filter(kind=kind)
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    if due == "overdue":
        cases = cases.filter(next_due_on__lt=today).exclude(status__in=workflow.FINISHED)
    elif due == "week":
        cases = cases.filter(next_due_on__gte=today, next_due_on__lte=end_of_week(today)).exclude(
            status__in=workflow.FINISHED
        )
    if mine:
        cases = cases.filter(assignee=user)
    wanted = words(search)[:10]
    if wanted:  # a code, or every word somewhere in the title or content, accents ignored
        every_word = Q()
        for word in wanted:
            every_word &= Q(folded_text__contains=word)
        cases = cases.filter(Q(code__iexact=search.strip()) | every_word)
    return (
        cases.select_related("unit", "assignee")
        .only(*LIST_FIELDS)
        .order_by(F("next_due_on").asc(nulls_last=True), "received_at", "pk")
    )


def visible_case(user: Any, pk: int) -> Case | None:
    """The case if the user sees it; None otherwise (the views answer 404: no case is revealed)."""
    return (
        visible_cases(user)
        .select_related("unit", "assignee", "dialogue", "merged_into")
        .filter(pk=pk)
        .first()
    )


def visible_case_by_code(user: Any, code: str) -> Case | None:
    if not code:
        return None
    return visible_cases(user).select_related("unit").filter(code__iexact=code.strip()).first()


def case_history(case: Case) -> list[CaseEvent]:
    """The case's events and those of the cases merged into it, in time order."""
    return list(
        CaseEvent.objects.filter(Q(case=case) | Q(case__merged_into=case))
        .select_related("actor", "case")
        .order_by("at", "pk")
    )


def case_deadline_rows(case: Case) -> list[CaseDeadline]:
    return list(CaseDeadline.objects.filter(case=case).select_related("rule").order_by("due_on", "pk"))


def response_templates(kind: str, action: str) -> list[ResponseTemplate]:
    """Active templates for this kind of case and step (or for any kind, any step)."""
    return list(
        ResponseTemplate.objects.filter(active=True)
        .filter(Q(kind=kind) | Q(kind=""))
        .filter(Q(action=action) | Q(action=""))
        .order_by("title", "pk")
    )


def response_template(pk: Any) -> ResponseTemplate | None:
    try:
        number = int(pk)
    except (TypeError, ValueError):
        return None
    return ResponseTemplate.objects.filter(pk=number, active=True).first()


@dataclass(frozen=True)
class Duplicate:
    case: Case
    same_person: bool
    similarity: float  # Jaccard similarity of the folded words, 0…1


def _word_set(folded_text: str) -> frozenset[str]:
    return frozenset(w for w in words(folded_text) if len(w) > 1)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def possible_duplicates(case: Case, limit: int = 5, *, user: Any = None) -> list[Duplicate]:
    """Cases that may be the same matter: same sender (contact_key) or near-identical text (Jaccard
    similarity of the accent-folded words ≥ 0.6 among the unit's latest DUPLICATE_CANDIDATES cases).
    Only cases another may still be merged into; with ``user``, only cases they see. Two queries."""
    base = Case.objects.exclude(pk=case.pk).filter(
        status__in=workflow.MERGE_TARGETS, merged_into__isnull=True
    )
    if user is not None:
        base = base.filter(permissions.visible_units_q(user, field="unit"))
    fields = ("pk", "code", "title", "status", "received_at", "kind", "folded_text", "contact_key", "unit_id")
    found: dict[int, Duplicate] = {}
    if case.contact_key:
        for other in base.filter(contact_key=case.contact_key).only(*fields).order_by("-received_at")[:limit]:
            found[other.pk] = Duplicate(
                other, True, similarity(_word_set(case.folded_text), _word_set(other.folded_text))
            )
    mine = _word_set(case.folded_text)
    if mine:
        recent = base.filter(unit_id=case.unit_id).only(*fields).order_by("-received_at", "-pk")
        for other in recent[:DUPLICATE_CANDIDATES]:
            if other.pk in found:
                continue
            score = similarity(mine, _word_set(other.folded_text))
            if score >= DUPLICATE_SIMILARITY:
                found[other.pk] = Duplicate(other, False, score)
    ranked = sorted(found.values(), key=lambda d: (not d.same_person, -d.similarity, -d.case.pk))
    return ranked[:limit]


# ─── board, answers and dialogue (helper "board") ────────────────────────────────────────────────


# The board's definitions, written on its page too:
# - open: not yet answered nor ended (OPEN_STATUSES); a suspended case is open but its clock stands
#   still, so it is neither due this week nor overdue;
# - overdue: open, not suspended, with an open deadline before today (or ``next_due_on`` before today);
# - due this week: open, not suspended, not overdue, ``next_due_on`` from today to Sunday of this
#   Monday–Sunday week;
# - answered in the period: ``answered_at`` falls in the period (days in Vietnam);
# - with a deadline: answered, with at least one met deadline; on time: with a deadline and none of
#   its met deadlines met after its due day; the rate is on time / with a deadline;
# - days to answer: calendar days from the day received to the day answered (median).
OPEN_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.ACCEPTED,
    CaseStatus.FORWARDED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.SUSPENDED,
)
ANSWERED_STATUSES = (CaseStatus.ANSWERED, CaseStatus.CLOSED)


@dataclass
class BoardRow:
    """One line of the board (a unit, a person, a kind or a month) with its numbers."""

    key: Any
    label: str
    received: int = 0
    open: int = 0
    due_this_week: int = 0
    overdue: int = 0
    answered: int = 0
    with_deadline: int = 0
    on_time: int = 0
    median_days: float | None = None

    @property
    def on_time_rate(self) -> float | None:
        """Answered on time, in % of the answered cases that had a deadline (None: none had)."""
        return None if not self.with_deadline else round(100 * self.on_time / self.with_deadline, 1)


@dataclass
class Board:
    start: dt.date
    end: dt.date
    today: dt.date
    week_end: dt.date
    total: BoardRow
    by_unit: list[BoardRow]
    by_person: list[BoardRow]
    by_kind: list[BoardRow]
    by_month: list[BoardRow]


def board_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The default period: the twelve months up to today (from the 1st of the month 11 months ago)."""
    month = today.month - 11
    year = today.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1), today


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VIETNAM)


def board_cases(user: Any, unit: "OrgUnit | None" = None) -> "QuerySet[Case]":
    """The cases the board counts: those of the units the user sees, within ``unit``'s subtree."""
    cases = Case.objects.filter(permissions.visible_units_q(user, field="unit"))
    if unit is not None:
        cases = cases.filter(unit__path__startswith=unit.path)
    return cases


def board_units(user: Any) -> list["OrgUnit"]:
    """The units offered in the board's filter: the user's top units and every unit with cases they see."""
    roots = permissions.viewable_roots(user) or []
    with_cases = board_cases(user).order_by().values_list("unit", flat=True).distinct()
    units = {u.pk: u for u in orgunits.units_by_name(list(with_cases))}
    for root in roots:
        units.setdefault(root.pk, root)
    return sorted(units.values(), key=lambda u: u.path)


def _snapshot_counts(today: dt.date, week_end: dt.date) -> dict[str, Any]:
    running = ~Q(status=CaseStatus.SUSPENDED)
    late = Q(late_deadline=True) | Q(next_due_on__lt=today)
    return {
        "open": Count("pk"),
        "overdue": Count("pk", filter=running & late),
        "due_this_week": Count(
            "pk", filter=running & ~late & Q(next_due_on__gte=today, next_due_on__lte=week_end)
        ),
    }


def _grouped(cases: "QuerySet[Case]", field: str, **counts: Any) -> dict[Any, dict[str, int]]:
    return {row[field]: row for row in cases.order_by().values(field).annotate(**counts)}


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def workload_board(
    user: Any, *, unit: "OrgUnit | None", start: dt.date, end: dt.date, today: dt.date
) -> Board:
    """The board's numbers for the cases the user sees (within ``unit``), in a fixed number of
    queries whatever the number of cases: counts are grouped in the database; only the answered
    cases' two dates are read, for the medians."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    cases = board_cases(user, unit)
    open_cases = cases.filter(status__in=OPEN_STATUSES).annotate(
        late_deadline=Exists(
            CaseDeadline.objects.filter(case=OuterRef("pk"), state=CaseDeadline.State.OPEN, due_on__lt=today)
        )
    )
    answered = cases.filter(
        answered_at__gte=_midnight(start), answered_at__lt=_midnight(end + dt.timedelta(days=1))
    )
    answered = answered.annotate(
        has_met=Exists(CaseDeadline.objects.filter(case=OuterRef("pk"), state=CaseDeadline.State.MET)),
        met_late=Exists(
            CaseDeadline.objects.filter(
                case=OuterRef("pk"), state=CaseDeadline.State.MET, met_on__gt=F("due_on")
            )
        ),
    )
    answer_counts = {
        "answered": Count("pk"),
        "with_deadline": Count("pk", filter=Q(has_met=True)),
        "on_time": Count("pk", filter=Q(has_met=True, met_late=False)),
    }
    received = cases.filter(
        received_at__gte=_midnight(start), received_at__lt=_midnight(end + dt.timedelta(days=1))
    )
    durations = list(answered.values_list("unit_id", "assignee_id", "kind", "received_at", "answered_at"))

    def days(received_at: dt.datetime, answered_at: dt.datetime | None) -> int:
        assert answered_at is not None  # the answered cases only
        return (answered_at.astimezone(VIETNAM).date() - received_at.astimezone(VIETNAM).date()).days

    def rows(field: str, position: int, labels: dict[Any, str]) -> list[BoardRow]:
        snapshot = _grouped(open_cases, field, **_snapshot_counts(today, week_end))
        done = _grouped(answered, field, **answer_counts)
        got = _grouped(received, field, received=Count("pk"))
        spans: dict[Any, list[int]] = {}
        for row in durations:
            spans.setdefault(row[position], []).append(days(row[3], row[4]))
        keys = set(snapshot) | set(done) | set(got)
        result = [
            BoardRow(
                key=key,
                label=labels.get(key, "") if key is not None else str(_("Chưa giao người xử lý")),
                received=got.get(key, {}).get("received", 0),
                **{k: snapshot.get(key, {}).get(k, 0) for k in ("open", "overdue", "due_this_week")},
                **{k: done.get(key, {}).get(k, 0) for k in answer_counts},
                median_days=_median(spans.get(key, [])),
            )
            for key in keys
        ]
        return result

    unit_rows = rows("unit", 0, {})
    names = {u.pk: u for u in orgunits.units_by_name([r.key for r in unit_rows])}
    for row in unit_rows:
        row.label = names[row.key].name if row.key in names else ""
    unit_rows.sort(key=lambda r: names[r.key].path if r.key in names else "")
    person_rows = rows("assignee", 1, {})
    people = {
        p.pk: (p.get_full_name() or p.get_username())
        for p in get_user_model().objects.filter(pk__in=[r.key for r in person_rows if r.key is not None])
    }
    for row in person_rows:
        if row.key is not None:
            row.label = people.get(row.key, "")
    person_rows.sort(key=lambda r: (r.key is None, fold(r.label)))
    kind_rows = rows("kind", 2, {k.value: str(k.label) for k in CaseKind})
    kind_rows.sort(key=lambda r: list(CaseKind.values).index(r.key))
    total_snapshot = open_cases.order_by().aggregate(**_snapshot_counts(today, week_end))
    total_done = answered.order_by().aggregate(**answer_counts)
    total = BoardRow(
        key=None,
        label=str(_("Tổng cộng")),
        received=received.count(),
        **total_snapshot,
        **total_done,
        median_days=_median([days(r[3], r[4]) for r in durations]),
    )
    return Board(
        start=start,
        end=end,
        today=today,
        week_end=week_end,
        total=total,
        by_unit=unit_rows,
        by_person=person_rows,
        by_kind=kind_rows,
        by_month=_months(received, answered, durations, start, end, answer_counts, days),
    )


def _months(
    received: "QuerySet[Case]",
    answered: "QuerySet[Case]",
    durations: list[tuple[Any, ...]],
    start: dt.date,
    end: dt.date,
    answer_counts: dict[str, Any],
    days: Any,
) -> list[BoardRow]:
    """Per month of the period: cases received that month, and cases answered that month."""
    got = {
        row["month"]: row["n"]
        for row in received.order_by()
        .annotate(month=TruncMonth("received_at", tzinfo=VIETNAM))
        .values("month")
        .annotate(n=Count("pk"))
    }
    done: dict[Any, dict[str, Any]] = {
        row["month"]: dict(row)
        for row in answered.order_by()
        .annotate(month=TruncMonth("answered_at", tzinfo=VIETNAM))
        .values("month")
        .annotate(**answer_counts)
    }
    spans: dict[tuple[int, int], list[int]] = {}
    for span in durations:
        local = span[4].astimezone(VIETNAM)
        spans.setdefault((local.year, local.month), []).append(days(span[3], span[4]))

    def month_key(value: Any) -> tuple[int, int]:
        return (value.year, value.month)

    got_by = {month_key(k): v for k, v in got.items()}
    done_by = {month_key(k): v for k, v in done.items()}
    result = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        counts: dict[str, Any] = done_by.get((year, month), {})
        result.append(
            BoardRow(
                key=dt.date(year, month, 1),
                label=f"{month:02d}/{year}",
                received=got_by.get((year, month), 0),
                **{k: counts.get(k, 0) for k in answer_counts},
                median_days=_median(spans.get((year, month), [])),
            )
        )
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


# Public answers and dialogue sessions: only what the unit chose to publish, and never the citizen.
PUBLIC_ANSWER_FIELDS = (
    "pk",
    "answer_ref",  # the public reference; never "code", the citizen's secret for the private lookup
    "kind",
    "status",
    "unit__name",
    "unit__code",
    "received_at",
    "answered_at",
    "published_at",
    "public_title",
    "public_question",
    "public_answer",
)


def published_answers(*, kind: str = "", unit_code: str = "") -> "QuerySet[Case]":
    """Published answers, newest first, with only their public fields loaded (``only``): a template
    asking for the citizen's name would cost a query per row, and is refused by tests."""
    cases = _published().select_related("unit")
    if kind:
        cases = cases.filter(kind=kind)
    if unit_code:
        cases = cases.filter(unit__code=unit_code)
    return cases.only(
        *[f for f in PUBLIC_ANSWER_FIELDS if "__" not in f], "unit__name", "unit__code"
    ).order_by("-published_at", "-pk")


def _published() -> "QuerySet[Case]":
    """The cases whose answer is published, each with its public reference (a case published by a
    bulk update before it got one is left out rather than named by its tracking code)."""
    return Case.objects.filter(publish_answer=True, published_at__isnull=False).exclude(answer_ref="")


def published_answer(ref: str) -> Case | None:
    """The published answer with this public reference (``answer_ref``), never by tracking code."""
    return published_answers().filter(answer_ref=ref).first() if ref else None


def answer_is_public(ref: str) -> bool:
    return bool(ref) and _published().filter(answer_ref=ref).exists()


def answer_units() -> list[tuple[str, str]]:
    """(code, name) of the units with a published answer, for the public filter."""
    rows = (
        Case.objects.filter(publish_answer=True, published_at__isnull=False)
        .order_by()
        .values_list("unit__code", "unit__name")
        .distinct()
    )
    return sorted(set(rows), key=lambda r: fold(r[1]))


def published_dialogues() -> "QuerySet[DialogueSession]":
    return DialogueSession.objects.filter(published=True).select_related("unit")


def published_dialogue(pk: int) -> DialogueSession | None:
    return published_dialogues().filter(pk=pk).first()


def dialogue_is_public(pk: int) -> bool:
    return DialogueSession.objects.filter(pk=pk, published=True).exists()


def dialogue_questions(session: DialogueSession) -> list[DialogueQuestion]:
    """The session's questions without who asked (kept for staff only)."""
    return list(session.questions.defer("asked_by").order_by("position", "pk"))


def dialogue_cases(session: DialogueSession) -> list[Case]:
    """The cases raised at the session: code, kind, status and title only (staff pages)."""
    return list(
        session.cases.only("pk", "code", "kind", "status", "title", "publish_answer").order_by("code")
    )


def dialogue_public_cases(session: DialogueSession) -> list[Case]:
    """The session's cases whose answer is published (the public page links to them)."""
    return list(published_answers().filter(dialogue=session))


def dialogues_for(user: Any) -> "QuerySet[DialogueSession]":
    return DialogueSession.objects.filter(permissions.visible_units_q(user, field="unit")).select_related(
        "unit"
    )


def answers_to_index() -> list[Case]:
    return list(published_answers())


# ─── the open-data API (issue 18): Open311 GeoReport v2 "services" and "requests" ──────────────────

# Each kind as an Open311 service: its group (the law that governs it) and search words. The
# description is the form's own note on the kind (forms.KIND_NOTES), which the API adds.
SERVICE_GROUPS = {
    CaseKind.KIEN_NGHI: gettext_lazy("Kiến nghị, phản ánh"),
    CaseKind.PHAN_ANH: gettext_lazy("Kiến nghị, phản ánh"),
    CaseKind.KHIEU_NAI: gettext_lazy("Khiếu nại, tố cáo"),
    CaseKind.TO_CAO: gettext_lazy("Khiếu nại, tố cáo"),
    CaseKind.CAU_HOI: gettext_lazy("Hỏi đáp"),
}
SERVICE_KEYWORDS = {
    CaseKind.KIEN_NGHI: ("kiến nghị", "đề xuất", "chính sách"),
    CaseKind.PHAN_ANH: ("phản ánh", "hư hỏng", "môi trường", "trật tự"),
    CaseKind.KHIEU_NAI: ("khiếu nại", "quyết định hành chính", "hành vi hành chính"),
    CaseKind.TO_CAO: ("tố cáo", "vi phạm pháp luật"),
    CaseKind.CAU_HOI: ("câu hỏi", "thủ tục", "hỏi đáp"),
}


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    group: str
    keywords: tuple[str, ...]


def case_services() -> list[Service]:
    """The kinds of case, in the form's order, as Open311 services."""
    return [
        Service(
            code=kind.value,
            name=str(kind.label),
            group=str(SERVICE_GROUPS[kind]),
            keywords=SERVICE_KEYWORDS[kind],
        )
        for kind in CaseKind
    ]


# Open311's two statuses over ours: "open" while the agency still works on it (OPEN_STATUSES),
# "closed" once it answered, ended, refused it, or it was withdrawn or merged.
OPEN311_STATUSES = {
    "open": tuple(OPEN_STATUSES),
    "closed": tuple(s for s in CaseStatus if s not in OPEN_STATUSES),
}
# The only fields the public list of requests ever reads: what the unit published, never the citizen.
PUBLIC_REQUEST_FIELDS = (
    "answer_ref",  # the public reference, never "code" (the citizen's secret)
    "kind",
    "status",
    "unit__code",
    "unit__name",
    "received_at",
    "updated_at",
    "answered_at",
    "published_at",
    "public_title",
    "public_question",
    "public_answer",
)


def public_requests(
    *,
    kinds: Sequence[str] = (),
    statuses: Sequence[str] = (),
    received_from: dt.datetime | None = None,
    received_to: dt.datetime | None = None,
) -> "QuerySet[Case, dict[str, Any]]":
    """The cases whose answer is published (as on /tra-loi-cong-dan/), newest published first, as
    rows of ``PUBLIC_REQUEST_FIELDS`` only; ``statuses`` may hold ours or Open311's open/closed;
    ``received_from``/``received_to`` bound the time received (both included)."""
    cases = _published()
    if kinds:
        cases = cases.filter(kind__in=kinds)
    if statuses:
        wanted = {s for status in statuses for s in OPEN311_STATUSES.get(status, (status,))}
        cases = cases.filter(status__in=wanted)
    if received_from is not None:
        cases = cases.filter(received_at__gte=received_from)
    if received_to is not None:
        cases = cases.filter(received_at__lte=received_to)
    rows: QuerySet[Case, dict[str, Any]] = cases.order_by("-published_at", "-pk").values(
        *PUBLIC_REQUEST_FIELDS
    )
    return rows


def answers_last_modified() -> dt.datetime | None:
    """When the published answers last changed (the open-data catalogue's date, the Last-Modified of
    /api/v1/requests/): the newest change of a case whose answer is published (its publishing, an edit,
    a new status: /requests/ shows each), or the newest withdrawal (the case leaves the list; its event,
    found walking the events' index on ``at`` from the end). Other cases are not public and do not count.
    A MAX over the published cases: no index narrows them, a scan of one table."""
    from django.db.models import Max

    published: dt.datetime | None = Case.objects.filter(
        publish_answer=True, published_at__isnull=False
    ).aggregate(at=Max("updated_at"))["at"]
    withdrawn = (
        CaseEvent.objects.filter(action="unpublish").order_by("-at").values_list("at", flat=True).first()
    )
    return max((at for at in (published, withdrawn) if at is not None), default=None)


def public_request(ref: str) -> dict[str, Any] | None:
    """The published answer with this public reference, as a row of ``PUBLIC_REQUEST_FIELDS``."""
    return public_requests().filter(answer_ref=ref).first() if ref else None
