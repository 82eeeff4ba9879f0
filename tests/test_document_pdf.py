"""Generated PDF files of legal documents: Vietnamese administrative layout, real text, no network;
the demo documents each get one, attached as an upload is, and searchable."""

import datetime as dt
import importlib.abc
import io
import logging
import socket
import sys
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader

from danvan.core.dates import written_date
from danvan.core.pdf import RefuseEveryURL, html_to_pdf
from danvan.demo import load_demo
from danvan.documents.demo import load_documents
from danvan.documents.models import DocumentFile, LegalDocument
from danvan.documents.pdf import heading, render_document_pdf


def text_of(pdf: bytes) -> str:
    """Every page's text, runs of white space (line ends) as one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def font_families(pdf: bytes) -> set[str]:
    """The embedded fonts' families: "ABCDEF+Liberation-Serif-Bold" → "Liberation-Serif"."""
    families = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]  # a PdfObject to mypy; a dictionary here
        for font in resources.get_object()["/Font"].get_object().values():
            name = str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1]
            families.add("-".join(p for p in name.split("-") if p not in {"Bold", "Italic", "Regular"}))
    return families


@pytest.mark.django_db
class TestRendering:
    @pytest.fixture(autouse=True)
    def _documents(self, db: Any, media_root: Any) -> None:
        load_documents()  # the demo's documents alone: the pages and images are not needed here

    def test_the_programme_is_a_pdf_with_its_symbol_kind_and_title_as_text(self) -> None:
        pdf = render_document_pdf(LegalDocument.objects.get(symbol="42-CTr/HU"))
        assert pdf.startswith(b"%PDF")
        text = text_of(pdf)
        assert "42-CTr/HU" in text
        assert "CHƯƠNG TRÌNH" in text
        assert "Chương trình công tác dân vận năm 2023" in text  # precomposed letters, as typed

    def test_a_party_document_has_the_party_heading(self) -> None:
        text = text_of(render_document_pdf(LegalDocument.objects.get(symbol="13-NQ/HU")))
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert "ĐẢNG BỘ HUYỆN VĨNH CỬU HUYỆN ỦY" in text
        assert "Số 13-NQ/HU" in text
        assert "Vĩnh Cửu, ngày 21 tháng 12 năm 2022" in text
        assert "NGHỊ QUYẾT" in text and "T/M BAN THƯỜNG VỤ" in text
        assert "CỘNG HÒA" not in text

    def test_a_state_document_has_the_national_heading(self) -> None:
        text = text_of(render_document_pdf(LegalDocument.objects.get(symbol="1250/QĐ-UBND")))
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Độc lập - Tự do - Hạnh phúc" in text
        assert "ỦY BAN NHÂN DÂN HUYỆN VĨNH CỬU" in text
        assert "Số: 1250/QĐ-UBND" in text
        assert "Vĩnh Cửu, ngày 20 tháng 6 năm 2023" in text
        assert "QUYẾT ĐỊNH" in text and "T/M ỦY BAN NHÂN DÂN" in text
        assert "ĐẢNG CỘNG SẢN" not in text

    def test_a_letter_has_its_subject_under_the_number(self) -> None:
        text = text_of(render_document_pdf(LegalDocument.objects.get(symbol="356/CV-UBND")))
        assert "V/v Công văn về công khai dự toán ngân sách ở xã" in text
        assert "CÔNG VĂN" not in text

    def test_every_page_says_it_was_generated(self) -> None:
        pdf = render_document_pdf(
            LegalDocument.objects.get(symbol="42-CTr/HU"), paragraphs=["Đoạn văn."] * 60
        )
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) >= 2
        for page in reader.pages:
            assert "Bản điện tử tạo tự động cho dữ liệu mẫu" in " ".join((page.extract_text() or "").split())

    def test_one_font_draws_every_letter(self) -> None:
        # A font lacking ư, ơ, ả… would have them drawn from a second font, one letter in another face.
        pdf = render_document_pdf(LegalDocument.objects.get(symbol="42-CTr/HU"))
        assert len(font_families(pdf)) == 1, font_families(pdf)


def test_dates_are_written_as_the_decree_says() -> None:
    assert written_date(dt.date(2023, 3, 3)) == "ngày 03 tháng 3 năm 2023"
    assert written_date(dt.date(2022, 12, 21)) == "ngày 21 tháng 12 năm 2022"
    assert written_date(dt.date(2024, 2, 5)) == "ngày 05 tháng 02 năm 2024"


@pytest.mark.parametrize(
    ("issuer", "system", "superior", "body", "place", "signs_as"),
    [
        (
            "Huyện ủy Vĩnh Cửu",
            "party",
            "ĐẢNG BỘ HUYỆN VĨNH CỬU",
            ["HUYỆN ỦY"],
            "Vĩnh Cửu",
            "T/M BAN THƯỜNG VỤ",
        ),
        ("Tỉnh uỷ Đồng Nai", "party", "ĐẢNG BỘ TỈNH ĐỒNG NAI", ["TỈNH ỦY"], "Đồng Nai", "T/M BAN THƯỜNG VỤ"),
        (
            "Thành ủy Biên Hòa",
            "party",
            "ĐẢNG BỘ THÀNH PHỐ BIÊN HÒA",
            ["THÀNH ỦY"],
            "Biên Hòa",
            "T/M BAN THƯỜNG VỤ",
        ),
        (
            "Ủy ban nhân dân huyện Vĩnh Cửu",
            "state",
            "",
            ["ỦY BAN NHÂN DÂN", "HUYỆN VĨNH CỬU"],
            "Vĩnh Cửu",
            "T/M ỦY BAN NHÂN DÂN",
        ),
        ("Phòng Nội vụ huyện Vĩnh Cửu", "state", "", ["PHÒNG NỘI VỤ", "HUYỆN VĨNH CỬU"], "Vĩnh Cửu", ""),
        ("Ban Dân vận", "party", "", ["BAN DÂN VẬN"], "", "T/M BAN THƯỜNG VỤ"),
    ],
)
def test_the_heading_of_each_issuer(
    issuer: str, system: str, superior: str, body: list[str], place: str, signs_as: str
) -> None:
    head = heading(issuer, system)
    assert (head.superior, head.body, head.place, head.signs_as) == (superior, body, place, signs_as)


def test_rendering_fetches_no_url(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    connections: list[Any] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: connections.append(address))
    stylesheet = tmp_path / "leak.css"
    stylesheet.write_text('body::after { content: "LEAKED" }')
    html = (
        f'<html><head><link rel="stylesheet" href="{stylesheet.as_uri()}"></head>'
        '<body><p>Nội dung</p><img src="http://127.0.0.1:9/anh.png"></body></html>'
    )
    text = text_of(html_to_pdf(html))
    assert "Nội dung" in text and "LEAKED" not in text
    assert connections == []
    with pytest.raises(ValueError, match="disabled"):
        RefuseEveryURL().fetch("https://example.com/")


@pytest.mark.django_db
class TestDemoFiles:
    def test_each_demo_document_has_one_generated_pdf(self, demo: Any) -> None:
        documents = LegalDocument.objects.all()
        assert documents.count() == 14  # 12 documents and the two “Dân vận khéo” decisions
        for document in documents:
            files = list(document.files.all())
            assert len(files) == 1, document.symbol
            assert files[0].kind == "pdf" and files[0].original_name.endswith(".pdf")
            assert document.symbol in files[0].text
        assert DocumentFile.objects.get(document__symbol="42-CTr/HU").original_name == (
            "Chương trình 42-CTr-HU.pdf"
        )

    def test_the_site_search_finds_a_word_of_the_generated_text(self, demo: Any, client: Client) -> None:
        programme = LegalDocument.objects.get(symbol="42-CTr/HU")
        assert "mương" not in f"{programme.title} {programme.abstract}"  # only in the PDF's own paragraph
        results = client.get("/api/v1/search/", {"q": "mương"}).json()["results"]
        assert [r["title"] for r in results] == [
            "Chương trình 42-CTr/HU: Chương trình công tác dân vận năm 2023"
        ]

    def test_loading_the_demo_again_adds_no_file(self, demo: Any) -> None:
        before = list(DocumentFile.objects.values_list("pk", "document_id"))
        load_demo()
        assert list(DocumentFile.objects.values_list("pk", "document_id")) == before

    @pytest.mark.parametrize(
        "error",
        [ImportError("No module named 'weasyprint'"), OSError("cannot load library 'libpango-1.0-0'")],
    )
    def test_without_weasyprint_the_demo_loads_without_files(
        self,
        db: Any,
        media_root: Any,
        monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture,
        error: Exception,
    ) -> None:
        class Unloadable(importlib.abc.MetaPathFinder):
            def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
                if name.split(".")[0] == "weasyprint":
                    raise error

        for module in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
            monkeypatch.delitem(sys.modules, module)
        monkeypatch.delitem(sys.modules, "danvan.documents.pdf")
        monkeypatch.delitem(sys.modules, "danvan.core.pdf")
        monkeypatch.setattr(sys, "meta_path", [Unloadable(), *sys.meta_path])
        with caplog.at_level(logging.WARNING, logger="danvan.documents.demo"):
            load_demo()
        assert LegalDocument.objects.count() == 14  # as above
        assert not DocumentFile.objects.exists()
        assert "Không tạo được tệp PDF cho văn bản mẫu" in caplog.text
