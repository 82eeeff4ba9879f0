"""Reads: a programme's results for a period — per target the aggregate and every unit's figures.

One pass over the values of the period (a fixed number of queries whatever the number of units):
ratio indicators sum numerators and denominators over the units, then divide (never an average of
rates); share-of-units indicators count units rated at or above the threshold among those rated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from danvan.orgunits import selectors as orgunits

from . import figures_cache
from .models import RATING_CODES as RATING_CODES
from .models import Comparator as Comparator
from .models import (
    DataElement,
    DataSet,
    DataValue,
    DataValueChange,
    Indicator,
    MilestoneDone,
    Period,
    Programme,
    ReportingWindow,
    Submission,
    SubmissionEvent,
    Target,
    TaskEvidence,
    TaskGroup,
    TaskItem,
    TaskReport,
)
from .models import PeriodType as PeriodType
from .models import Rating as Rating
from .models import parse_period as parse_period
from .rules import active_rules as active_rules  # the checks between elements, for the entry and the import
from .rules import violations as violations
from .values import parse_boolean as parse_boolean  # one parser per value type, for the form and the import
from .values import parse_count as parse_count
from .values import parse_rating as parse_rating

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from django.db.models import QuerySet

    from danvan.orgunits.models import OrgUnit

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
# The statuses whose figures the public sees; any other status is "số liệu chưa được duyệt".
APPROVED_STATUSES = frozenset({Submission.Status.APPROVED.value, Submission.Status.LOCKED.value})

# The models' vocabulary, for the apps built on programmes (collection, reports): they read and write
# through these selectors and the services, and name the model classes only in annotations.
Status = Submission.Status
EventAction = SubmissionEvent.Action
ValueType = DataElement.ValueType


def rate(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """numerator / denominator in percent, exact (28 significant digits); None when nothing to divide by."""
    if not denominator:
        return None
    return numerator * HUNDRED / denominator


def shown(value: Decimal | None) -> str:
    """The value as shown: two decimals, half up ('80.00' for 80.004)."""
    return "—" if value is None else str(value.quantize(CENT, rounding=ROUND_HALF_UP))


def shown_vi(value: Decimal | None) -> str:
    """As people read it on pages and in reports: a decimal comma ('80,00'); the API keeps '80.00'."""
    return shown(value).replace(".", ",")


@dataclass
class UnitResult:
    unit: OrgUnit
    status: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    met: bool | None

    @property
    def approved(self) -> bool:
        return self.status in APPROVED_STATUSES


@dataclass
class TargetResult:
    target: Target
    indicator: Indicator
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    aggregate: Decimal | None = None
    met: bool | None = None
    weak_units: int | None = None  # share-of-units over a rating: how many rated "yếu kém"
    units: list[UnitResult] = field(default_factory=list)
    # Set by ``summary()`` when the units are dropped: (reporting, meeting, has unapproved).
    counts: tuple[int, int, bool] | None = None

    @property
    def units_reporting(self) -> int:
        if self.counts is not None:
            return self.counts[0]
        return sum(1 for u in self.units if u.denominator)

    @property
    def units_meeting(self) -> int:
        if self.counts is not None:
            return self.counts[1]
        return sum(1 for u in self.units if u.met)

    @property
    def has_unapproved(self) -> bool:
        """Some unit's figures count here whose report is not approved or locked yet."""
        if self.counts is not None:
            return self.counts[2]
        return any(not u.approved for u in self.units)

    def summary(self) -> TargetResult:
        """The same result without its unit rows (what a dashboard keeps), its counts kept."""
        return replace(self, units=[], counts=(self.units_reporting, self.units_meeting, self.has_unapproved))

    @property
    def key(self) -> str:
        scope = self.target.scope
        return self.indicator.key if scope is None else f"{self.indicator.key}:{scope.code}"


def active_during(unit: OrgUnit, period: Period) -> bool:
    return (unit.valid_from is None or unit.valid_from <= period.end) and (
        unit.valid_to is None or unit.valid_to >= period.start
    )


def ancestor_paths(path: str) -> Iterator[str]:
    """The path and its ancestors', nearest first: "/A/B/C/", "/A/B/", "/A/"."""
    while path and path != "/":
        yield path
        path = path[: path[:-1].rfind("/") + 1]


# The status of a unit no report covers (it reads as "open"; ``covered`` tells it apart).
UNREPORTED = ""


def _statuses(by_unit: dict[int, str], units: list[OrgUnit]) -> dict[int, str]:
    """Each unit's workflow status: that of its own submission or of its nearest ancestor's (a
    commune's report covers its branches); units no report covers get ``UNREPORTED``."""
    by_path = {u.path: u.pk for u in units}
    statuses: dict[int, str] = {}
    for unit in units:
        status = UNREPORTED
        for path in ancestor_paths(unit.path):
            pk = by_path.get(path)
            if pk is not None and pk in by_unit:
                status = by_unit[pk]
                break
        statuses[unit.pk] = status
    return statuses


def governing_reports(element: DataElement, period: Period, unit: OrgUnit) -> list[Submission]:
    """The reports that carry ``unit``'s value of ``element`` for ``period``: those of data sets holding
    the element, of the unit itself or else of its nearest ancestor that has one (as ``_statuses``
    reads a unit's status, and as the import finds the report a row falls under)."""
    paths = list(ancestor_paths(unit.path))
    found = list(
        Submission.objects.filter(period=period, data_set__elements=element, org_unit__path__in=paths)
        .select_related("data_set", "period", "org_unit")
        .distinct()
    )
    for path in paths:
        nearest = [s for s in found if s.org_unit.path == path]
        if nearest:
            return sorted(nearest, key=lambda s: s.pk)
    return []


# --- feed: values written from decisions (issue 16; services SECTION feed writes them) ---


def indicator_by_key(key: str) -> Indicator | None:
    """The indicator with this key, its rating element and org types read with it."""
    return (
        Indicator.objects.select_related("rating_element")
        .prefetch_related("org_types")
        .filter(key=key)
        .first()
    )


def applies_to(indicator: Indicator, unit: OrgUnit) -> bool:
    """Whether ``unit`` is in the indicator's scope: its org type is one of the indicator's (an
    indicator without types: every unit that has a type) — as ``_in_scope`` counts it."""
    types = {t.pk for t in indicator.org_types.all()}
    return unit.org_type_id in types if types else unit.org_type_id is not None


def _targets(programme: Programme) -> list[Target]:
    return list(
        programme.targets.select_related(
            "indicator__numerator", "indicator__denominator", "indicator__rating_element", "scope"
        ).prefetch_related("indicator__org_types")
    )


def programme_results(
    programme: Programme, period: Period, *, under: OrgUnit | None = None, approved_only: bool = False
) -> list[TargetResult]:
    """Every target of the programme for the period, over ``under``'s subtree (default: the programme's).

    ``approved_only``: only the figures of units whose report is approved or locked (what the public
    sees); otherwise every figure, each unit's status beside it."""
    return results_by_period(programme, [period], under=under, approved_only=approved_only)[period.pk]


def results_by_period(
    programme: Programme,
    periods: list[Period],
    *,
    under: OrgUnit | None = None,
    approved_only: bool = False,
) -> dict[int, list[TargetResult]]:
    """programme_results for several periods (a trend) with the same few queries as for one.

    ``approved_only`` drops the units whose governing report is not approved or locked before
    anything is summed: the statuses are read anyway, so it costs no query."""
    targets = _targets(programme)
    root = under or programme.root_unit
    subtree = orgunits.subtree(root)
    element_ids: set[int] = set()
    for target in targets:
        ind = target.indicator
        element_ids.update(e for e in (ind.numerator_id, ind.denominator_id, ind.rating_element_id) if e)
    values: dict[int, dict[tuple[int, int], Decimal]] = defaultdict(dict)
    rows = DataValue.objects.filter(
        period__in=periods, element_id__in=element_ids, org_unit__path__startswith=root.path
    ).values_list("period_id", "element_id", "org_unit_id", "value")
    for period_id, element, unit, value in rows:
        values[period_id][(element, unit)] = value
    submitted: dict[int, dict[int, str]] = defaultdict(dict)
    for period_id, unit, status in Submission.objects.filter(
        data_set__programme=programme, period__in=periods
    ).values_list("period_id", "org_unit_id", "status"):
        submitted[period_id][unit] = status
    results = {}
    for period in periods:
        units = [u for u in subtree if active_during(u, period)]
        governed = _statuses(submitted[period.pk], units)
        # Units no report covers read as "open"; for an automatic element only covered units are in
        # scope (the programme's own unit, which reports for nobody, is not one of its units).
        covered = {pk for pk, status in governed.items() if status != UNREPORTED}
        statuses = {pk: status or Submission.Status.OPEN.value for pk, status in governed.items()}
        if approved_only:
            units = [u for u in units if statuses[u.pk] in APPROVED_STATUSES]
        results[period.pk] = [_target_result(t, units, values[period.pk], statuses, covered) for t in targets]
    return results


@dataclass
class ChildRow:
    """One child of the unit being looked at, with each target's figures over the child's subtree."""

    unit: OrgUnit
    cells: list[tuple[Decimal | None, bool | None]]  # (value, met) per target, in the targets' order
    has_children: bool
    unapproved: bool = False  # some figure of its subtree comes from a report not approved or locked


def breakdown(results: list[TargetResult], under: OrgUnit, children: list[OrgUnit]) -> list[ChildRow]:
    """Drill-down along the tree: re-sum each target's unit figures per child subtree (no query).

    Each unit's figures go to the child whose path starts its own (the first code after ``under``'s
    path): one pass over the units, not one per child (3,300 communes × 33,000 branches before)."""
    parents = {u.parent_id for r in results for u in (x.unit for x in r.units)}
    index = {child.path: i for i, child in enumerate(children)}
    sums = [[[Decimal(0), Decimal(0)] for _result in results] for _child in children]
    unapproved = [False] * len(children)
    start = len(under.path)
    for number, result in enumerate(results):
        for unit_result in result.units:
            path = unit_result.unit.path
            end = path.find("/", start)
            if unit_result.value is None or end < 0 or not path.startswith(under.path):
                continue  # no figure, or ``under`` itself (in no child's subtree)
            at = index.get(path[: end + 1])
            if at is None:  # a child not shown (not active in the period)
                continue
            cell = sums[at][number]
            cell[0] += unit_result.numerator or 0
            cell[1] += unit_result.denominator or 0
            unapproved[at] = unapproved[at] or not unit_result.approved
    rows = []
    for i, child in enumerate(children):
        cells: list[tuple[Decimal | None, bool | None]] = []
        for number, result in enumerate(results):
            value = rate(*sums[i][number])
            cells.append((value, result.target.is_met(value)))
        rows.append(ChildRow(child, cells, child.pk in parents and child.pk != under.pk, unapproved[i]))
    return rows


def _in_scope(target: Target, units: list[OrgUnit]) -> list[OrgUnit]:
    if target.scope_id is not None:
        return [u for u in units if u.org_type_id == target.scope_id]
    types = {t.pk for t in target.indicator.org_types.all()}
    return [u for u in units if (u.org_type_id in types if types else u.org_type_id is not None)]


def _target_result(
    target: Target,
    units: list[OrgUnit],
    values: dict[tuple[int, int], Decimal],
    statuses: dict[int, str],
    covered: set[int],
) -> TargetResult:
    ind = target.indicator
    result = TargetResult(target=target, indicator=ind)
    if ind.kind == Indicator.Kind.RATIO:
        for unit in _in_scope(target, units):
            n = values.get((ind.numerator_id, unit.pk))  # type: ignore[arg-type]  # None id: not found
            d = values.get((ind.denominator_id, unit.pk))  # type: ignore[arg-type]  # None id: not found
            if n is None and d is None:
                continue
            value = rate(n, d) if n is not None and d is not None else None
            result.units.append(UnitResult(unit, statuses[unit.pk], n, d, value, target.is_met(value)))
            if value is not None and n is not None and d is not None:  # both, and something to divide by
                result.numerator += n
                result.denominator += d
    else:
        weak = 0
        is_rating = ind.rating_element is not None and ind.rating_element.value_type == "rating"
        # An element written from decisions (a recognised "Dân vận khéo" model): a unit in scope that a
        # report covers and no decision gave a value counts as "no", so the share is units decided
        # "yes" over the reporting units in scope.
        automatic = ind.rating_element is not None and ind.rating_element.automatic
        for unit in _in_scope(target, units):
            absent = Decimal(0) if automatic and unit.pk in covered else None
            rating = values.get((ind.rating_element_id, unit.pk), absent)  # type: ignore[arg-type]  # None id: not found
            if rating is None:
                continue
            good = Decimal(1) if rating >= ind.threshold else Decimal(0)
            weak += int(is_rating and rating <= Rating.WEAK)
            result.units.append(
                UnitResult(unit, statuses[unit.pk], good, Decimal(1), good * HUNDRED, bool(good))
            )
            result.numerator += good
            result.denominator += 1
        result.weak_units = weak if is_rating else None
    result.aggregate = rate(result.numerator, result.denominator)
    met = target.is_met(result.aggregate)
    if met is not None and target.max_weak_units is not None and result.weak_units is not None:
        met = met and result.weak_units <= target.max_weak_units
    result.met = met
    return result


@dataclass
class TodayRow:
    unit: OrgUnit
    cells: list[
        tuple[Decimal | None, Decimal | None, Decimal | None, bool | None]
    ]  # per target: n, d, value, met


def in_today_structure(results: list[TargetResult], on: dt.date | None = None) -> list[TodayRow]:
    """The period's figures re-attributed to the units that exist now (merged communes take their
    predecessors' counts, splits by share), then divided: a rate is never moved, only counts."""
    reattribute = orgunits.in_today_structure
    sums: list[tuple[dict[int, Decimal], dict[int, Decimal]]] = []
    for result in results:
        numerators = {
            u.unit.pk: u.numerator for u in result.units if u.value is not None and u.numerator is not None
        }
        denominators = {
            u.unit.pk: u.denominator
            for u in result.units
            if u.value is not None and u.denominator is not None
        }
        sums.append((reattribute(numerators, on), reattribute(denominators, on)))
    pks = {pk for n, d in sums for pk in (*n, *d)}
    units = {u.pk: u for u in orgunits.units_by_name(pks)}
    rows = []
    for pk, unit in units.items():
        cells: list[tuple[Decimal | None, Decimal | None, Decimal | None, bool | None]] = []
        for result, (numerators, denominators) in zip(results, sums, strict=True):
            n, d = numerators.get(pk), denominators.get(pk)
            value = rate(n, d) if n is not None and d is not None else None
            cells.append((n, d, value, result.target.is_met(value)))
        rows.append(TodayRow(unit, cells))
    return rows


# --- reads of the screens built on programmes (reports' dashboard and downloads, collection's entry
# and exchange, the API): the views stay thin and the queries stay here ---


def programmes() -> QuerySet[Programme]:
    """Every programme with its unit, newest year first."""
    return Programme.objects.select_related("root_unit").order_by("-year", "code")


def programme(pk: int) -> Programme | None:
    return Programme.objects.select_related("root_unit").filter(pk=pk).first()


def programme_by_code(code: str) -> Programme | None:
    return Programme.objects.select_related("root_unit").filter(code=code).first()


def all_programmes() -> QuerySet[Programme]:
    return Programme.objects.all()


def all_periods() -> QuerySet[Period]:
    return Period.objects.all()


def period_by_code(code: str) -> Period | None:
    return Period.objects.filter(code=code).first()


def data_elements() -> list[DataElement]:
    return list(DataElement.objects.order_by("code"))


def periods_with_figures(programme: Programme) -> list[Period]:
    """The periods with figures or a reporting window for this programme, oldest first."""
    # One index probe per period (period, element), not a pass over every value (4.4 million at the nation).
    elements = DataElement.objects.filter(dataset__programme=programme).values("pk")
    has_values = DataValue.objects.filter(period=OuterRef("pk"), element__in=elements)
    ids = set(Period.objects.filter(Exists(has_values)).values_list("pk", flat=True)) | set(
        programme.data_sets.values_list("windows__period", flat=True)
    )
    return list(Period.objects.filter(pk__in=[i for i in ids if i]).order_by("start"))


def status_counts(programme: Programme, period: Period, under: OrgUnit) -> Counter[str]:
    """How many reports of the programme for the period, in ``under``'s subtree, are in each status."""
    return Counter(
        Submission.objects.filter(
            data_set__programme=programme, period=period, org_unit__path__startswith=under.path
        ).values_list("status", flat=True)
    )


def report(pk: int) -> Submission | None:
    """A report with its data set, period and unit."""
    return Submission.objects.select_related("data_set", "period", "org_unit").filter(pk=pk).first()


def windows_by_report(submissions: Iterable[Submission]) -> dict[tuple[int, int], ReportingWindow]:
    """(data set id, period id) → its reporting window, for the reports' data sets."""
    return {
        (w.data_set_id, w.period_id): w
        for w in ReportingWindow.objects.filter(data_set__in={s.data_set_id for s in submissions})
    }


def reporting_window(submission: Submission) -> ReportingWindow | None:
    return ReportingWindow.objects.filter(data_set=submission.data_set, period=submission.period).first()


def recent_changes(period: Period, units: list[OrgUnit], limit: int = 100) -> QuerySet[DataValueChange]:
    """The latest changes of the units' values in the period, newest first."""
    return (
        DataValueChange.objects.filter(period=period, org_unit__in=units)
        .select_related("element", "org_unit", "changed_by")
        .order_by("-changed_at", "-id")[:limit]
    )


def report_events(submission: Submission) -> QuerySet[SubmissionEvent]:
    return SubmissionEvent.objects.filter(submission=submission).select_related("user")


# --- reads of the data values exchange (collection.exchange) ---


def elements_by_code(codes: Iterable[str] | None = None) -> dict[str, DataElement]:
    """The data elements by code (all of them, or those of ``codes``)."""
    found = DataElement.objects.all() if codes is None else DataElement.objects.filter(code__in=list(codes))
    return {e.code: e for e in found}


def report_places(
    period_codes: Iterable[str], *, for_update: bool
) -> list[tuple[int, int, str, str, str, str]]:
    """(id, data set id, unit path, unit code, period code, status) of every report of the periods;
    ``for_update``: the rows stay locked until the transaction ends (PostgreSQL)."""
    submissions = Submission.objects.filter(period__code__in=list(period_codes))
    if for_update:
        submissions = submissions.select_for_update()
    return list(
        submissions.values_list(
            "pk", "data_set_id", "org_unit__path", "org_unit__code", "period__code", "status"
        )
    )


def elements_by_data_set() -> dict[int, set[int]]:
    """Data set id → the ids of its elements."""
    found: dict[int, set[int]] = {}
    for data_set, element in DataSet.elements.through.objects.values_list("dataset_id", "dataelement_id"):
        found.setdefault(data_set, set()).add(element)
    return found


def data_sets_by_element() -> dict[int, list[DataSet]]:
    """Element id → the data sets holding it (with their programme's unit)."""
    found: dict[int, list[DataSet]] = {}
    for data_set in DataSet.objects.select_related("programme__root_unit").prefetch_related("elements"):
        for element in data_set.elements.all():
            found.setdefault(element.pk, []).append(data_set)
    return found


def period_ids(codes: Iterable[str]) -> dict[str, int]:
    return dict(Period.objects.filter(code__in=set(codes)).values_list("code", "pk"))


def stored_figures(
    period_codes: Iterable[str], element_ids: Iterable[int]
) -> list[tuple[int, int, str, int, Decimal, str]]:
    """(value id, element id, period code, unit id, value, comment) of the periods and elements."""
    return list(
        DataValue.objects.filter(
            period__code__in=set(period_codes), element_id__in=set(element_ids)
        ).values_list("pk", "element_id", "period__code", "org_unit_id", "value", "comment")
    )


def value_rows(
    *, programme: Programme | None, period: Period | None, paths: list[str] | None, chunk_size: int
) -> Iterator[tuple[str, str, str, str, Decimal, str]]:
    """(element code, value type, period code, unit code, value, comment) of the stored values, by
    period, unit and element; ``paths``: only the subtrees under these (None: every unit)."""
    rows = (
        _stored_values(programme=programme, period=period, paths=paths)
        .order_by("period__start", "-period__end", "org_unit__path", "element__code")
        .values_list(
            "element__code", "element__value_type", "period__code", "org_unit__code", "value", "comment"
        )
    )
    return rows.iterator(chunk_size=chunk_size)


def value_count(*, programme: Programme | None, period: Period | None, paths: list[str] | None) -> int:
    """How many rows ``value_rows`` would give (one COUNT): whether a download is built in the queue."""
    return _stored_values(programme=programme, period=period, paths=paths).count()


def _stored_values(
    *, programme: Programme | None, period: Period | None, paths: list[str] | None
) -> QuerySet[DataValue]:
    values = DataValue.objects.all()
    if paths is not None:  # only the subtrees the user sees (orgunits.permissions.visible_paths)
        visible = Q(pk__in=[])
        for path in paths:
            visible |= Q(org_unit__path__startswith=path)
        values = values.filter(visible)
    if programme is not None:
        elements = DataElement.objects.filter(dataset__programme=programme).values("pk")
        values = values.filter(element__in=elements, org_unit__path__startswith=programme.root_unit.path)
    if period is not None:
        values = values.filter(period=period)
    return values


# === SECTION progress: the task groups' progress computed from the figures and milestones (issue 16) ===
# (progress.py, decision 0021: from the TargetResult list the page already holds, no query per unit)

from .progress import BELOW_MET as BELOW_MET  # noqa: E402 - the section's own imports, kept together
from .progress import GroupProgress as GroupProgress  # noqa: E402
from .progress import ItemProgress as ItemProgress  # noqa: E402
from .progress import UnitProgress as UnitProgress  # noqa: E402
from .progress import item_label as item_label  # noqa: E402
from .progress import target_progress as target_progress  # noqa: E402
from .progress import task_progress as task_progress  # noqa: E402
from .progress import weighted as weighted  # noqa: E402

# === SECTION figures: the dashboard's figures, kept per programme, unit and period (decision 0028) ===


@dataclass(frozen=True)
class ChildUnit:
    """A child unit as its drill-down row names and links it (kept instead of the model: a nation's
    3,300 rows are read back on every view)."""

    pk: int
    code: str
    name: str


@dataclass
class ChildFigures:
    """A drill-down row as kept: each target's rate as shown ("81,46", or None) and whether it is met."""

    unit: ChildUnit
    cells: list[tuple[str | None, bool | None]]
    has_children: bool
    unapproved: bool


def _kept_row(row: ChildRow) -> ChildFigures:
    return ChildFigures(
        ChildUnit(row.unit.pk, row.unit.code, row.unit.name),
        [(None if value is None else shown_vi(value), met) for value, met in row.cells],
        row.has_children,
        row.unapproved,
    )


@dataclass
class PeriodFigures:
    """What a dashboard shows of one period: each target's result (without unit rows) and, for the
    period the page is about (``detail``), the drill-down by child unit and the task groups' progress."""

    results: list[TargetResult]
    children: list[ChildFigures] = field(default_factory=list)
    tasks: list[GroupProgress] = field(default_factory=list)


@dataclass
class DashboardFigures:
    periods: dict[int, PeriodFigures]  # a period being computed in the background is absent
    computed_at: dt.datetime | None  # when the oldest figures shown were computed
    refreshing: bool  # some figures shown are older than the data, or absent: a refresh is queued


def compute_figures(programme: Programme, periods: list[Period], under: OrgUnit) -> dict[int, PeriodFigures]:
    """The figures of these periods over ``under``'s subtree, computed now from the values."""
    by_period = results_by_period(programme, periods, under=under)
    below = orgunits.children(under)
    computed = {}
    for period in periods:
        results = by_period[period.pk]
        children = [c for c in below if active_during(c, period)]
        computed[period.pk] = PeriodFigures(
            results=[r.summary() for r in results],
            children=[_kept_row(row) for row in breakdown(results, under, children)],
            tasks=task_progress(programme, period, results, under=under),
        )
    return computed


def refresh_figures(
    programme: Programme,
    periods: list[Period],
    under: OrgUnit,
    stamps: dict[int, figures_cache.Stamp] | None = None,
) -> dict[int, PeriodFigures]:
    """Compute the periods' figures and keep them, stamped with the generations read before (``stamps``,
    when the caller read them already)."""
    if stamps is None:
        stamps, _kept = figures_cache.stamps(p.pk for p in periods)
    computed = compute_figures(programme, periods, under)
    now = timezone.now()
    entries = {}
    for pk, figures in computed.items():
        entries[pk, figures_cache.RESULTS] = figures_cache.Entry(stamps[pk], now, figures.results)
        entries[pk, figures_cache.DETAIL] = figures_cache.Entry(
            stamps[pk], now, (figures.children, figures.tasks)
        )
    figures_cache.store(programme.pk, under.pk, entries)
    return computed


# The background refresh (programmes.tasks registers itself here: selectors do not queue jobs).
_queue_refresh: list[Callable[[int, int, list[int]], None]] = []


def on_refresh_needed(function: Callable[[int, int, list[int]], None]) -> None:
    _queue_refresh[:] = [function]


def _kept_figures(
    programme: Programme, periods: list[Period], under: OrgUnit, detail: Period
) -> dict[int, tuple[figures_cache.Entry, figures_cache.Entry | None]]:
    """The entries kept for these periods: the results of each, and the detail of ``detail`` only."""
    ids = [p.pk for p in periods]
    results = figures_cache.load(programme.pk, under.pk, ids, figures_cache.RESULTS)
    details = figures_cache.load(programme.pk, under.pk, [detail.pk], figures_cache.DETAIL)
    kept: dict[int, tuple[figures_cache.Entry, figures_cache.Entry | None]] = {}
    for pk, entry in results.items():
        more = details.get(pk)
        if pk == detail.pk and (more is None or more.stamp != entry.stamp):
            continue  # the page's own period needs both, computed together
        kept[pk] = (entry, more)
    return kept


def _figures(results: figures_cache.Entry, detail: figures_cache.Entry | None) -> PeriodFigures:
    if detail is None:
        return PeriodFigures(results.figures)
    children, tasks = detail.figures
    return PeriodFigures(results.figures, children, tasks)


def dashboard_figures(
    programme: Programme, periods: list[Period], under: OrgUnit, *, detail: Period
) -> DashboardFigures:
    """The dashboard's figures for these periods (with the drill-down and task groups of ``detail``):
    kept ones while fresh; the others computed in the request when the work is small (units in view ×
    periods to compute ≤ ``DANVAN_DASHBOARD_INLINE_UNIT_PERIODS``), otherwise computed by a background
    job while the page shows the figures last kept (with when they were computed) or none yet."""
    stamps, kept_here = figures_cache.stamps(p.pk for p in periods)
    entries = _kept_figures(programme, periods, under, detail) if kept_here else {}
    fresh = {pk: e for pk, e in entries.items() if e[0].stamp == stamps[pk]}
    todo = [p for p in periods if p.pk not in fresh]
    shown = {pk: _figures(*e) for pk, e in fresh.items()}
    times = [e[0].computed_at for e in fresh.values()]
    refreshing = False
    if todo:
        work = orgunits.subtree_size(under) * len(todo)
        if not kept_here or not _queue_refresh or work <= settings.DANVAN_DASHBOARD_INLINE_UNIT_PERIODS:
            computed = (
                refresh_figures(programme, todo, under, stamps)
                if kept_here
                else compute_figures(programme, todo, under)
            )
            shown.update(computed)
            times.append(timezone.now())
        else:
            refreshing = True
            if figures_cache.claim_refresh(programme.pk, under.pk):
                _queue_refresh[0](programme.pk, under.pk, [p.pk for p in todo])
            for period in todo:  # the last figures kept, older than the data
                if period.pk in entries:
                    shown[period.pk] = _figures(*entries[period.pk])
                    times.append(entries[period.pk][0].computed_at)
    return DashboardFigures(shown, min(times) if times else None, refreshing)


# === SECTION tasks: reads of milestones and narrative progress reports (issue 16) ===


TaskKind = TaskItem.Kind


def task_groups(programme: Programme) -> list[TaskGroup]:
    """The programme's task groups in order, with their responsible units."""
    return list(
        TaskGroup.objects.filter(programme=programme)
        .select_related("programme__root_unit")
        .prefetch_related("responsible")
        .order_by("sort_order", "pk")
    )


def task_group(programme: Programme, pk: int) -> TaskGroup | None:
    return (
        TaskGroup.objects.filter(programme=programme, pk=pk)
        .select_related("programme__root_unit")
        .prefetch_related("responsible")
        .first()
    )


def task_responsible(group: TaskGroup) -> list[OrgUnit]:
    """The units that carry out a task group: those it names, or, naming none, the programme's own
    unit — who reports on it (orgunits.permissions.is_task_unit) and whose progress counts (progress)."""
    return list(group.responsible.all()) or [group.programme.root_unit]


def task_reporting_units(group: TaskGroup, period: Period) -> list[OrgUnit]:
    """The units that report on a task group for a period, in tree order: its responsible units that
    existed during the period."""
    return sorted((u for u in task_responsible(group) if active_during(u, period)), key=lambda u: u.path)


def task_periods(programme: Programme) -> list[Period]:
    """The periods one may report progress for: those of the programme's figures and reporting windows,
    and any period a progress report was written for; oldest first."""
    ids = {p.pk for p in periods_with_figures(programme)} | set(
        TaskReport.objects.filter(task_group__programme=programme).values_list("period", flat=True)
    )
    return list(Period.objects.filter(pk__in=ids).order_by("start"))


def task_reports(programme: Programme, period: Period) -> dict[tuple[int, int], TaskReport]:
    """(task group id, unit id) → the unit's progress report for the period, with its evidence count."""
    from django.db.models import Count

    found = (
        TaskReport.objects.filter(task_group__programme=programme, period=period)
        .select_related("written_by")
        .annotate(evidence_count=Count("evidence"))
    )
    return {(r.task_group_id, r.org_unit_id): r for r in found}


def task_report(group: TaskGroup, unit: OrgUnit, period: Period) -> TaskReport | None:
    return (
        TaskReport.objects.filter(task_group=group, org_unit=unit, period=period)
        .select_related("written_by")
        .first()
    )


def task_evidence(report: TaskReport | None) -> list[TaskEvidence]:
    if report is None:
        return []
    return list(TaskEvidence.objects.filter(report=report).select_related("uploaded_by").order_by("pk"))


def task_evidence_item(pk: int) -> TaskEvidence | None:
    """An evidence file with its report's task group (and programme), unit and period."""
    return (
        TaskEvidence.objects.select_related(
            "report__task_group__programme", "report__org_unit", "report__period"
        )
        .filter(pk=pk)
        .first()
    )


def task_milestones(group: TaskGroup) -> list[TaskItem]:
    return list(
        TaskItem.objects.filter(task_group=group, kind=TaskItem.Kind.MILESTONE).order_by("sort_order", "pk")
    )


def task_item(group: TaskGroup, pk: int) -> TaskItem | None:
    return TaskItem.objects.filter(task_group=group, pk=pk).select_related("task_group").first()


def milestones_done(group: TaskGroup, unit: OrgUnit) -> dict[int, MilestoneDone]:
    """Milestone id → its completion by the unit."""
    found = MilestoneDone.objects.filter(item__task_group=group, org_unit=unit).select_related(
        "item", "recorded_by"
    )
    return {done.item_id: done for done in found}


@dataclass(frozen=True)
class TaskHistoryLine:
    at: dt.datetime
    who: str
    what: str


def task_history(
    report: TaskReport | None, evidence: list[TaskEvidence], done: Iterable[MilestoneDone]
) -> list[TaskHistoryLine]:
    """Who did what when on a unit's progress for a task group, newest first: the report's last save
    (with its version), each evidence file's upload, each milestone's recording."""
    from django.utils.translation import gettext as _

    def name(user: object) -> str:
        return str(getattr(user, "get_username", lambda: "?")()) if user is not None else "?"

    lines: list[TaskHistoryLine] = []
    if report is not None:
        lines.append(
            TaskHistoryLine(
                report.updated_at,
                name(report.written_by),
                _("Lưu báo cáo (phiên bản %(version)s)") % {"version": report.version},
            )
        )
    lines += [
        TaskHistoryLine(e.uploaded_at, name(e.uploaded_by), _("Tải lên “%(name)s”") % {"name": e.name})
        for e in evidence
    ]
    lines += [
        TaskHistoryLine(
            d.recorded_at,
            name(d.recorded_by),
            _("Ghi nhận hoàn thành mốc “%(item)s” ngày %(on)s")
            % {"item": d.item.title, "on": d.done_on.strftime("%d/%m/%Y")},
        )
        for d in done
    ]
    return sorted(lines, key=lambda line: line.at, reverse=True)


# The steps of a report that change what the public sees of its figures (approved or locked ones only):
# a submission alone does not.
PUBLIC_FIGURE_STEPS = (
    SubmissionEvent.Action.APPROVE,
    SubmissionEvent.Action.RETURN,
    SubmissionEvent.Action.LOCK,
    SubmissionEvent.Action.UNLOCK,
    SubmissionEvent.Action.DECISION,
)


def results_last_modified() -> dt.datetime | None:
    """When the public results last changed (the open-data catalogue's date): the newest step that
    approved, locked, unlocked, returned or corrected a report — the newest such event, walking the
    events' index on ``at`` from the end — or the newest change of a report that is approved or locked
    now (one made without the workflow's event: an import, the demo). Programme definitions (targets)
    keep no timestamp."""
    from django.db.models import Max

    stepped = (
        SubmissionEvent.objects.filter(action__in=PUBLIC_FIGURE_STEPS)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    public: dt.datetime | None = Submission.objects.filter(status__in=APPROVED_STATUSES).aggregate(
        at=Max("updated_at")
    )["at"]
    return max((at for at in (stepped, public) if at is not None), default=None)
