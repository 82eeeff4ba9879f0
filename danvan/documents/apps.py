from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry

        from . import signals  # noqa: F401
        from .sitemaps import DocumentSitemap

        registry.add_sitemap("documents", DocumentSitemap)
        registry.add_sitemap_view("document_list")
