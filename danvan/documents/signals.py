"""Retire cached pages when anything a document page, the list or an article shows may have changed."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from danvan.core import page_cache

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
