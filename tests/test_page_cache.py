from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_anonymous_pages_are_cached_and_identical(client: Client, article: Any) -> None:
    first = client.get(article.url)
    second = Client().get(article.url)
    assert first["X-Danvan-Cache"] == "miss"
    assert second["X-Danvan-Cache"] == "hit"
    assert first.content == second.content
    assert "public" in second["Cache-Control"] and "max-age=" in second["Cache-Control"]
    assert not first.cookies, "an anonymous page must not set cookies, or it cannot be shared"
    assert b"csrfmiddlewaretoken" not in first.content


def test_publishing_retires_cached_pages(client: Client, category: Any, article: Any) -> None:
    client.get(category.url)
    newer = ArticlePageFactory.create(parent=category, title="Tin vừa đăng")
    response = client.get(category.url)
    assert newer.title in response.content.decode()


def test_unpublishing_removes_a_page_from_the_cache_at_once(client: Client, article: Any) -> None:
    assert client.get(article.url).status_code == 200
    article.unpublish()
    assert client.get(article.url).status_code == 404


def test_logged_in_editors_are_never_served_the_shared_copy(client: Client, article: Any) -> None:
    Client().get(article.url)  # fills the cache
    user = get_user_model().objects.create_superuser("bientap", password="x" * 16)
    client.force_login(user)
    response = client.get(article.url)
    assert response.get("X-Danvan-Cache") != "hit"


def test_admin_is_not_cached(client: Client, home: Any) -> None:
    response = client.get("/admin/login/")
    assert "X-Danvan-Cache" not in response


def test_making_a_page_private_withdraws_its_cached_copy(client: Client, article: Any) -> None:
    from wagtail.models import PageViewRestriction

    assert client.get(article.url).status_code == 200
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302  # to the login page, not the cached public copy
