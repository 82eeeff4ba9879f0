"""The case board's Excel file (issue 15), built in the task queue (issue 17, decision 0024): the
numbers of ``selectors.workload_board``, the same as the page's, for the unit and period asked.

At a province's 200,000 cases in 3,300 communes the board takes 7–16 s to count on the measured
machine (bench/exports_audit_board.py), a district's board 2–7 s (the counts scan the period's cases
whatever the subtree), so every Excel is a job. The unit rule of ``orgunits.permissions`` is asked
again when the file is built and when it is downloaded; "today" is the page's, saved with the job, so
the file says what the page said.
"""

import datetime as dt
import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.exports import Exporter, ExportFailed, ExportFile, Progress
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import selectors

KIND = "case_board"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


COLUMNS = [
    ("received", gettext_lazy("Tiếp nhận trong kỳ")),
    ("open", gettext_lazy("Đang giải quyết")),
    ("due_this_week", gettext_lazy("Đến hạn trong tuần")),
    ("overdue", gettext_lazy("Quá hạn")),
    ("answered", gettext_lazy("Đã trả lời trong kỳ")),
    ("with_deadline", gettext_lazy("Trả lời có thời hạn")),
    ("on_time", gettext_lazy("Trả lời đúng hạn")),
    ("on_time_rate", gettext_lazy("Tỷ lệ đúng hạn (%)")),
    ("median_days", gettext_lazy("Số ngày trả lời (trung vị)")),
]
MONTH_COLUMNS = [
    c
    for c in COLUMNS
    if c[0] in ("received", "answered", "with_deadline", "on_time", "on_time_rate", "median_days")
]


def board_xlsx(board: selectors.Board, unit_name: str) -> bytes:
    """The board as an Excel workbook: an explanation sheet, then one sheet per grouping, with the
    numbers the page shows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    about = workbook.active
    about.title = _("Giải thích")
    about.append([_("Theo dõi giải quyết đơn thư")])
    about["A1"].font = Font(bold=True)
    about.append([_("Đơn vị"), unit_name])
    about.append([_("Kỳ"), f"{board.start:%d/%m/%Y} – {board.end:%d/%m/%Y}"])
    about.append([_("Tính đến ngày"), f"{board.today:%d/%m/%Y}"])
    for line in definitions(board):
        about.append([line])
    about.column_dimensions["A"].width = 30
    sheets = [
        (_("Theo đơn vị"), _("Đơn vị"), board.by_unit, COLUMNS),
        (_("Theo người xử lý"), _("Người xử lý"), board.by_person, COLUMNS),
        (_("Theo loại đơn"), _("Loại đơn"), board.by_kind, COLUMNS),
        (_("Theo tháng"), _("Tháng"), board.by_month, MONTH_COLUMNS),
    ]
    for title, first, rows, columns in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append([first, *[str(label) for _a, label in columns]])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in [*rows, board.total] if columns is COLUMNS else rows:
            sheet.append([row.label, *[getattr(row, attr) for attr, _l in columns]])
        sheet.column_dimensions["A"].width = 34
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def definitions(board: selectors.Board) -> list[str]:
    return [
        _("Đang giải quyết, đến hạn trong tuần, quá hạn: tính tại ngày %(today)s.")
        % {"today": f"{board.today:%d/%m/%Y}"},
        _(
            "Quá hạn: đơn đang giải quyết (không tính đơn tạm đình chỉ) có thời hạn chưa hoàn thành "
            "đã qua ngày hạn."
        ),
        _(
            "Đến hạn trong tuần: đơn đang giải quyết, chưa quá hạn, có hạn gần nhất từ hôm nay đến hết "
            "Chủ nhật %(sunday)s (tuần tính từ thứ Hai đến Chủ nhật)."
        )
        % {"sunday": f"{board.week_end:%d/%m/%Y}"},
        _(
            "Tiếp nhận, đã trả lời trong kỳ: theo ngày tiếp nhận, ngày trả lời nằm trong kỳ. Trả lời đúng hạn: "
            "mọi thời hạn của đơn đều hoàn thành không muộn hơn ngày hạn; tỷ lệ đúng hạn tính trên số đơn "
            "có thời hạn (đơn kiến nghị, phản ánh chưa có thời hạn luật định không tính)."
        ),
        _("Số ngày trả lời: số ngày theo lịch từ ngày tiếp nhận đến ngày trả lời; trung vị của các đơn."),
    ]


def parameters(unit: Any, start: dt.date, end: dt.date, today: dt.date) -> dict[str, Any]:
    return {
        "unit": unit.code if unit is not None else None,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "today": today.isoformat(),
    }


def title(unit: Any, start: dt.date, end: dt.date) -> str:
    return _("Theo dõi giải quyết đơn thư, %(unit)s, %(start)s – %(end)s (Excel)") % {
        "unit": unit.name if unit is not None else _("mọi đơn vị được xem"),
        "start": f"{start:%d/%m/%Y}",
        "end": f"{end:%d/%m/%Y}",
    }


def file_name(start: dt.date, end: dt.date) -> str:
    return f"theo-doi-don-thu-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"


def _unit(params: dict[str, Any]) -> Any:
    """The unit of the job (None: every unit the user sees); ExportFailed when it is gone."""
    code = params.get("unit")
    if not code:
        return None
    unit = orgunits.unit_by_code(str(code))
    if unit is None:
        raise ExportFailed(_("Đơn vị không còn trong hệ thống."))
    return unit


def may_download(user: Any, params: dict[str, Any]) -> bool:
    """The board's rule (a unit membership, or a superuser) and, for one unit's board, that unit."""
    if not permissions.has_units(user):
        return False
    try:
        unit = _unit(params)
    except ExportFailed:
        return False
    return unit is None or permissions.can_view(user, unit)


def build(user: Any, params: dict[str, Any], progress: Progress) -> ExportFile:
    if not may_download(user, params):
        raise ExportFailed(_("Bạn không còn quyền xem đơn thư của đơn vị này."))
    unit = _unit(params)
    try:
        start, end, today = (dt.date.fromisoformat(str(params[key])) for key in ("start", "end", "today"))
    except (KeyError, ValueError) as error:
        raise ExportFailed(_("Kỳ của bảng không hợp lệ.")) from error
    progress(10, _("Đang đếm đơn thư"))
    board = selectors.workload_board(user, unit=unit, start=start, end=end, today=today)
    progress(80, _("Đang ghi tệp"))
    unit_name = unit.name if unit is not None else _("Mọi đơn vị được xem")
    return ExportFile(
        content=board_xlsx(board, unit_name), filename=file_name(start, end), content_type=CONTENT_TYPE
    )


EXPORTER = Exporter(kind=KIND, build=build, may_download=may_download)
