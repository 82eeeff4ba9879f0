"""Public “Dân vận khéo” models in /sitemap.xml (registered in ready_gallery)."""

from typing import Any

from danvan.core.sitemaps import OnSiteAddress

from . import selectors, services


class SkilfulModelSitemap(OnSiteAddress):
    def items(self) -> Any:
        return selectors.public_models().order_by("pk")

    def location(self, item: Any) -> str:
        return services.model_url(item)

    def lastmod(self, item: Any) -> Any:
        return item.updated_at
