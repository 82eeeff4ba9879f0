"""core.tabular: the one reader of every import — CSV or XLSX by content, header checked, "Dòng N"."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook

from danvan.core import tabular
from danvan.core.tabular import Columns, ImportRejected

COLUMNS = Columns(required=("code", "Ngày hiệu lực"), optional=("note",))


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refused(source: bytes | str, columns: Columns = COLUMNS, **limits: int) -> list[str]:
    with pytest.raises(ImportRejected) as rejected:
        tabular.read_table(source, columns, **limits)
    return rejected.value.errors


def test_csv_with_or_without_bom_gives_the_same_rows() -> None:
    text = "code,Ngày hiệu lực,note\r\nA,01/02/2025,x\r\nB,2025-03-01,\r\n"
    for data in (text.encode("utf-8"), ("\ufeff" + text).encode("utf-8"), "\ufeff" + text):
        table = tabular.read_table(data, COLUMNS)
        assert table.columns == ["code", "Ngày hiệu lực", "note"]
        assert table.rows == [
            (2, {"code": "A", "Ngày hiệu lực": "01/02/2025", "note": "x"}),
            (3, {"code": "B", "Ngày hiệu lực": "2025-03-01", "note": ""}),
        ]
        assert table.problems == {}


def test_header_is_matched_after_folding_and_given_back_as_declared() -> None:
    table = tabular.read_table(" CODE , ngay  hieu luc\nA,01/02/2025\n", COLUMNS)
    assert table.columns == ["code", "Ngày hiệu lực"]
    # An optional column the file lacks reads as "".
    assert table.rows == [(2, {"code": "A", "Ngày hiệu lực": "01/02/2025", "note": ""})]
    assert tabular.column_key("NGÀY HIỆU LỰC") == tabular.column_key("ngay hieu luc") == "ngay hieu luc"


def test_missing_unknown_and_repeated_columns_make_one_message() -> None:
    assert _refused("code,ghi chu,,Code\nA,x,,A\n") == [
        "Dòng 1: thiếu cột: Ngày hiệu lực; cột không dùng được: ghi chu, (cột không tên) "
        "(chỉ dùng code, Ngày hiệu lực, note); cột lặp lại: code."
    ]
    # Empty cells at the end of the header (a trailing comma, a wide sheet) are not columns.
    assert tabular.read_table("code,ngay hieu luc,,\nA,1/2/2025,,\n", COLUMNS).rows == [
        (2, {"code": "A", "Ngày hiệu lực": "1/2/2025", "note": ""})
    ]


def test_an_empty_file_asks_for_the_header() -> None:
    message = ["Dòng 1: tệp trống hoặc thiếu dòng tiêu đề (code,Ngày hiệu lực,note)."]
    assert _refused(b"") == message
    assert _refused(",,\nA,B\n") == message


def test_csv_lines_are_the_lines_of_the_file() -> None:
    # Line 3 holds a cell spanning two lines (3 and 4), line 5 is blank, so the last row is line 6.
    text = 'code,ngay hieu luc,note\nA,1/1/2025,\nB,1/1/2025,"hai\ndòng"\n\nC,1/1/2025,,thừa\n'
    table = tabular.read_table(text.encode("utf-8"), COLUMNS)
    assert [line for line, _row in table.rows] == [2, 3, 6]
    assert table.rows[1][1]["note"] == "hai\ndòng"
    # A row with more filled cells than the header has columns is a problem of its line.
    assert table.problems == {6: ["có 4 ô, nhiều hơn 3 cột của dòng tiêu đề"]}


def test_xlsx_is_told_by_its_content_and_numbered_by_sheet_row() -> None:
    data = _xlsx(
        [
            ["Code", "Ngày Hiệu Lực", "note"],
            ["A", dt.datetime(2025, 7, 1), 12.0],
            [None, None, None],
            ["B", "31/12/2025", 2.5],
        ]
    )
    assert tabular.detect_format(data) == "xlsx"
    table = tabular.read_table(data, COLUMNS)  # bytes, no file name anywhere
    assert table.rows == [
        (2, {"code": "A", "Ngày hiệu lực": "2025-07-01", "note": "12"}),
        (4, {"code": "B", "Ngày hiệu lực": "31/12/2025", "note": "2.5"}),
    ]


def test_xlsx_header_problems_are_line_1_too() -> None:
    assert _refused(_xlsx([["code", "colour"], ["A", "red"]])) == [
        "Dòng 1: thiếu cột: Ngày hiệu lực; cột không dùng được: colour (chỉ dùng code, Ngày hiệu lực, note)."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "code,ngay hieu luc\nĂ,1/1/2025\n".encode("utf-16"),
            "Tệp không phải CSV mã UTF-8 hay bảng tính XLSX",
        ),
        ("code,ngay hieu luc\nĐà,1/1/2025\n".encode("cp1258"), "Tệp không phải CSV mã UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Tệp không phải CSV mã UTF-8"),
        (b"code,ngay hieu luc\nA,\x00\n", "có ký tự nhị phân"),
        (b"PK\x03\x04not really a zip", "Tệp không phải bảng tính XLSX hợp lệ."),
    ],
)
def test_a_file_that_is_not_utf8_csv_nor_xlsx_is_refused_in_vietnamese(data: bytes, message: str) -> None:
    errors = _refused(data)
    assert len(errors) == 1 and message in errors[0]


def test_a_damaged_workbook_is_refused_in_vietnamese() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not a workbook")
    assert _refused(buffer.getvalue()) == ["Không đọc được bảng tính XLSX (tệp hỏng?)."]


def test_a_broken_csv_is_refused_with_its_line() -> None:
    huge = "x" * 200_000  # longer than the csv module's field limit (131,072 characters)
    errors = _refused(f'code,ngay hieu luc\nA,1/1/2025\nB,"{huge}"\n')
    assert len(errors) == 1 and errors[0].startswith("Dòng 3: tệp không đọc được như CSV")


def test_size_and_row_limits() -> None:
    text = "code,ngay hieu luc\n" + "A,1/1/2025\n" * 3
    assert _refused(text, max_bytes=20) == ["Tệp lớn hơn 0 MB; hãy chia thành nhiều tệp."]
    assert len(tabular.read_table(text + "\n\n", COLUMNS, max_rows=3).rows) == 3  # blank lines don't count
    assert _refused(text + "B,1/1/2025\n", max_rows=3) == ["Tệp có hơn 3 dòng; hãy chia thành nhiều tệp."]
    assert tabular.MAX_BYTES == 20 * 1024 * 1024


def test_errors_are_dong_n_in_line_order_and_capped() -> None:
    assert tabular.line_error(7, ["a", "b"]) == "Dòng 7: a; b."
    assert tabular.format_errors({5: ["sau"], 2: ["trước"], 3: []}) == ["Dòng 2: trước.", "Dòng 5: sau."]
    many = {line: ["sai"] for line in range(2, 2 + tabular.MAX_ERRORS + 5)}
    messages = tabular.format_errors(many)
    assert len(messages) == tabular.MAX_ERRORS + 1
    assert messages[-2] == f"Dòng {tabular.MAX_ERRORS + 1}: sai."
    assert messages[-1] == "… và 5 dòng có lỗi nữa (sửa các dòng trên rồi kiểm tra lại)."


def test_dates_day_first_or_iso_else_one_message() -> None:
    problems: list[str] = []
    assert tabular.read_date("03/3/2023", problems) == dt.date(2023, 3, 3)
    assert tabular.read_date("2023-03-03", problems) == dt.date(2023, 3, 3)
    assert problems == []
    assert tabular.read_date("03-03-2023", problems) is None
    assert tabular.read_date("31/02/2023", problems) is None
    assert problems == [
        "ngày “03-03-2023” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy",
        "ngày “31/02/2023” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy",
    ]


def test_spreadsheet_cells_as_text() -> None:
    assert [
        tabular.cell_text(c)
        for c in (None, True, 7, 7.0, 0.25, dt.datetime(2025, 1, 2), dt.datetime(2025, 1, 2, 8, 30), "x")
    ] == ["", "1", "7", "7", "0.25", "2025-01-02", "2025-01-02T08:30:00", "x"]
