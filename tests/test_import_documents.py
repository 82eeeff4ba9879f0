"""manage.py import_documents: every row checked first; one bad row and nothing is written."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from danvan.documents.models import DocumentFile, DocumentType, Issuer, LegalDocument, System

from .test_document_files import pdf_with_text

HEADER = "number,type,system,issuer,title,issued_on,status,file\n"


@pytest.fixture
def codes(db: Any, media_root: Any) -> None:
    DocumentType.objects.create(name="Chương trình", code="CTr", system=System.PARTY)
    DocumentType.objects.create(name="Kế hoạch", code="KH", system=System.PARTY)
    DocumentType.objects.create(name="Kế hoạch", code="KH", system=System.STATE)
    DocumentType.objects.create(name="Quyết định", code="QĐ", system=System.STATE)
    Issuer.objects.create(name="Huyện ủy Vĩnh Cửu", code="HU")
    Issuer.objects.create(name="Ủy ban nhân dân huyện Vĩnh Cửu", code="UBND")


def write(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "van-ban.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_a_good_file_imports_every_row_with_its_file(codes: Any, tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "42.pdf").write_bytes(pdf_with_text("Importedword"))
    csv_path = write(
        tmp_path,
        "42,CTr,party,HU,Chương trình công tác dân vận năm 2023,03/3/2023,expired,42.pdf\n"
        "8,KH,state,UBND,Kế hoạch dân vận chính quyền,2023-04-10,,\n",
    )
    call_command("import_documents", str(csv_path), "--files", str(folder))
    assert "Đã nhập 2 văn bản." in capsys.readouterr().out
    assert sorted(LegalDocument.objects.values_list("symbol", flat=True)) == ["42-CTr/HU", "8/KH-UBND"]
    attached = DocumentFile.objects.get()
    assert attached.document.symbol == "42-CTr/HU" and "Importedword" in attached.text


def test_one_bad_row_writes_nothing_and_every_error_has_its_line(
    codes: Any, tmp_path: Path, capsys: Any
) -> None:
    csv_path = write(
        tmp_path,
        "42,CTr,party,HU,Đúng,03/03/2023,,\n"  # line 2: fine
        "4a,CTr,party,HU,Số sai,03/03/2023,,\n"  # line 3: malformed number
        "5,XX,party,HU,Loại lạ,03/03/2023,,\n"  # line 4: unknown kind
        "6,CTr,party,HU,Ngày sai,31/02/2023,,\n"  # line 5: no such date
        "7,CTr,party,HU,Tệp ngoài thư mục,03/03/2023,,../../etc/passwd\n"  # line 6: escaping path
        "42,CTr,party,HU,Trùng,03/03/2023,,\n",  # line 7: duplicate of line 2
    )
    folder = tmp_path / "tep"
    folder.mkdir()
    with pytest.raises(CommandError, match="Không nhập văn bản nào: 5 lỗi"):
        call_command("import_documents", str(csv_path), "--files", str(folder))
    errors = capsys.readouterr().err
    for line, words in [
        (3, "không đúng mẫu"),
        (4, "không có"),
        (5, "31/02/2023"),
        (6, "không thấy tệp"),
        (7, "đã có"),
    ]:
        assert f"Dòng {line}:" in errors and words in errors, line
    assert "Dòng 2:" not in errors
    assert not LegalDocument.objects.exists()


def test_a_file_that_is_not_a_pdf_stops_the_import(codes: Any, tmp_path: Path, capsys: Any) -> None:
    folder = tmp_path / "tep"
    folder.mkdir()
    (folder / "gia.pdf").write_bytes(b"khong phai pdf")
    csv_path = write(tmp_path, "42,CTr,party,HU,Có tệp giả,03/03/2023,,gia.pdf\n")
    with pytest.raises(CommandError):
        call_command("import_documents", str(csv_path), "--files", str(folder))
    assert "Dòng 2:" in capsys.readouterr().err and not LegalDocument.objects.exists()


def test_columns_are_checked_first(codes: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "sai.csv"
    path.write_text("number,type,issuer,tieu_de\n1,CTr,HU,x\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_documents", str(path))
    errors = capsys.readouterr().err
    assert "Dòng 1: thiếu cột: system, title, issued_on; cột không dùng được: tieu_de" in errors


def test_dry_run_writes_nothing(codes: Any, tmp_path: Path, capsys: Any) -> None:
    csv_path = write(tmp_path, "42,CTr,party,HU,Thử,03/03/2023,,\n")
    call_command("import_documents", str(csv_path), "--dry-run")
    assert "không có lỗi" in capsys.readouterr().out and not LegalDocument.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv(codes: Any, tmp_path: Path, capsys: Any) -> None:
    """Told by its content (the name says .dat), header matched without case, date cells as dates."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Number", "TYPE", "system", "issuer", "title", "issued_on", "effective_on"])
    sheet.append([42, "CTr", "party", "HU", "Chương trình từ Excel", dt.datetime(2023, 3, 3), "10/03/2023"])
    sheet.append([])  # an empty row carries nothing
    sheet.append([8, "KH", "state", "UBND", "Kế hoạch từ Excel", "2023-04-10", None])
    path = tmp_path / "van-ban.dat"
    workbook.save(path)

    call_command("import_documents", str(path))

    assert "Đã nhập 2 văn bản." in capsys.readouterr().out
    first = LegalDocument.objects.get(symbol="42-CTr/HU")
    assert (first.title, first.issued_on, first.effective_on) == (
        "Chương trình từ Excel",
        dt.date(2023, 3, 3),
        dt.date(2023, 3, 10),
    )
    assert LegalDocument.objects.get(symbol="8/KH-UBND").issued_on == dt.date(2023, 4, 10)


def test_errors_in_an_xlsx_file_name_the_sheet_rows(codes: Any, tmp_path: Path, capsys: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["number", "type", "system", "issuer", "title", "issued_on"])
    sheet.append([42, "CTr", "party", "HU", "Đúng", "03/03/2023"])
    sheet.append([])
    sheet.append([43, "CTr", "party", "HU", "Ngày sai", "31/02/2023"])  # row 4 of the sheet
    path = tmp_path / "van-ban.xlsx"
    workbook.save(path)

    with pytest.raises(CommandError, match="Không nhập văn bản nào: 1 lỗi"):
        call_command("import_documents", str(path))

    assert capsys.readouterr().err.strip() == (
        "Dòng 4: ngày “31/02/2023” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy."
    )
    assert not LegalDocument.objects.exists()


def test_a_file_in_another_encoding_is_refused_in_vietnamese(codes: Any, tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "van-ban.csv"
    path.write_bytes((HEADER + "42,CTr,party,HU,Thử,03/03/2023,,\n").encode("utf-16"))
    with pytest.raises(CommandError, match="Không nhập văn bản nào: 1 lỗi"):
        call_command("import_documents", str(path))
    assert "Tệp không phải CSV mã UTF-8 hay bảng tính XLSX" in capsys.readouterr().err
    assert not LegalDocument.objects.exists()
