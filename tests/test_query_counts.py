from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core import page_cache

from .factories import ArticlePageFactory, ImageFactory, image_block

pytestmark = pytest.mark.django_db


def _queries_for(client: Client, url: str) -> int:
    client.get(url)  # first view creates the renditions; the measured view only reads
    page_cache.invalidate()  # measure a render, not a page-cache hit
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_article_queries_do_not_grow_with_its_images(client: Client, category: Any, media_root: Any) -> None:
    one = ArticlePageFactory.create(parent=category, body=[image_block(ImageFactory.create())])
    twenty = ArticlePageFactory.create(
        parent=category, body=[image_block(ImageFactory.create()) for _ in range(20)]
    )
    q1 = _queries_for(client, one.url)
    q20 = _queries_for(client, twenty.url)
    assert q1 == q20, (q1, q20)
    assert q20 <= 15
