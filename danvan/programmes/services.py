"""Writes of the reporting workflow: entering values, submitting, approving, returning, locking.

Every function checks the user's rights (UnitMembership), runs in one transaction with the report's
Submission row locked (select_for_update), and raises `PermissionDenied`, a `ValidationError` with
Vietnamese messages, or `Conflict` — never a half-written report.

The few reads the entry screen shares with these rules (which units and elements a report holds,
the previous period) live here too, so that the screen and the rules cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import files
from danvan.core.events import announce
from danvan.core.numbers import group_thousands
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

# The rules live in orgunits.permissions; re-exported for the callers of the workflow.
from danvan.orgunits.permissions import can_approve as can_approve
from danvan.orgunits.permissions import can_enter as can_enter

from . import figures_cache, rules, selectors
from . import values as values_module
from .models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Indicator,
    MilestoneDone,
    Period,
    PeriodType,
    Submission,
    SubmissionEvent,
    TaskEvidence,
    TaskGroup,
    TaskItem,
    TaskReport,
)

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit

Cell = tuple[str, str]  # (element code, unit code)

# A change of more than this share from the previous period needs a comment (exactly 30% does not).
WARNING_SHARE = Decimal("0.30")


class Conflict(Exception):
    """Somebody saved the report after this form was loaded; nothing was written."""


class EntryInvalid(ValidationError):
    """Entry errors: `cells` holds the messages shown next to each input, `labels` names each cell
    ("unit — element") for the summary (`messages`), `warnings` the cells whose change from the
    previous period needs a comment."""

    def __init__(
        self, cells: dict[Cell, list[str]], general: list[str], warnings: set[Cell], labels: dict[Cell, str]
    ) -> None:
        self.cells = cells
        self.general = general
        self.warnings = warnings
        self.labels = labels
        summary = [f"{labels.get(cell, cell)}: {m}" for cell, messages in cells.items() for m in messages]
        super().__init__([*general, *summary])


@dataclass
class ReportLayout:
    """The grid of a report: its units (rows), the data set's elements (columns), which cells apply."""

    submission: Submission
    units: list[OrgUnit]
    elements: list[DataElement]
    applies: dict[int, set[int]] = field(default_factory=dict)  # unit id → element ids

    def cells(self) -> Iterable[tuple[OrgUnit, DataElement]]:
        for unit in self.units:
            for element in self.elements:
                if element.pk in self.applies.get(unit.pk, set()):
                    yield unit, element


# --- reads shared by the rules and the screen -------------------------------------------------


def visible_submissions(user: Any) -> list[Submission]:
    """The reports a user may enter (their units' subtrees) or approve (strictly below their units)."""
    found = Submission.objects.select_related("data_set", "period", "org_unit").order_by(
        "-period__start", "data_set__name", "org_unit__path"
    )
    if not permissions.is_superuser(user):
        condition = Q(pk__in=[])
        for membership in orgunits.memberships(user):
            under = Q(org_unit__path__startswith=membership.org_unit.path)
            if membership.role == permissions.APPROVER:
                under &= ~Q(org_unit=membership.org_unit)
            condition |= under
        found = found.filter(condition)
    return list(found)


def report_layout(submission: Submission) -> ReportLayout:
    """The unit and its descendants of the data set's org types that existed in the period, and for each
    the data set's elements that some indicator uses for its org type (an element no indicator scopes
    applies to every unit)."""
    data_set, period = submission.data_set, submission.period
    units = orgunits.units_during(submission.org_unit, data_set.org_types.all(), period.start, period.end)
    order: dict[str, int] = {"count": 0, "rating": 1, "boolean": 2}
    elements = sorted(data_set.elements.all(), key=lambda e: (order.get(e.value_type, 9), e.pk))
    # element id → org type ids some indicator uses it for (None: an indicator without types: every unit)
    scopes: dict[int, set[int] | None] = {}
    for indicator in Indicator.objects.prefetch_related("org_types"):
        types = {t.pk for t in indicator.org_types.all()}
        for element_id in (indicator.numerator_id, indicator.denominator_id, indicator.rating_element_id):
            if element_id is None:
                continue
            known = scopes.get(element_id, set())
            scopes[element_id] = None if not types or known is None else known | types

    def applies(element: DataElement, unit: OrgUnit) -> bool:
        if element.pk not in scopes:
            return True  # no indicator scopes it
        scope = scopes[element.pk]
        return scope is None or unit.org_type_id in scope

    applies_to = {unit.pk: {e.pk for e in elements if applies(e, unit)} for unit in units}
    return ReportLayout(submission=submission, units=units, elements=elements, applies=applies_to)


def previous_period_code(period: Period) -> str:
    """The period of the same type just before: 2023 → 2022, 2023H1 → 2022H2, 2023Q1 → 2022Q4, 2023-01 → 2022-12."""
    year = period.start.year
    if period.period_type == PeriodType.YEARLY:
        return str(year - 1)
    if period.period_type == PeriodType.HALF_YEARLY:
        return f"{year}H1" if period.start.month == 7 else f"{year - 1}H2"
    if period.period_type == PeriodType.QUARTERLY:
        quarter = (period.start.month - 1) // 3 + 1
        return f"{year}Q{quarter - 1}" if quarter > 1 else f"{year - 1}Q4"
    before = period.start - dt.timedelta(days=1)
    return f"{before.year}-{before.month:02d}"


def stored_values(period: Period, units: Iterable[OrgUnit]) -> dict[Cell, DataValue]:
    return {
        (v.element.code, v.org_unit.code): v
        for v in DataValue.objects.filter(period=period, org_unit__in=list(units)).select_related(
            "element", "org_unit"
        )
    }


# --- entering values ----------------------------------------------------------------------------


def automatic_message(element: DataElement) -> str:
    """Why a value of an automatic element is not typed or imported (the entry form and the import)."""
    return _(
        "Chỉ số “%(name)s” được ghi tự động từ quyết định công nhận; không nhập tay hay nhập từ tệp."
    ) % {"name": element.name}


def _parse(element: DataElement, text: str) -> Decimal:
    """The stored number for what was typed, or ValueError with the Vietnamese reason as a sentence
    (the import's parsers: the screen and a file accept the same words)."""
    try:
        return values_module.parse(element.value_type, text)
    except ValueError as error:
        raise ValueError(values_module.as_sentence(str(error))) from None


def _conflict_message(submission: Submission) -> str:
    at = timezone.localtime(submission.updated_at).strftime("%H:%M ngày %d/%m/%Y")
    return _(
        "Số liệu đã được người khác sửa lúc %(at)s; hãy tải lại trang để xem số liệu mới rồi nhập lại."
    ) % {"at": at}


def _locked_submission(data_set: DataSet, period: Period, org_unit: OrgUnit) -> Submission:
    submission, _created = Submission.objects.get_or_create(
        data_set=data_set, period=period, org_unit=org_unit
    )
    return (
        Submission.objects.select_for_update()
        .select_related("data_set", "period", "org_unit")
        .get(pk=submission.pk)
    )


def _ensure_open(submission: Submission) -> None:
    if submission.status != Submission.Status.OPEN:
        raise ValidationError(
            _(
                "Báo cáo đã gửi/đã khóa (trạng thái: %(status)s); không sửa được số liệu. Cần được trả lại hoặc mở khóa."
            )
            % {"status": submission.get_status_display()}
        )


@transaction.atomic
def save_values(
    user: Any,
    data_set: DataSet,
    period: Period,
    org_unit: OrgUnit,
    values: Mapping[Cell, str | None],
    comments: Mapping[Cell, str] | None = None,
    expected_version: int | None = None,
) -> Submission:
    """Validate and write a report's values, one DataValueChange per changed value; bump the version.

    An empty value removes the stored one. Errors (and warnings without a comment) write nothing.
    """
    comments = comments or {}
    if not can_enter(user, org_unit):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": org_unit.name})
    submission = _locked_submission(data_set, period, org_unit)
    _ensure_open(submission)
    if expected_version is not None and expected_version != submission.version:
        raise Conflict(_conflict_message(submission))

    layout = report_layout(submission)
    units = {u.code: u for u in layout.units}
    elements = {e.code: e for e in layout.elements}
    stored = stored_values(period, layout.units)
    cells: dict[Cell, list[str]] = {}
    general: list[str] = []
    warnings: set[Cell] = set()
    new: dict[Cell, Decimal | None] = {}

    def label(cell: Cell) -> str:
        return f"{units[cell[1]].name} — {elements[cell[0]].name}"

    for cell, raw in values.items():
        element_code, unit_code = cell
        unit, element = units.get(unit_code), elements.get(element_code)
        if unit is None or element is None or element.pk not in layout.applies.get(unit.pk, set()):
            general.append(
                _("Ô “%(element)s” của đơn vị “%(unit)s” không thuộc báo cáo này.")
                % {"element": element_code, "unit": unit_code}
            )
            continue
        text = (raw or "").strip()
        if element.automatic:
            # Written from decisions only; the same value sent back (a stale page) changes nothing.
            current = stored.get(cell)
            try:
                same = (_parse(element, text) if text else None) == (current.value if current else None)
            except ValueError:
                same = False
            if not same:
                cells.setdefault(cell, []).append(automatic_message(element))
            continue
        if not text:
            new[cell] = None
            continue
        try:
            new[cell] = _parse(element, text)
        except ValueError as error:
            cells.setdefault(cell, []).append(str(error))

    def after(cell: Cell) -> Decimal | None:
        if cell in new:
            return new[cell]
        return stored[cell].value if cell in stored else None

    # The rules between elements (ElementRule, the import's too), on the values each unit would have;
    # a cell that could not be read is left out, so its rules wait for a readable value.
    element_rules = rules.active_rules()
    rule_codes = rules.element_codes(element_rules)
    for unit_code in units:
        touched = {code for code, cell_unit in new if cell_unit == unit_code}
        if not touched & rule_codes:
            continue
        after_entry = {
            code: None if (code, unit_code) in cells else after((code, unit_code)) for code in rule_codes
        }
        for broken in rules.violations(after_entry, element_rules, touched=touched):
            cells.setdefault((broken.left, unit_code), []).append(broken.message)

    # Warnings: a count that changes by more than 30% from the previous period needs a comment.
    previous = Period.objects.filter(code=previous_period_code(period)).first()
    before = stored_values(previous, layout.units) if previous else {}
    for cell, value in new.items():
        if cell in cells or value is None or elements[cell[0]].value_type != DataElement.ValueType.COUNT:
            continue
        if cell in stored and stored[cell].value == value:
            continue  # unchanged: already accepted
        if cell not in before:
            continue
        old = before[cell].value
        if abs(value - old) > WARNING_SHARE * old:
            warnings.add(cell)
            if not (comments.get(cell) or "").strip():
                cells.setdefault(cell, []).append(
                    _("Thay đổi hơn 30%% so với kỳ %(period)s (%(old)s); hãy ghi chú lý do.")
                    % {"period": previous.code if previous else "", "old": group_thousands(old)}
                )
    if cells or general:
        raise EntryInvalid(cells, general, warnings, {cell: label(cell) for cell in cells})

    changes = []
    changed = False
    for cell, value in new.items():
        comment = (comments.get(cell) or "").strip()
        current = stored.get(cell)
        old_value = current.value if current is not None else None
        unit, element = units[cell[1]], elements[cell[0]]
        if value is None:
            if current is None:
                continue
            current.delete()
        elif current is None:
            DataValue.objects.create(
                element=element, period=period, org_unit=unit, value=value, comment=comment, updated_by=user
            )
        elif current.value != value:
            current.value, current.updated_by = value, user
            current.comment = comment or current.comment
            current.save(update_fields=["value", "comment", "updated_by", "updated_at"])
        else:
            if comment and comment != current.comment:
                current.comment = comment
                current.save(update_fields=["comment", "updated_at"])
                changed = True
            continue
        changed = True
        changes.append(
            DataValueChange(
                element=element,
                period=period,
                org_unit=unit,
                old_value=old_value,
                new_value=value,
                comment=comment,
                source="form",
                changed_by=user,
            )
        )
    DataValueChange.objects.bulk_create(changes)
    if changed:
        submission.version += 1
        submission.save(update_fields=["version", "updated_at"])
        announce(
            "report.save",
            actor=user,
            target=submission,
            changes={
                f"{change.element.code} @ {change.org_unit.code}": [change.old_value, change.new_value]
                for change in changes
            },
            detail=_("%(n)s số liệu thay đổi") % {"n": len(changes)},
        )
    return submission


# --- the workflow -------------------------------------------------------------------------------


def _relock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("data_set", "period", "org_unit")
        .get(pk=submission.pk)
    )


def _record(submission: Submission, status: str, action: str, user: Any, comment: str = "") -> Submission:
    before = submission.status
    submission.status = status
    fields = ["status", "updated_at"]
    if action in (SubmissionEvent.Action.RETURN, SubmissionEvent.Action.UNLOCK):
        submission.comment = comment
        fields.append("comment")
    submission.save(update_fields=fields)
    SubmissionEvent.objects.create(submission=submission, action=action, user=user, comment=comment)
    # The audit log (issue 14): who moved which report, from where. The comment stays in the event.
    announce(f"report.{action}", actor=user, target=submission, changes={"status": [before, status]})
    return submission


def missing_values(submission: Submission) -> list[str]:
    """'unit — element' for every cell of the report that has no value; an automatic element's cells
    are not asked for (written from decisions, absent counts as "no")."""
    layout = report_layout(submission)
    stored = stored_values(submission.period, layout.units)
    return [
        f"{unit.name} — {element.name}"
        for unit, element in layout.cells()
        if not element.automatic and (element.code, unit.code) not in stored
    ]


@transaction.atomic
def submit_report(user: Any, submission: Submission) -> Submission:
    """open → submitted, by the unit's data entry, once every required value is present."""
    if not can_enter(user, submission.org_unit):
        raise PermissionDenied(
            _("Bạn không có quyền gửi báo cáo của %(unit)s.") % {"unit": submission.org_unit.name}
        )
    submission = _relock(submission)
    _ensure_open(submission)
    missing = missing_values(submission)
    if missing:
        shown = "; ".join(missing[:10]) + (
            _(" và %(n)s ô khác") % {"n": len(missing) - 10} if len(missing) > 10 else ""
        )
        raise ValidationError(
            _("Chưa gửi được: còn thiếu %(n)s số liệu: %(cells)s.") % {"n": len(missing), "cells": shown}
        )
    return _record(submission, Submission.Status.SUBMITTED, SubmissionEvent.Action.SUBMIT, user)


def _ensure_approver(user: Any, submission: Submission) -> None:
    if not can_approve(user, submission.org_unit):
        raise PermissionDenied(
            _(
                "Chỉ người duyệt của đơn vị cấp trên mới duyệt, trả lại, khóa hoặc mở khóa báo cáo của %(unit)s."
            )
            % {"unit": submission.org_unit.name}
        )


def _ensure_status(submission: Submission, allowed: Iterable[str], message: str) -> None:
    if submission.status not in allowed:
        raise ValidationError(message % {"status": submission.get_status_display()})


@transaction.atomic
def approve_report(user: Any, submission: Submission) -> Submission:
    """submitted → approved, by an approver of the parent unit or above."""
    _ensure_approver(user, submission)
    submission = _relock(submission)
    _ensure_status(
        submission, [Submission.Status.SUBMITTED], _("Chỉ duyệt được báo cáo đã gửi (hiện: %(status)s).")
    )
    return _record(submission, Submission.Status.APPROVED, SubmissionEvent.Action.APPROVE, user)


@transaction.atomic
def return_report(user: Any, submission: Submission, comment: str) -> Submission:
    """submitted → open with the approver's comment saying what to fix."""
    _ensure_approver(user, submission)
    if not (comment or "").strip():
        raise ValidationError(_("Hãy ghi ý kiến: cần sửa gì trước khi gửi lại."))
    submission = _relock(submission)
    _ensure_status(
        submission, [Submission.Status.SUBMITTED], _("Chỉ trả lại được báo cáo đã gửi (hiện: %(status)s).")
    )
    return _record(submission, Submission.Status.OPEN, SubmissionEvent.Action.RETURN, user, comment.strip())


@transaction.atomic
def lock_report(user: Any, submission: Submission) -> Submission:
    """approved → locked: the values count in the results and nobody changes them without an unlock."""
    _ensure_approver(user, submission)
    submission = _relock(submission)
    _ensure_status(
        submission, [Submission.Status.APPROVED], _("Chỉ khóa được báo cáo đã duyệt (hiện: %(status)s).")
    )
    return _record(submission, Submission.Status.LOCKED, SubmissionEvent.Action.LOCK, user)


@transaction.atomic
def unlock_report(user: Any, submission: Submission, reason: str) -> Submission:
    """locked or approved → open, with the reason recorded."""
    _ensure_approver(user, submission)
    if not (reason or "").strip():
        raise ValidationError(_("Hãy ghi lý do mở khóa."))
    submission = _relock(submission)
    _ensure_status(
        submission,
        [Submission.Status.LOCKED, Submission.Status.APPROVED],
        _("Chỉ mở khóa được báo cáo đã duyệt hoặc đã khóa (hiện: %(status)s)."),
    )
    return _record(submission, Submission.Status.OPEN, SubmissionEvent.Action.UNLOCK, user, reason.strip())


# --- writes of the data values exchange (collection.exchange checks the file, these write it) -----

IMPORT_SOURCE = "import"
BATCH = 2000


def period_id(code: str) -> int:
    """The id of the period with this code, created if new (the code is valid: parse_period)."""
    return Period.for_code(code).pk


def report_for(data_set: DataSet, period_id: int, org_unit: OrgUnit) -> Submission:
    """The unit's report of the data set for the period, created (open) if there is none yet."""
    submission, _created = Submission.objects.get_or_create(
        data_set=data_set, period_id=period_id, org_unit=org_unit
    )
    return submission


def submit_imported(ids: set[int], *, actor: Any, approved_by: Any) -> tuple[int, int]:
    """The imported reports go to "đã gửi" (or "đã duyệt" with ``approved_by``), each step logged as a
    SubmissionEvent; approved or locked ones stay as they are. Returns how many reports were submitted
    and approved."""
    how = _("Nhập từ tệp số liệu")
    events = []
    for submission in Submission.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        if submission.status in (Submission.Status.LOCKED, Submission.Status.APPROVED):
            continue  # unchanged figures of an approved or locked report (changes were refused)
        events.append(
            SubmissionEvent(
                submission=submission, action=SubmissionEvent.Action.SUBMIT, user=actor, comment=how
            )
        )
        submission.status = Submission.Status.SUBMITTED
        if approved_by is not None:
            events.append(
                SubmissionEvent(
                    submission=submission,
                    action=SubmissionEvent.Action.APPROVE,
                    user=approved_by,
                    comment=_("Số liệu đã được duyệt trước (trên giấy), nạp vào bằng tệp."),
                )
            )
            submission.status = Submission.Status.APPROVED
        submission.save(update_fields=["status", "updated_at"])
    SubmissionEvent.objects.bulk_create(events)
    for event in events:  # the audit log (issue 14): one entry per step, as the events
        announce(f"report.{event.action}", actor=event.user, target=event.submission, detail=event.comment)
    approved = sum(1 for e in events if e.action == SubmissionEvent.Action.APPROVE)
    return sum(1 for e in events if e.action == SubmissionEvent.Action.SUBMIT) - approved, approved


def bump_versions(ids: set[int]) -> None:
    """A form opened before an import must not overwrite it silently."""
    Submission.objects.filter(pk__in=ids).update(version=F("version") + 1)


def store_imported(
    to_create: list[tuple[Any, ...]],
    to_update: list[tuple[Any, ...]],
    changes: list[tuple[Any, ...]],
    *,
    now: dt.datetime,
    actor_id: int | None,
) -> None:
    """The writes, as three prepared statements run over all rows (executemany): bulk_create and
    bulk_update spent 15 of the 16 s of a 36,000-value import building model instances and SQL text."""
    ops = connection.ops
    stamp = ops.adapt_datetimefield_value(now)

    def number(value: Decimal | None) -> Any:
        return None if value is None else ops.adapt_decimalfield_value(value, 14, 2)

    values, history = DataValue._meta.db_table, DataValueChange._meta.db_table
    quote = ops.quote_name
    # Raw statements send no model signal: the kept dashboard figures of these periods are out of date.
    figures_cache.periods_changed({row[1] for row in to_create} | {row[1] for row in changes})
    if to_update and not changes:
        figures_cache.structure_changed()
    with connection.cursor() as cursor:
        for start in range(0, len(to_create), BATCH):
            cursor.executemany(
                f"INSERT INTO {quote(values)} (element_id, period_id, org_unit_id, value, comment, updated_at, "  # noqa: S608 - table names from the models, values bound
                "updated_by_id) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (e, p, u, number(v), c, stamp, actor_id)
                    for e, p, u, v, c in to_create[start : start + BATCH]
                ],
            )
        for start in range(0, len(to_update), BATCH):
            cursor.executemany(
                f"UPDATE {quote(values)} SET value = %s, comment = %s, updated_at = %s, updated_by_id = %s "  # noqa: S608 - table names from the models, values bound
                "WHERE id = %s",
                [(number(v), c, stamp, actor_id, pk) for v, c, pk in to_update[start : start + BATCH]],
            )
        for start in range(0, len(changes), BATCH):
            cursor.executemany(
                f"INSERT INTO {quote(history)} (element_id, period_id, org_unit_id, old_value, new_value, comment, "  # noqa: S608 - table names from the models, values bound
                "source, changed_by_id, changed_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [
                    (e, p, u, number(old), number(new), c, IMPORT_SOURCE, actor_id, stamp)
                    for e, p, u, old, new, c in changes[start : start + BATCH]
                ],
            )


# === SECTION feed: values written from decisions (issue 16; e.g. a recognised "Dân vận khéo" model) ===

# DataValueChange.source of a value written from a decision (the history's "form" / "import" beside).
DECISION_SOURCES = frozenset({"recognition", "refusal", "revocation"})


def write_decided_value(
    *, element: DataElement, year: int, org_unit: OrgUnit, value: bool, by: Any, reason: str, source: str
) -> bool:
    """Write ``org_unit``'s yes/no value of ``element`` for the year ``year`` as a decision settled it,
    in one transaction; returns whether anything changed (the same value again writes nothing: no
    second history row). The caller has checked the right to decide (e.g. emulation's
    ``can_decide_model``); this applies the approval rules of the other figures:

    - the value and one DataValueChange (``source``, the ``reason`` as comment, ``by``);
    - the report that carries it (``selectors.governing_reports``: a data set holding the element,
      the period, the unit or its nearest ancestor): open or submitted, it stays so and the value goes
      with its next submission and approval; approved or locked, it goes back to "submitted" with a
      "decision" event naming the decision, to be approved again — the public stops seeing the unit's
      figures until then; its version is bumped so that a page opened before cannot overwrite it. A
      "no" written where an automatic element had no value (counted "no" already) changes no figure
      the approver saw: the approval stands;
    - the audit log (``report.decision``).
    """
    if source not in DECISION_SOURCES:
        raise ValueError(f"unknown source {source!r}")
    new = Decimal(1) if value else Decimal(0)
    period = Period.for_code(str(year))
    with transaction.atomic():
        reports = [_relock(s) for s in selectors.governing_reports(element, period, org_unit)]
        current = (
            DataValue.objects.select_for_update()
            .filter(element=element, period=period, org_unit=org_unit)
            .first()
        )
        if current is not None and current.value == new:
            return False
        actor = by if getattr(by, "pk", None) else None
        old = current.value if current is not None else None
        if current is None:
            DataValue.objects.create(
                element=element, period=period, org_unit=org_unit, value=new, comment=reason, updated_by=actor
            )
        else:
            current.value, current.comment, current.updated_by = new, reason, actor
            current.save(update_fields=["value", "comment", "updated_by", "updated_at"])
        DataValueChange.objects.create(
            element=element,
            period=period,
            org_unit=org_unit,
            old_value=old,
            new_value=new,
            comment=reason,
            source=source,
            changed_by=actor,
        )
        change = {f"{element.code} @ {org_unit.code}": [old, new]}
        # What the results counted before: an automatic element's missing value already counted "no",
        # so writing that "no" down changes no approved figure and leaves the approval standing.
        counted = old if old is not None or not element.automatic else Decimal(0)
        for report in reports:
            before = report.status
            if before in selectors.APPROVED_STATUSES and counted != new:
                note = _(
                    "Số liệu “%(element)s” của %(unit)s đổi từ %(old)s thành %(new)s theo quyết định: "
                    "%(reason)s. Báo cáo chờ duyệt lại."
                ) % {
                    "element": element.name,
                    "unit": org_unit.name,
                    "old": _shown_boolean(old),
                    "new": _shown_boolean(new),
                    "reason": reason,
                }
                report.status, report.comment = Submission.Status.SUBMITTED, note
                report.version += 1
                report.save(update_fields=["status", "comment", "version", "updated_at"])
                SubmissionEvent.objects.create(
                    submission=report, action=SubmissionEvent.Action.DECISION, user=actor, comment=note
                )
            announce(
                "report.decision",
                actor=actor,
                target=report,
                changes={**change, "status": [before, report.status]} if before != report.status else change,
                detail=reason[:200],
            )
        if not reports:  # nobody reports for the unit yet: the figure is logged all the same
            announce("report.decision", actor=actor, target=None, changes=change, detail=reason[:200])
    return True


def _shown_boolean(value: Decimal | None) -> str:
    if value is None:
        return _("(chưa có)")
    return _("Có") if value else _("Không")


# === SECTION tasks: milestones done and narrative progress reports of the task groups (issue 16) ===

# Who writes: orgunits.permissions.can_report_task (whoever enters the unit's figures, for a task group
# the unit is responsible for: selectors.task_responsible). Every write locks the
# report (or the milestone), runs in one transaction and is announced to the audit log.

TASK_TEXT_MAX = 20_000  # characters of a narrative report
TASK_NOTE_MAX = 1_000  # characters of a milestone's note
TASK_EVIDENCE_MAX_BYTES = 10 * 2**20
TASK_EVIDENCE_MAX_FILES = 10  # per report
TASK_EVIDENCE_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# Control characters (but line breaks and tabs) and the bidirectional overrides that make a text read
# differently from how it is stored.
_FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _clean_task_text(raw: str | None, *, limit: int, required: bool, what: str) -> str:
    text = unicodedata.normalize("NFC", raw or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if required and not text:
        raise ValidationError(_("Hãy ghi %(what)s.") % {"what": what})
    if _FORBIDDEN_CHARS.search(text):
        raise ValidationError(
            _("%(what)s có ký tự điều khiển không hợp lệ (ký tự ẩn, không in được); hãy gõ lại.")
            % {"what": what[:1].upper() + what[1:]}
        )
    if len(text) > limit:
        raise ValidationError(
            _("%(what)s dài %(n)s ký tự; tối đa %(limit)s ký tự.")
            % {
                "what": what[:1].upper() + what[1:],
                "n": group_thousands(len(text)),
                "limit": group_thousands(limit),
            }
        )
    return text


def _ensure_task_writer(by: Any, task_group: TaskGroup, org_unit: OrgUnit) -> None:
    if not permissions.can_report_task(by, org_unit, selectors.task_responsible(task_group)):
        raise PermissionDenied(
            _("Bạn không có quyền báo cáo tiến độ nhiệm vụ của %(unit)s.") % {"unit": org_unit.name}
        )


def _task_conflict_message(report: TaskReport | None) -> str:
    if report is None:
        return _("Báo cáo đã bị xóa hoặc chưa được lưu; hãy tải lại trang rồi làm lại.")
    at = timezone.localtime(report.updated_at).strftime("%H:%M ngày %d/%m/%Y")
    return _(
        "Báo cáo tiến độ đã được người khác sửa lúc %(at)s; hãy tải lại trang để xem bản mới rồi sửa lại."
    ) % {"at": at}


def _locked_task_report(task_group: TaskGroup, org_unit: OrgUnit, period: Period) -> TaskReport | None:
    return (
        TaskReport.objects.select_for_update()
        .filter(task_group=task_group, org_unit=org_unit, period=period)
        .first()
    )


@transaction.atomic
def save_task_report(
    by: Any,
    task_group: TaskGroup,
    org_unit: OrgUnit,
    period: Period,
    text: str,
    expected_version: int | None = None,
) -> TaskReport:
    """Write (create or update) the unit's narrative progress on the task group for the period.

    ``expected_version`` is the version the form was loaded with (0: there was no report yet); another
    one raises Conflict and writes nothing. Unchanged text writes nothing.
    """
    _ensure_task_writer(by, task_group, org_unit)
    cleaned = _clean_task_text(text, limit=TASK_TEXT_MAX, required=True, what=_("kết quả thực hiện"))
    report = _locked_task_report(task_group, org_unit, period)
    current = report.version if report is not None else 0
    if expected_version is not None and expected_version != current:
        raise Conflict(_task_conflict_message(report))
    if report is None:
        try:
            with transaction.atomic():
                report = TaskReport.objects.create(
                    task_group=task_group, org_unit=org_unit, period=period, text=cleaned, written_by=by
                )
        except IntegrityError:  # written by somebody else in between
            raise Conflict(
                _task_conflict_message(_locked_task_report(task_group, org_unit, period))
            ) from None
        announce(
            "task_report.save",
            actor=by,
            target=report,
            changes={"version": [None, report.version]},
            detail=f"{org_unit.code} {period.code}: {task_group.title[:80]}",
        )
        return report
    if report.text == cleaned:
        return report
    report.text, report.written_by, report.version = cleaned, by, report.version + 1
    report.save(update_fields=["text", "written_by", "version", "updated_at"])
    announce(
        "task_report.save",
        actor=by,
        target=report,
        changes={"version": [current, report.version]},
        detail=f"{org_unit.code} {period.code}: {task_group.title[:80]}",
    )
    return report


def check_task_evidence(upload: IO[bytes], *, size: int) -> str:
    """The kind of an evidence file read from its content — "pdf", "jpeg", "png" or "docx" — or a
    ValidationError (Vietnamese) when it is empty, too large, markup or none of those."""
    if size > TASK_EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
            % {"size": f"{size / 2**20:.1f}".replace(".", ","), "limit": TASK_EVIDENCE_MAX_BYTES // 2**20}
        )
    if size == 0:
        raise ValidationError(_("Tệp rỗng."))
    files.refuse_markup(upload)
    upload.seek(0)
    head = upload.read(12)
    upload.seek(0)
    kind = files.sniff(head)
    if kind in ("pdf", "jpeg", "png"):
        return kind
    if head.startswith(b"PK"):
        try:
            files.check(upload, size=size)  # a real .docx (core.files reads it), not any zip
        except ValidationError:
            pass
        else:
            return "docx"
        finally:
            upload.seek(0)
    raise ValidationError(
        _("Chỉ nhận tệp PDF, Word (.docx), ảnh JPEG hoặc PNG; nội dung tệp này không phải các loại đó.")
    )


def check_task_uploads(report: TaskReport | None, uploads: list[Any]) -> list[str]:
    """Every problem of a batch of uploaded files (``name: reason``), before anything is written: the
    number of files the report would hold, then each file's content."""
    problems: list[str] = []
    held = TaskEvidence.objects.filter(report=report).count() if report is not None else 0
    if held + len(uploads) > TASK_EVIDENCE_MAX_FILES:
        problems.append(
            _("Mỗi báo cáo có tối đa %(limit)s tệp minh chứng (đã có %(held)s, thêm %(new)s).")
            % {"limit": TASK_EVIDENCE_MAX_FILES, "held": held, "new": len(uploads)}
        )
    for upload in uploads:
        try:
            check_task_evidence(upload, size=upload.size or 0)
        except ValidationError as error:
            problems += [f"{files.safe_name(upload.name or '')}: {m}" for m in error.messages]
    return problems


def _relock_task_report(report: TaskReport) -> TaskReport:
    return (
        TaskReport.objects.select_for_update()
        .select_related("task_group", "org_unit", "period")
        .get(pk=report.pk)
    )


@transaction.atomic
def add_task_evidence(by: Any, report: TaskReport, uploaded_file: Any) -> TaskEvidence:
    """Attach one evidence file (checked by its content, at most TASK_EVIDENCE_MAX_FILES per report),
    stored privately under ``rieng/tien-do/``; the report's version goes up."""
    report = _relock_task_report(report)
    _ensure_task_writer(by, report.task_group, report.org_unit)
    if TaskEvidence.objects.filter(report=report).count() >= TASK_EVIDENCE_MAX_FILES:
        raise ValidationError(
            _("Mỗi báo cáo có tối đa %(limit)s tệp minh chứng.") % {"limit": TASK_EVIDENCE_MAX_FILES}
        )
    size = uploaded_file.size or 0
    kind = check_task_evidence(uploaded_file, size=size)
    name = files.safe_name(uploaded_file.name or "")
    uploaded_file.seek(0)
    item = TaskEvidence(
        report=report, name=name, content_type=TASK_EVIDENCE_TYPES[kind], size=size, uploaded_by=by
    )
    # Stored under a random name (the original one is kept in ``name`` for the download).
    item.file.save(f"{uuid.uuid4().hex}.{'jpg' if kind == 'jpeg' else kind}", File(uploaded_file), save=False)
    try:
        item.save()
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
    except Exception:
        item.file.delete(save=False)
        raise
    announce("task_report.evidence_add", actor=by, target=report, detail=name[:200])
    return item


def save_task_report_with_evidence(
    by: Any,
    task_group: TaskGroup,
    org_unit: OrgUnit,
    period: Period,
    text: str,
    uploads: list[Any],
    expected_version: int | None = None,
) -> TaskReport:
    """The report form's one save: the text and the new evidence files, all or nothing — the files are
    checked before anything is written, and a file stored before a later failure is deleted again."""
    _ensure_task_writer(by, task_group, org_unit)
    existing = TaskReport.objects.filter(task_group=task_group, org_unit=org_unit, period=period).first()
    problems = check_task_uploads(existing, uploads)
    if problems:
        raise ValidationError({"files": problems})  # keyed: the form points at its file input
    stored: list[TaskEvidence] = []
    try:
        with transaction.atomic():
            report = save_task_report(by, task_group, org_unit, period, text, expected_version)
            for upload in uploads:
                stored.append(add_task_evidence(by, report, upload))
    except BaseException:
        for item in stored:
            item.file.delete(save=False)
        raise
    return report


@transaction.atomic
def remove_task_evidence(by: Any, evidence: TaskEvidence, expected_version: int | None = None) -> None:
    """Delete an evidence file (the row now, the stored file once the transaction commits); the
    report's version goes up."""
    report = _relock_task_report(evidence.report)
    _ensure_task_writer(by, report.task_group, report.org_unit)
    if expected_version is not None and expected_version != report.version:
        raise Conflict(_task_conflict_message(report))
    item = TaskEvidence.objects.filter(pk=evidence.pk, report=report).first()
    if item is None:
        raise ValidationError(_("Tệp minh chứng này đã bị xóa."))
    name, stored = item.name, item.file
    item.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
    report.version += 1
    report.save(update_fields=["version", "updated_at"])
    announce("task_report.evidence_remove", actor=by, target=report, detail=name[:200])


def _ensure_milestone(item: TaskItem) -> None:
    if item.kind != TaskItem.Kind.MILESTONE:
        raise ValidationError(_("Chỉ đánh dấu hoàn thành được mốc công việc, không phải chỉ tiêu."))


@transaction.atomic
def record_milestone_done(
    by: Any, item: TaskItem, org_unit: OrgUnit, done_on: dt.date | None, note: str = ""
) -> MilestoneDone:
    """The unit has completed the milestone on ``done_on`` (not in the future); recording it again
    changes the date and note."""
    _ensure_milestone(item)
    _ensure_task_writer(by, item.task_group, org_unit)
    if done_on is None:
        raise ValidationError(_("Hãy ghi ngày hoàn thành (ngày/tháng/năm, ví dụ 15/06/2023)."))
    today = timezone.localdate()
    if done_on > today:
        raise ValidationError(
            _("Ngày hoàn thành %(on)s chưa tới; hãy ghi ngày đã hoàn thành.")
            % {"on": done_on.strftime("%d/%m/%Y")}
        )
    if done_on.year < 2000:
        raise ValidationError(_("Ngày hoàn thành không hợp lệ."))
    cleaned = _clean_task_text(note, limit=TASK_NOTE_MAX, required=False, what=_("ghi chú"))
    done = MilestoneDone.objects.select_for_update().filter(item=item, org_unit=org_unit).first()
    before = [done.done_on.isoformat(), done.note] if done is not None else [None, None]
    if done is None:
        try:
            with transaction.atomic():
                done = MilestoneDone.objects.create(
                    item=item, org_unit=org_unit, done_on=done_on, note=cleaned, recorded_by=by
                )
        except IntegrityError:
            raise ValidationError(_("Mốc này vừa được người khác ghi nhận; hãy tải lại trang.")) from None
    else:
        done.done_on, done.note, done.recorded_by = done_on, cleaned, by
        done.save(update_fields=["done_on", "note", "recorded_by", "recorded_at"])
    announce(
        "milestone.done",
        actor=by,
        target=done,
        changes={"done_on": [before[0], done_on.isoformat()], "note": [before[1], cleaned]},
        detail=f"{org_unit.code}: {item.title[:120]}",
    )
    return done


@transaction.atomic
def undo_milestone_done(by: Any, item: TaskItem, org_unit: OrgUnit) -> None:
    """The milestone is no longer counted as done by the unit."""
    _ensure_milestone(item)
    _ensure_task_writer(by, item.task_group, org_unit)
    done = MilestoneDone.objects.select_for_update().filter(item=item, org_unit=org_unit).first()
    if done is None:
        raise ValidationError(_("Mốc này chưa được ghi nhận hoàn thành."))
    announce(
        "milestone.undo",
        actor=by,
        target=done,
        changes={"done_on": [done.done_on.isoformat(), None]},
        detail=f"{org_unit.code}: {item.title[:120]}",
    )
    done.delete()
