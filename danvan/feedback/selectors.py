"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from danvan.core.text import words
from danvan.orgunits import selectors as orgunit_selectors

from .intake import normalise_code
from .models import Case, CaseEvent, CaseStatus

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit

# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────
# The clocks' reads live in clocks.py; these are the doors the other parts call (docs/parts/clocks.md).
import datetime as dt
from collections.abc import Iterable, Sequence

from . import clocks


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


# ─── board, answers and dialogue (helper "board") ────────────────────────────────────────────────
