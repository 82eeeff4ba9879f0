import datetime as dt
import json
import unicodedata
from typing import Any

import pytest
from django.test import Client

from danvan.core.text import fold
from danvan.portal.models import ArticlePage
from danvan.search.models import SearchDocument
from danvan.search.query import parse

from .factories import ArticlePageFactory
from .worlds import ARTICLES, PROGRAMME_ARTICLE, portal_world


def test_fold_removes_tones_and_maps_stroked_d() -> None:
    assert fold("Đồng Nai") == "dong nai"
    assert fold("ĐỒNG NAI") == "dong nai"
    assert fold("dân vận") == "dan van"
    assert fold(unicodedata.normalize("NFD", "Vĩnh Cửu")) == "vinh cuu"


def test_fold_keeps_the_length_of_the_nfc_text() -> None:
    text = unicodedata.normalize("NFD", "Huyện Vĩnh Cửu, tỉnh Đồng Nai")
    assert len(fold(text)) == len(unicodedata.normalize("NFC", text))


def test_parse_treats_fts_syntax_as_plain_words() -> None:
    parsed = parse('dân "quy chế dân chủ" AND -vận* NEAR(x) "unbalanced')
    assert parsed.phrases == ["quy che dan chu"]
    assert parsed.terms == ["dan", "and", "van", "near", "x", "unbalanced"]


@pytest.mark.parametrize("raw", ["", " ", '"', "*", "-", "'", ":", "^", "()", "!!!", '"""', "a" * 1000])
def test_odd_queries_never_fail(client: Client, home: Any, raw: str) -> None:
    page = client.get("/search/", {"q": raw})
    api = client.get("/api/v1/search/", {"q": raw, "page": "²", "page_size": "５"})
    suggest = client.get("/api/v1/search/suggest/", {"q": raw})
    assert page.status_code == 200
    assert api.status_code == 200 and "count" in api.json()
    assert suggest.status_code == 200


@pytest.mark.django_db
class TestPortalQueries:
    """The same expectations hold on SQLite and PostgreSQL (CI runs this file on both).

    On tests/worlds.py's portal world: its programme article has "dân vận", "Đồng Nai", "Vĩnh Cửu",
    "huyện", "quy chế dân chủ" and "dân tộc, tôn giáo"; every one of its ARTICLES has "dân"."""

    @pytest.fixture(autouse=True)
    def _world(self, media_root: Any) -> None:
        portal_world()
        self.programme = PROGRAMME_ARTICLE

    def _slugs(self, client: Client, q: str, **params: str) -> list[str]:
        data = client.get("/api/v1/search/", {"q": q, "page_size": "50", **params}).json()
        return [r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"]]

    @pytest.mark.parametrize(
        ("typed", "folded"), [("dân vận", "dan van"), ("DÂN VẬN", "dan van"), ("Đồng Nai", "dong nai")]
    )
    def test_accents_and_case_do_not_matter(self, client: Client, typed: str, folded: str) -> None:
        with_accents = self._slugs(client, typed)
        without = self._slugs(client, folded)
        assert self.programme in without
        assert set(with_accents) == set(without)

    def test_nfd_query_finds_the_same(self, client: Client) -> None:
        assert self._slugs(client, unicodedata.normalize("NFD", "Vĩnh Cửu")) == self._slugs(
            client, "vinh cuu"
        )
        assert self.programme in self._slugs(client, "vinh cuu")

    def test_huyen_and_group_terms(self, client: Client) -> None:
        assert self.programme in self._slugs(client, "huyen")
        assert self.programme in self._slugs(client, "dan toc ton giao")

    def test_quoted_phrase_matches_as_a_phrase(self, client: Client) -> None:
        phrase = self._slugs(client, '"quy che dan chu"')
        assert self.programme in phrase
        scattered = (
            SearchDocument.objects.filter(folded_body__contains="quy", folded_body__icontains="dan chu")
            .exclude(folded_body__contains="quy che dan chu")
            .exclude(folded_lead__contains="quy che dan chu")
        )
        for doc in scattered:
            assert doc.page is not None and doc.page.slug not in phrase

    def test_title_matches_rank_above_body_matches(self, client: Client) -> None:
        results = client.get("/api/v1/search/", {"q": "Giáng sinh"}).json()["results"]
        assert results and "Giáng sinh" in results[0]["title"]

    def test_exact_accents_rank_above_folded_matches(self, client: Client) -> None:
        category = ArticlePage.objects.get(slug=self.programme).get_parent()
        ArticlePageFactory.create(parent=category, title="Hướng dẫn ban hành quy chế mới", slug="tin-ban")
        ArticlePageFactory.create(
            parent=category, title="Hướng dẫn bán hàng quy chế mới", slug="tin-ban-hang"
        )
        slugs = self._slugs(client, "bán quy chế mới")
        assert slugs.index("tin-ban-hang") < slugs.index("tin-ban")

    def test_snippet_highlights_the_accented_original(self, client: Client) -> None:
        results = client.get("/api/v1/search/", {"q": "dong nai"}).json()["results"]
        assert any("<mark>Đồng Nai</mark>" in r["snippet"] for r in results)

    def test_unpublishing_removes_from_results_at_once(self, client: Client) -> None:
        article = ArticlePage.objects.get(slug=self.programme)
        article.unpublish()
        assert self.programme not in self._slugs(client, "dan van")
        article.save_revision().publish()
        assert self.programme in self._slugs(client, "dan van")

    def test_type_filter_and_pagination(self, client: Client) -> None:
        first = client.get("/api/v1/search/", {"q": "dan van", "page_size": "2"}).json()
        second = client.get("/api/v1/search/", {"q": "dan van", "page_size": "2", "page": "2"}).json()
        assert len(first["results"]) == 2 and first["count"] > 2
        assert {r["url"] for r in first["results"]}.isdisjoint({r["url"] for r in second["results"]})
        assert client.get("/api/v1/search/", {"q": "dan van", "type": "page"}).json()["count"] == 0

    def test_suggestions_are_accent_insensitive(self, client: Client) -> None:
        titles = [
            r["title"] for r in client.get("/api/v1/search/suggest/", {"q": "vinh cuu"}).json()["results"]
        ]
        assert titles and all("Vĩnh Cửu" in t for t in titles)
        assert len(titles) <= 8

    def test_html_page_shows_results_and_a_helpful_zero_results_page(self, client: Client) -> None:
        html = client.get("/search/", {"q": "dan van"}).content.decode()
        assert "kết quả cho" in html and "<mark>" in html
        empty = client.get("/search/", {"q": "xyzzyqwerty"}).content.decode()
        assert "Không tìm thấy kết quả nào" in empty and "gõ không dấu" in empty

    def test_user_query_is_escaped(self, client: Client) -> None:
        html = client.get("/search/", {"q": '<script>alert("x")</script>'}).content.decode()
        assert '<script>alert("x")</script>' not in html
        body = json.loads(client.get("/api/v1/search/", {"q": "<b>dan</b>"}).content)
        assert all("<b>" not in r["snippet"] for r in body["results"])

    def test_words_side_by_side_rank_above_scattered_words(self, client: Client) -> None:
        category = ArticlePage.objects.get(slug=self.programme).get_parent()
        old = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        ArticlePageFactory.create(parent=category, title="Sông Đồng Nai mùa nước lên", slug="lien", date=old)
        ArticlePageFactory.create(
            parent=category, title="Nai lưng làm cánh đồng mẫu", slug="roi", date=old + dt.timedelta(days=1)
        )
        slugs = self._slugs(client, "dong nai")
        assert slugs.index("lien") < slugs.index("roi"), "together beats scattered, though older"
        results = client.get("/api/v1/search/", {"q": "dong nai"}).json()["results"]
        assert any("<mark>Đồng Nai</mark>" in r["snippet"] for r in results), "snippets show the phrase"

    def test_pagination_links_keep_the_filters(self, client: Client) -> None:
        from danvan.search.views import PAGE_SIZE

        total = client.get("/api/v1/search/", {"q": "dan", "type": "article"}).json()["count"]
        assert total == len(ARTICLES) > PAGE_SIZE, "every article has “dân”: enough for two pages"
        html = client.get("/search/", {"q": "dan", "type": "article"}).content.decode()
        assert 'href="?q=dan&amp;type=article&amp;page=2"' in html
