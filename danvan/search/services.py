"""Writes to the search index."""

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.html import strip_tags
from wagtail.models import Page

from danvan.core import registry
from danvan.core.dates import VIETNAM
from danvan.core.text import normalise, token_string

from .models import SearchDocument

TAG = re.compile(r"</?(p|h[1-6]|li|ul|ol|br|div|blockquote)\b[^>]*>", re.IGNORECASE)  # block edges → spaces
INDEXED_TYPES = {"articlepage": SearchDocument.Kind.ARTICLE, "standardpage": SearchDocument.Kind.PAGE}


def _plain_text(page: Any) -> str:
    body: Any = getattr(page, "body", "")
    if hasattr(body, "render_as_block"):  # StreamField: the text of its paragraphs and captions
        parts: list[str] = []
        for block in body:
            value = block.value
            if block.block_type == "paragraph":
                html = str(value.source if hasattr(value, "source") else value)
                parts.append(strip_tags(TAG.sub(" ", html)))
            elif block.block_type == "image":
                parts.append(value.get("caption", ""))
            elif block.block_type == "quote":
                parts.append(f"{value.get('text', '')} {value.get('source', '')}")
        text = " ".join(parts)
    else:
        text = strip_tags(TAG.sub(" ", str(body or "")))
    return " ".join(normalise(text).split())


def text_fields(*, title: str, lead: str, body: str) -> dict[str, str]:
    """The stored text of a document: the original (NFC) and its words, folded and exact."""
    title, lead, body = normalise(title), normalise(lead), normalise(body)
    return {
        "title": title,
        "lead": lead,
        "body": body,
        "folded_title": token_string(title),
        "exact_title": token_string(title, folded=False),
        "folded_lead": token_string(lead),
        "exact_lead": token_string(lead, folded=False),
        "folded_body": token_string(body),
    }


@transaction.atomic
def index_page(*, page: Page) -> SearchDocument | None:
    """Add or refresh a live, public page; anything else is removed from the index."""
    specific = page.specific
    kind = INDEXED_TYPES.get(type(specific).__name__.lower())
    if kind is None or not specific.live or specific.get_view_restrictions().exists():
        remove_page(page_id=page.pk)
        return None
    title = normalise(specific.title)
    lead = normalise(getattr(specific, "lead", "") or getattr(specific, "search_description", "") or "")
    body = _plain_text(specific)
    parent = specific.get_parent()
    document, _ = SearchDocument.objects.update_or_create(
        page_id=specific.pk,
        defaults={
            "kind": kind,
            "path": specific.path,
            "category_id": parent.pk if kind == SearchDocument.Kind.ARTICLE and parent else None,
            "date": getattr(specific, "date", None) or specific.first_published_at,
            **text_fields(title=title, lead=lead, body=body),
        },
    )
    return document


@transaction.atomic
def index_document(*, document: Any) -> SearchDocument:
    """A legal document: its kind and symbol lead the title, so that "42-CTr/HU" or "42/CTr"
    finds it first (the words side by side in the title), and its abstract is the lead."""
    issued = dt.datetime.combine(document.issued_on, dt.time.min, tzinfo=VIETNAM)
    row, _ = SearchDocument.objects.update_or_create(
        document_id=document.pk,
        defaults={
            "kind": SearchDocument.Kind.DOCUMENT,
            "path": "",  # the library is shared by every site
            "category_id": None,
            "date": issued,
            "url": document.get_absolute_url(),
            **text_fields(
                title=f"{document.type.name} {document.symbol}: {document.title}",
                lead=document.abstract,
                body=" ".join(
                    [document.issuer.name, document.signer, *(f.text for f in document.files.all())]
                ),
            ),
        },
    )
    return row


@transaction.atomic
def index_item(
    *, kind: str, url: str, title: str, lead: str, body: str, date: dt.datetime | None
) -> SearchDocument:
    """An item of another app that is neither a page nor a legal document (a published answer to a
    citizen): shared by every Site like the library, found again by its ``url``."""
    row, _ = SearchDocument.objects.update_or_create(
        kind=kind,
        url=url,
        page=None,
        document=None,
        defaults={
            "path": "",
            "category_id": None,
            "date": date,
            **text_fields(title=title, lead=lead, body=body),
        },
    )
    return row


def remove_item(*, kind: str, url: str) -> None:
    SearchDocument.objects.filter(kind=kind, url=url, page=None, document=None).delete()


def remove_items_under(*, kind: str, url_prefix: str) -> None:
    """Every item of ``kind`` whose address begins with ``url_prefix`` (an object whose slug changed)."""
    SearchDocument.objects.filter(kind=kind, url__startswith=url_prefix, page=None, document=None).delete()


def remove_document(*, document_id: int) -> None:
    SearchDocument.objects.filter(document_id=document_id).delete()


def remove_page(*, page_id: int) -> None:
    SearchDocument.objects.filter(page_id=page_id).delete()


@transaction.atomic
def rebuild_index() -> int:
    SearchDocument.objects.all().delete()
    count = 0
    for page in Page.objects.live().specific():
        if index_page(page=page):
            count += 1
    for _label, reindex in registry.search_sources:  # the apps that put their objects here (documents)
        count += reindex()
    return count
