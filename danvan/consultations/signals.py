"""Retire cached pages when a draft or a shown comment changes."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from danvan.core import page_cache

from .models import Comment, Draft


@receiver(post_save, sender=Draft)
@receiver(post_delete, sender=Draft)
@receiver(post_save, sender=Comment)
@receiver(post_delete, sender=Comment)
def _consultation_changed(sender: Any, instance: Draft | Comment, **kwargs: Any) -> None:
    if isinstance(instance, Comment) and kwargs.get("created") and instance.status == Comment.Status.PENDING:
        # A new comment waits for moderation and shows nowhere; anonymous posts must not be able to
        # empty the whole site's page cache.
        return
    page_cache.invalidate()
