"""Reads for the portal. Each returns evaluated lists so templates cannot add queries per item.

The page types (models.py) serve themselves and call these reads, so this module does not import
models.py: it finds the page classes through Django's app registry (``_page``), once the apps are
loaded. Inside portal the order is selectors → feeds → models, with no import back.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from danvan.core import frontcache

from .images import CARD_RENDITIONS

if TYPE_CHECKING:
    from .models import ArticlePage, CategoryPage, HomePage


def _page(name: str) -> Any:
    """A model of the portal by name (the class, as models.py defines it)."""
    return apps.get_model("portal", name)


def _not_restricted() -> Any:
    """True for pages with no view restriction on themselves or an ancestor, inside the same query.

    Wagtail's ``public()`` runs a separate query for the restrictions on every call.
    """
    restricted_ancestor = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return ~Exists(restricted_ancestor)


def _articles_under(root: Page) -> "QuerySet[ArticlePage]":
    # The answer lists news below ``root``: any publish there retires it at the front (decision 0027).
    frontcache.tag(frontcache.lists_below(root.pk))
    article_model = _page("ArticlePage")

    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=CARD_RENDITIONS)
    articles: QuerySet[ArticlePage] = (
        article_model.objects.live()
        .filter(_not_restricted())
        .descendant_of(root)
        .select_related("feed_image")
        .prefetch_related(
            Prefetch("feed_image__renditions", queryset=renditions, to_attr="prefetched_renditions")
        )
        .order_by("-date", "-pk")
    )
    return articles


def featured_articles(*, home: "HomePage", limit: int) -> list["ArticlePage"]:
    featured = list(_articles_under(home).filter(featured=True)[:limit])
    if len(featured) < limit:  # a new site without marked items still shows its newest news
        featured += list(
            _articles_under(home).exclude(pk__in=[a.pk for a in featured])[: limit - len(featured)]
        )
    return featured


def latest_articles(*, home: "HomePage", limit: int, exclude_ids: Sequence[int] = ()) -> list["ArticlePage"]:
    return list(_articles_under(home).exclude(pk__in=exclude_ids)[:limit])


def categories(*, home: Page) -> list["CategoryPage"]:
    CategoryPage = _page("CategoryPage")
    frontcache.tag(frontcache.menu_of(home.pk))

    return list(
        CategoryPage.objects.child_of(home).live().filter(_not_restricted()).in_menu().order_by("path")
    )


def menu_pages(*, home: Page) -> list[Page]:
    """Plain Page rows (title and URL are all a menu needs): no query per page type."""
    frontcache.tag(frontcache.menu_of(home.pk))
    return list(Page.objects.child_of(home).live().filter(_not_restricted()).in_menu().order_by("path"))


def section_pages(*, home: Page) -> list[Page]:
    """The home's menu pages other than news categories (the agency page…), as their own types."""
    CategoryPage = _page("CategoryPage")
    frontcache.tag(frontcache.menu_of(home.pk))
    pages = Page.objects.child_of(home).live().filter(_not_restricted()).in_menu().order_by("path")
    return list(pages.not_type(CategoryPage).specific())


@dataclass
class CategoryNews:
    category: "CategoryPage"
    articles: list["ArticlePage"]


def categories_with_latest(*, home: "HomePage", per_category: int) -> list[CategoryNews]:
    result = []
    for category in categories(home=home):  # a handful of categories: one query each is fine
        articles = list(_articles_under(category)[:per_category])
        if articles:
            result.append(CategoryNews(category=category, articles=articles))
    return result


def category_articles(*, category: "CategoryPage") -> "QuerySet[ArticlePage]":
    return _articles_under(category)


def recent_pages(*, root: Page, limit: int) -> list[Page]:
    """The live public pages under ``root`` (not itself), last published first, as their own types."""
    frontcache.tag(frontcache.lists_below(root.pk))
    pages = (
        Page.objects.live()
        .filter(_not_restricted())
        .descendant_of(root)
        .order_by("-last_published_at", "-pk")
    )
    return list(pages.specific()[:limit])


def articles_in_month(*, home: "HomePage", year: int, month: int) -> "QuerySet[ArticlePage]":
    return _articles_under(home).filter(date__year=year, date__month=month)


def archive_months(*, home: "HomePage") -> list[dt.date]:
    """The first day of each month (in Vietnam's time) that has a published article, newest first."""
    ArticlePage = _page("ArticlePage")
    frontcache.tag(frontcache.lists_below(home.pk))
    stamps = (
        ArticlePage.objects.live()
        .filter(_not_restricted())
        .descendant_of(home)
        .datetimes("date", "month", order="DESC")
    )
    return [stamp.date() for stamp in stamps]


def archive_neighbours(*, home: "HomePage", month: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """(the nearest earlier month with articles, the nearest later one); None where there is none."""
    months = archive_months(home=home)
    earlier = [m for m in months if m < month]
    later = [m for m in months if m > month]
    return (earlier[0] if earlier else None, later[-1] if later else None)


def article_category(*, article: "ArticlePage") -> Any:
    parent = article.get_parent()
    if parent is not None:
        frontcache.tag(frontcache.shows(parent.pk))
    return parent.specific if parent else None


def related_articles(*, article: "ArticlePage", category: Page | None, limit: int) -> list["ArticlePage"]:
    """Editor-chosen related articles first (in their order), then the newest of the same category.

    One query: chosen pages and category siblings together, ranked by the editor's order.
    """
    ArticlePage, ArticleRelatedLink = _page("ArticlePage"), _page("ArticleRelatedLink")

    links = ArticleRelatedLink.objects.filter(article_id=article.pk)
    candidates = Q(pk__in=links.values("page_id"))
    if category is not None:
        candidates |= Q(path__startswith=category.path, depth=category.depth + 1)
    chosen_order = links.filter(page_id=OuterRef("pk")).values("sort_order")[:1]
    if category is not None:
        frontcache.tag(frontcache.lists_below(category.pk))
    related: list[Any] = list(
        ArticlePage.objects.live()
        .filter(candidates, _not_restricted())
        .exclude(pk=article.pk)
        .annotate(chosen_order=Subquery(chosen_order))
        .order_by(F("chosen_order").asc(nulls_last=True), "-date", "-pk")
        .only("id", "path", "url_path", "title", "date", "depth", "locale_id", "content_type_id")[:limit]
    )
    frontcache.tag_pages(related)
    return related


@dataclass
class ChartNode:
    unit: Any
    children: list["ChartNode"]


def org_chart(units: list[Any]) -> list[ChartNode]:
    """The units' outline (order + level) as a tree. A level deeper than one below the unit before
    it is read as one below, so a slip in the admin never hides a unit."""
    roots: list[ChartNode] = []
    stack: list[tuple[int, ChartNode]] = []
    for unit in units:
        node = ChartNode(unit=unit, children=[])
        level = unit.level if not stack else min(unit.level, stack[-1][0] + 1)
        while stack and stack[-1][0] >= level:
            stack.pop()
        (stack[-1][1].children if stack else roots).append(node)
        stack.append((level, node))
    return roots


def published_articles_summary(
    *, home: Page, latest: int
) -> tuple[int, dt.datetime | None, list[tuple[str, str, dt.datetime | None]]]:
    """How many public articles a site has, when the last was first published, and the ``latest``
    newest as (title, url, date) — for the disclosure catalogue."""
    frontcache.tag(frontcache.lists_below(home.pk))
    articles = _page("ArticlePage").objects.live().public().descendant_of(home)
    last = articles.aggregate(last=Max("first_published_at"))["last"]
    newest = [(a.title, a.url, a.date) for a in articles.order_by("-date", "-id")[:latest]]
    return articles.count(), last, newest


def published_pages_summary(
    page_type: str, *, home: Page, latest: int
) -> tuple[int, dt.datetime | None, list[tuple[str, str, dt.datetime | None]]]:
    """The same for the live public pages of one type ("portal.AgencyPage") under ``home``."""
    frontcache.tag(frontcache.lists_below(home.pk))
    pages = apps.get_model(page_type).objects.live().public().descendant_of(home)
    last = pages.aggregate(last=Max("last_published_at"))["last"]
    newest = [
        (p.title, p.url, p.last_published_at) for p in pages.order_by("-last_published_at", "-id")[:latest]
    ]
    return pages.count(), last, newest


def articles_by_slug(slug: str) -> list[Any]:
    return list(_page("ArticlePage").objects.filter(slug=slug))
