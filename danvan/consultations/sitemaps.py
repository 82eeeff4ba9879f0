"""Published drafts in /sitemap.xml (registered in ConsultationsConfig.ready)."""

from typing import Any

from danvan.core.sitemaps import OnSiteAddress

from .models import Draft


class DraftSitemap(OnSiteAddress):
    def items(self) -> Any:
        return Draft.objects.filter(published=True).order_by("-created_at", "-id")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at
