"""Reads of the document library: filtered lists, one document with what surrounds it."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Q, QuerySet

from danvan.core import frontcache
from danvan.core.symbols import symbol_key
from danvan.core.text import words

from .models import DocumentFile, DocumentType, Field, Issuer, LegalDocument


@dataclass(frozen=True)
class Filters:
    q: str = ""
    type_id: int | None = None
    type_code: str | None = None  # a kind (KH): the party's and the state's rows of that kind together
    issuer_id: int | None = None
    year: int | None = None
    field_id: int | None = None
    status: str | None = None


def documents(filters: Filters) -> QuerySet[LegalDocument]:
    """Every filter narrows (they combine with AND); a query equal to a symbol finds that document."""
    qs = LegalDocument.objects.select_related("type", "issuer", "field", "replaces")
    if filters.type_id:
        qs = qs.filter(type_id=filters.type_id)
    if filters.type_code:
        qs = qs.filter(type__code=filters.type_code)
    if filters.issuer_id:
        qs = qs.filter(issuer_id=filters.issuer_id)
    if filters.year:
        # A year no date can have (409382) matches nothing: the database is not asked about it.
        qs = qs.filter(issued_on__year=filters.year) if filters.year <= dt.MAXYEAR else qs.none()
    if filters.field_id:
        qs = qs.filter(field_id=filters.field_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        key = symbol_key(filters.q)
        found = words(filters.q)
        text = Q()
        for word in found[:8]:
            text &= Q(folded_text__contains=f" {word} ")
        by_symbol = Q(symbol_key__startswith=key) if key and any(c.isdigit() for c in key) else Q(pk__in=[])
        qs = qs.filter(by_symbol | (text if found else Q(pk__in=[])))
    return qs.order_by("-issued_on", "-id")


@dataclass(frozen=True)
class DocumentKind:
    code: str
    name: str


def document_kinds() -> list[DocumentKind]:
    """Each kind of document once, by name. The party's and the state's systems each have a row for
    the kinds both use (Kế hoạch — KH): listing rows showed those kinds twice."""
    kinds: dict[str, DocumentKind] = {}
    for code, name in DocumentType.objects.order_by("name", "code", "system").values_list("code", "name"):
        kinds.setdefault(code, DocumentKind(code=code, name=name))
    return list(kinds.values())


def filter_choices() -> dict[str, Any]:
    years = LegalDocument.objects.dates("issued_on", "year", order="DESC")
    return {
        "types": document_kinds(),
        "issuers": list(Issuer.objects.all()),
        "fields": list(Field.objects.all()),
        "years": [d.year for d in years],
        "statuses": LegalDocument.Status.choices,
    }


def document_detail(pk: int) -> LegalDocument | None:
    document = (
        LegalDocument.objects.select_related("type", "issuer", "field", "replaces")
        .prefetch_related("replaced_by", "amends", "amended_by", "related_articles", "files")
        .filter(pk=pk)
        .first()
    )
    if document is not None:  # its page links these articles: their change retires it at the front
        frontcache.tag_pages(document.related_articles.all())
    return document


def document_exists(pk: int) -> bool:
    """Every document of the library is public: it exists or not."""
    return LegalDocument.objects.filter(pk=pk).exists()


def document_by_symbol(symbol: str) -> LegalDocument | None:
    return LegalDocument.objects.filter(symbol=symbol).first()


def issuer_by_code(code: str) -> Issuer | None:
    return Issuer.objects.filter(code=code).first()


def published_summary(
    codes: tuple[str, ...] | None, *, latest: int
) -> tuple[int, dt.datetime | None, list[tuple[str, str, dt.datetime | None]]]:
    """How many documents (of the kinds ``codes``, or all), when the last was posted, and the
    ``latest`` newest as (title, url, posted)."""
    rows: QuerySet[LegalDocument] = LegalDocument.objects.select_related("type")
    if codes is not None:
        rows = rows.filter(type__code__in=codes)
    last = rows.aggregate(last=Max("published_at"))["last"]
    newest: list[tuple[str, str, dt.datetime | None]] = [
        (f"{d.type.name} {d.symbol}: {d.title}", d.get_absolute_url(), d.published_at)
        for d in rows.order_by("-published_at", "-id")[:latest]
    ]
    return rows.count(), last, newest


def documents_to_index() -> QuerySet[LegalDocument]:
    """Every document, with what the search index reads of it."""
    return LegalDocument.objects.select_related("type", "issuer").prefetch_related("files")


def type_code_like(code: str) -> str | None:
    """The kind's code as stored ("CTr"), matched without regard to case; None if there is none."""
    return DocumentType.objects.filter(code__iexact=code).values_list("code", flat=True).first()


def issuer_id_like(code: str) -> int | None:
    """The issuer whose code is ``code`` without regard to case ("hu" → Huyện ủy), or None."""
    return Issuer.objects.filter(code__iexact=code).values_list("pk", flat=True).first()


def attached_file(pk: int) -> DocumentFile | None:
    return DocumentFile.objects.filter(pk=pk).first()


DECISION_CODES = ("QĐ",)  # the kind "Quyết định", the party's and the state's rows alike


def decisions() -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(type__code__in=DECISION_CODES).select_related("type", "issuer")


def recent_decisions(search: str = "", *, limit: int = 50) -> list[LegalDocument]:
    """The newest ``limit`` decisions of the library (newest issued first), those whose symbol,
    title, abstract or signer hold every word of ``search`` (folded: no accents, đ → d; a word
    matches the start of a word: "cong nhan" finds "công nhận")."""
    qs = decisions()
    for word in words(search)[:8]:
        qs = qs.filter(folded_text__contains=f" {word}")
    return list(qs.order_by("-issued_on", "-id")[:limit])


def decision_by_pk(pk: int) -> LegalDocument | None:
    """The decision ``pk`` of the library, or None (another kind of document is not a decision)."""
    return decisions().filter(pk=pk).first()


def has_decisions() -> bool:
    return decisions().exists()
