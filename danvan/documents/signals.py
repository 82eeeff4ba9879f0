"""Retire cached pages when anything a document page, the list or an article shows may have changed;
keep the search index in step with the library (through search's public services)."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from danvan.core import page_cache
from danvan.search import services as search

from .models import DocumentFile, DocumentType, Field, Issuer, LegalDocument

SHOWN = (LegalDocument, DocumentFile, DocumentType, Issuer, Field)


@receiver(post_save)
@receiver(post_delete)
def _document_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, SHOWN):
        page_cache.invalidate()


@receiver(m2m_changed, sender=LegalDocument.related_articles.through)
@receiver(m2m_changed, sender=LegalDocument.amends.through)
def _links_changed(sender: Any, action: str, **kwargs: Any) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        page_cache.invalidate()


@receiver(post_save, sender=LegalDocument)
def _document_saved(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    search.index_document(document=instance)


@receiver(post_delete, sender=LegalDocument)
def _document_deleted(sender: Any, instance: LegalDocument, **kwargs: Any) -> None:
    search.remove_document(document_id=instance.pk)


@receiver(post_save, sender=DocumentFile)
@receiver(post_delete, sender=DocumentFile)
def _document_file_changed(sender: Any, instance: DocumentFile, **kwargs: Any) -> None:
    document = LegalDocument.objects.filter(pk=instance.document_id).first()
    if document is not None:  # a file deleted with its document: the document is gone already
        search.index_document(document=document)


def reindex_documents() -> int:
    """Every document into the search index again (``rebuild_search_index``)."""
    from . import selectors

    count = 0
    for document in selectors.documents_to_index():
        search.index_document(document=document)
        count += 1
    return count
