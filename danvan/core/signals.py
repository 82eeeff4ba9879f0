"""Retire cached pages whenever what they show may have changed."""

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import frontcache, page_cache
from .models import CustomImage, SiteIdentity, WebsiteLink

# Making a page private must withdraw its public copy at once.
WATCHED = (SiteIdentity, WebsiteLink, CustomImage, PageViewRestriction, Site)


@receiver(page_published)
@receiver(page_unpublished)
def _page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    page_cache.invalidate_here()
    frontcache.page_changed(instance)


@receiver(post_page_move)
def _page_moved(
    sender: Any, instance: Page, parent_page_before: Page, url_path_before: str, **kwargs: Any
) -> None:
    page_cache.invalidate_here()
    frontcache.page_changed(instance, old_parent=parent_page_before)


@receiver(post_save)
@receiver(post_delete)
def _model_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance, SiteIdentity) and kwargs.get("created"):
        return  # settings row created on first read with defaults: nothing shown has changed
    if kwargs.get("signal") is post_delete and isinstance(instance, Page):
        page_cache.invalidate_here()
        frontcache.page_changed(instance)
    elif isinstance(instance, WATCHED):
        page_cache.invalidate()
