"""JSON: programmes, their results per period, data element codes (read-only, public figures).

The public (anonymous callers, and users who do not belong to the unit asked about) gets results
from approved or locked reports only, and the JSON says so ("figures": "approved_only"). A user who
sees the unit (orgunits.permissions.can_view) gets every figure, each unit's status beside it and
"figures": "all", so that they can tell a locked figure from one still being entered.
"""

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import selectors
from .models import parse_period


def _number(value: Decimal | None) -> str | None:
    """Exact values as strings ("80.004…" stays exact; JSON floats would round)."""
    return None if value is None else format(value.normalize(), "f")


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def programme_list(request: HttpRequest) -> JsonResponse:
    programmes = selectors.programmes()
    return JsonResponse(
        {
            "count": len(programmes),
            "results": [
                {
                    "id": p.pk,
                    "code": p.code,
                    "title": p.title,
                    "year": p.year,
                    "issued_on": p.issued_on.isoformat(),
                }
                for p in programmes
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def result_json(result: selectors.TargetResult) -> dict[str, Any]:
    target, indicator = result.target, result.indicator
    return {
        "key": result.key,
        "indicator": indicator.key,
        "name": indicator.name,
        "kind": indicator.kind,
        "scope": target.scope.code if target.scope else None,
        "comparator": target.comparator,
        "target": _number(target.value),
        "aspirational": target.aspirational,
        "numerator": indicator.numerator.code if indicator.numerator else None,
        "denominator": indicator.denominator.code if indicator.denominator else None,
        "rating_element": indicator.rating_element.code if indicator.rating_element else None,
        # The shape: "aggregate" is the exact rate (a string, so no float rounding).
        "aggregate": _number(result.aggregate),
        "shown": selectors.shown(result.aggregate),
        "met": result.met,
        "totals": {"numerator": _number(result.numerator), "denominator": _number(result.denominator)},
        "weak_units": result.weak_units,
        "units_reporting": result.units_reporting,
        "units_meeting": result.units_meeting,
        "units": [
            {
                "unit_code": u.unit.code,
                "unit_name": u.unit.name,
                "status": u.status,
                "numerator": _number(u.numerator),
                "denominator": _number(u.denominator),
                "value": _number(u.value),
                "met": u.met,
            }
            for u in result.units
        ],
    }


@require_safe
def programme_results(request: HttpRequest, pk: int) -> JsonResponse:
    programme = selectors.programme(pk)
    if programme is None:
        return _error(_("Không có chương trình này."), status=404)
    code = request.GET.get("period") or str(programme.year)
    try:
        parse_period(code)
    except ValidationError as error:
        return _error(" ".join(error.messages))
    period = selectors.period_by_code(code)
    under = None
    if request.GET.get("unit"):
        under = orgunits.unit_by_code(request.GET["unit"])
        if under is None or not under.path.startswith(programme.root_unit.path):
            return _error(_("Đơn vị không thuộc phạm vi của chương trình."))
    # Unapproved figures only for who sees the unit; Vary: Cookie — the answer depends on the session.
    approved_only = not permissions.can_view(request.user, under or programme.root_unit)
    results = (
        selectors.programme_results(programme, period, under=under, approved_only=approved_only)
        if period
        else []
    )
    indicators = [result_json(r) for r in results]
    structure = request.GET.get("structure", "reported")
    if structure not in ("reported", "today"):
        return _error(
            _("Tham số structure chỉ nhận “reported” (đơn vị khi báo cáo) hoặc “today” (đơn vị hiện nay).")
        )
    if structure == "today":
        # The period's counts re-attributed to today's units (merged communes…), then divided.
        rows = selectors.in_today_structure(results)
        for index, indicator in enumerate(indicators):
            indicator["units"] = [
                {
                    "unit_code": row.unit.code,
                    "unit_name": row.unit.name,
                    "status": None,
                    "numerator": _number(row.cells[index][0]),
                    "denominator": _number(row.cells[index][1]),
                    "value": _number(row.cells[index][2]),
                    "met": row.cells[index][3],
                }
                for row in rows
                if row.cells[index][1]
            ]
    if approved_only:
        figures, note = "approved_only", _("Chỉ gồm số liệu đã được duyệt hoặc đã khóa.")
    else:
        figures = "all"
        note = _(
            "Gồm cả số liệu chưa được duyệt: xem trạng thái (status) của từng đơn vị; "
            "số liệu công khai chỉ gồm báo cáo đã duyệt hoặc đã khóa."
        )
    response = JsonResponse(
        {
            "programme": {"id": programme.pk, "code": programme.code, "title": programme.title},
            "period": code,
            "unit": (under or programme.root_unit).code,
            "structure": structure,
            "figures": figures,
            "note": note,
            "indicators": indicators,
        },
        json_dumps_params={"ensure_ascii": False},
    )
    patch_vary_headers(response, ["Cookie"])
    if not approved_only:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def data_element_list(request: HttpRequest) -> JsonResponse:
    elements = selectors.data_elements()
    return JsonResponse(
        {
            "count": len(elements),
            "results": [{"code": e.code, "name": e.name, "value_type": e.value_type} for e in elements],
        },
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns: list[URLPattern] = [
    path("api/v1/programmes/", programme_list, name="programme_api"),
    path("api/v1/programmes/<int:pk>/results/", programme_results, name="programme_results_api"),
    path("api/v1/data-elements/", data_element_list, name="data_element_api"),
]
