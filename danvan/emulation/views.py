"""Public gallery and API of “Dân vận khéo” models (issue 16).

Identical for every anonymous visitor (the page cache keeps them; ``services.index_model`` retires
them when a model changes). Only recognised, published models are shown (``selectors.PUBLIC_STATUSES``);
never the evidence files (private) nor who registered or scored a model. The search box sends the
words to the site search, limited to models (accent folding is the search's).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from danvan.core.pagination import paginate
from danvan.core.params import bounded_int

from . import selectors, services
from .models import ModelField, ModelStatus, SkilfulModel

PAGE_SIZE = 12
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 50
MIN_YEAR, MAX_YEAR = 1900, 2999


def _year(raw: str) -> int | None:
    """A year typed in ASCII digits within bounds, else None."""
    raw = raw.strip()
    if raw.isascii() and raw.isdigit() and len(raw) == 4 and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return None


@require_safe
def skilful_model_list(request: HttpRequest) -> HttpResponse:
    choices = selectors.gallery_choices()
    field = request.GET.get("field", "")
    field = field if field in ModelField.values else ""
    unit = request.GET.get("unit", "")
    unit = unit if any(code == unit for code, _name, _to in choices["units"]) else ""
    level = request.GET.get("level", "")
    level = level if any(code == level for code, _name in choices["levels"]) else ""
    year = _year(request.GET.get("year", ""))
    filters = selectors.GalleryFilters(field=field, unit_code=unit, year=year, level_code=level)
    page = paginate(request, selectors.with_photos(selectors.public_models(filters)), per_page=PAGE_SIZE)
    for model in page.object_list:
        model.public_url = services.model_url(model)
    query = {k: v for k, v in (("field", field), ("unit", unit), ("year", year or ""), ("level", level)) if v}
    return render(
        request,
        "emulation/public/model_list.html",
        {
            "page_obj": page,
            "base_query": urlencode(query),
            "fields": ModelField.choices,
            "field": field,
            "unit": unit,
            "level": level,
            "year": year,
            **choices,
        },
    )


@require_safe
def skilful_model_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    model = selectors.public_model(pk)
    if model is None:
        raise Http404
    right = services.model_slug(model)
    if slug != right:
        return redirect(services.model_url(model), permanent=True)
    return render(
        request,
        "emulation/public/model_detail.html",
        {"model": model, "photos": list(model.photos.all()), "decision": selectors.decision_document(model)},
    )


def _bad(message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})


def _as_json(request: HttpRequest, model: SkilfulModel) -> dict[str, Any]:
    return {
        "title": model.title,
        "unit_code": model.unit.code,
        "unit_name": model.unit.name,
        "field": model.field,
        "year": model.year,
        "status": model.status,
        "url": request.build_absolute_uri(services.model_url(model)),
    }


@require_safe
def skilful_model_api(request: HttpRequest) -> JsonResponse:
    """``/api/v1/skilful-models/?year=&unit=&field=&page=&page_size=``: the public (recognised)
    models. A malformed parameter is a 400 with a Vietnamese message; an unknown unit code, like an
    unknown issuer in /api/v1/documents/, gives an empty list."""
    raw_year = request.GET.get("year", "").strip()
    year = _year(raw_year) if raw_year else None
    if raw_year and year is None:
        return _bad(_("Năm không hợp lệ: cần bốn chữ số, ví dụ 2023."))
    field = request.GET.get("field", "").strip()
    if field and field not in ModelField.values:
        return _bad(
            _("Lĩnh vực không hợp lệ. Các giá trị được dùng: %(values)s.")
            % {"values": ", ".join(ModelField.values)}
        )
    unit = request.GET.get("unit", "").strip()
    if len(unit) > 40:
        return _bad(_("Mã đơn vị quá dài."))
    status = request.GET.get("status", "").strip()
    if status and status not in ModelStatus.values:
        return _bad(_("Trạng thái không hợp lệ."))
    raw_page, raw_size = request.GET.get("page", ""), request.GET.get("page_size", "")
    page = bounded_int(raw_page, 0, low=1, high=10**6)
    page_size = bounded_int(raw_size, 0, low=1, high=API_MAX_PAGE_SIZE)
    if raw_page and not page:
        return _bad(_("Số trang không hợp lệ: cần một số nguyên dương."))
    if raw_size and not page_size:
        return _bad(_("Cỡ trang không hợp lệ: cần một số nguyên từ 1 đến %(n)d.") % {"n": API_MAX_PAGE_SIZE})
    page, page_size = page or 1, page_size or API_PAGE_SIZE
    filters = selectors.GalleryFilters(field=field, unit_code=unit, year=year)
    qs = selectors.public_models(filters)
    if status:
        qs = qs.filter(status=status)  # only public statuses exist in qs: another one is empty
    count = qs.count()
    items = list(qs[(page - 1) * page_size : page * page_size])
    return JsonResponse(
        {"count": count, "results": [_as_json(request, m) for m in items]},
        json_dumps_params={"ensure_ascii": False},
    )


urlpatterns: list[URLPattern] = [
    path("dan-van-kheo/", skilful_model_list, name="skilful_model_list"),
    path("dan-van-kheo/<int:pk>-<slug:slug>/", skilful_model_detail, name="skilful_model_detail"),
    path("api/v1/skilful-models/", skilful_model_api, name="skilful_model_api"),
]
