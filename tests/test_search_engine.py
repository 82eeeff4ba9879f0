"""The full-text engines (SQLite FTS5, PostgreSQL vi_unaccent) against a plain-Python reference.

CI runs this file on SQLite and on PostgreSQL: both must return exactly what the reference computes
from the stored words, in the same order, so the two databases give the same results.
"""

import datetime as dt
import logging
import unicodedata
from typing import Any

import pytest
from django.db import connection
from django.test import Client

from danvan.core.text import fold
from danvan.search.models import SearchDocument
from danvan.search.query import parse
from danvan.search.selectors import COUNT_LIMIT

from .worlds import portal_world

ACCEPTANCE_QUERIES = [
    "dan van",
    "dân vận",
    "DÂN VẬN",
    "dong nai",
    "Đồng Nai",
    "vinh cuu",
    "huyen",
    '"quy che dan chu"',
    "dan toc ton giao",
    unicodedata.normalize("NFD", "Vĩnh Cửu"),
    "bán",
]
SAME_RESULTS = [
    ("dan van", "dân vận"),
    ("dan van", "DÂN VẬN"),
    ("dong nai", "Đồng Nai"),
    ("vinh cuu", unicodedata.normalize("NFD", "Vĩnh Cửu")),
]


ODD_QUERIES = [
    "dan NEAR van",
    "dan AND OR van",
    'dan" van',
    "dân:vận",
    "^dan",
    "van*",
    "-dan",
    "'dan'",
    'dan van"',
    "NEAR(dan van, 2)",
    "{folded_title}: dan",
    "dan & !van | x <-> y",
    "a",
    "đ" * 1000,
    '"',
    "***",
]


def reference_ranking(raw: str) -> list[int]:
    """Documents in result order, computed row by row from the stored words, without any index."""
    query = parse(raw)
    units = [*query.terms, *query.phrases]
    accented = [w for w in dict.fromkeys(query.accented) if w != fold(w)]
    ranked = []
    for doc in SearchDocument.objects.all():
        fields = (doc.folded_title, doc.folded_lead, doc.folded_body)
        if not all(any(f" {u} " in field for field in fields) for u in units):
            continue
        together = 0
        if query.implicit_phrase:
            phrase = f" {query.implicit_phrase} "
            together = 2 if phrase in doc.folded_title else 1 if phrase in doc.folded_lead else 0
        key = (
            sum(f" {u} " in doc.folded_title for u in units),
            together,
            sum(f" {u} " in doc.folded_lead for u in units),
            sum(f" {w} " in doc.exact_title or f" {w} " in doc.exact_lead for w in accented),
            doc.date is not None,
            doc.date or dt.datetime.min.replace(tzinfo=dt.UTC),
            doc.pk,
        )
        ranked.append((key, doc.pk))
    return [pk for _key, pk in sorted(ranked, reverse=True)]


def api_ranking(client: Client, raw: str, **params: str) -> list[int]:
    ids: list[int] = []
    page = 1
    by_url = {(d.page.url if d.page else d.url): d.pk for d in SearchDocument.objects.select_related("page")}
    while True:
        data = client.get(
            "/api/v1/search/", {"q": raw, "page_size": "50", "page": str(page), **params}
        ).json()
        ids += [by_url[r["url"].removeprefix("http://testserver")] for r in data["results"]]
        if len(ids) >= data["count"] or not data["results"]:
            assert data["count"] == len(ids)
            return ids
        page += 1


@pytest.mark.django_db
class TestAgainstTheReference:
    """On tests/worlds.py's portal world: articles in two categories, documents and drafts."""

    @pytest.fixture(autouse=True)
    def _world(self, media_root: Any) -> None:
        portal_world()

    # One test per group rather than per query: building the world's pages is the slow part.
    def test_results_and_order_equal_the_reference(self, client: Client) -> None:
        for raw in ACCEPTANCE_QUERIES:
            expected = reference_ranking(raw)
            assert expected, f"the world's content has matches for {raw!r}"
            assert api_ranking(client, raw) == expected, raw

    def test_query_pairs_find_the_same_documents(self, client: Client) -> None:
        for one, other in SAME_RESULTS:
            assert set(api_ranking(client, one)) == set(api_ranking(client, other)), (one, other)

    def test_a_quoted_phrase_is_narrower_than_its_words(self, client: Client) -> None:
        phrase = api_ranking(client, '"quy che dan chu"')
        words = api_ranking(client, "quy che dan chu")
        assert set(phrase) <= set(words)
        scattered = [pk for pk in words if pk not in phrase]
        for pk in scattered:  # each really lacks the phrase: checked on the stored words
            doc = SearchDocument.objects.get(pk=pk)
            assert " quy che dan chu " not in doc.folded_title + doc.folded_lead + doc.folded_body

    def test_filters_keep_the_reference_order(self, client: Client) -> None:
        doc = SearchDocument.objects.filter(kind="article").exclude(category=None).first()
        assert doc is not None and doc.category_id is not None
        in_category = set(
            SearchDocument.objects.filter(category_id=doc.category_id).values_list("pk", flat=True)
        )
        expected = [pk for pk in reference_ranking("dan van") if pk in in_category]
        assert expected and len(expected) < len(reference_ranking("dan van"))
        assert api_ranking(client, "dan van", category=str(doc.category_id)) == expected

    def test_query_syntax_is_plain_text(self, client: Client, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.WARNING):
            for raw in ODD_QUERIES:
                for url in ("/search/", "/api/v1/search/", "/api/v1/search/suggest/"):
                    assert client.get(url, {"q": raw}).status_code == 200, (url, raw)
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
        words = client.get("/api/v1/search/", {"q": "dan van"}).json()["count"]
        assert client.get("/api/v1/search/", {"q": "dan AND van"}).json()["count"] <= words
        assert client.get("/api/v1/search/", {"q": "dân:vận"}).json()["count"] == words


@pytest.mark.django_db
def test_date_filters_use_the_vietnamese_calendar_day(client: Client, category: Any) -> None:
    """00:30 on 1 January in Viet Nam is still 31 December in UTC: it belongs to 1 January."""
    from danvan.core.dates import VIETNAM

    from .factories import ArticlePageFactory

    def at(day: int, month: int, hour: int, minute: int, year: int = 2018) -> dt.datetime:
        return dt.datetime(year, month, day, hour, minute, tzinfo=VIETNAM)

    for slug, moment in [
        ("before", at(31, 12, 23, 30, 2017)),
        ("first", at(1, 1, 0, 30)),
        ("last", at(31, 1, 23, 30)),
        ("after", at(1, 2, 0, 30)),
    ]:
        ArticlePageFactory.create(
            parent=category, title=f"Ngày hội đại đoàn kết {slug}", slug=slug, date=moment
        )
    data = client.get(
        "/api/v1/search/", {"q": "dai doan ket", "from": "2018-01-01", "to": "2018-01-31"}
    ).json()
    assert sorted(r["url"].rstrip("/").rsplit("/", 1)[-1] for r in data["results"]) == ["first", "last"]


@pytest.mark.django_db
def test_the_count_stops_at_the_limit(client: Client, home: Any) -> None:
    from danvan.search.services import text_fields

    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="article", path=home.path + "ZZZZ", **text_fields(title=f"Tin {i}", lead="", body="dân")
        )
        for i in range(COUNT_LIMIT + 5)
    )
    data = client.get("/api/v1/search/", {"q": "dan"}).json()
    assert data["count"] == COUNT_LIMIT and data["count_exact"] is False
    assert client.get("/api/v1/search/", {"q": "tin 7"}).json()["count_exact"] is True


@pytest.mark.django_db
def test_the_index_structures_exist() -> None:
    """A migration that re-creates the table on SQLite would drop the FTS triggers silently."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'danvan_search_fts_%'"
            )
            assert sorted(r[0] for r in cursor.fetchall()) == [
                "danvan_search_fts_delete",
                "danvan_search_fts_insert",
                "danvan_search_fts_update",
            ]
        else:
            cursor.execute("SELECT to_tsvector('vi_unaccent', 'Đồng Nai ĐƯỜNG Vĩnh Cửu')::text")
            assert cursor.fetchone()[0] == "'cuu':5 'dong':1 'duong':3 'nai':2 'vinh':4"
