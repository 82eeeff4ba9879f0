"""`/api/v1/search/` and `/api/v1/search/suggest/` on django-ninja (issue 18): the common page shape
added beside `count`, `count_exact`, `results`, `message`; the lenient paging kept and described so;
`?format=csv`. What is found and in which order: tests/test_search.py, tests/test_search_engine.py."""

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client

from danvan.core.dates import VIETNAM
from danvan.search.models import SearchDocument
from danvan.search.services import text_fields

pytestmark = pytest.mark.django_db
URL = "/api/v1/search/"
SUGGEST = "/api/v1/search/suggest/"


@pytest.fixture
def five(home: Any) -> None:
    """Five library documents with "quasar" in the title, 1 to 5 January 2024 (newest first: 5…1)."""
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="document",
            path=home.path,
            url=f"/van-ban/{n}-quasar/",
            date=dt.datetime(2024, 1, n, 8, 0, tzinfo=VIETNAM),
            **text_fields(title=f"Văn bản quasar {n}", lead="", body="Nội dung"),
        )
        for n in range(1, 6)
    )


def test_pages_carry_page_size_next_and_previous(client: Client, five: None) -> None:
    first = client.get(URL, {"q": "quasar", "page_size": "2"}).json()
    assert (first["count"], first["count_exact"], first["page"], first["page_size"]) == (5, True, 1, 2)
    assert [r["title"] for r in first["results"]] == ["Văn bản quasar 5", "Văn bản quasar 4"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/search/?q=quasar&page_size=2&page=2"
    assert "message" not in first  # only when nothing was typed, as before
    second = client.get(first["next"]).json()
    assert [r["title"] for r in second["results"]] == ["Văn bản quasar 3", "Văn bản quasar 2"]
    assert second["previous"] == "http://testserver/api/v1/search/?q=quasar&page_size=2&page=1"
    last = client.get(second["next"]).json()
    assert [r["title"] for r in last["results"]] == ["Văn bản quasar 1"]
    assert (last["page"], last["next"]) == (3, None)


def test_a_hit_keeps_its_fields(client: Client, five: None) -> None:
    hit = client.get(URL, {"q": "quasar 3"}).json()["results"][0]
    assert hit["title"] == "Văn bản quasar 3"
    assert hit["url"] == "http://testserver/van-ban/3-quasar/"
    assert (hit["type"], hit["date"]) == ("document", "2024-01-03T08:00:00+07:00")
    assert hit["snippet"] == "Nội dung"  # the body's start when the words are in the title only
    assert list(hit) == ["title", "url", "type", "date", "snippet"]


def test_a_page_past_the_last_is_empty_not_an_error(client: Client, five: None) -> None:
    response = client.get(URL, {"q": "quasar", "page_size": "2", "page": "4"})
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["results"], body["next"]) == (5, 4, [], None)
    assert body["previous"] == "http://testserver/api/v1/search/?q=quasar&page_size=2&page=3"


@pytest.mark.parametrize(
    ("page", "page_size", "read_as"),
    [
        ("²", "５", (1, 10)),
        ("abc", "", (1, 10)),
        ("0", "0", (1, 1)),  # clamped, as the search page does
        ("-2", "-5", (1, 10)),
        ("1", "100", (1, 50)),  # at most 50
        ("1234567", "1e3", (1, 10)),  # more than six digits: not a page number
        ("2", "3", (2, 3)),
    ],
)
def test_odd_paging_means_the_default_never_a_400(
    client: Client, five: None, page: str, page_size: str, read_as: tuple[int, int]
) -> None:
    response = client.get(URL, {"q": "quasar", "page": page, "page_size": page_size})
    assert response.status_code == 200
    assert (response.json()["page"], response.json()["page_size"]) == read_as


def test_an_empty_query_says_what_to_type(client: Client, five: None) -> None:
    body = client.get(URL, {"q": " "}).json()
    assert body["message"] == "Hãy nhập từ cần tìm, ví dụ: dân vận."
    assert (body["count"], body["results"], body["next"]) == (0, [], None)


def test_filters_that_are_not_understood_are_no_filter(client: Client, five: None) -> None:
    for params in ({"type": "xyz"}, {"category": "abc"}, {"from": "hôm qua", "to": "31/12/2024"}):
        assert client.get(URL, {"q": "quasar", **params}).json()["count"] == 5, params
    assert client.get(URL, {"q": "quasar", "type": "article"}).json()["count"] == 0
    assert client.get(URL, {"q": "quasar", "from": "2024-01-04"}).json()["count"] == 2


def _rows(response: Any) -> list[dict[str, str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_same_page_as_csv(client: Client, five: None) -> None:
    response = client.get(URL, {"q": "quasar", "page_size": "2", "page": "2", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tim-kiem.csv"'
    assert response["X-Total-Count"] == "5"
    assert response["Link"] == (
        '<http://testserver/api/v1/search/?q=quasar&page_size=2&page=3&format=csv>; rel="next", '
        '<http://testserver/api/v1/search/?q=quasar&page_size=2&page=1&format=csv>; rel="previous"'
    )
    rows = _rows(response)
    assert list(rows[0]) == ["title", "url", "type", "date", "snippet"]
    assert [(r["title"], r["url"], r["date"]) for r in rows] == [
        ("Văn bản quasar 3", "http://testserver/van-ban/3-quasar/", "2024-01-03T08:00:00+07:00"),
        ("Văn bản quasar 2", "http://testserver/van-ban/2-quasar/", "2024-01-02T08:00:00+07:00"),
    ]
    # An empty result keeps its header row.
    empty = _rows(client.get(URL, {"q": "khongcogi", "format": "csv"}))
    assert empty == []


def test_an_unknown_format_is_refused_by_name(client: Client, five: None) -> None:
    response = client.get(URL, {"q": "quasar", "format": "xml"})
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"format"}


def test_suggestions_as_json_and_csv(client: Client, five: None) -> None:
    body = client.get(SUGGEST, {"q": "quas"}).json()
    assert body == {
        "results": [{"title": f"Văn bản quasar {n}", "url": f"/van-ban/{n}-quasar/"} for n in (5, 4, 3, 2, 1)]
    }
    response = client.get(SUGGEST, {"q": "quasar 2", "format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="goi-y-tim-kiem.csv"'
    assert _rows(response) == [{"title": "Văn bản quasar 2", "url": "/van-ban/2-quasar/"}]
    assert client.get(SUGGEST, {"q": "q", "format": "csv"}).content.decode() == "\ufefftitle,url\r\n"


def test_the_schema_describes_the_lenient_paging_and_the_csv(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search/"]["get"]
    params = {p["name"]: p for p in operation["parameters"]}
    assert set(params) == {"q", "type", "category", "from", "to", "page", "page_size", "format"}
    assert not any(p["required"] for p in params.values())
    size = params["page_size"]["schema"]
    assert size["anyOf"] == [{"type": "integer", "minimum": 1, "maximum": 50}, {"type": "string"}]
    assert size["default"] == 10 and "50" in params["page_size"]["description"]
    assert params["page"]["schema"]["anyOf"][1] == {"type": "string"}
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}
    page = schema["components"]["schemas"]["SearchPage"]
    assert set(page["required"]) == {
        "count",
        "count_exact",
        "page",
        "page_size",
        "next",
        "previous",
        "results",
    }
    assert "message" in page["properties"]
    assert "429" in operation["responses"]
