from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest

MAX_PAGE_DIGITS = 6


def paginate(request: HttpRequest, items: Any, *, per_page: int) -> PaginatorPage:
    """The requested page of `items`.

    Anything that is not a positive whole number (``abc``, ``-1``, ``1e3``) gives the first page;
    a number past the last page is a 404, so that crawlers do not index endless empty pages.
    """
    raw = request.GET.get("page", "1")
    number = int(raw) if raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS else 1
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    if number < 1:
        number = 1
    if number > paginator.num_pages:
        raise Http404
    return paginator.page(number)
