"""The public document library: list with filters, a document's page, its files (the JSON API is in
``api.py``)."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from danvan.core import files
from danvan.core.pagination import paginate
from danvan.core.params import bounded_int
from danvan.core.symbols import symbol_slug

from . import selectors
from .models import LegalDocument

PAGE_SIZE = 20


def _filters(request: HttpRequest) -> selectors.Filters:
    def number(name: str) -> int | None:
        return bounded_int(request.GET.get(name), 0, low=0, high=10**9) or None

    status = request.GET.get("status") or None
    raw_type = (request.GET.get("type") or "").strip()
    return selectors.Filters(
        q=" ".join((request.GET.get("q") or "").split())[:200],
        # A kind's code (KH) covers its rows in both systems; a number is one row (older links).
        type_id=number("type") if raw_type.isdigit() else None,
        type_code=raw_type[:20] if raw_type and not raw_type.isdigit() else None,
        issuer_id=number("issuer"),
        year=number("year"),
        field_id=number("field"),
        status=status if status in LegalDocument.Status.values else None,
    )


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = paginate(request, selectors.documents(filters), per_page=PAGE_SIZE)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "documents/document_list.html",
        {
            "page_obj": page,
            "filters": filters,
            "base_query": params.urlencode(),
            **selectors.filter_choices(),
        },
    )


@require_safe
def document_detail(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    document = selectors.document_detail(pk)
    if document is None:
        raise Http404
    if slug != symbol_slug(document.symbol):
        return redirect(document, permanent=True)
    return render(request, "documents/document_detail.html", {"document": document})


@require_safe
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The attached file under its original Vietnamese name (Django writes filename*=UTF-8''… per
    RFC 5987, and an ASCII fallback)."""
    attached = selectors.attached_file(pk)
    if attached is None:
        raise Http404
    return files.download(attached.file, kind=attached.kind, name=attached.original_name)
