"""The legal documents in /sitemap.xml (registered in DocumentsConfig.ready)."""

from typing import Any

from danvan.core.sitemaps import OnSiteAddress

from .models import LegalDocument


class DocumentSitemap(OnSiteAddress):
    def items(self) -> Any:
        return LegalDocument.objects.order_by("-published_at", "-id").only("id", "symbol", "updated_at")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at
