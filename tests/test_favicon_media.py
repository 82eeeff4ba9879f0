from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_redirects_to_the_static_icon(client: Client, home: Any) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("core/favicon.svg")


def test_media_is_served_from_the_current_media_root(client: Client, media_root: Any) -> None:
    media_root.mkdir(parents=True)
    (media_root / "ghi-chu.txt").write_text("xin chào", encoding="utf-8")
    response = client.get("/media/ghi-chu.txt")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == "xin chào".encode()  # type: ignore[attr-defined]
    assert client.get("/media/../danvan/settings/base.py").status_code in (400, 404)
