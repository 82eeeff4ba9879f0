from typing import Any

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext as _

from . import selectors
from .models import ArticlePage, CategoryPage, HomePage


class NewsFeed(Feed):
    """RSS 2.0 of a portal's news, or of one category."""

    feed_type = Rss201rev2Feed
    language = "vi"

    def __init__(self, *, home: HomePage, category: CategoryPage | None = None) -> None:
        super().__init__()
        self.home = home
        self.category = category

    def __call__(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self) -> str:
        if self.category:
            return f"{self.category.title} — {self.home.title}"
        return self.home.title

    def link(self) -> str:
        return (self.category or self.home).get_url(self.request) or "/"

    def description(self) -> str:
        return _("Tin mới nhất từ %(site)s") % {"site": self.home.title}

    def items(self) -> list[ArticlePage]:
        root = self.category or self.home
        return list(selectors.category_articles(category=root)[:30])  # type: ignore[arg-type]

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        return item.lead

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url(self.request) or item.url or "/"

    def item_pubdate(self, item: ArticlePage) -> Any:
        return item.date

    def item_author_name(self, item: ArticlePage) -> str:
        return item.author
