from typing import TYPE_CHECKING, Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _
from wagtail.models import Page

from danvan.core import selectors as core
from danvan.core.models import SiteIdentity

from . import selectors

if TYPE_CHECKING:
    from .models import CategoryPage, HomePage

MAX_ITEMS = 30


def _is_article(page: Page) -> bool:
    return page.specific_class is not None and page.specific_class.__name__ == "ArticlePage"


class NewsFeed(Feed[Page, None]):
    """RSS 2.0 of a portal's news (in the home page's language), or of one category.

    Every link is absolute from the Site's configured address (Wagtail's full URLs), not the host a
    proxy passed on. A language without articles (the English pages) lists its pages instead, newest
    first, so its feed says what exists in that language rather than nothing.
    """

    feed_type = Rss201rev2Feed

    def __init__(self, *, home: "HomePage", category: "CategoryPage | None" = None) -> None:
        super().__init__()
        self.home = home
        self.category = category

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.request = request
        self.language = self.home.locale.language_code
        site = core.site_for(request)
        identity = SiteIdentity.for_site(site).localized(self.language) if site else None
        self.site_name = (identity.site_name if identity else "") or (site.site_name if site else "")
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        if self.category:
            return f"{self.category.title} — {self.site_name}"
        return self.site_name

    def link(self) -> str:
        return (self.category or self.home).get_full_url(self.request) or "/"

    def feed_url(self) -> str:
        return self.link() + "rss/"

    def description(self) -> str:
        return _("Tin mới nhất từ %(site)s") % {"site": self.site_name}

    def items(self) -> list[Page]:
        root = self.category or self.home
        articles: list[Page] = list(selectors.category_articles(category=root)[:MAX_ITEMS])
        if articles or self.category:
            return articles
        return selectors.recent_pages(root=root, limit=MAX_ITEMS)

    def item_title(self, item: Page) -> str:
        title: str = item.title
        return title

    def item_description(self, item: Page) -> str:
        description: str = item.lead if _is_article(item) else item.search_description
        return description

    def item_link(self, item: Page) -> str:
        return item.get_full_url(self.request) or item.url or "/"

    def item_pubdate(self, item: Page) -> Any:
        return item.date if _is_article(item) else item.last_published_at

    def item_author_name(self, item: Page) -> str:
        return item.author if _is_article(item) else ""
