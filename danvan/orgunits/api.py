"""JSON `/api/v1/org-units/`: the unit tree as a flat list, with validity and successors, in pages.

Filters: `?on=YYYY-MM-DD` (units active that day; default all), `?parent=CODE` (its direct
children), `?level=CODE`, `?type=CODE`. An unknown code or a bad date is a 400 saying which.
Pages (docs/api-org-units.md): `?page=` (from 1) and `?page_size=` (1–1,000, default 100); the answer
gives the total `count`, `page`, `page_size` and the absolute `next`/`previous` URLs (null at either
end). A page or size that is not such a whole number is a 400; a page past the last one a 404.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danvan.core.dates import ISO_ONLY, parse_date

from . import selectors

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_DIGITS = 7  # no page of a real tree has more: longer input is refused, not parsed


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _whole(raw: str, high: int) -> int | None:
    """A whole number from 1 to ``high`` typed in ASCII digits ("０", "²", "1e3", "-1" are not)."""
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS and 1 <= int(raw) <= high:
        return int(raw)
    return None


def _page_url(request: HttpRequest, page: int) -> str:
    """This request's URL (its filters and page size kept) for another page."""
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


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
    raw_page, raw_size = request.GET.get("page", "").strip(), request.GET.get("page_size", "").strip()
    page = _whole(raw_page, 10**MAX_DIGITS) if raw_page else 1
    if page is None:
        return _error(
            _("Số trang “%(p)s” không hợp lệ: cần một số nguyên dương, ví dụ 2.") % {"p": raw_page[:20]}
        )
    page_size = _whole(raw_size, MAX_PAGE_SIZE) if raw_size else PAGE_SIZE
    if page_size is None:
        return _error(
            _("Cỡ trang “%(s)s” không hợp lệ: cần một số nguyên từ 1 đến %(n)s.")
            % {"s": raw_size[:20], "n": MAX_PAGE_SIZE}
        )
    count = selectors.unit_count(on=on, parent=parent, level=level or None, org_type=org_type or None)
    pages = max(1, -(-count // page_size))
    if page > pages:
        return _error(
            _("Không có trang %(p)s: với cỡ trang %(s)s chỉ có %(n)s trang.")
            % {"p": page, "s": page_size, "n": pages},
            status=404,
        )
    rows = selectors.unit_rows(
        on=on,
        parent=parent,
        level=level or None,
        org_type=org_type or None,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    return JsonResponse(
        {
            "count": count,
            "page": page,
            "page_size": page_size,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, page - 1) if page > 1 else None,
            "results": rows,
        },
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns: list[URLPattern] = [
    path("api/v1/org-units/", org_unit_list, name="org_unit_api"),
]
