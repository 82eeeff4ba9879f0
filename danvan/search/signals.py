"""Keep the search index in step with publishing: live pages in, unpublished or deleted pages out."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import services


@receiver(page_published)
@receiver(post_page_move)
def _index(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.index_page(page=instance)


@receiver(page_unpublished)
def _unindex(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.remove_page(page_id=instance.pk)


@receiver(post_delete)
def _deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, Page):
        services.remove_page(page_id=instance.pk)


@receiver(post_save, sender="documents.LegalDocument")
def _document_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.index_document(document=instance)


@receiver(post_delete, sender="documents.LegalDocument")
def _document_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    services.remove_document(document_id=instance.pk)


@receiver(post_save, sender="documents.DocumentFile")
@receiver(post_delete, sender="documents.DocumentFile")
def _document_file_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from danvan.documents.models import LegalDocument

    document = LegalDocument.objects.filter(pk=instance.document_id).first()
    if document is not None:  # a file deleted with its document: the document is gone already
        services.index_document(document=document)
