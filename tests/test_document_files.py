"""Attached files: checked by content, text searchable, downloaded under their Vietnamese name."""

import datetime as dt
import io
from typing import Any
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.core.files import OLE_MAGIC, safe_name
from danvan.documents.models import DocumentFile, DocumentType, Issuer, LegalDocument, System


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose page shows ``text`` (ASCII) in Helvetica."""
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_with_text(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def document(db: Any, media_root: Any) -> LegalDocument:
    party = DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    issuer = Issuer.objects.create(name="Huyện ủy Vĩnh Cửu", code="HU")
    return LegalDocument.objects.create(
        number="42",
        type=party,
        issuer=issuer,
        title="Chương trình công tác dân vận",
        issued_on=dt.date(2023, 3, 3),
    )


def upload(client: Client, document: LegalDocument, name: str, content: bytes) -> Any:
    return client.post(
        "/admin/tep-van-ban/new/",
        {"document": document.pk, "file": SimpleUploadedFile(name, content)},
    )


@pytest.mark.django_db
class TestUploads:
    def test_a_pdf_is_accepted_and_its_words_are_searchable(
        self, admin_client: Client, document: LegalDocument
    ) -> None:
        response = upload(
            admin_client, document, "../../Chương trình 42.pdf", pdf_with_text("Quasarword trong tep")
        )
        assert response.status_code == 302
        attached = DocumentFile.objects.get()
        assert attached.kind == "pdf" and attached.original_name == "Chương trình 42.pdf"
        stored = attached.file.name or ""
        assert stored.startswith("van-ban/") and ".." not in stored
        results = admin_client.get("/api/v1/search/", {"q": "quasarword"}).json()["results"]
        assert [r["title"] for r in results] == ["Chương trình 42-CTr/HU: Chương trình công tác dân vận"]
        api = admin_client.get("/api/v1/documents/", {"q": "42-CTr/HU"}).json()["results"][0]
        assert api["file_url"].endswith(attached.get_absolute_url())

    def test_a_docx_is_accepted_with_its_text(self, admin_client: Client, document: LegalDocument) -> None:
        response = upload(admin_client, document, "ke-hoach.docx", docx_with_text("Nội dung có từ Zephyrine"))
        assert response.status_code == 302
        assert "Zephyrine" in DocumentFile.objects.get().text
        assert admin_client.get("/api/v1/search/", {"q": "zephyrine"}).json()["count"] == 1

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("gia-mao.pdf", b"day khong phai PDF", "không phải hai loại đó"),
            ("anh.docx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải hai loại đó"),
            ("cu.doc", OLE_MAGIC + b"0" * 100, "đã đặt mật khẩu hoặc ở định dạng cũ"),
            ("mat-khau.pdf", None, "đã đặt mật khẩu"),
            ("hong.pdf", b"%PDF-1.4 hong", "Không đọc được tệp PDF"),
            ("nen.docx", b"PK\x03\x04 khong phai zip", "Không đọc được tệp Word"),
        ],
    )
    def test_refused_by_content_with_a_message(
        self, admin_client: Client, document: LegalDocument, name: str, content: bytes | None, message: str
    ) -> None:
        response = upload(admin_client, document, name, content if content is not None else encrypted_pdf())
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not DocumentFile.objects.exists()

    def test_too_large_is_refused(self, admin_client: Client, document: LegalDocument, settings: Any) -> None:
        settings.DANVAN_DOCUMENT_MAX_BYTES = 100
        response = upload(admin_client, document, "lon.pdf", pdf_with_text("x" * 200))
        assert response.status_code == 200 and "Tệp quá lớn" in response.content.decode()
        assert not DocumentFile.objects.exists()

    def test_download_keeps_the_vietnamese_name(
        self, admin_client: Client, client: Client, document: LegalDocument
    ) -> None:
        upload(admin_client, document, "Chương trình dân vận 2023.pdf", pdf_with_text("abc"))
        response = client.get(DocumentFile.objects.get().get_absolute_url())
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        disposition = response["Content-Disposition"]
        assert disposition.startswith("attachment;")
        assert f"filename*=utf-8''{quote('Chương trình dân vận 2023.pdf')}" in disposition
        assert b"".join(response.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
        assert client.get("/van-ban/tep/999999/").status_code == 404

    def test_deleting_a_file_takes_its_words_out_of_the_search(
        self, admin_client: Client, document: LegalDocument
    ) -> None:
        upload(admin_client, document, "a.pdf", pdf_with_text("Nebulaword"))
        assert admin_client.get("/api/v1/search/", {"q": "nebulaword"}).json()["count"] == 1
        DocumentFile.objects.get().delete()
        assert admin_client.get("/api/v1/search/", {"q": "nebulaword"}).json()["count"] == 0


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\Quyết định.pdf", "Quyết định.pdf"),
        ("bad\x00name\n.pdf", "badname.pdf"),
        ("", "van-ban"),
        ("...", "van-ban"),
    ],
)
def test_safe_names(raw: str, clean: str) -> None:
    assert safe_name(raw) == clean
