"""What a search request costs besides the search: finding its Site's home page (once per page-cache
generation, not per request) and reading the hits shown (one query whatever their number)."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.search.models import SearchDocument
from danvan.search.services import text_fields

from .factories import ArticlePageFactory, HomePageFactory

SEARCH = "/api/v1/search/?q=dan+van"


def _index(path: str, title: str) -> None:
    SearchDocument.objects.create(
        kind="article", path=path + "ZZZZ", **text_fields(title=title, lead="", body="")
    )


def _titles(client: Client) -> list[str]:
    return [hit["title"] for hit in client.get(SEARCH).json()["results"]]


def _site_queries(queries: list[dict[str, Any]]) -> list[str]:
    return [q["sql"] for q in queries if "wagtailcore_site" in q["sql"] or "wagtailcore_locale" in q["sql"]]


@pytest.mark.django_db
def test_the_home_is_remembered_until_the_pages_change(client: Client, site: Any, home: Any) -> None:
    _index(home.path, "Dân vận ở trang này")
    assert _titles(client) == ["Dân vận ở trang này"]
    with CaptureQueriesContext(connection) as again:
        assert _titles(client) == ["Dân vận ở trang này"]
    assert _site_queries(again.captured_queries) == []

    # Another home page for the Site: saving the Site bumps the page cache's generation, and the next
    # search looks the home up again and searches under it.
    other = HomePageFactory.create(parent=home.get_parent(), title="Cổng khác", slug="cong-khac")
    _index(other.path, "Dân vận ở cổng khác")
    site.root_page = other
    site.save()
    with CaptureQueriesContext(connection) as after:
        assert _titles(client) == ["Dân vận ở cổng khác"]
    assert _site_queries(after.captured_queries) != []


@pytest.mark.django_db
def test_an_unknown_host_falls_back_to_the_default_site_and_is_remembered_apart(
    client: Client, home: Any
) -> None:
    _index(home.path, "Dân vận mặc định")
    assert [h["title"] for h in client.get(SEARCH, HTTP_HOST="khac.example").json()["results"]] == [
        "Dân vận mặc định"
    ]
    with CaptureQueriesContext(connection) as first:
        client.get(SEARCH, HTTP_HOST="lan-dau.example")
    assert _site_queries(first.captured_queries) != []  # a host not seen before is looked up


@pytest.mark.django_db
def test_the_hits_are_read_in_one_query_whatever_their_number(client: Client, category: Any) -> None:
    def search() -> tuple[list[tuple[str, str]], int]:
        client.get(SEARCH)  # the home is looked up once
        with CaptureQueriesContext(connection) as queries:
            results = client.get(SEARCH).json()["results"]
        return [(hit["title"], hit["url"]) for hit in results], len(queries.captured_queries)

    ArticlePageFactory.create(parent=category, title="Dân vận một", slug="mot")
    one, queries_for_one = search()
    ArticlePageFactory.create(parent=category, title="Dân vận hai", slug="hai")
    ArticlePageFactory.create(parent=category, title="Dân vận ba", slug="ba")
    three, queries_for_three = search()
    assert one == [("Dân vận một", "http://testserver/cong-tac-dan-van/mot/")]
    assert three == [
        ("Dân vận ba", "http://testserver/cong-tac-dan-van/ba/"),
        ("Dân vận hai", "http://testserver/cong-tac-dan-van/hai/"),
        ("Dân vận một", "http://testserver/cong-tac-dan-van/mot/"),
    ]
    assert queries_for_three == queries_for_one
