"""One reader for every import: a CSV (UTF-8) or XLSX file as numbered rows, checked against the
importer's columns, every problem written "Dòng N: …" (N the line of the file, the header line 1).

An importer declares its columns (``Columns``), calls ``read_table`` and gets the rows keyed by the
declared names; whatever refuses the file as a whole (not CSV UTF-8 nor XLSX, too large, too many
rows, wrong header) raises ``ImportRejected`` with every problem, in Vietnamese. The importer then
checks its rows, collects problems by line and turns them into messages with ``format_errors``, so
that it writes nothing while any row is wrong.

Importers that keep their own row loop (data values) use the lower level: ``read_rows``,
``check_header`` and ``format_errors``.
"""

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.dates import parse_date
from danvan.core.numbers import group_thousands
from danvan.core.text import fold

MAX_BYTES = 20 * 1024 * 1024  # the data values import's limit, the largest any importer had
MAX_ROWS = 200_000  # rows with something in them, the header not counted
MAX_ERRORS = 200  # messages listed; past these, one line says how many more lines are wrong


class ImportRejected(Exception):
    """The file was refused as a whole; ``errors`` lists every problem, in Vietnamese."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Columns:
    """The columns an importer reads: names as its header row writes them."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return self.required + self.optional


@dataclass
class Table:
    """The rows of a file, each (line, {declared column: stripped text}), blank rows left out."""

    columns: list[str]  # the declared columns the file has, in the file's order
    rows: list[tuple[int, dict[str, str]]]
    problems: dict[int, list[str]] = field(default_factory=dict)  # the reader's own, by line


# --- messages ------------------------------------------------------------------------------------


def line_error(line: int, problems: Sequence[str]) -> str:
    """ "Dòng 7: a; b." — the one way every import names a wrong line."""
    return _("Dòng %(n)s: %(p)s.") % {"n": line, "p": "; ".join(problems)}


def format_errors(problems: Mapping[int, Sequence[str]]) -> list[str]:
    """One message per wrong line, in line order; past MAX_ERRORS, one line saying how many more."""
    lines = sorted(line for line, found in problems.items() if found)
    messages = [line_error(line, problems[line]) for line in lines[:MAX_ERRORS]]
    if len(lines) > MAX_ERRORS:
        messages.append(
            _("… và %(n)s dòng có lỗi nữa (sửa các dòng trên rồi kiểm tra lại).")
            % {"n": len(lines) - MAX_ERRORS}
        )
    return messages


def bad_date(raw: str) -> str:
    return _("ngày “%(d)s” không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy") % {"d": raw}


def read_date(raw: str, problems: list[str]) -> dt.date | None:
    """The date of a cell (day first or ISO, core.dates.parse_date); None, with a problem, if not one."""
    found = parse_date(raw)
    if found is None:
        problems.append(bad_date(raw))
    return found


# --- reading -------------------------------------------------------------------------------------


def detect_format(data: bytes) -> str:
    """Tell "xlsx" (a zip holding xl/workbook.xml) from "csv" (UTF-8 text) by the content, not the
    file's name; refuse anything else."""
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "xl/workbook.xml" in archive.namelist():
                    return "xlsx"
        except zipfile.BadZipFile:
            pass
        raise ImportRejected([_("Tệp không phải bảng tính XLSX hợp lệ.")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ImportRejected(
            [_("Tệp không phải CSV mã UTF-8 hay bảng tính XLSX; hãy lưu lại dưới dạng CSV UTF-8 hoặc XLSX.")]
        ) from None
    _check_text(text)
    return "csv"


def _check_text(text: str) -> None:
    from danvan.core.files import is_markup

    if is_markup(text[:4096].encode("utf-8"), inside=False):
        raise ImportRejected([_("Tệp là trang HTML, SVG hoặc XML, không phải CSV hay XLSX.")])
    if "\x00" in text:
        raise ImportRejected([_("Tệp không phải văn bản CSV (có ký tự nhị phân).")])


def cell_text(cell: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold: whole numbers without ".0", dates as ISO."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime) and cell.time() == dt.time():
        return cell.date().isoformat()  # a date cell: openpyxl gives midnight of that day
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        return cell.isoformat()
    return str(cell)


def _csv_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1  # a quoted cell may span lines: report where the row begins
    except csv.Error as exc:
        raise ImportRejected(
            [line_error(start, [_("tệp không đọc được như CSV (%(e)s)") % {"e": exc}])]
        ) from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    broken = _("Không đọc được bảng tính XLSX (tệp hỏng?).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file
        raise ImportRejected([broken]) from None
    try:
        if not workbook.worksheets:
            raise ImportRejected([_("Bảng tính XLSX không có trang nào.")])
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        number = 0
        while True:
            try:
                cells = next(rows)
            except StopIteration:
                return
            except Exception:  # a damaged sheet fails while it is read, not only when opened
                raise ImportRejected([broken]) from None
            number += 1
            yield number, [cell_text(c) for c in cells]
    finally:
        workbook.close()


def read_rows(
    source: bytes | str, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells as text) of a CSV or XLSX file, header first. ``source``: the file's bytes
    (CSV or XLSX, told by the content) or CSV text already decoded. Raises ImportRejected for a file
    that is not one of these, larger than ``max_bytes`` or with more than ``max_rows`` filled rows."""
    size = len(source.encode("utf-8") if isinstance(source, str) else source)
    if size > max_bytes:
        raise ImportRejected(
            [_("Tệp lớn hơn %(n)s MB; hãy chia thành nhiều tệp.") % {"n": max_bytes // 2**20}]
        )
    if isinstance(source, str):
        _check_text(source)
        rows = _csv_rows(source)
    elif detect_format(source) == "xlsx":
        rows = _xlsx_rows(source)
    else:
        rows = _csv_rows(source.decode("utf-8"))
    return _capped(rows, max_rows)


def _capped(rows: Iterator[tuple[int, list[str]]], max_rows: int) -> Iterator[tuple[int, list[str]]]:
    filled = -1  # the header is not counted
    for line, cells in rows:
        if any(c.strip() for c in cells):
            filled += 1
            if filled > max_rows:
                raise ImportRejected(
                    [_("Tệp có hơn %(n)s dòng; hãy chia thành nhiều tệp.") % {"n": group_thousands(max_rows)}]
                )
        yield line, cells


# --- the header ----------------------------------------------------------------------------------


def column_key(name: str) -> str:
    """A column name as compared: folded ("Ngày hiệu lực" → "ngay hieu luc"), spaces squeezed."""
    return " ".join(fold(name).split())


def canonical_header(cells: Sequence[str], columns: Columns) -> list[str]:
    """The header with each declared column written as declared ("Period " → "period"); other cells
    stay as typed (stripped), for the messages of ``check_header``."""
    declared = {column_key(name): name for name in columns.names}
    return [declared.get(column_key(cell), cell.strip()) for cell in cells]


def check_header(cells: Sequence[str], columns: Columns) -> list[str]:
    """The header's problems (missing, unknown, repeated columns) in one list; [] when it is right.
    Names are matched after folding; empty cells at the end of the header are ignored."""
    typed = [cell.strip() for cell in cells]
    while typed and not typed[-1]:
        typed.pop()
    keys = [column_key(cell) for cell in typed]
    declared = {column_key(name) for name in columns.names}
    missing = [name for name in columns.required if column_key(name) not in keys]
    unknown = [
        cell or _("(cột không tên)") for cell, key in zip(typed, keys, strict=True) if key not in declared
    ]
    repeated: list[str] = []
    for cell, key in zip(typed, keys, strict=True):
        if key and keys.count(key) > 1 and key not in {column_key(r) for r in repeated}:
            repeated.append(cell)
    problems = []
    if missing:
        problems.append(_("thiếu cột: %(c)s") % {"c": ", ".join(missing)})
    if unknown:
        problems.append(
            _("cột không dùng được: %(c)s (chỉ dùng %(a)s)")
            % {"c": ", ".join(unknown), "a": ", ".join(columns.names)}
        )
    if repeated:
        problems.append(_("cột lặp lại: %(c)s") % {"c": ", ".join(repeated)})
    return problems


def empty_file(columns: Columns) -> str:
    return line_error(1, [_("tệp trống hoặc thiếu dòng tiêu đề (%(c)s)") % {"c": ",".join(columns.names)}])


# --- the table -----------------------------------------------------------------------------------


def read_table(
    source: bytes | str, columns: Columns, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> Table:
    """The file's rows keyed by the declared columns (missing optional ones read as ""), blank rows
    left out; a row with more filled cells than the header has columns is a problem of that line.
    Raises ImportRejected when the file or its header is wrong."""
    rows = read_rows(source, max_bytes=max_bytes, max_rows=max_rows)
    header = next(rows, None)
    if header is None or not any(c.strip() for c in header[1]):
        raise ImportRejected([empty_file(columns)])
    header_line, cells = header
    problems = check_header(cells, columns)
    if problems:
        raise ImportRejected([line_error(header_line, problems)])
    names = canonical_header(cells, columns)
    while names and not names[-1]:
        names.pop()
    table = Table(columns=names, rows=[])
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue  # blank lines (a trailing newline, Excel's empty rows) carry nothing
        if any(c.strip() for c in row[len(names) :]):
            table.problems[line] = [
                _("có %(n)s ô, nhiều hơn %(m)s cột của dòng tiêu đề") % {"n": len(row), "m": len(names)}
            ]
        values = {name: "" for name in columns.names}
        values.update({name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(names)})
        table.rows.append((line, values))
    return table
