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


def test_private_uploads_are_never_served_from_media(client: Client, media_root: Any) -> None:
    """Citizens' attachments live under MEDIA_ROOT/rieng/ (backups hold them) but /media/ refuses the
    whole folder, however the path is spelled; staff get them through a permission-checked view."""
    folder = media_root / "rieng" / "don-thu" / "2026"
    folder.mkdir(parents=True)
    (folder / "abc.pdf").write_bytes(b"%PDF-1.4 CCCD 012345678901")
    for path in (
        "rieng/don-thu/2026/abc.pdf",
        "/rieng/don-thu/2026/abc.pdf",
        "x/../rieng/don-thu/2026/abc.pdf",
    ):
        response = client.get(f"/media/{path}")
        assert response.status_code in (400, 404), path
        assert b"CCCD" not in b"".join(getattr(response, "streaming_content", [response.content]))
    (media_root / "cong-khai.txt").write_text("mở", encoding="utf-8")
    assert client.get("/media/cong-khai.txt").status_code == 200  # the rest of /media/ still opens
