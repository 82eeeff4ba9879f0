"""HTTP details of the portal: the English search address, the home's description, compression and
cache headers of uploads."""

import gzip
import json
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Locale

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_en(home: Any) -> Any:
    english, _ = Locale.objects.get_or_create(language_code="en")
    translated = home.copy_for_translation(english)
    translated.slug = "english-home"
    translated.save_revision().publish()
    return translated


def test_english_search_is_served_under_en_and_the_english_form_posts_there(
    client: Client, home: Any, home_en: Any
) -> None:
    response = client.get("/en/search/", {"q": "dân vận"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'action="/en/search/"' in html
    assert 'action="/en/search/"' in client.get("/en/").content.decode()
    assert 'action="/search/"' in client.get("/").content.decode()


def test_the_english_search_page_is_counted(client: Client, home: Any, home_en: Any) -> None:
    body = json.dumps({"path": "/en/search/", "referrer": ""})
    ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
    response = client.post("/api/v1/hits/", data=body, content_type="application/json", HTTP_USER_AGENT=ua)
    assert response.status_code == 204


def test_home_has_a_meta_description(client: Client, home: Any) -> None:
    home.intro = "Tin về công tác dân vận của huyện."
    home.save_revision().publish()
    assert (
        '<meta name="description" content="Tin về công tác dân vận của huyện.">'
        in client.get("/").content.decode()
    )
    home.search_description = "Mô tả riêng cho công cụ tìm kiếm."
    home.save_revision().publish()
    assert (
        '<meta name="description" content="Mô tả riêng cho công cụ tìm kiếm.">'
        in client.get("/").content.decode()
    )


def test_pages_are_compressed_for_clients_that_accept_gzip_also_from_the_page_cache(
    client: Client, home: Any
) -> None:
    plain = client.get("/")
    assert plain.get("Content-Encoding") is None and plain["X-Danvan-Cache"] == "miss"
    for _ in range(2):  # a cached copy is served compressed to one client and plain to the next
        packed = client.get("/", HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert packed["X-Danvan-Cache"] == "hit"
        assert packed["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in packed["Vary"]
        assert gzip.decompress(packed.content) == plain.content
        again = client.get("/")
        assert again.get("Content-Encoding") is None and again.content == plain.content


@pytest.mark.parametrize(
    ("path", "max_age"),
    [
        ("images/anh.fill-300x200.jpg", 30 * 24 * 3600),
        ("original_images/anh.jpg", 24 * 3600),
        ("documents/qd.pdf", 3600),
    ],
)
def test_uploads_carry_cache_headers(client: Client, media_root: Any, path: str, max_age: int) -> None:
    target = media_root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(b"x" * 10)
    response = client.get(f"/media/{path}")
    assert response.status_code == 200
    assert f"max-age={max_age}" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "Cache-Control" not in client.get("/media/khong-co.jpg")
