import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model

from .factories import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client: Client, home: Any, media_root: Any) -> Client:
    user = get_user_model().objects.create_superuser("bientap", password="x" * 16)
    client.force_login(user)
    return client


def _upload(client: Client, name: str, data: bytes, content_type: str = "image/jpeg") -> Any:
    return client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh thử",
            "file": SimpleUploadedFile(name, data, content_type=content_type),
            "collection": 1,
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_a_real_image_is_accepted(editor_client: Client) -> None:
    response = _upload(editor_client, "anh.jpg", jpeg_bytes(800, 600))
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="Ảnh thử").exists()


def test_a_file_that_is_not_an_image_is_refused_in_vietnamese(editor_client: Client) -> None:
    response = _upload(editor_client, "anh.jpg", b"%PDF-1.4 this is not a picture")
    assert response.status_code == 200
    assert "định dạng" in response.content.decode().lower()
    assert not get_image_model().objects.exists()


def test_a_file_over_10_mb_is_refused(editor_client: Client, settings: Any) -> None:
    big = jpeg_bytes(100, 100) + b"\0" * (10 * 1024 * 1024)
    response = _upload(editor_client, "lon.jpg", big)
    assert response.status_code == 200
    assert "quá lớn" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_a_decompression_bomb_is_refused(editor_client: Client) -> None:
    buffer = io.BytesIO()
    PILImage.new("1", (20_000, 20_000)).save(buffer, "PNG")  # 400 megapixels in well under 1 MB
    assert len(buffer.getvalue()) < 1024 * 1024
    response = _upload(editor_client, "bom.png", buffer.getvalue(), "image/png")
    assert response.status_code == 200
    assert "điểm ảnh" in response.content.decode()
    assert not get_image_model().objects.exists()
