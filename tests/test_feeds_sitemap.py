from typing import Any

import feedparser
import pytest
from django.test import Client
from wagtail.models import Locale, Site

from danvan.portal.models import CategoryPage

from .factories import ArticlePageFactory, CategoryPageFactory
from .worlds import HIDDEN_DRAFT, SITE_NAME, SITE_NAME_EN, portal_world

pytestmark = pytest.mark.django_db


def test_site_feed_lists_published_news(client: Client, home: Any, category: Any) -> None:
    published = ArticlePageFactory.create(parent=category, title="Tin đã đăng")
    ArticlePageFactory.create(parent=category, title="Tin nháp", live=False)
    response = client.get("/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    titles = [entry.title for entry in feed.entries]
    assert titles == [published.title]
    assert feed.entries[0].link.endswith(published.url)


def test_category_feed_only_has_that_category(client: Client, home: Any, category: Any) -> None:
    other = CategoryPageFactory.create(parent=home, title="Tin hoạt động")
    mine = ArticlePageFactory.create(parent=category, title="Tin dân vận")
    ArticlePageFactory.create(parent=other, title="Tin khác")
    feed = feedparser.parse(client.get(f"{category.url}rss/").content)
    assert [e.title for e in feed.entries] == [mine.title]


def test_pages_advertise_their_feeds(client: Client, category: Any, article: Any) -> None:
    html = client.get(category.url).content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in html
    assert f'href="{category.url}rss/"' in html


def test_sitemap_lists_only_published_pages(client: Client, category: Any, article: Any) -> None:
    ArticlePageFactory.create(parent=category, slug="ban-nhap-bi-mat", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert article.url in xml
    assert "ban-nhap-bi-mat" not in xml


def test_robots_txt_points_to_the_sitemap(client: Client, home: Any) -> None:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /admin/" in text


@pytest.fixture
def world_home(media_root: Any) -> Any:
    """tests/worlds.py's portal world: its documents, three drafts (one unpublished), /gioi-thieu/ and
    its English translation /en/about/."""
    return portal_world().home


def test_sitemap_lists_documents_drafts_and_english_pages(client: Client, world_home: Any) -> None:
    from danvan.consultations.models import Draft
    from danvan.documents.models import LegalDocument

    assert LegalDocument.objects.count() == 3
    assert list(Draft.objects.filter(published=False).values_list("title", flat=True)) == [HIDDEN_DRAFT]

    xml = client.get("/sitemap.xml").content.decode()
    root_url = Site.objects.get(is_default_site=True).root_url  # the configured address, not the host asked
    for document in LegalDocument.objects.all():
        assert f"{root_url}{document.get_absolute_url()}</loc>" in xml
    for draft in Draft.objects.all():
        assert (f"{root_url}{draft.get_absolute_url()}</loc>" in xml) is draft.published
    for path in ("/van-ban/", "/du-thao/", "/cong-khai-thong-tin/", "/en/", "/en/about/", "/gioi-thieu/"):
        assert f"{path}</loc>" in xml, path


def test_feed_title_is_the_sites_name(client: Client, world_home: Any) -> None:
    from danvan.core.models import SiteIdentity

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    feed = feedparser.parse(client.get("/rss/").content)
    assert feed.feed.title == identity.site_name == SITE_NAME
    assert feed.feed.language == "vi"
    category = world_home.get_children().live().type(CategoryPage).first()
    category_feed = feedparser.parse(client.get(f"{category.url}rss/").content)
    assert category_feed.feed.title == f"{category.title} — {identity.site_name}"


def test_english_feed_is_english_and_lists_the_english_pages(client: Client, world_home: Any) -> None:
    from danvan.core.models import SiteIdentity

    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    home_en = world_home.get_translation(Locale.objects.get(language_code="en"))
    english_pages = {p.title for p in home_en.get_descendants().live()}
    assert english_pages == {"About us"}  # the agency page in English, and no English article
    feed = feedparser.parse(client.get("/en/rss/").content)
    assert not feed.bozo
    assert feed.feed.language == "en"
    assert feed.feed.title == identity.site_name_en == SITE_NAME_EN
    assert {e.title for e in feed.entries} == english_pages
    assert all("/en/" in e.link for e in feed.entries)
