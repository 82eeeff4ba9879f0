"""Headers every answer carries (issue 14): Django's own, and Permissions-Policy from core."""

from typing import Any

import pytest
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.test import Client

pytestmark = pytest.mark.django_db


def _policy(response: HttpResponseBase) -> dict[str, list[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {words[0]: words[1:] for words in directives if words}


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
        # Not "same-origin": YouTube's embedded player refuses to play without the site's origin.
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        csp = _policy(response)
        assert csp["script-src"] == ["'self'"] and csp["style-src"] == ["'self'"]
        assert csp["default-src"] == ["'self'"] and csp["object-src"] == ["'none'"]
        assert csp["frame-ancestors"] == ["'self'"] and csp["base-uri"] == ["'self'"]
        assert csp["form-action"] == ["'self'"] and csp["img-src"] == ["'self'", "data:"]
        assert csp["report-uri"] == ["/api/v1/csp-reports/"]
    # One fixed policy for everybody: the cached copy and the fresh one say the same.
    assert first["Content-Security-Policy"] == second["Content-Security-Policy"]
    assert "nonce-" not in first["Content-Security-Policy"]


def test_an_api_answer_and_a_404_carry_the_permissions_policy(site: Any) -> None:
    client = Client()
    for path in ("/api/v1/search/?q=dan", "/khong-co-trang-nay/"):
        response = client.get(path)
        assert "camera=()" in response["Permissions-Policy"], path
        assert "script-src 'self';" in response["Content-Security-Policy"], path
        assert response["X-Content-Type-Options"] == "nosniff", path


def test_the_public_pages_frame_only_the_video_hosts_editors_can_embed(article: Any) -> None:
    from wagtail.embeds.finders import get_finders

    csp = _policy(Client().get(article.url))
    assert csp["frame-src"] == ["'self'", "https://www.youtube.com", "https://www.youtube-nocookie.com"]
    finder = get_finders()[0]
    assert finder.accept("https://www.youtube.com/watch?v=abc")
    assert not finder.accept("https://vimeo.com/123") and not finder.accept("https://twitter.com/x/status/1")


def test_the_admin_has_its_own_policy_with_inline_scripts_and_the_same_frame_rules(
    admin_client: Client,
) -> None:
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    csp = _policy(response)
    assert csp["script-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["frame-ancestors"] == ["'self'"] and csp["object-src"] == ["'none'"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]


def test_a_pdf_is_left_to_the_browser_viewer_without_a_policy(rf: Any) -> None:
    from danvan.core.csp import DanvanCSPMiddleware

    def answer(content_type: str) -> HttpResponse:
        middleware = DanvanCSPMiddleware(lambda request: HttpResponse(b"x", content_type=content_type))
        response = middleware(rf.get("/van-ban/tep/1/"))
        assert isinstance(response, HttpResponse)
        return response

    assert "Content-Security-Policy" not in answer("application/pdf")
    assert "script-src 'self'" in answer("text/html; charset=utf-8")["Content-Security-Policy"]


def test_static_files_served_above_django_carry_the_policy_and_nosniff(client: Client, db: Any) -> None:
    response = client.get("/static/core/js/site.js")
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
