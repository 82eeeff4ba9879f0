"""The monthly news archive: reachable from the home page and each article, with month navigation."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danvan.core.dates import VIETNAM

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def months(category: Any) -> dict[str, Any]:
    """Articles in January, March and May 2023 (none in February or April, Vietnam time)."""
    return {
        "jan": ArticlePageFactory.create(parent=category, date=dt.datetime(2023, 1, 10, 8, tzinfo=VIETNAM)),
        "mar": ArticlePageFactory.create(
            parent=category, date=dt.datetime(2023, 3, 31, 23, 30, tzinfo=VIETNAM)
        ),
        # 2023-05-01 02:00 in Vietnam is still 30 April in UTC: it belongs to May.
        "may": ArticlePageFactory.create(parent=category, date=dt.datetime(2023, 4, 30, 19, tzinfo=dt.UTC)),
    }


def links(html: str, rel: str) -> list[str]:
    import re

    return re.findall(rf'<a href="([^"]+)" rel="{rel}">', html)


def test_archive_links_to_the_nearest_months_that_have_news(client: Client, home: Any, months: Any) -> None:
    march = client.get("/luu-tru/2023/3/").content.decode()
    assert months["mar"].title in march and months["may"].title not in march
    assert links(march, "prev") == ["/luu-tru/2023/1/"]
    assert links(march, "next") == ["/luu-tru/2023/5/"]
    january = client.get("/luu-tru/2023/1/").content.decode()
    assert links(january, "prev") == [] and links(january, "next") == ["/luu-tru/2023/3/"]
    empty_april = client.get("/luu-tru/2023/4/").content.decode()
    assert links(empty_april, "prev") == ["/luu-tru/2023/3/"]
    assert links(empty_april, "next") == ["/luu-tru/2023/5/"]


def test_home_lists_the_months_with_news(client: Client, home: Any, months: Any) -> None:
    html = client.get("/").content.decode()
    found = [m for m in ("/luu-tru/2023/5/", "/luu-tru/2023/3/", "/luu-tru/2023/1/") if f'href="{m}"' in html]
    assert found == ["/luu-tru/2023/5/", "/luu-tru/2023/3/", "/luu-tru/2023/1/"]
    assert 'href="/luu-tru/2023/4/"' not in html and 'href="/luu-tru/2023/2/"' not in html
    assert html.index("/luu-tru/2023/5/") < html.index("/luu-tru/2023/3/") < html.index("/luu-tru/2023/1/")


def test_an_articles_date_links_to_its_month(client: Client, home: Any, months: Any) -> None:
    assert 'href="/luu-tru/2023/5/"' in client.get(months["may"].url).content.decode()
    assert 'href="/luu-tru/2023/3/"' in client.get(months["mar"].url).content.decode()
