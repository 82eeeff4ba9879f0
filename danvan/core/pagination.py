from typing import Any

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest

from danvan.core.params import bounded_int


def paginate(request: HttpRequest, items: Any, *, per_page: int) -> PaginatorPage[Any]:
    """The requested page of `items`.

    Anything that is not a positive whole number (``abc``, ``-1``, ``1e3``) gives the first page;
    a number past the last page is a 404, so that crawlers do not index endless empty pages.
    """
    number = bounded_int(request.GET.get("page"), 1, low=1, high=10**6)
    paginator = Paginator(items, per_page, allow_empty_first_page=True)
    if number > paginator.num_pages:
        raise Http404
    return paginator.page(number)
