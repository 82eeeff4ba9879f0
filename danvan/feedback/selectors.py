"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────

# ─── board, answers and dialogue (helper "board") ────────────────────────────────────────────────
# Imports here rather than at the top: each part keeps its own lines (parallel branches merge cleanly).
import datetime as dt
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from danvan.core.dates import VIETNAM
from danvan.core.text import fold
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from .models import Case, CaseDeadline, CaseKind, CaseStatus, DialogueQuestion, DialogueSession

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit

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
    "code",
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
    cases = Case.objects.filter(publish_answer=True, published_at__isnull=False).select_related("unit")
    if kind:
        cases = cases.filter(kind=kind)
    if unit_code:
        cases = cases.filter(unit__code=unit_code)
    return cases.only(
        *[f for f in PUBLIC_ANSWER_FIELDS if "__" not in f], "unit__name", "unit__code"
    ).order_by("-published_at", "-pk")


def published_answer(code: str) -> Case | None:
    return published_answers().filter(code=code).first()


def answer_is_public(code: str) -> bool:
    return Case.objects.filter(code=code, publish_answer=True, published_at__isnull=False).exists()


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


def visible_case(user: Any, pk: int) -> Case | None:
    """The case ``pk`` if the user sees its unit."""
    return (
        Case.objects.filter(permissions.visible_units_q(user, field="unit"), pk=pk)
        .select_related("unit")
        .first()
    )


def visible_case_by_code(user: Any, code: str) -> Case | None:
    return Case.objects.filter(
        permissions.visible_units_q(user, field="unit"), code=code.strip().upper()
    ).first()


def answers_to_index() -> list[Case]:
    return list(published_answers())
