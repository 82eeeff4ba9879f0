from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "danvan.documents"
    label = "documents"
    verbose_name = _("Văn bản")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from danvan.core import registry

        from . import selectors, signals
        from .sitemaps import DocumentSitemap

        registry.add_sitemap("documents", DocumentSitemap)
        registry.add_sitemap_view("document_list")
        registry.add_public_view("document_list")
        registry.add_public_view("document_detail", lambda kwargs: selectors.document_exists(kwargs["pk"]))
        registry.add_search_source("văn bản", signals.reindex_documents)
