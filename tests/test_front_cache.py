"""The front cache's tags and bans (decision 0027), without Varnish: answers carry the tags, changes send
the bans, and the ban expression the VCL builds (``,(t1|t2),``) is applied here to the real headers to
show which copies a publish retires — and which it leaves alone. e2e/test_serve.py does it through Varnish."""

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Page

from danvan.core import frontcache
from danvan.core.models import SiteIdentity

from .factories import ArticlePageFactory, CategoryPageFactory

pytestmark = pytest.mark.django_db


class FakeFront:
    """Records the BAN requests a Varnish would get."""

    def __init__(self) -> None:
        bans: list[dict[str, str]] = []
        self.bans = bans

        class Handler(BaseHTTPRequestHandler):
            def do_BAN(self) -> None:
                bans.append({k: v for k, v in self.headers.items() if k.startswith("X-Purge")})
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def tags(self) -> list[set[str]]:
        return [set(b["X-Purge-Tags"].split()) for b in self.bans if "X-Purge-Tags" in b]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def front(settings: Any) -> Iterator[FakeFront]:
    fake = FakeFront()
    settings.DANVAN_FRONT_CACHES = [fake.url]
    yield fake
    fake.close()


def tags_of(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return str(response[frontcache.HEADER])


def banned(header: str, tags: set[str]) -> bool:
    """What the VCL's ``obj.http.X-Cache-Tags ~ ,(t1|t2),`` decides for a copy with this header."""
    return re.search(",(" + "|".join(sorted(tags)) + "),", header) is not None


def test_answers_say_which_pages_they_show_and_list(home: Any, category: Any, article: Any) -> None:
    sibling = ArticlePageFactory.create(parent=category, title="Tin cùng chuyên mục")
    article_tags = tags_of(article.url)
    for expected in (f"p{article.pk}", f"p{category.pk}", f"c{category.pk}", f"p{sibling.pk}", f"m{home.pk}"):
        assert f",{expected}," in article_tags, (expected, article_tags)
    assert f",c{category.pk}," in tags_of(category.url)
    assert f",c{home.pk}," in tags_of(home.url)
    assert ",pages," in tags_of("/sitemap.xml")
    assert ",pages," in tags_of("/search/?q=dan+van")
    assert f",c{category.pk}," in tags_of(category.url + "rss/")


def test_a_copy_from_the_page_cache_keeps_its_tags(article: Any) -> None:
    first = Client().get(article.url)
    second = Client().get(article.url)
    assert second["X-Danvan-Cache"] == "hit"
    assert second[frontcache.HEADER] == first[frontcache.HEADER]


def test_publishing_bans_the_page_and_every_list_above_it(
    front: FakeFront, home: Any, category: Any, article: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Tiêu đề đã sửa"
        article.save_revision().publish()
    root = Page.objects.get(depth=1)
    expected = {f"p{article.pk}", f"c{category.pk}", f"c{home.pk}", f"c{root.pk}", f"m{category.pk}", "pages"}
    assert front.tags() == [expected]


def test_a_publish_retires_exactly_the_copies_that_show_or_list_the_article(
    front: FakeFront, home: Any, category: Any, article: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other_category = CategoryPageFactory.create(parent=home, title="Tin hoạt động", slug="tin-hoat-dong")
    other_article = ArticlePageFactory.create(parent=other_category, title="Tin khác chuyên mục")
    headers = {
        url: tags_of(url)
        for url in (
            home.url,
            category.url,
            article.url,
            category.url + "rss/",
            "/sitemap.xml",
            other_category.url,
            other_article.url,
        )
    }
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory.create(parent=category, title="Tin mới đăng")
    (tags,) = front.tags()[-1:]
    retired = {url for url, header in headers.items() if banned(header, tags)}
    # the new article lists on home, its category and feed, the sitemap, and beside the article of the
    # same category (related news); the other category and its article do not show it
    assert retired == {home.url, category.url, article.url, category.url + "rss/", "/sitemap.xml"}


def test_moving_an_article_bans_the_lists_of_both_categories(
    front: FakeFront, home: Any, category: Any, article: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = CategoryPageFactory.create(parent=home, title="Tin hoạt động", slug="tin-hoat-dong")
    front.bans.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.move(other, pos="last-child")
    tags = set().union(*front.tags())
    assert {f"c{category.pk}", f"c{other.pk}", f"p{article.pk}", f"c{home.pk}"} <= tags


def test_unpublishing_and_deleting_ban_the_page(
    front: FakeFront, category: Any, article: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert {f"p{article.pk}", f"c{category.pk}"} <= front.tags()[-1]
    doomed = ArticlePageFactory.create(parent=category, title="Sẽ xóa")
    front.bans.clear()
    with django_capture_on_commit_callbacks(execute=True):
        doomed.delete()
    assert any(f"p{doomed.pk}" in tags and f"c{category.pk}" in tags for tags in front.tags())


def test_a_change_every_page_shows_bans_every_copy(
    front: FakeFront, home: Any, django_capture_on_commit_callbacks: Any
) -> None:
    identity = SiteIdentity.for_site(home.get_site())
    with django_capture_on_commit_callbacks(execute=True):
        identity.site_name = "Ban Dân vận Tỉnh ủy"
        identity.save()
    assert {"X-Purge-All": "1"} in front.bans


def test_a_front_that_does_not_answer_does_not_stop_publishing(
    settings: Any, article: Any, caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.DANVAN_FRONT_CACHES = ["http://127.0.0.1:9"]  # discard port: refused
    with django_capture_on_commit_callbacks(execute=True):
        article.title = "Vẫn đăng được"
        article.save_revision().publish()
    article.refresh_from_db()
    assert article.title == "Vẫn đăng được" and article.live
    assert "không nhận lệnh xóa bản lưu" in caplog.text


def test_a_long_header_keeps_the_list_tags_first() -> None:
    tags = {f"p{n}" for n in range(2000)} | {"c7", "m3", "pages"}
    value = frontcache.header_value(tags)
    assert len(value) <= frontcache.MAX_HEADER
    assert value.startswith(",c7,m3,pages,") and value.endswith(",")
    assert all(re.fullmatch(r"[a-z0-9]+", t) for t in value.strip(",").split(","))


def test_only_plain_words_are_sent_as_tags(front: FakeFront, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        frontcache.purge_tags({"p1", "c2|.*", "x y", ""})
    assert front.tags() == [{"p1"}]
