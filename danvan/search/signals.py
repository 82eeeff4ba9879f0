"""Keep the search index in step with publishing: live pages in, unpublished or deleted pages out.
(Other kinds — the document library — call services.index_document from their own signals.)"""

from typing import Any

from django.db.models.signals import post_delete
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
