"""Absolute URLs come from the Site's configured address (make run sets it from HOST/PORT)."""

import datetime as dt
import re
from io import StringIO
from typing import Any

import feedparser
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from wagtail.models import Site

from danvan.core.services import ensure_root_and_site, parse_site_address
from danvan.documents.models import DocumentType, Issuer, LegalDocument, System

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

ADDRESS = "http://portal.example.vn:8080"


@pytest.fixture
def configured(site: Any) -> Site:
    call_command("ensure_site", base_url=ADDRESS + "/", stdout=StringIO())
    site.refresh_from_db()
    return site


def test_ensure_site_sets_the_default_sites_hostname_and_port(configured: Site) -> None:
    assert (configured.hostname, configured.port) == ("portal.example.vn", 8080)
    assert configured.root_url == ADDRESS


def test_a_new_database_gets_the_configured_address_not_a_placeholder(db: Any, settings: Any) -> None:
    settings.WAGTAILADMIN_BASE_URL = "http://10.0.0.7:8123"
    _root, site = ensure_root_and_site()
    assert (site.hostname, site.port) == ("10.0.0.7", 8123)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://portal.example.vn", ("portal.example.vn", 80)),
        ("https://portal.example.vn", ("portal.example.vn", 443)),
        ("http://0.0.0.0:8000", ("127.0.0.1", 8000)),
    ],
)
def test_address_parsing(url: str, expected: tuple[str, int]) -> None:
    address = parse_site_address(url)
    assert (address.hostname, address.port) == expected


@pytest.mark.parametrize("url", ["portal.example.vn", "ftp://x.vn", "http://x.vn:99999", "http://"])
def test_a_bad_address_is_refused_with_a_message(site: Any, url: str) -> None:
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("ensure_site", base_url=url, stdout=StringIO())


@pytest.mark.parametrize("host", ["portal.example.vn:8080", "internal-proxy-name"])
def test_feed_items_use_the_configured_address(
    client: Client, configured: Site, category: Any, host: str
) -> None:
    article = ArticlePageFactory.create(parent=category, title="Tin có địa chỉ")
    feed = feedparser.parse(client.get("/rss/", HTTP_HOST=host).content)
    assert feed.feed.link == ADDRESS + "/"
    assert [e.link for e in feed.entries] == [ADDRESS + article.url]


@pytest.mark.parametrize("host", ["portal.example.vn:8080", "internal-proxy-name"])
def test_canonical_and_og_url_use_the_configured_address(
    client: Client, configured: Site, article: Any, host: str
) -> None:
    html = client.get(article.url, HTTP_HOST=host).content.decode()
    assert f'<link rel="canonical" href="{ADDRESS}{article.url}">' in html
    assert f'<meta property="og:url" content="{ADDRESS}{article.url}">' in html


def test_every_sitemap_location_uses_the_configured_address(
    client: Client, configured: Site, article: Any
) -> None:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="Huyện ủy", code="HU")
    document = LegalDocument.objects.create(
        number="5", type=party, issuer=issuer, title="Chương trình mẫu", issued_on=dt.date(2023, 2, 1)
    )
    xml = client.get("/sitemap.xml", HTTP_HOST="internal-proxy-name").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert ADDRESS + article.url in locations
    assert ADDRESS + "/van-ban/" in locations
    assert ADDRESS + document.get_absolute_url() in locations
    assert all(loc.startswith(ADDRESS + "/") for loc in locations), locations
