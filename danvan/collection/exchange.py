"""Data values exchange, like DHIS2's dataValueSets: CSV or XLSX in and out, all or nothing.

Columns, header required: ``data_element,period,org_unit,value,comment`` (``comment`` optional).
Every row is checked before anything is written and every problem is reported as "Dòng N: …",
N being the line of the file (the header is line 1). Values are written with bulk operations in one
transaction, each created or changed value with its DataValueChange row (source "import").
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import tabular
from danvan.core.events import announce
from danvan.core.tabular import ImportRejected as ImportRejected  # the views and commands catch it here
from danvan.core.tabular import detect_format
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits
from danvan.programmes import selectors, services
from danvan.programmes.selectors import (
    RATING_CODES,
    ValueType,
    parse_boolean,
    parse_count,
    parse_period,
    parse_rating,
)

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit
    from danvan.programmes.models import DataElement, DataSet, Period, Programme

COLUMNS = ("data_element", "period", "org_unit", "value", "comment")
REQUIRED = COLUMNS[:4]
SPEC = tabular.Columns(required=REQUIRED, optional=COLUMNS[4:])
MAX_UPLOAD_BYTES = tabular.MAX_BYTES  # files from the admin (the reader refuses larger ones too)
MAX_COMMENT = 2000
BATCH = services.BATCH
LOCKED_STATUSES = selectors.APPROVED_STATUSES
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    submitted: int = 0  # reports that the import put (back) into "đã gửi", awaiting approval
    approved: int = 0  # reports marked approved by --approved-by (approved on paper)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    line: int
    element: DataElement
    period_code: str
    unit: OrgUnit
    value: Decimal
    comment: str | None  # None: the file has no comment column, the stored comment stays


# --- reading -------------------------------------------------------------------------------------


RATING_CODE_OF = {int(rating): code for code, rating in RATING_CODES.items()}


def read_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells as text) of a CSV or XLSX file (core.tabular), header first, its columns
    written as declared ("Data element" → "data_element")."""
    rows = tabular.read_rows(data)
    header = next(rows, None)
    if header is None:
        return
    yield header[0], tabular.canonical_header(header[1], SPEC)
    yield from rows


# --- checking ------------------------------------------------------------------------------------


def _checked(parser: Callable[[str], Decimal], raw: str) -> tuple[Decimal | None, str | None]:
    """(value, problem) from one of .values' parsers, the entry form's too: the same words, the same reasons."""
    try:
        return parser(raw), None
    except ValueError as error:
        return None, str(error)


def _count(raw: str) -> tuple[Decimal | None, str | None]:
    return _checked(parse_count, raw)


def _rating(raw: str) -> tuple[Decimal | None, str | None]:
    return _checked(parse_rating, raw)


def _boolean(raw: str) -> tuple[Decimal | None, str | None]:
    return _checked(parse_boolean, raw)


PARSERS = {
    ValueType.COUNT.value: _count,
    ValueType.RATING.value: _rating,
    ValueType.BOOLEAN.value: _boolean,
}


class _Locks:
    """Which rows fall under a locked or approved report: the report of the unit itself or of its
    nearest ancestor that has one, for a data set containing the element (as selectors do)."""

    def __init__(self, period_codes: Iterable[str], *, for_update: bool) -> None:
        # for_update — PostgreSQL: a report cannot be locked between this check and the write
        self.by_place: dict[tuple[str, str], list[tuple[int, int, str, str]]] = {}
        for pk, data_set, path, code, period, status in selectors.report_places(
            period_codes, for_update=for_update
        ):
            self.by_place.setdefault((path, period), []).append((pk, data_set, status, code))
        self.elements: dict[int, set[int]] = selectors.elements_by_data_set()
        self.memo: dict[tuple[str, str, int], tuple[list[int], str | None]] = {}

    def governing(self, unit: OrgUnit, period: str, element: int) -> tuple[list[int], str | None]:
        """(the governing submissions' ids, the code of the unit whose report is locked, if it is)."""
        key = (unit.path, period, element)
        if key not in self.memo:
            found: tuple[list[int], str | None] = ([], None)
            for path in selectors.ancestor_paths(unit.path):
                entries = [
                    e for e in self.by_place.get((path, period), []) if element in self.elements.get(e[1], ())
                ]
                if entries:
                    locked = next((e[3] for e in entries if e[2] in LOCKED_STATUSES), None)
                    found = ([e[0] for e in entries], locked)
                    break
            self.memo[key] = found
        return self.memo[key]


def _allowed_paths(user: Any) -> list[str] | None:
    """None: every unit (superuser); otherwise the subtrees where the user holds data entry."""
    if user is None:
        return []
    return permissions.role_paths(user, permissions.DATA_ENTRY)


_format = tabular.format_errors  # "Dòng N: …", in line order, capped


def _check_header(cells: list[str]) -> list[str]:
    return tabular.check_header(cells, SPEC)


def _parse(
    rows: Iterator[tuple[int, list[str]]], *, csv_input: bool, user: Any, check_rights: bool
) -> tuple[list[_Row], dict[int, list[str]]]:
    """The rows that passed the checks of a single row, and the problems by line."""
    problems: dict[int, list[str]] = {}
    header = next(rows, None)
    if header is None or not any(c.strip() for c in header[1]):
        raise ImportRejected(
            [_("Dòng 1: tệp trống hoặc thiếu dòng tiêu đề (%(c)s).") % {"c": ",".join(COLUMNS)}]
        )
    header_problems = _check_header(header[1])
    if header_problems:
        raise ImportRejected(_format({header[0]: header_problems}))
    columns = [c.strip().lower() for c in header[1]]
    index = {c: columns.index(c) for c in columns}
    has_comment = "comment" in index
    elements = selectors.elements_by_code()
    units = orgunits.units_by_code()
    units_folded = {u.casefold(): u for u in units}
    allowed = _allowed_paths(user) if check_rights else []
    periods: dict[str, tuple[str, dt.date, dt.date] | None] = {}
    seen: dict[tuple[str, str, str], int] = {}
    parsed: list[_Row] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # blank lines (and Excel's empty trailing rows) are not data
        found: list[str] = []
        if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns) :]):
            found.append(
                _("có %(n)s ô, nhiều hơn %(m)s cột của dòng tiêu đề") % {"n": len(cells), "m": len(columns)}
            )
        cell = {c: (cells[i].strip() if i < len(cells) else "") for c, i in index.items()}
        element = unit = None
        period_code = cell["period"]
        if not cell["data_element"]:
            found.append(_("thiếu mã chỉ số (data_element)"))
        else:
            element = elements.get(cell["data_element"])
            if element is None:
                found.append(_("không có chỉ số thu thập mã “%(c)s”") % {"c": cell["data_element"]})
        if not period_code:
            found.append(_("thiếu kỳ báo cáo (period)"))
        else:
            if period_code not in periods:
                try:
                    periods[period_code] = parse_period(period_code)
                except ValidationError:
                    periods[period_code] = None
            if periods[period_code] is None:
                found.append(
                    _("kỳ báo cáo “%(c)s” không hợp lệ; dùng 2023, 2023H1, 2023Q1 hoặc 2023-01")
                    % {"c": period_code}
                )
        if not cell["org_unit"]:
            found.append(_("thiếu mã đơn vị (org_unit)"))
        else:
            unit = units.get(cell["org_unit"])
            if unit is None:
                near = units_folded.get(cell["org_unit"].casefold())
                hint = _(" (có phải “%(c)s”?)") % {"c": near} if near else ""
                found.append(_("không có đơn vị mã “%(c)s”") % {"c": cell["org_unit"]} + hint)
            elif check_rights and not permissions.covers(allowed, unit):
                found.append(_("bạn không được giao nhập số liệu cho đơn vị %(c)s") % {"c": unit.code})
        span = periods.get(period_code)
        if unit is not None and span is not None:
            _kind, start, end = span
            if (unit.valid_from and unit.valid_from > end) or (unit.valid_to and unit.valid_to < start):
                found.append(
                    _("đơn vị %(u)s không tồn tại trong kỳ %(p)s") % {"u": unit.code, "p": period_code}
                )
        value = None
        if not cell["value"]:
            found.append(_("thiếu giá trị (value)"))
        elif element is not None:
            value, problem = PARSERS[element.value_type](cell["value"])
            if problem:
                found.append(problem)
        comment: str | None = None
        if has_comment:
            comment = cell["comment"]
            if csv_input and len(comment) > 1 and comment[0] == "'" and comment[1:].startswith(FORMULA_START):
                comment = comment[1:]  # the quote our CSV export puts before what a spreadsheet would run
            if len(comment) > MAX_COMMENT:
                found.append(_("ghi chú dài quá %(n)s ký tự") % {"n": MAX_COMMENT})
        if element is not None and unit is not None and span is not None:
            key = (element.code, period_code, unit.code)
            if key in seen:
                found.append(_("trùng với dòng %(n)s (cùng chỉ số, kỳ và đơn vị)") % {"n": seen[key]})
            else:
                seen[key] = line
        if found:
            problems[line] = found
        elif element is not None and unit is not None and value is not None:
            parsed.append(_Row(line, element, period_code, unit, value, comment))
    return parsed, problems


def _stored(rows: list[_Row]) -> dict[tuple[int, str, int], tuple[int, Decimal, str]]:
    """(element id, period code, unit id) → (value id, value, comment), for the periods and elements
    of the file (filtered by unit in Python: a 300-unit IN list is slower than reading a few more)."""
    periods = {r.period_code for r in rows}
    elements = {r.element.pk for r in rows}
    elements |= {e.pk for rule in selectors.active_rules() for e in (rule.left, rule.right)}
    units = {r.unit.pk for r in rows}
    return {
        (element, period, unit): (pk, value, comment)
        for pk, element, period, unit, value, comment in selectors.stored_figures(periods, elements)
        if unit in units
    }


def _cross_check(
    rows: list[_Row],
    stored: dict[tuple[int, str, int], tuple[int, Decimal, str]],
    problems: dict[int, list[str]],
) -> None:
    """The rules between elements (ElementRule: members ≤ eligible population…, the entry form's
    too) on the values each unit would have after the import (the file's over the stored); a broken
    rule is reported on the row of its left element, or of its right one if the file lacks the left."""
    element_rules = selectors.active_rules()
    if not element_rules:
        return
    elements = {e.code: e for rule in element_rules for e in (rule.left, rule.right)}
    by_place: dict[tuple[str, int], dict[str, _Row]] = {}
    for row in rows:
        by_place.setdefault((row.period_code, row.unit.pk), {})[row.element.code] = row
    for (period, unit), in_file in by_place.items():
        if not in_file.keys() & elements.keys():
            continue
        after: dict[str, Decimal | None] = {}
        for code, element in elements.items():
            old = stored.get((element.pk, period, unit))
            after[code] = in_file[code].value if code in in_file else old[1] if old else None
        for broken in selectors.violations(after, element_rules, touched=in_file.keys()):
            row = in_file.get(broken.left) or in_file[broken.right]
            problems.setdefault(row.line, []).append(broken.finding(row.unit.code, period))


# --- importing -----------------------------------------------------------------------------------


def import_data_values(
    data: bytes,
    *,
    user: Any = None,
    dry_run: bool = False,
    check_rights: bool = False,
    approved_by: Any = None,
) -> ImportSummary:
    """Check the whole file, then write it in one transaction, or raise ImportRejected with every
    problem ("Dòng N: …") and write nothing. ``check_rights``: only units where the user holds data
    entry (superusers: all) — what the admin asks; the command line is the operator's.

    Imported figures go through the workflow: the reports they change become "đã gửi" (submitted),
    with an event naming the importer, and wait for an approver. ``approved_by``: figures already
    approved elsewhere (on paper): that user must hold the approver right over every unit of the
    file, else nothing is written; their reports become "đã duyệt" with an event naming them."""
    csv_input = detect_format(data) == "csv"
    with transaction.atomic():
        rows, problems = _parse(
            read_rows(data),
            csv_input=csv_input,
            user=user,
            check_rights=check_rights and approved_by is None,
        )
        if not rows and not problems:
            raise ImportRejected([_("Tệp không có dòng số liệu nào.")])
        if approved_by is not None:
            _check_approver(approved_by, rows)
        stored = _stored(rows)
        locks = _Locks({r.period_code for r in rows}, for_update=not dry_run)
        governing: dict[int, list[int]] = {}
        for row in rows:
            submissions, locked_by = locks.governing(row.unit, row.period_code, row.element.pk)
            governing[row.line] = submissions
            # Written from decisions only (decision 0020); sent back unchanged (an export), allowed.
            if row.element.automatic and _changes(row, stored):
                problems.setdefault(row.line, []).append(
                    _("chỉ số “%(c)s” được ghi tự động từ quyết định công nhận; không nhập từ tệp")
                    % {"c": row.element.code}
                )
                continue
            # Re-sending a locked figure unchanged (an export imported back) changes nothing: allowed.
            if locked_by is not None and _changes(row, stored):
                problems.setdefault(row.line, []).append(
                    _(
                        "báo cáo kỳ %(p)s của %(u)s đã khóa (đã duyệt hoặc khóa sổ); cần người duyệt mở khóa trước"
                    )
                    % {"p": row.period_code, "u": locked_by}
                )
        _cross_check(rows, stored, problems)
        if problems:
            raise ImportRejected(_format(problems))
        changed = [row for row in rows if _changes(row, stored)]
        summary = _write(rows, stored, governing, user=user, dry_run=dry_run)
        if not dry_run:
            summary.submitted, summary.approved = _into_workflow(
                changed if approved_by is None else rows, governing, user=user, approved_by=approved_by
            )
            announce(  # the audit log (issue 14); the reports' steps are announced by the workflow
                "data.import",
                actor=user,
                detail=_("%(created)s giá trị mới, %(updated)s giá trị sửa, %(unchanged)s không đổi")
                % {"created": summary.created, "updated": summary.updated, "unchanged": summary.unchanged},
            )
        return summary


def _check_approver(approver: Any, rows: list[_Row]) -> None:
    """All or nothing: the approver must hold the approver right over every unit of the file."""
    paths = permissions.role_paths(approver, permissions.APPROVER)
    refused = sorted(
        {row.unit.code for row in rows if not permissions.covers(paths, row.unit, strictly=True)}
    )
    if refused:
        raise ImportRejected(
            [
                _(
                    "Không nhập số liệu nào: %(user)s không có quyền duyệt số liệu của %(n)s đơn vị: "
                    "%(units)s (cần là người duyệt của đơn vị cấp trên)."
                )
                % {"user": approver.get_username(), "n": len(refused), "units": ", ".join(refused)}
            ]
        )


def _report_units(rows: list[_Row]) -> dict[int, OrgUnit]:
    """For a value no report covers yet: the unit whose new report will, i.e. its highest ancestor
    (or itself) among the file's units — a commune's file makes one commune report, as entry does."""
    by_path = {row.unit.path: row.unit for row in rows}
    found = {}
    for row in rows:
        found[row.line] = next(
            (by_path[p] for p in sorted(selectors.ancestor_paths(row.unit.path), key=len) if p in by_path),
            row.unit,
        )
    return found


def _into_workflow(
    rows: list[_Row], governing: dict[int, list[int]], *, user: Any, approved_by: Any
) -> tuple[int, int]:
    """The reports covering ``rows`` go to "đã gửi" (or "đã duyệt" with ``approved_by``), each step
    logged as a SubmissionEvent; a value no report covers gets a new report first. Returns how many
    reports were submitted and approved."""
    if not rows:
        return 0, 0
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    report_units = _report_units(rows)
    periods = selectors.period_ids(r.period_code for r in rows)
    data_sets: dict[int, list[DataSet]] = selectors.data_sets_by_element()
    ids: set[int] = set()
    for row in rows:
        if governing[row.line]:
            ids.update(governing[row.line])
            continue
        unit = report_units[row.line]
        for data_set in data_sets.get(row.element.pk, []):
            root = data_set.programme.root_unit if data_set.programme else None
            if root is not None and not unit.path.startswith(root.path):
                continue
            submission = services.report_for(data_set, periods[row.period_code], unit)
            ids.add(submission.pk)
            governing[row.line] = [*governing[row.line], submission.pk]
    return services.submit_imported(ids, actor=actor, approved_by=approved_by)


def _changes(row: _Row, stored: dict[tuple[int, str, int], tuple[int, Decimal, str]]) -> bool:
    old = stored.get((row.element.pk, row.period_code, row.unit.pk))
    return old is None or old[1] != row.value or (row.comment is not None and row.comment != old[2])


def _write(
    rows: list[_Row],
    stored: dict[tuple[int, str, int], tuple[int, Decimal, str]],
    governing: dict[int, list[int]],
    *,
    user: Any,
    dry_run: bool,
) -> ImportSummary:
    summary = ImportSummary(dry_run=dry_run)
    period_codes = {r.period_code for r in rows}
    period_ids = selectors.period_ids(period_codes)
    if not dry_run:
        for code in sorted(period_codes - period_ids.keys()):  # a few new periods at most
            period_ids[code] = services.period_id(code)
    now = timezone.now()
    actor = user if user is not None and user.is_authenticated else None
    actor_id = actor.pk if actor is not None else None
    to_create: list[tuple[Any, ...]] = []
    to_update: list[tuple[Any, ...]] = []
    changes: list[tuple[Any, ...]] = []
    touched: set[int] = set()
    for row in rows:
        old = stored.get((row.element.pk, row.period_code, row.unit.pk))
        comment = row.comment if row.comment is not None else (old[2] if old else "")
        if old is not None and old[1] == row.value and old[2] == comment:
            summary.unchanged += 1
            continue
        if old is None:
            summary.created += 1
        else:
            summary.updated += 1
        if dry_run:
            continue
        touched.update(governing[row.line])
        place = (row.element.pk, period_ids[row.period_code], row.unit.pk)
        if old is None:
            to_create.append((*place, row.value, comment))
        else:
            to_update.append((row.value, comment, old[0]))
        changes.append((*place, old[1] if old else None, row.value, comment))
    if not dry_run:
        services.store_imported(to_create, to_update, changes, now=now, actor_id=actor_id)
        if touched:  # a form opened before the import must not overwrite it silently
            services.bump_versions(touched)
    return summary


# --- exporting -----------------------------------------------------------------------------------


def _export_values(
    *, programme: Programme | None, period: Period | None, paths: list[str] | None = None
) -> Iterator[tuple[str, str, str, Any, str]]:
    rows = selectors.value_rows(programme=programme, period=period, paths=paths, chunk_size=BATCH)
    for code, kind, period_code, unit, value, comment in rows:
        if kind == ValueType.RATING:
            shown: Any = RATING_CODE_OF.get(int(value), f"{value:.0f}")
        else:
            shown = int(value) if value == value.to_integral_value() else value
        yield code, period_code, unit, shown, comment


def export_csv(
    *, programme: Programme | None = None, period: Period | None = None, paths: list[str] | None = None
) -> bytes:
    """UTF-8 with BOM (so that Excel reads the accents); a comment that a spreadsheet would take for a
    formula gets a leading quote, which the import removes again."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for code, period_code, unit, value, comment in _export_values(
        programme=programme, period=period, paths=paths
    ):
        if comment.startswith(FORMULA_START):
            comment = "'" + comment
        writer.writerow([code, period_code, unit, value, comment])
    return buffer.getvalue().encode("utf-8")


def export_xlsx(
    *, programme: Programme | None = None, period: Period | None = None, paths: list[str] | None = None
) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Số liệu"))
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDE", (30, 10, 18, 14, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    bold = Font(bold=True)
    header = []
    for name in COLUMNS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for code, period_code, unit, value, comment in _export_values(
        programme=programme, period=period, paths=paths
    ):
        note = WriteOnlyCell(sheet, value=comment)
        note.data_type = "s"  # text typed by a user is never a formula
        sheet.append([code, period_code, unit, value, note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_data_values(
    *,
    programme: Programme | None = None,
    period: Period | None = None,
    file_format: str = "csv",
    paths: list[str] | None = None,
) -> bytes:
    """The values as a file; ``paths``: only the units under these (None: every unit)."""
    if file_format == "xlsx":
        return export_xlsx(programme=programme, period=period, paths=paths)
    return export_csv(programme=programme, period=period, paths=paths)
