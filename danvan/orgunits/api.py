"""JSON `/api/v1/org-units/`: the unit tree as a flat list, with validity and successors.

Filters: `?on=YYYY-MM-DD` (units active that day; default all), `?parent=CODE` (its direct
children), `?level=CODE`, `?type=CODE`. An unknown code or a bad date is a 400 saying which.
"""

import datetime as dt

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danvan.core.dates import ISO_ONLY, parse_date

from . import selectors


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@require_safe
def org_unit_list(request: HttpRequest) -> JsonResponse:
    raw_on = request.GET.get("on", "").strip()
    on = None
    if raw_on:
        on = parse_date(raw_on, ISO_ONLY)
        if on is None:
            return _error(
                _("Ngày “%(d)s” không hợp lệ: hãy ghi theo dạng năm-tháng-ngày, ví dụ 2023-12-31.")
                % {"d": raw_on}
            )
    parent_code = request.GET.get("parent", "").strip()
    parent = selectors.unit_by_code(parent_code) if parent_code else None
    if parent_code and parent is None:
        return _error(_("Không có đơn vị mã “%(c)s”.") % {"c": parent_code})
    level = request.GET.get("level", "").strip()
    if level and not selectors.level_exists(level):
        return _error(_("Không có cấp mã “%(c)s”.") % {"c": level})
    org_type = request.GET.get("type", "").strip()
    if org_type and not selectors.org_type_exists(org_type):
        return _error(_("Không có loại tổ chức mã “%(c)s”.") % {"c": org_type})
    rows = selectors.unit_rows(on=on, parent=parent, level=level or None, org_type=org_type or None)
    return JsonResponse(
        {
            "count": len(rows),
            "results": [
                {
                    "code": row.code,
                    "name": row.name,
                    "parent": row.parent,
                    "level": row.level,
                    "type": row.type,
                    "valid_from": _iso(row.valid_from),
                    "valid_to": _iso(row.valid_to),
                    "path": row.path,
                    "successors": row.successors,
                }
                for row in rows
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns: list[URLPattern] = [
    path("api/v1/org-units/", org_unit_list, name="org_unit_api"),
]
