"""HTTP for search: the results page (the JSON API is in api.py). Rules live in query.py and selectors.py."""

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from wagtail.models import Page

from danvan.core import frontcache
from danvan.core import selectors as core
from danvan.core.dates import parse_date
from danvan.core.params import bounded_int
from danvan.core.ratelimit import rate_limited

from . import selectors
from .models import SearchDocument
from .query import parse

PAGE_SIZE = 10
MAX_PAGE_SIZE = 50


def _options(request: HttpRequest) -> dict[str, Any]:
    kind = request.GET.get("type") or None
    return {
        "kind": kind if kind in SearchDocument.Kind.values else None,
        "category_id": bounded_int(request.GET.get("category"), 0, low=0, high=10**9) or None,
        "date_from": parse_date(request.GET.get("from")),
        "date_to": parse_date(request.GET.get("to")),
    }


def _home(request: HttpRequest) -> Page:
    """The home page in the address's language (/en/search/ searches the English pages)."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    home = core.home_for(request, language)
    if home is None:
        raise Http404
    return home


def root_path(request: HttpRequest) -> str:
    """The tree path of the site searched: the home page in the address's language (Vietnamese under
    /api/v1/, whose addresses carry no language)."""
    path: str = _home(request).path
    return path


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_safe
# Counted only when the page is not in the anonymous page cache (a hit never reaches the view): a
# repeated search costs nothing, a flood of different ones is refused. A 429 is never cached.
@rate_limited("search_page")
def search_page(request: HttpRequest) -> HttpResponse:
    query = parse(request.GET.get("q"))
    page = bounded_int(request.GET.get("page"), 1, low=1, high=10**6)
    options = _options(request)
    frontcache.tag(frontcache.EVERY_PAGE)  # results may change with any publish (decision 0027)
    results = selectors.search(
        query, root_path=root_path(request), offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, **options
    )
    pages = max(1, -(-results.count // PAGE_SIZE))
    if page > pages:
        raise Http404
    from danvan.portal.selectors import categories

    home = _home(request)
    context = {
        "query": query,
        "results": results,
        "page_number": page,
        "first_number": (page - 1) * PAGE_SIZE + 1,
        "num_pages": pages,
        "options": options,
        "kinds": SearchDocument.Kind.choices,
        "categories": categories(home=home),
        # Keeps the query and its filters on the pagination links.
        "base_query": _without_page(request),
    }
    return render(request, "search/search_page.html", context)
