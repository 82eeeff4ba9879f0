from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core import page_cache
from danvan.portal.models import ArticleRelatedLink

from .factories import ArticlePageFactory, ImageFactory, image_block

pytestmark = pytest.mark.django_db


def _queries_for(client: Client, url: str) -> int:
    client.get(url)  # first view creates the renditions; the measured view only reads
    page_cache.invalidate()  # measure a render, not a page-cache hit
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _realistic_article(category: Any, images: int) -> Any:
    """An article as editors make them: a feed image that is also in the body, chosen related news."""
    body_images = [ImageFactory.create() for _ in range(images)]
    article = ArticlePageFactory.create(
        parent=category, body=[image_block(img) for img in body_images], feed_image=body_images[0]
    )
    for order, other in enumerate(ArticlePageFactory.create(parent=category) for _ in range(2)):
        ArticleRelatedLink.objects.create(article=article, page=other, sort_order=order)
    return article


def test_article_queries_do_not_grow_with_its_images(client: Client, category: Any, media_root: Any) -> None:
    one = _realistic_article(category, 1)
    twenty = _realistic_article(category, 20)
    q1 = _queries_for(client, one.url)
    q20 = _queries_for(client, twenty.url)
    assert q1 == q20, (q1, q20)
    # 17: with i18n on, routing looks the active Locale up, and the language switch reads the
    # page's and the home's translations in one query.
    assert q20 <= 17


def test_chosen_related_articles_come_first_in_the_editors_order(client: Client, category: Any) -> None:
    article = ArticlePageFactory.create(parent=category)
    # Created oldest first: by date alone the order would be newest, second, first.
    first = ArticlePageFactory.create(parent=category, title="Bài chọn thứ nhất")
    second = ArticlePageFactory.create(parent=category, title="Bài chọn thứ hai")
    newest = ArticlePageFactory.create(parent=category, title="Tin mới nhất cùng mục")
    ArticleRelatedLink.objects.create(article=article, page=second, sort_order=2)
    ArticleRelatedLink.objects.create(article=article, page=first, sort_order=1)
    html = client.get(article.url).content.decode()
    related = html[html.index('id="related-heading"') :]
    assert related.index(first.title) < related.index(second.title) < related.index(newest.title)
