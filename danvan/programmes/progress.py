"""A task group's progress, computed from the figures and the milestones (issue 16, decision 0021).

A task group lists measurable items, each with a weight: a target of the programme, or a dated
milestone. Its progress is Σ weight × item progress / Σ weight, for each responsible unit (over that
unit's subtree) and overall (over every responsible unit in view):

- a target item is 100 % when the target is met by the figure re-summed over the units (numerators
  and denominators summed, then divided, as ``selectors.breakdown`` does), else value ÷ target value,
  never more than ``BELOW_MET`` (a target missed is never shown as done); no figure → 0 %, flagged;
- a milestone item is 100 % for a unit that recorded it done on or before the period's end, else 0 %;
  overall, the share of the responsible units that did. Undone after its due date → overdue.

Everything is computed from the ``TargetResult`` list the page already holds (``programme_results``
or ``results_by_period`` over ``under``): no query per unit; three queries for the groups, their
units and items, one for the milestones. Values stay exact Decimals; only the pages round
(``selectors.shown_vi``).

Who counts: a group's responsible units that existed during the period (none named: the programme's
own unit). Looking at ``under``'s subtree, a responsible unit inside it counts with its subtree and
gets a row; one above it (``under`` lies in its subtree) counts with what is in view — ``under``'s
subtree — and its own milestones, without a row of its own; any other is out of view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Prefetch

from danvan.core.dates import today_in_vietnam

from .models import MilestoneDone, TaskGroup, TaskItem

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit

    from .models import Period, Programme, Target
    from .selectors import TargetResult

HUNDRED = Decimal(100)
ZERO = Decimal(0)
# A target not met shows at most this: 99.99 %, never 100 % (on "> 80 %", 80 % is not met).
BELOW_MET = Decimal("99.99")
TARGET = TaskItem.Kind.TARGET.value
MILESTONE = TaskItem.Kind.MILESTONE.value


@dataclass(frozen=True)
class ItemProgress:
    """One item's progress for one unit (or overall), with what it was computed from."""

    item: TaskItem
    progress: Decimal  # 0–100, exact
    # target items: the figure over the units, and whether it meets the target
    value: Decimal | None = None
    met: bool | None = None
    no_figures: bool = False  # "chưa có số liệu": counted as 0 %
    # milestone items: responsible units done by the period's end, of how many; a unit's date done
    done_units: int = 0
    total_units: int = 0
    done_on: dt.date | None = None
    overdue: bool = False

    @property
    def weight(self) -> int:
        return self.item.weight

    @property
    def is_target(self) -> bool:
        return self.item.kind == TARGET

    @property
    def label(self) -> str:
        return item_label(self.item)


@dataclass(frozen=True)
class UnitProgress:
    """A responsible unit's progress on the group, over its subtree."""

    unit: OrgUnit
    items: list[ItemProgress]
    progress: Decimal | None


@dataclass(frozen=True)
class GroupProgress:
    group: TaskGroup
    items: list[ItemProgress]  # overall: over every responsible unit in view
    progress: Decimal | None  # None: no item ("chưa có hạng mục đo") or no responsible unit in view
    units: list[UnitProgress] = field(default_factory=list)  # the responsible units inside the view
    responsible_in_view: int = 0

    @property
    def has_items(self) -> bool:
        return bool(self.group_items)

    @property
    def group_items(self) -> list[TaskItem]:
        return list(self.group.items.all())

    @property
    def weight_total(self) -> int:
        return sum(item.weight for item in self.group_items)


def item_label(item: TaskItem) -> str:
    """The item as named on pages and in reports: its title, or its target's indicator (and scope)."""
    if item.title or item.target is None:
        return item.title
    name = item.target.indicator.name
    return name if item.target.scope is None else f"{name} — {item.target.scope.name}"


def weighted(items: list[ItemProgress]) -> Decimal | None:
    """Σ weight × progress / Σ weight; None without items."""
    total = sum(p.weight for p in items)
    if not total:
        return None
    return sum((p.weight * p.progress for p in items), ZERO) / total


def target_progress(target: Target, value: Decimal | None, met: bool | None) -> Decimal:
    """100 when met; else value ÷ target value in percent, at most BELOW_MET; 0 without a value."""
    if value is None:
        return ZERO
    if met:
        return HUNDRED
    if target.value <= 0:
        return ZERO
    return min(value * HUNDRED / target.value, BELOW_MET)


def _groups(programme: Programme) -> list[TaskGroup]:
    items = TaskItem.objects.select_related("target__indicator", "target__scope").order_by("sort_order", "pk")
    return list(
        TaskGroup.objects.filter(programme=programme)
        .order_by("sort_order", "pk")
        .prefetch_related("responsible", Prefetch("items", queryset=items))
    )


def _prefixes(path: str) -> list[str]:
    """'/DN/VC/VC-VA/' → ['/DN/', '/DN/VC/', '/DN/VC/VC-VA/']."""
    found = []
    end = path.find("/", 1)
    while end != -1:
        found.append(path[: end + 1])
        end = path.find("/", end + 1)
    return found


def _active(unit: OrgUnit, period: Period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start
    )


@dataclass
class _Sum:
    numerator: Decimal = ZERO
    denominator: Decimal = ZERO
    units: int = 0  # units with a figure counted here


def _sums(result: TargetResult, paths: set[str]) -> tuple[dict[str, _Sum], _Sum, int]:
    """The result's unit figures summed per path of ``paths`` (each unit under every path above it)
    and once over their union; and how many units have a figure in the whole result."""
    per_path: dict[str, _Sum] = {}
    union = _Sum()
    valued = 0
    for unit_result in result.units:
        if unit_result.value is None:
            continue
        valued += 1
        n, d = unit_result.numerator or ZERO, unit_result.denominator or ZERO
        inside = False
        for prefix in _prefixes(unit_result.unit.path):
            if prefix in paths:
                found = per_path.setdefault(prefix, _Sum())
                found.numerator += n
                found.denominator += d
                found.units += 1
                inside = True
        if inside:
            union.numerator += n
            union.denominator += d
            union.units += 1
    return per_path, union, valued


def _target_item(
    item: TaskItem, result: TargetResult | None, found: _Sum | None, valued: int
) -> ItemProgress:
    if result is None or found is None or not found.units:
        return ItemProgress(item, ZERO, no_figures=True)
    target = result.target
    value = found.numerator * HUNDRED / found.denominator if found.denominator else None
    if value is None:
        return ItemProgress(item, ZERO, no_figures=True)
    # Every figure of the result counted here: the target's own verdict, which also weighs the
    # limit on weak units; a part of them is judged on its rate, as the drill-down table does.
    met = result.met if found.units == valued else target.is_met(value)
    return ItemProgress(item, target_progress(target, value, met), value=value, met=met)


def task_progress(
    programme: Programme,
    period: Period,
    results: list[TargetResult],
    *,
    under: OrgUnit | None = None,
    today: dt.date | None = None,
) -> list[GroupProgress]:
    """Every task group of the programme with its progress for ``period``, from ``results`` (the
    programme's results for the period over ``under``'s subtree, default the programme's unit)."""
    under = under or programme.root_unit
    today = today or today_in_vietnam()
    overdue_before = min(today, period.end)
    groups = _groups(programme)
    by_target = {result.target.pk: result for result in results}

    # The responsible units in view, per group, and the path each counts over.
    in_view: dict[int, list[tuple[OrgUnit, str, bool]]] = {}  # group → (unit, path, has a row)
    for group in groups:
        units = [u for u in group.responsible.all() if _active(u, period)] or (
            [] if group.responsible.all() else [programme.root_unit]
        )
        rows = []
        for unit in sorted(units, key=lambda u: u.path):
            if unit.path.startswith(under.path):
                rows.append((unit, unit.path, True))
            elif under.path.startswith(unit.path):
                rows.append((unit, under.path, False))
        in_view[group.pk] = rows

    milestones = [i.pk for g in groups for i in g.items.all() if i.kind == MILESTONE]
    unit_ids = {u.pk for rows in in_view.values() for u, _p, _r in rows}
    done: dict[tuple[int, int], dt.date] = {}
    if milestones and unit_ids:
        done = {
            (item, unit): on
            for item, unit, on in MilestoneDone.objects.filter(
                item__in=milestones, org_unit__in=unit_ids
            ).values_list("item_id", "org_unit_id", "done_on")
        }

    found: list[GroupProgress] = []
    for group in groups:
        items = list(group.items.all())
        rows = in_view[group.pk]
        if not items or not rows:
            found.append(GroupProgress(group, [], None, [], len(rows)))
            continue
        paths = {path for _u, path, _r in rows}
        overall: list[ItemProgress] = []
        per_unit: dict[int, list[ItemProgress]] = {u.pk: [] for u, _p, has_row in rows if has_row}
        for item in items:
            if item.kind == TARGET:
                result = by_target.get(item.target_id) if item.target_id else None
                per_path, union, valued = _sums(result, paths) if result is not None else ({}, _Sum(), 0)
                overall.append(_target_item(item, result, union, valued))
                for unit, path, has_row in rows:
                    if has_row:
                        per_unit[unit.pk].append(_target_item(item, result, per_path.get(path), valued))
                continue
            done_count = 0
            for unit, _path, has_row in rows:
                on = done.get((item.pk, unit.pk))
                is_done = on is not None and on <= period.end
                done_count += is_done
                if has_row:
                    per_unit[unit.pk].append(
                        ItemProgress(
                            item,
                            HUNDRED if is_done else ZERO,
                            done_units=int(is_done),
                            total_units=1,
                            done_on=on if is_done else None,
                            overdue=_overdue(item, is_done, overdue_before),
                        )
                    )
            overall.append(
                ItemProgress(
                    item,
                    Decimal(done_count) * HUNDRED / len(rows),
                    done_units=done_count,
                    total_units=len(rows),
                    overdue=_overdue(item, done_count == len(rows), overdue_before),
                )
            )
        unit_rows = [
            UnitProgress(unit, per_unit[unit.pk], weighted(per_unit[unit.pk]))
            for unit, _p, has_row in rows
            if has_row
        ]
        found.append(GroupProgress(group, overall, weighted(overall), unit_rows, len(rows)))
    return found


def _overdue(item: TaskItem, done: bool, before: dt.date) -> bool:
    """Not done, and its due date passed before today and before the period's end."""
    return not done and item.due_on is not None and item.due_on < before
