"""What the gallery part registers when the app is ready (issue 16): the public gallery (pages,
sitemap), the models' place in the site search, and the signals that keep both in step."""

from typing import Any


def register() -> None:
    from danvan.core import registry

    from . import services
    from .sitemaps import SkilfulModelSitemap

    registry.add_public_view("skilful_model_list")
    registry.add_public_view("skilful_model_detail", _model_exists)
    registry.add_sitemap("skilful_models", SkilfulModelSitemap)
    registry.add_sitemap_view("skilful_model_list")
    registry.add_search_source("mô hình Dân vận khéo", services.reindex_models)
    _connect_signals()


def _model_exists(kwargs: dict[str, Any]) -> bool:
    from . import selectors

    try:
        return selectors.public_model_exists(int(kwargs["pk"]))
    except (TypeError, ValueError):
        return False


def _connect_signals() -> None:
    """A model saved (any field, its status too) or deleted, a photo added, changed or removed: the
    search index follows and the cached public pages are retired."""
    from django.db.models.signals import post_delete, post_save

    from .models import ModelPhoto, SkilfulModel

    post_save.connect(_model_saved, sender=SkilfulModel, dispatch_uid="gallery-model-save")
    post_delete.connect(_model_deleted, sender=SkilfulModel, dispatch_uid="gallery-model-delete")
    post_save.connect(_photo_changed, sender=ModelPhoto, dispatch_uid="gallery-photo-save")
    post_delete.connect(_photo_changed, sender=ModelPhoto, dispatch_uid="gallery-photo-delete")


def _model_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    from . import services

    if not raw:  # loaddata: the rebuild puts fixtures in the index
        services.index_model(instance)


def _model_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    from . import services

    services.unindex_model(instance.pk)


def _photo_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    from danvan.core import page_cache

    page_cache.invalidate()
