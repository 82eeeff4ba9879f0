"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────

# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────
# Section imports stay here, not at the top, so the four parts' branches merge without conflicts.
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet

from danvan.core.text import words
from danvan.orgunits import permissions

from . import workflow
from .models import Case, CaseDeadline, CaseEvent, ResponseTemplate

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


def case_deadlines(case: Case) -> list[CaseDeadline]:
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
