"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.text import words
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunit_selectors

from . import clocks, workflow
from .intake import normalise_code
from .models import Case, CaseDeadline, CaseEvent, CaseStatus, ResponseTemplate

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


# Words for the steps the history shows (CaseEvent.action); an action not listed falls back to the
# status it led to, then to a neutral phrase.
EVENT_WORDS = {
    "received": _("Đã tiếp nhận đơn"),
    "accepted": _("Đã thụ lý đơn"),
    "refused": _("Không thụ lý đơn"),
    "forwarded": _("Đã chuyển đến đơn vị có thẩm quyền"),
    "assigned": _("Đã giao người xử lý"),
    "started": _("Đang giải quyết"),
    "in_progress": _("Đang giải quyết"),
    "extended": _("Gia hạn thời hạn giải quyết"),
    "suspended": _("Tạm đình chỉ giải quyết"),
    "resumed": _("Tiếp tục giải quyết"),
    "answered": _("Đã trả lời"),
    "closed": _("Đã kết thúc"),
    "withdrawn": _("Người gửi đã rút đơn"),
    "merged": _("Đã gộp vào đơn khác cùng nội dung"),
    "reopened": _("Mở lại để giải quyết tiếp"),
}
ANSWER_SHOWN = (CaseStatus.ANSWERED, CaseStatus.CLOSED)


def public_case(code: str) -> PublicCase | None:
    """The public view of the case with this tracking code (any spelling ``normalise_code`` reads),
    or None. Two queries: the case with its unit, its public events."""
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
            "unit__code",
            "unit__name",
        )
        .filter(code=code)
        .first()
    )
    if case is None:
        return None
    statuses = dict(CaseStatus.choices)
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
    )


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────
# Section imports stay here, not at the top, so the four parts' branches merge without conflicts.


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
    return visible_cases(user).select_related("unit").filter(code__iexact=code).first()


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
