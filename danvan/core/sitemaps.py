"""/sitemap.xml: Wagtail's pages (both languages), the list views and items the apps register."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from . import frontcache, registry


class PageSitemapAllLanguages(PageSitemap):
    """Wagtail's page sitemap walks the site's root page only; this one walks its translations too."""

    def items(self) -> Any:
        from wagtail.models import Page

        frontcache.tag(frontcache.EVERY_PAGE)  # any publish changes the sitemap (decision 0027)
        root = self.get_wagtail_site().root_page
        trees = Page.objects.none()
        for home in root.get_translations(inclusive=True):
            trees = trees | home.get_descendants(inclusive=True)
        return trees.live().public().order_by("path").defer_streamfields().specific()


class OnSiteAddress(PageSitemap):
    """A sitemap of Django views whose <loc>s start with the Wagtail Site's configured address, as the
    pages' do — not with whatever host a proxy passed on."""

    def get_urls(self, page: int = 1, site: Any = None, protocol: str | None = None) -> list[dict[str, Any]]:
        root = urlsplit(self.get_wagtail_site().root_url)
        urls: list[dict[str, Any]] = DjangoSitemap._urls(self, page, root.scheme, root.netloc)  # type: ignore[attr-defined]  # private, not in django-stubs
        return urls

    def location(self, item: Any) -> str:
        return str(item.get_absolute_url())

    def lastmod(self, item: Any) -> Any:
        return None


class ViewSitemap(OnSiteAddress):
    def items(self) -> list[str]:
        return list(registry.sitemap_views)

    def location(self, item: str) -> str:
        return reverse(item)


def all_sitemaps() -> dict[str, Any]:
    """The pages, the apps' list views, then what each app registered (core.registry)."""
    return {"pages": PageSitemapAllLanguages, "views": ViewSitemap, **registry.sitemaps}
