"""Public gallery of “Dân vận khéo” models (issue 16); their JSON API is in ``api.py``.

Identical for every anonymous visitor (the page cache keeps them; ``services.index_model`` retires
them when a model changes). Only recognised, published models are shown (``selectors.PUBLIC_STATUSES``);
never the evidence files (private) nor who registered or scored a model. The search box sends the
words to the site search, limited to models (accent folding is the search's).
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from danvan.core.pagination import paginate

from . import selectors, services
from .models import ModelField

PAGE_SIZE = 12
MIN_YEAR, MAX_YEAR = 1900, 2999


def parse_year(raw: str) -> int | None:
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
    year = parse_year(request.GET.get("year", ""))
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


urlpatterns: list[URLPattern] = [
    path("dan-van-kheo/", skilful_model_list, name="skilful_model_list"),
    path("dan-van-kheo/<int:pk>-<slug:slug>/", skilful_model_detail, name="skilful_model_detail"),
]
