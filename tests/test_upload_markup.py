"""No upload path takes SVG, HTML or XML, whatever the file is called (issue 14): Wagtail's images
and documents (single and multiple upload), the legal documents' files, the drafts' files and the
CSV/XLSX imports. Each refusal is a Vietnamese message and a 4xx or the form again — never a 500."""

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from danvan.core import files, tabular
from danvan.documents.models import DocumentFile

from .factories import jpeg_bytes
from .test_consultations import DraftFactory
from .test_document_files import document, docx_with_text, pdf_with_text  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
XML_SVG = b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg"/>'
HTML = b"  <!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
UTF16_HTML = "\ufeff<html><script>alert(1)</script></html>".encode("utf-16-le")
REFUSED = "Không nhận tệp SVG, HTML hoặc XML"


def gif_with_page() -> bytes:
    """A real GIF that Pillow opens, with an HTML page hidden after its header (a polyglot)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "red").save(buffer, "GIF", comment=b"<html><script>alert(1)</script>")
    return buffer.getvalue()


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_sniffer_knows_markup_by_content() -> None:
    for markup in (SVG, XML_SVG, HTML, b"<HTML>", b"<!-- x --><p>", UTF16_HTML, gif_with_page()):
        assert files.is_markup(markup), markup[:30]
    for clean in (jpeg_bytes(8, 8), png_bytes(), pdf_with_text("Văn bản"), docx_with_text("Văn bản")):
        assert not files.is_markup(clean), clean[:8]
    assert files.is_markup(b"GIF89a....<script>x</script>")  # hidden inside
    assert not files.is_markup(b"GIF89a....<script>x</script>", inside=False)  # only the start checked


@pytest.fixture
def editor(client: Client, home: Any, media_root: Any, admin_user: Any) -> Client:
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    ("name", "data"), [("anh.png", SVG), ("anh.svg", SVG), ("anh.jpg", HTML), ("anh.gif", gif_with_page())]
)
def test_wagtail_images_refuse_markup_whatever_the_name(editor: Client, name: str, data: bytes) -> None:
    response = editor.post(
        "/admin/images/add/", {"title": "Ảnh thử", "file": SimpleUploadedFile(name, data), "collection": 1}
    )
    assert response.status_code == 200  # the form again, with the error
    html = response.content.decode()
    assert REFUSED in html or "định dạng" in html.lower()  # ours, or Wagtail's own for a non-image
    assert not get_image_model().objects.exists()


def test_the_polyglot_gif_is_refused_by_our_check_not_by_chance(editor: Client) -> None:
    response = editor.post(
        "/admin/images/add/",
        {"title": "Ảnh thử", "file": SimpleUploadedFile("anh.gif", gif_with_page()), "collection": 1},
    )
    assert REFUSED in response.content.decode()
    ok = editor.post(
        "/admin/images/add/",
        {"title": "Ảnh thật", "file": SimpleUploadedFile("anh.png", png_bytes()), "collection": 1},
    )
    assert ok.status_code == 302 and get_image_model().objects.get().title == "Ảnh thật"


def test_the_multiple_image_upload_refuses_markup_too(editor: Client) -> None:
    response = editor.post(
        "/admin/images/multiple/add/", {"files[]": SimpleUploadedFile("anh.gif", gif_with_page())}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False and REFUSED in str(body)
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize(("name", "data"), [("tep.pdf", HTML), ("tep.docx", SVG), ("tep.ods", XML_SVG)])
def test_wagtail_documents_refuse_markup_whatever_the_name(editor: Client, name: str, data: bytes) -> None:
    response = editor.post(
        "/admin/documents/add/", {"title": "Tệp thử", "file": SimpleUploadedFile(name, data), "collection": 1}
    )
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not get_document_model().objects.exists()


def test_wagtail_documents_must_be_what_their_name_says(editor: Client) -> None:
    response = editor.post(
        "/admin/documents/add/",
        {"title": "Tệp thử", "file": SimpleUploadedFile("tep.pdf", b"PK\x03\x04 a zip"), "collection": 1},
    )
    assert "Nội dung tệp không phải PDF như đuôi tên tệp cho biết." in response.content.decode()
    ok = editor.post(
        "/admin/documents/add/",
        {
            "title": "Tệp thật",
            "file": SimpleUploadedFile("tep.pdf", pdf_with_text("Kế hoạch")),
            "collection": 1,
        },
    )
    assert ok.status_code == 302 and get_document_model().objects.get().title == "Tệp thật"


def test_the_multiple_document_upload_refuses_markup_too(editor: Client) -> None:
    response = editor.post("/admin/documents/multiple/add/", {"files[]": SimpleUploadedFile("tep.pdf", HTML)})
    assert response.status_code == 200
    assert response.json()["success"] is False and REFUSED in str(response.json())
    assert not get_document_model().objects.exists()


def test_legal_document_files_refuse_markup(admin_client: Client, document: Any) -> None:  # noqa: F811
    response = admin_client.post(
        "/admin/tep-van-ban/new/", {"document": document.pk, "file": SimpleUploadedFile("qd.pdf", SVG)}
    )
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not DocumentFile.objects.exists()


def test_draft_files_refuse_markup(media_root: Any) -> None:
    draft = DraftFactory.build()
    draft.file = SimpleUploadedFile("du-thao.docx", HTML)
    with pytest.raises(ValidationError) as error:
        draft.full_clean()
    assert error.value.message_dict["file"][0].startswith(REFUSED)


@pytest.mark.parametrize("data", [HTML, "\ufeff<svg onload=alert(1)>".encode()])
def test_imports_refuse_a_page_saved_as_csv(data: bytes) -> None:
    with pytest.raises(tabular.ImportRejected) as rejected:
        list(tabular.read_rows(data))
    assert rejected.value.errors == ["Tệp là trang HTML, SVG hoặc XML, không phải CSV hay XLSX."]
    with pytest.raises(tabular.ImportRejected):
        list(tabular.read_rows(data.decode("utf-8")))
