"""/sitemap.xml: Wagtail's pages (both languages), plus the library, drafts and catalogue views."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap


class PageSitemapAllLanguages(PageSitemap):  # type: ignore[misc]
    """Wagtail's page sitemap walks the site's root page only; this one walks its translations too."""

    def items(self) -> Any:
        from wagtail.models import Page

        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in root.get_translations(inclusive=True):
            trees = trees | home.get_descendants(inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()


class OnSiteAddress(PageSitemap):  # type: ignore[misc]
    """A sitemap of Django views whose <loc>s start with the Wagtail Site's configured address, as the
    pages' do — not with whatever host a proxy passed on."""

    def get_urls(self, page: int = 1, site: Any = None, protocol: str | None = None) -> list[dict[str, Any]]:
        root = urlsplit(self.get_wagtail_site().root_url)
        urls: list[dict[str, Any]] = DjangoSitemap._urls(self, page, root.scheme, root.netloc)  # type: ignore[attr-defined]
        return urls

    def location(self, item: Any) -> str:
        return str(item.get_absolute_url())

    def lastmod(self, item: Any) -> Any:
        return None


class DocumentSitemap(OnSiteAddress):
    def items(self) -> Any:
        from danvan.documents.models import LegalDocument

        return LegalDocument.objects.order_by("-published_at", "-id").only("id", "symbol", "updated_at")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class DraftSitemap(OnSiteAddress):
    def items(self) -> Any:
        from danvan.consultations.models import Draft

        return Draft.objects.filter(published=True).order_by("-created_at", "-id")

    def lastmod(self, item: Any) -> Any:
        return item.updated_at


class ViewSitemap(OnSiteAddress):
    def items(self) -> list[str]:
        return ["document_list", "draft_list", "disclosure_catalogue"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS: dict[str, Any] = {
    "pages": PageSitemapAllLanguages,
    "views": ViewSitemap,
    "documents": DocumentSitemap,
    "drafts": DraftSitemap,
}
