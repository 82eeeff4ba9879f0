"""The programme dashboard in the admin: each target's aggregate, met or not, units meeting it,
reporting completeness, the trend over periods, and drill-down along the unit tree.

Every chart has a table beside it with the same numbers; "met" is written in words and a symbol,
never colour alone. The page makes the same number of queries for 10 units as for 300.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from danvan.core.hooks import register
from danvan.core.numbers import count_vi
from danvan.core.pagination import paginate
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits
from danvan.programmes import selectors

from . import exports

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit
    from danvan.programmes.models import Period, Programme

PERMISSION = "programmes.view_programme"
CHILDREN_PER_PAGE = 100


def may_use(user: Any) -> bool:
    """The screens of figures: the permission, and a unit to see (an editor without one sees none)."""
    return bool(user.has_perm(PERMISSION) and permissions.has_units(user))


def _check(request: HttpRequest) -> None:
    if not may_use(request.user):
        raise PermissionDenied


def refused(request: HttpRequest, message: str) -> HttpResponse:
    """403 with the reason in words, and no figure."""
    return TemplateResponse(request, "reports/forbidden.html", {"message": message}, status=403)


def outside_message(unit: OrgUnit) -> str:
    return _(
        "Bạn không có quyền xem số liệu của %(unit)s: mỗi người chỉ xem số liệu của đơn vị mình "
        "và các đơn vị trực thuộc."
    ) % {"unit": unit.name}


def unit_in_view(user: Any, programme: Programme, code: str) -> OrgUnit:
    """The unit whose figures are asked for: ``code`` (blank: the programme's unit, or the user's own
    unit in it when they do not see the whole programme). Http404 when the code is not in the
    programme, PermissionDenied (with the Vietnamese reason) when the user may not see it."""
    if not code:
        found = permissions.default_unit(user, programme.root_unit)
        if found is None:
            raise PermissionDenied(outside_message(programme.root_unit))
        return found
    unit = orgunits.unit_by_code(code, within=programme.root_unit)
    if unit is None:
        raise Http404
    if not permissions.can_view(user, unit):
        raise PermissionDenied(outside_message(unit))
    return unit


def programme_index(request: HttpRequest) -> HttpResponse:
    _check(request)
    programmes = [p for p in selectors.programmes() if permissions.sees_any_of(request.user, p.root_unit)]
    return TemplateResponse(request, "reports/admin/index.html", {"programmes": programmes})


def _periods(programme: Programme) -> list[Period]:
    """The periods with figures or a reporting window for this programme, oldest first."""
    return selectors.periods_with_figures(programme)


def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    _check(request)
    programme = selectors.programme(pk)
    if programme is None:
        raise Http404
    try:
        under = unit_in_view(request.user, programme, request.GET.get("unit", "").strip())
    except PermissionDenied as denied:
        return refused(request, str(denied))
    top = permissions.default_unit(request.user, programme.root_unit) or under
    periods = _periods(programme)
    if not periods:
        return TemplateResponse(
            request, "reports/admin/dashboard.html", {"programme": programme, "periods": []}
        )
    wanted = request.GET.get("period") or str(programme.year)
    period = next((p for p in periods if p.code == wanted), periods[-1])
    # The trend: the same kind of period (yearly with yearly…), up to the one looked at.
    trend_periods = [p for p in periods if p.period_type == period.period_type and p.start <= period.start][
        -12:
    ]
    figures = selectors.dashboard_figures(programme, trend_periods, under, detail=period)
    current = figures.periods.get(period.pk)
    statuses = selectors.status_counts(programme, period, under)
    ancestors: list[OrgUnit] = []
    node: OrgUnit | None = under
    while node is not None and node.path.startswith(top.path):  # no link above what the user sees
        ancestors.insert(0, node)
        node = node.parent
    context: dict[str, Any] = {
        "programme": programme,
        "periods": periods,
        "period": period,
        "under": under,
        "ancestors": ancestors,
        "trend_periods": trend_periods,
        "computed_at": figures.computed_at,
        "refreshing": figures.refreshing,
        "statuses": [(s.label, statuses.get(s.value, 0)) for s in selectors.Status],
        "reports_total": sum(statuses.values()),
        "reports_done": statuses.get("locked", 0) + statuses.get("approved", 0),
        "structure_today": request.GET.get("structure") == "today",
    }
    if current is None:  # computed in the background: the page says so and reloads itself
        return TemplateResponse(request, "reports/admin/dashboard.html", context)
    trend = [figures.periods[p.pk].results if p.pk in figures.periods else [] for p in trend_periods]
    context.update(
        {
            "figures": current,
            "rows": [_row(r, trend) for r in current.results],
            # A page of child units at a time: the nation's 3,321 communes are not one table.
            "children": paginate(request, current.children, per_page=CHILDREN_PER_PAGE),
            "targets": [r.target for r in current.results],
            "unapproved": any(r.has_unapproved for r in current.results),
        }
    )
    # The task groups' progress from the same results (decision 0021); rows only for units the user sees.
    context["task_groups"] = _task_groups(current.tasks, permissions.visible_paths(request.user))
    if context["structure_today"]:
        # Re-attributed unit by unit: computed from every unit's figures of the period, in the request.
        results = selectors.programme_results(programme, period, under=under)
        context["today_rows"] = [
            (
                row.unit,
                [(selectors.shown_vi(v) if v is not None else "—", met) for _n, _d, v, met in row.cells],
            )
            for row in selectors.in_today_structure(results)
        ]
    return TemplateResponse(request, "reports/admin/dashboard.html", context)


def _task_groups(groups: list[selectors.GroupProgress], paths: list[str] | None) -> list[dict[str, Any]]:
    """What the section "Tiến độ các nhóm nhiệm vụ" shows: each group's total with its bar, each item
    (kind, weight, what it was computed from, progress) and each responsible unit's row."""
    shown = []
    for number, group in enumerate(groups, start=1):
        units = [u for u in group.units if permissions.covers(paths, u.unit)]
        shown.append(
            {
                "number": number,
                "group": group.group,
                "progress": group.progress,
                "shown": selectors.shown_vi(group.progress),
                "bar": None if group.progress is None else float(group.progress),
                "has_items": group.has_items,
                "weight_total": group.weight_total,
                "items": [_task_item(p, one_unit=False) for p in group.items],
                "units": [
                    {
                        "unit": unit.unit,
                        "shown": selectors.shown_vi(unit.progress),
                        "cells": [_task_item(p, one_unit=True) for p in unit.items],
                    }
                    for unit in units
                ],
            }
        )
    return shown


def _task_item(progress: selectors.ItemProgress, *, one_unit: bool) -> dict[str, Any]:
    if progress.is_target:
        state = "none" if progress.no_figures else "met" if progress.met else "missed"
    else:
        done = progress.done_units == progress.total_units
        state = "met" if done else "overdue" if progress.overdue else "pending"
    return {
        "label": progress.label,
        "kind": exports.kind_label(progress),
        "weight": progress.weight,
        "basis": exports.item_basis(progress, one_unit=one_unit),
        "shown": selectors.shown_vi(progress.progress),
        "state": state,
    }


def _row(result: selectors.TargetResult, trend: list[list[selectors.TargetResult]]) -> dict[str, Any]:
    target = result.target
    values = []
    for results in trend:
        same = next((r for r in results if r.target.pk == target.pk), None)
        values.append(same.aggregate if same else None)
    return {
        "result": result,
        "target_text": target_text(result),
        "shown": selectors.shown_vi(result.aggregate),
        "numerator": count_vi(result.numerator),
        "denominator": count_vi(result.denominator),
        "bar": _bar(result.aggregate, target.value),
        "trend": [selectors.shown_vi(v) for v in values],
        "spark": _spark(values),
    }


def target_text(result: selectors.TargetResult) -> str:
    target = result.target
    sign = ">" if target.comparator == ">" else "≥"
    text = f"{sign} {selectors.shown_vi(target.value).rstrip('0').rstrip(',')}%"
    if target.max_weak_units is not None:
        text += ", " + _("không có đơn vị yếu kém") if target.max_weak_units == 0 else ""
    if target.aspirational:
        text += " — " + _("phấn đấu")
    return text


def _bar(value: Decimal | None, target: Decimal) -> dict[str, float] | None:
    """Widths (in % of the bar) of the value and of the target's mark, both out of 100 %."""
    if value is None:
        return None
    return {"value": float(min(value, Decimal(100))), "target": float(min(target, Decimal(100)))}


def _spark(values: list[Decimal | None]) -> str:
    """An SVG polyline's points for the trend (x: period index, y: 0–100 % upside down)."""
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return ""
    step = 100 / (len(values) - 1)
    return " ".join(f"{i * step:.1f},{100 - float(min(v, Decimal(100))):.1f}" for i, v in known)


@register("register_admin_urls")
def _urls() -> list[URLPattern]:
    return [
        path("chuong-trinh/", programme_index, name="programmes_index"),
        path("chuong-trinh/<int:pk>/tong-quan/", dashboard, name="programmes_dashboard"),
    ]


class ProgrammeMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_use(request.user)


@register("register_admin_menu_item")
def _menu() -> MenuItem:
    return ProgrammeMenuItem(
        gettext_lazy("Kết quả chương trình"), reverse("programmes_index"), icon_name="table", order=250
    )
