"""RSS feeds, the sitemap and unpublished drafts, as a crawler or feed reader sees them."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import feedparser
import pytest
from playwright.sync_api import APIRequestContext, Page, expect

from tests.factories import ArticlePageFactory

from .conftest import Portal
from .helpers import CATEGORY_PATH, PROGRAMME_PATH

pytestmark = pytest.mark.e2e

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def get_ok(request: APIRequestContext, url: str) -> bytes:
    response = request.get(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    return response.body()


def assert_live_url(portal: Portal, url: str) -> None:
    parts = urlsplit(url)
    assert parts.scheme == "http", url
    assert f"{parts.scheme}://{parts.netloc}" == portal.url, url


@pytest.mark.parametrize("path", ["/", CATEGORY_PATH])
def test_rss_feed(page: Page, portal: Portal, path: str) -> None:
    feed_url = portal.abs(path + "rss/")
    response = page.request.get(feed_url)
    assert response.status == 200
    assert response.headers["content-type"].startswith("application/rss+xml")
    body = response.body()

    channel = ET.fromstring(body).find("channel")
    assert channel is not None
    items = channel.findall("item")
    assert len(items) >= 1
    links = [item.findtext("link") or "" for item in items]
    titles = [item.findtext("title") or "" for item in items]
    assert all(titles)

    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.link for entry in parsed.entries] == links

    for link in links:
        assert_live_url(portal, link)
        if path == CATEGORY_PATH:
            assert urlsplit(link).path.startswith(CATEGORY_PATH), link
        get_ok(page.request, link)
    if path == CATEGORY_PATH:
        assert portal.programme.title in titles


def test_sitemap_lists_published_pages_only(page: Page, portal: Portal) -> None:
    draft = ArticlePageFactory.create(parent=portal.category, slug="ban-nhap-chua-dang", live=False)
    assert not draft.live

    xml = get_ok(page.request, portal.abs("/sitemap.xml"))
    locs = [loc.text or "" for loc in ET.fromstring(xml).iterfind("sm:url/sm:loc", SITEMAP_NS)]
    assert len(locs) >= 10
    assert len(set(locs)) == len(locs)
    assert portal.abs(PROGRAMME_PATH) in locs
    assert portal.abs("/") in locs
    assert portal.abs(CATEGORY_PATH) in locs
    assert not [loc for loc in locs if draft.slug in loc]
    for loc in locs:
        assert_live_url(portal, loc)
        get_ok(page.request, loc)


def test_draft_is_not_found_for_anonymous_visitors(page: Page, portal: Portal) -> None:
    draft = ArticlePageFactory.create(
        parent=portal.category, slug="ban-nhap-chua-dang", title="Bản nháp chưa đăng", live=False
    )
    response = page.goto(f"{CATEGORY_PATH}{draft.slug}/")
    assert response is not None
    assert response.status == 404
    expect(page.locator("main h1")).to_have_text("Không tìm thấy trang")
    expect(page.get_by_text("Bản nháp chưa đăng")).to_have_count(0)
    expect(page.get_by_role("link", name="Về trang chủ")).to_be_visible()
    # The published sibling is still there.
    assert page.request.get(portal.abs(PROGRAMME_PATH)).status == 200
