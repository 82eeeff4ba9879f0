"""Headers every answer carries (issue 14): Django's own, and Permissions-Policy from core."""

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_public_page_carries_the_security_headers_on_a_miss_and_on_a_cache_hit(article: Any) -> None:
    client = Client()
    first = client.get(article.url)
    second = client.get(article.url)
    assert (first.status_code, second.status_code) == (200, 200)
    assert (first["X-Danvan-Cache"], second["X-Danvan-Cache"]) == ("miss", "hit")
    for response in (first, second):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"


def test_an_api_answer_and_a_404_carry_the_permissions_policy(site: Any) -> None:
    client = Client()
    for path in ("/api/v1/search/?q=dan", "/khong-co-trang-nay/"):
        response = client.get(path)
        assert "camera=()" in response["Permissions-Policy"], path
