"""Reads of the unit tree: today's successors of old units, re-attributed figures, the nested tree, CSV.

Successor lookups load the succession rows and the units' validity once, then walk in memory, so the
number of queries does not grow with the number of units or the length of a chain of reforms.
"""

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet

from danvan.core.collation import Vietnamese
from danvan.core.dates import today_in_vietnam

from .models import CODE_VALIDATOR, OrgLevel, OrgType, OrgUnit, Succession, UnitMembership

ONE = Decimal(1)
UNIT_COLUMNS = ["code", "name", "parent_code", "level", "org_type", "valid_from", "valid_to"]
SUCCESSION_COLUMNS = ["predecessor", "successor", "kind", "effective_on", "share"]
# The rule of codes (letters without accents, digits, ". - _"), for the apps that name things by code.
CODE_RULE = CODE_VALIDATOR


@dataclass(frozen=True)
class _UnitDates:
    parent_id: int | None
    valid_from: dt.date | None
    valid_to: dt.date | None

    def active_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class _SuccessionGraph:
    """Units' validity and the successions in force on a day, in two queries."""

    def __init__(self, on: dt.date) -> None:
        self.on = on
        self.units = {
            pk: _UnitDates(parent_id, valid_from, valid_to)
            for pk, parent_id, valid_from, valid_to in OrgUnit.objects.values_list(
                "pk", "parent_id", "valid_from", "valid_to"
            )
        }
        self.successors: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
        for predecessor, successor, kind, share in Succession.objects.filter(
            effective_on__lte=on
        ).values_list("predecessor_id", "successor_id", "kind", "share"):
            # Only a split divides the figures; a merge, rename or transfer hands all of them on.
            self.successors[predecessor].append((successor, share if kind == Succession.Kind.SPLIT else ONE))

    def shares(self, pk: int) -> dict[int, Decimal]:
        found: dict[int, Decimal] = defaultdict(Decimal)
        self._walk(pk, ONE, frozenset(), found)
        return dict(found)

    def _walk(self, pk: int, share: Decimal, chain: frozenset[int], found: dict[int, Decimal]) -> None:
        dates = self.units.get(pk)
        if dates is None or pk in chain:  # a cycle in the data: that path leads nowhere
            return
        if dates.active_on(self.on):
            found[pk] += share
            return
        chain = chain | {pk}
        onward = [(s, part) for s, part in self.successors.get(pk, []) if s not in chain]
        if onward:
            for successor, part in onward:
                self._walk(successor, share * part, chain, found)
        elif dates.valid_to is not None and dates.valid_to < self.on and dates.parent_id is not None:
            # A branch that ended with its commune (no succession row of its own) goes where the commune went.
            self._walk(dates.parent_id, share, chain, found)


def current_units(unit: OrgUnit, on: dt.date | None = None) -> list[tuple[OrgUnit, Decimal]]:
    """The units active on `on` that carry `unit`'s figures, with the share each takes.

    Succession rows in force on that day are followed transitively; shares multiply along a chain
    (only splits divide). An active unit is its own successor with share 1; an ended unit without a
    succession row follows its parent; a unit that ended without any heir maps to nothing.
    """
    day = on or today_in_vietnam()
    shares = _SuccessionGraph(day).shares(unit.pk)
    units = OrgUnit.objects.in_bulk(list(shares))
    return sorted(((units[pk], share) for pk, share in shares.items()), key=lambda pair: pair[0].path)


def in_today_structure(values: dict[int, Decimal], on: dt.date | None = None) -> dict[int, Decimal]:
    """Counts keyed by (possibly old) unit pk, summed into the units active on `on` by their shares.

    Exact: 1000 members of a unit split 0.6 / 0.4 become 600 and 400. Figures of units with no heir
    are left out. Only counts can be re-attributed this way — never rates.
    """
    graph = _SuccessionGraph(on or today_in_vietnam())
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for pk, value in values.items():
        for today_pk, share in graph.shares(pk).items():
            totals[today_pk] += value * share
    return dict(totals)


@dataclass
class TreeNode:
    unit: OrgUnit
    children: list["TreeNode"] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.unit.code,
            "name": self.unit.name,
            "children": [child.as_dict() for child in self.children],
        }


def tree(root: OrgUnit, on: dt.date | None = None) -> TreeNode:
    """`root` and its subtree as nested nodes (children in code order), in one query.

    With `on`, only units active that day are kept, and a unit's subtree goes with it.
    """
    units = OrgUnit.objects.descendants_of(root).select_related("level", "org_type").order_by("depth", "code")
    if on is not None:
        units = units.active_on(on)
    nodes = {root.pk: TreeNode(root)}
    for unit in units:  # by depth: a parent's node exists before its children's
        parent = nodes.get(unit.parent_id) if unit.parent_id is not None else None
        if parent is not None:
            nodes[unit.pk] = node = TreeNode(unit)
            parent.children.append(node)
    return nodes[root.pk]


def _units_filtered(
    on: dt.date | None, parent: OrgUnit | None, level: str | None, org_type: str | None
) -> "QuerySet[OrgUnit]":
    units = OrgUnit.objects.all()
    if on is not None:
        units = units.active_on(on)
    if parent is not None:
        units = units.filter(parent=parent)
    if level:
        units = units.filter(level__code=level)
    if org_type:
        units = units.filter(org_type__code=org_type)
    return units


def unit_count(
    *,
    on: dt.date | None = None,
    parent: OrgUnit | None = None,
    level: str | None = None,
    org_type: str | None = None,
) -> int:
    """How many units `unit_rows` gives with the same filters, over all pages."""
    return _units_filtered(on, parent, level, org_type).count()


def unit_rows(
    *,
    on: dt.date | None = None,
    parent: OrgUnit | None = None,
    level: str | None = None,
    org_type: str | None = None,
    offset: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Units (filtered; ``limit`` of them from ``offset``) with their successors, as the API's JSON
    objects, in one query whatever their number. Ordered by path, then pk: a stable order, so pages
    neither repeat nor skip a unit while the tree stays the same.

    The page's ids are read first (the path index alone, ``LIMIT``/``OFFSET``), then only those rows are
    joined to their parent, level, type and successions: one row per unit and succession, in the order
    of the units, then of each unit's successions (date, successor's code). Read as tuples, not model
    instances, and without Django's per-value converters (a quarter of the time of a page of 1,000):
    the driver already gives dates, and a share comes as a number (SQLite) or a Decimal (PostgreSQL).
    No list of ids goes back to the database."""
    units = _units_filtered(on, parent, level, org_type).order_by("path", "pk")
    if limit is not None or offset:
        page_ids = units.values("pk")[offset : None if limit is None else offset + limit]
        units = OrgUnit.objects.filter(pk__in=page_ids)
    query = units.order_by(
        "path", "pk", "successions__effective_on", "successions__successor__code"
    ).values_list(
        "pk",
        "code",
        "name",
        "parent__code",
        "level__code",
        "org_type__code",
        "valid_from",
        "valid_to",
        "path",
        "successions__successor__code",
        "successions__kind",
        "successions__effective_on",
        "successions__share",
    )
    sql, params = query.query.sql_with_params()
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    rows: list[dict[str, Any]] = []
    last_pk = None
    successors: list[dict[str, str]] = []
    for (
        pk,
        code,
        name,
        parent_code,
        level_code,
        type_code,
        valid_from,
        valid_to,
        path,
        successor,
        kind,
        effective_on,
        share,
    ) in found:
        if pk != last_pk:  # a unit's rows are next to each other (ordered by path, pk)
            last_pk, successors = pk, []
            rows.append(
                {
                    "code": code,
                    "name": name,
                    "parent": parent_code,
                    "level": level_code,
                    "type": type_code,
                    "valid_from": valid_from.isoformat() if valid_from else None,
                    "valid_to": valid_to.isoformat() if valid_to else None,
                    "path": path,
                    "successors": successors,
                }
            )
        if successor is not None:
            successors.append(
                {
                    "code": successor,
                    "kind": kind,
                    "effective_on": effective_on.isoformat(),
                    "share": "1" if share == 1 else format_share(Decimal(str(share))),
                }
            )
    return rows


def format_share(share: Decimal) -> str:
    """0.6000 → "0.6", 1.0000 → "1": exact, without trailing zeros or exponent."""
    text = format(share, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _csv(header: list[str], rows: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the BOM lets Excel open UTF-8 Vietnamese correctly
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def units_csv() -> str:
    """Every unit, parents before children, in the columns `import_org_units` reads.

    Read as tuples in one joined query: 36,300 units took 3.4–6.6 s as model instances (issue 17)."""
    rows = (
        OrgUnit.objects.order_by("path")
        .values_list(
            "code", "name", "parent__code", "level__code", "org_type__code", "valid_from", "valid_to"
        )
        .iterator(chunk_size=5000)
    )
    return _csv(
        UNIT_COLUMNS,
        (
            [code, name, parent or "", level or "", org_type or "", _iso(valid_from), _iso(valid_to)]
            for code, name, parent, level, org_type, valid_from, valid_to in rows
        ),
    )


def successions_csv() -> str:
    rows = (
        Succession.objects.order_by("predecessor__code", "successor__code")
        .values_list("predecessor__code", "successor__code", "kind", "effective_on", "share")
        .iterator(chunk_size=5000)
    )
    return _csv(
        SUCCESSION_COLUMNS,
        (
            [predecessor, successor, kind, effective_on.isoformat(), format_share(share)]
            for predecessor, successor, kind, effective_on, share in rows
        ),
    )


# --- single units and subtrees, for the apps built on the tree (they do not query OrgUnit themselves) ---


def unit_by_code(code: str, *, within: OrgUnit | None = None) -> OrgUnit | None:
    """The unit with this code (None if there is none, or if it lies outside ``within``'s subtree)."""
    found = OrgUnit.objects.filter(code=code)
    if within is not None:
        found = found.filter(path__startswith=within.path)
    return found.first()


def unit_by_pk(pk: int) -> OrgUnit | None:
    return OrgUnit.objects.filter(pk=pk).first()


def units_by_code() -> dict[str, OrgUnit]:
    """Every unit by code, with only what checking a file's rows needs (code, path, validity)."""
    return {u.code: u for u in OrgUnit.objects.only("pk", "code", "path", "valid_from", "valid_to")}


def org_types_by_code() -> dict[str, OrgType]:
    """Every org type by code."""
    return {t.code: t for t in OrgType.objects.all()}


def units_by_name(pks: Iterable[int]) -> list[OrgUnit]:
    """These units, ordered by name."""
    return list(OrgUnit.objects.filter(pk__in=list(pks)).order_by("name"))


def children(unit: OrgUnit) -> list[OrgUnit]:
    """The unit's direct children (with their org type), ordered by name."""
    return list(OrgUnit.objects.filter(parent=unit).select_related("org_type").order_by("name"))


def subtree_size(root: OrgUnit) -> int:
    """How many units ``subtree`` gives (one count on the path index)."""
    return OrgUnit.objects.descendants_of(root, inclusive=True).count()


def subtree(root: OrgUnit) -> list[OrgUnit]:
    """The root and every unit below it (with their org type), in tree order."""
    return list(
        OrgUnit.objects.descendants_of(root, inclusive=True).select_related("org_type").order_by("path")
    )


def units_during(root: OrgUnit, org_types: Any, start: dt.date, end: dt.date) -> list[OrgUnit]:
    """The root and its descendants of ``org_types`` (ids or a query of OrgType) that existed at some
    time between ``start`` and ``end``, with their org type, in tree order."""
    return list(
        OrgUnit.objects.descendants_of(root, inclusive=True)
        .filter(org_type__in=org_types)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("org_type")
        .order_by("path")
    )


def memberships(user: Any) -> list[UnitMembership]:
    """The user's memberships (role and unit, the unit loaded)."""
    return list(UnitMembership.objects.filter(user=user).select_related("org_unit"))


# The admin's lists (orgunits.wagtail_hooks): what each shows, in Vietnamese order.
def level_exists(code: str) -> bool:
    return OrgLevel.objects.filter(code=code).exists()


def org_type_exists(code: str) -> bool:
    return OrgType.objects.filter(code=code).exists()


def active_unit_ids(on: dt.date) -> "QuerySet[OrgUnit, Any]":
    """The ids of the units in force on ``on``, as a subquery."""
    return OrgUnit.objects.active_on(on).values("pk")


def units_for_admin() -> "QuerySet[OrgUnit]":
    return OrgUnit.objects.select_related("parent", "level", "org_type").order_by(Vietnamese("name"), "code")


def successions_for_admin() -> "QuerySet[Succession]":
    return Succession.objects.select_related("predecessor", "successor")


def memberships_for_admin() -> "QuerySet[UnitMembership]":
    return UnitMembership.objects.select_related("user", "org_unit").order_by(
        Vietnamese("org_unit__name"),
        Vietnamese("user__last_name"),
        Vietnamese("user__first_name"),
        "user__username",
    )


def units_last_modified() -> dt.datetime | None:
    """When the unit tree last changed: not recorded. Units and successions keep no timestamp (their
    dates are when a unit is in force, which an edit may set in the past or the future), so nothing
    says when one was added or edited: None, and /api/v1/org-units/ carries no Last-Modified (its
    ETag still answers 304)."""
    return None
