"""A programme's results for a period as files: an Excel workbook, a Word report, a PDF report.

Every figure comes from ``selectors.programme_results``; rates are shown with ``selectors.shown``
(two decimals, half up) and never recomputed here. The Word and PDF reports follow the Party's
document layout (Hướng dẫn 36-HD/VPTW): the heading block, "BÁO CÁO", the subject, the text and
the signature block, in Times New Roman.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from danvan.core.dates import today_in_vietnam, written_date
from danvan.core.numbers import count_vi
from danvan.programmes import selectors
from danvan.programmes.selectors import (
    Comparator,
    GroupProgress,
    ItemProgress,
    PeriodType,
    Status,
    TargetResult,
    UnitResult,
)

if TYPE_CHECKING:
    from danvan.programmes.models import Period, Programme

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
PDF_TEMPLATE = "reports/exports/report.html"
WORD_FONT = "Times New Roman"
# WeasyPrint lays out about 50 table rows a second: past this many (unit, target) rows the PDF
# leaves the per-unit appendix to the Excel file and says so, instead of taking a minute.
PDF_UNIT_ROWS = 600
PROGRESS_EVERY = 2000  # unit rows between two progress reports of the Excel file

# The issuer as typed: a Party committee ("Ban Chấp hành Đảng bộ huyện Vĩnh Cửu", "Huyện ủy Vĩnh Cửu",
# "Đảng ủy xã Phú Lý") or one of its commissions ("Ban Dân vận Huyện ủy Vĩnh Cửu").
EXECUTIVE_PREFIX = re.compile(r"^(ban chấp hành|ban thường vụ)\s+", re.IGNORECASE)
PARTY_ORGANISATION = re.compile(
    r"^đảng bộ (huyện|tỉnh|thành phố|quận|thị xã|xã|phường|thị trấn|đặc khu) (.+)$", re.IGNORECASE
)
PARTY_COMMITTEE = re.compile(r"^(huyện|tỉnh|thành|quận|thị|đảng) ủy (.+)$", re.IGNORECASE)
COMMISSION = re.compile(
    r"^(ban (?!chấp hành|thường vụ).+?|văn phòng|ủy ban kiểm tra) ((?:huyện|tỉnh|thành|quận|thị|đảng) ủy .+)$",
    re.IGNORECASE,
)
# A Party organisation's level → its committee ("huyện" → "Huyện ủy"); levels not listed (xã,
# phường…) have a grassroots "Đảng ủy", which has no commissions.
COMMITTEE_OF = {
    "huyện": "Huyện ủy",
    "tỉnh": "Tỉnh ủy",
    "thành phố": "Thành ủy",
    "quận": "Quận ủy",
    "thị xã": "Thị ủy",
}
PLACE = re.compile(r"^(huyện|tỉnh|thành phố|quận|thị xã|xã|phường|thị trấn|đặc khu) (.+)$", re.IGNORECASE)
# Who writes the report when a district or provincial committee issued the programme: its
# mass-mobilisation commission, the programme's owner (glossary).
MOBILISATION_OFFICE = "Ban Dân vận"
QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Heading:
    organisation: str  # above the issuing body: its committee, "HUYỆN ỦY VĨNH CỬU"
    office: str  # the issuing body: "BAN DÂN VẬN"
    number_line: str  # "Số …-BC/BDVHU"
    place: str  # "Vĩnh Cửu"
    date_line: str  # "Vĩnh Cửu, ngày 26 tháng 11 năm 2026"
    signs_as: str  # the issuing body's signer: "TRƯỞNG BAN"; a committee's "T/M BAN THƯỜNG VỤ"
    recipients: tuple[str, ...]  # the lines under "Nơi nhận:"


@dataclass(frozen=True)
class SummaryRow:
    """One target as the summary table shows it (numbers stay numbers; the texts are for display)."""

    result: TargetResult
    indicator: str  # the indicator's name (the target column names a sub-target's scope)
    label: str  # the name with a sub-target's scope, for tables without a target column
    target: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None  # the aggregate rounded half up to 2 decimals, as shown
    shown: str
    verdict: str
    units_meeting: int
    units_reporting: int


@dataclass(frozen=True)
class Report:
    programme: Programme
    period: Period
    period_label: str  # "năm 2023", "quý I năm 2023"
    generated_at: dt.datetime
    heading: Heading
    subject: str
    rows: list[SummaryRow]
    summary: list[str]  # the generated paragraphs
    notice: (
        str  # "Lưu ý: báo cáo có số liệu chưa được duyệt …" when a unit's figures are not approved, else ""
    )
    tasks: list[GroupProgress] = field(default_factory=list)  # the task groups' progress (decision 0021)

    @property
    def results(self) -> list[TargetResult]:
        return [row.result for row in self.rows]

    @property
    def task_rows(self) -> list[TaskRow]:
        """The task groups' table: each item, then the group's weighted progress."""
        return task_rows(self.tasks)

    @property
    def unit_rows(self) -> list[tuple[SummaryRow, UnitResult]]:
        """The appendix: one row per target and unit that reported for it, in the targets' order."""
        return [(row, unit) for row in self.rows for unit in row.result.units]


@dataclass(frozen=True)
class TaskRow:
    """One line of the task groups' table: an item of a group, or the group's total (``total``)."""

    group: str
    item: str
    kind: str
    weight: int | None
    basis: str  # what the progress was computed from: the figure and its target, or the milestone
    progress: Decimal | None  # exact; shown rounded
    shown: str
    total: bool = False


def goal_text(target: Any) -> str:
    """A target's goal in short: "> 80%", "≥ 45%"."""
    sign = "≥" if target.comparator == Comparator.GTE else ">"
    return f"{sign} {format(target.value.normalize(), 'f')}%"


def item_basis(progress: ItemProgress, *, one_unit: bool = False) -> str:
    """What an item's progress was computed from, in words (the same on the dashboard and in files)."""
    item = progress.item
    if progress.is_target:
        goal = goal_text(item.target)
        if progress.no_figures:
            return _("Chưa có số liệu (mục tiêu %(goal)s)") % {"goal": goal}
        verdict = _("đạt") if progress.met else _("chưa đạt")
        return _("Kết quả %(value)s%%, mục tiêu %(goal)s: %(verdict)s") % {
            "value": selectors.shown_vi(progress.value),
            "goal": goal,
            "verdict": verdict,
        }
    due = f"{item.due_on:%d/%m/%Y}" if item.due_on else "—"
    if one_unit:
        if progress.done_on is not None:
            text = _("Hoàn thành ngày %(date)s (hạn %(due)s)") % {
                "date": f"{progress.done_on:%d/%m/%Y}",
                "due": due,
            }
        else:
            text = _("Chưa hoàn thành (hạn %(due)s)") % {"due": due}
    else:
        text = _("Hạn %(due)s; %(done)s/%(total)s đơn vị hoàn thành") % {
            "due": due,
            "done": progress.done_units,
            "total": progress.total_units,
        }
    if progress.overdue:
        text += "; " + _("quá hạn")
    return text


def kind_label(progress: ItemProgress) -> str:
    return _("Chỉ tiêu") if progress.is_target else _("Mốc công việc")


def group_title(number: int, group: GroupProgress) -> str:
    """ "3. Đổi mới phương thức…": numbered in the programme's order."""
    return f"{number}. {group.group.title}"


def task_rows(groups: Sequence[GroupProgress]) -> list[TaskRow]:
    rows: list[TaskRow] = []
    for number, group in enumerate(groups, start=1):
        title = group_title(number, group)
        for progress in group.items:
            rows.append(
                TaskRow(
                    group=title,
                    item=progress.label,
                    kind=kind_label(progress),
                    weight=progress.weight,
                    basis=item_basis(progress),
                    progress=progress.progress,
                    shown=selectors.shown_vi(progress.progress),
                )
            )
        if group.progress is None:
            basis = (
                _("Chưa có hạng mục đo")
                if not group.has_items
                else _("Không có đơn vị thực hiện trong phạm vi báo cáo")
            )
        else:
            basis = _("Trung bình có trọng số của các hạng mục")
        rows.append(
            TaskRow(
                group=title,
                item=_("Tiến độ chung của nhóm"),
                kind="",
                weight=group.weight_total or None,
                basis=basis,
                progress=group.progress,
                shown=selectors.shown_vi(group.progress),
                total=True,
            )
        )
    return rows


def task_unit_rows(groups: Sequence[GroupProgress]) -> list[tuple[str, str, TaskRow]]:
    """Each responsible unit's progress on each group: (group, unit name, row) per item, then the total."""
    rows: list[tuple[str, str, TaskRow]] = []
    for number, group in enumerate(groups, start=1):
        title = group_title(number, group)
        for unit in group.units:
            for progress in unit.items:
                row = TaskRow(
                    group=title,
                    item=progress.label,
                    kind=kind_label(progress),
                    weight=progress.weight,
                    basis=item_basis(progress, one_unit=True),
                    progress=progress.progress,
                    shown=selectors.shown_vi(progress.progress),
                )
                rows.append((title, unit.unit.name, row))
            total = TaskRow(
                group=title,
                item=_("Tiến độ chung của nhóm"),
                kind="",
                weight=group.weight_total or None,
                basis=_("Trung bình có trọng số của các hạng mục"),
                progress=unit.progress,
                shown=selectors.shown_vi(unit.progress),
                total=True,
            )
            rows.append((title, unit.unit.name, total))
    return rows


def tasks_title() -> str:
    return _("Tiến độ thực hiện các nhóm nhiệm vụ")


def tasks_explained() -> str:
    return _(
        "Tiến độ của mỗi nhóm là trung bình có trọng số của các hạng mục: chỉ tiêu đạt mục tiêu tính "
        "100%%, chưa đạt tính theo tỷ lệ kết quả so với mục tiêu (tối đa %(below)s%%), chưa có số liệu "
        "tính 0%%; mốc công việc tính theo tỷ lệ đơn vị thực hiện đã hoàn thành đến hết kỳ báo cáo."
    ) % {"below": selectors.shown_vi(selectors.BELOW_MET)}


def shown_once(rows: Sequence[TaskRow]) -> list[tuple[TaskRow, str]]:
    """Each row with the group of the row before it, so that a table names each group once."""
    return [(row, rows[index - 1].group if index else "") for index, row in enumerate(rows)]


def task_headers() -> list[str]:
    return [_("Nhóm nhiệm vụ"), _("Hạng mục"), _("Loại"), _("Trọng số"), _("Căn cứ tính"), _("Tiến độ (%)")]


def _plain(text: str) -> str:
    # "uỷ" and "ủy" are the same word in the two accent placements in use.
    return " ".join(text.replace("uỷ", "ủy").replace("Uỷ", "Ủy").split())


def _initials(name: str) -> str:
    """The body in a document's symbol: "Ban Dân vận" → "BDV" ("BC/BDVHU"), "Đảng ủy" → "ĐU",
    "Ban Tuyên giáo và Dân vận" → "BTGDV"."""
    letters = (unicodedata.normalize("NFD", word)[0] for word in name.split() if word.lower() != "và")
    return "".join(letters).upper()


def signer_title(office: str) -> str:
    """The line above the signature (Hướng dẫn 36-HD/VPTW): a committee signs through its standing
    committee, on its behalf ("T/M"); a commission or office is signed for by its head."""
    lower = _plain(office).lower()
    if lower.startswith("ủy ban kiểm tra"):
        return "T/M ỦY BAN KIỂM TRA"
    if lower.startswith("văn phòng"):
        return "CHÁNH VĂN PHÒNG"
    if lower.startswith("ban ") and not lower.startswith(("ban chấp hành", "ban thường vụ")):
        return "TRƯỞNG BAN"
    return "T/M BAN THƯỜNG VỤ"


def _committee(name: str) -> tuple[str, str, str] | None:
    """A committee's name, its level and its place: "Ban Chấp hành Đảng bộ huyện Vĩnh Cửu" →
    ("Huyện ủy Vĩnh Cửu", "huyện", "Vĩnh Cửu"); "Đảng ủy xã Phú Lý" → ("Đảng ủy xã Phú Lý", "xã",
    "Phú Lý"); None when the name reads neither way."""
    name = EXECUTIVE_PREFIX.sub("", name)
    match = PARTY_ORGANISATION.match(name)
    if match:
        level, place = match.group(1).lower(), match.group(2)
        committee = COMMITTEE_OF.get(level)
        return (f"{committee} {place}" if committee else f"Đảng ủy {level} {place}"), level, place
    match = PARTY_COMMITTEE.match(name)
    if match is None:
        return None
    first, rest = match.group(1).lower(), match.group(2)
    if first == "đảng":  # "Đảng ủy xã Phú Lý": the level is in the rest
        place = PLACE.match(rest)
        return (name, place.group(1).lower(), place.group(2)) if place else (name, "", rest)
    level = {"thành": "thành phố", "thị": "thị xã"}.get(first, first)
    return f"{first.capitalize()} ủy {rest}", level, rest


def heading(programme: Programme, today: dt.date) -> Heading:
    """The heading and signature blocks, read from the programme's issuer.

    A commission that issued the programme ("Ban Dân vận Huyện ủy Vĩnh Cửu") writes the report; a
    district or provincial committee's programme is reported on by its Ban Dân vận; a grassroots
    Đảng ủy, which has no commissions, reports itself. Hướng dẫn 36-HD/VPTW heads a commission's
    document with its committee ("HUYỆN ỦY VĨNH CỬU" over "BAN DÂN VẬN") and has its head sign it.
    """
    issuer = _plain(programme.issuer)
    commission = COMMISSION.match(issuer)
    office = commission.group(1) if commission else MOBILISATION_OFFICE
    found = _committee(commission.group(2) if commission else issuer)
    if found is None:  # read neither way: the issuer as typed, the place from the root unit's name
        place_found = PLACE.match(_plain(programme.root_unit.name))
        committee, place = issuer, place_found.group(2) if place_found else ""
        organisation = committee
    else:
        committee, level, place = found
        organisation = committee
        if not commission and level not in COMMITTEE_OF:  # a grassroots committee, on its own
            organisation, office = f"Đảng bộ {level} {place}", "Đảng ủy"
    symbol = programme.code.rsplit("/", 1)[1] if "/" in programme.code else ""
    # The programme's symbol names the committee ("HU") or, when the office issued it, the office
    # itself ("BDVHU", "ĐU").
    initials = _initials(office)
    body = symbol if symbol.startswith(initials) else initials + symbol
    # "Thường trực Huyện ủy": the committee without its place
    standing = committee[: -len(place)].strip() if place and committee.endswith(place) else committee
    return Heading(
        organisation=organisation.upper(),
        office=office.upper(),
        number_line=f"Số …-BC/{body}",
        place=place,
        date_line=", ".join(p for p in (place, written_date(today)) if p),
        signs_as=signer_title(office),
        recipients=(f"- Thường trực {standing},", "- Lưu."),
    )


def period_label(period: Period) -> str:
    """As in a report's title: "năm 2023", "6 tháng đầu năm 2023", "quý I năm 2023", "tháng 01 năm 2023"."""
    year = period.start.year
    if period.period_type == PeriodType.HALF_YEARLY:
        half = _("6 tháng đầu năm") if period.start.month == 1 else _("6 tháng cuối năm")
        return f"{half} {year}"
    if period.period_type == PeriodType.QUARTERLY:
        return _("quý %(quarter)s năm %(year)s") % {
            "quarter": QUARTERS[(period.start.month + 2) // 3],
            "year": year,
        }
    if period.period_type == PeriodType.MONTHLY:
        return _("tháng %(month)02d năm %(year)s") % {"month": period.start.month, "year": year}
    return _("năm %(year)s") % {"year": year}


def target_text(result: TargetResult) -> str:
    """The target as read: "> 80%", "≥ 45% (riêng Đoàn TNCS Hồ Chí Minh)", "> 80% (phấn đấu)", "…; không có đơn vị yếu kém"."""
    target = result.target
    sign = "≥" if target.comparator == Comparator.GTE else ">"
    value = format(target.value.normalize(), "f")
    text = f"{sign} {value}%"
    if target.scope is not None:
        text += " " + _("(riêng %(scope)s)") % {"scope": target.scope.name}
    if target.aspirational:
        text += " " + _("(phấn đấu)")
    if target.max_weak_units == 0:
        text += "; " + _("không có đơn vị yếu kém")
    elif target.max_weak_units is not None:
        text += "; " + _("tối đa %(count)s đơn vị yếu kém") % {"count": target.max_weak_units}
    return text


def verdict(result: TargetResult) -> str:
    if result.met is None:
        return _("Chưa có số liệu")
    if result.met:
        return _("Đạt")
    if (
        result.weak_units
        and result.target.max_weak_units is not None
        and result.weak_units > result.target.max_weak_units
    ):
        return _("Không đạt (%(count)s đơn vị yếu kém)") % {"count": result.weak_units}
    return _("Không đạt")


def status_label(status: str) -> str:
    return str(dict(Status.choices).get(status, status))


def met_label(met: bool | None) -> str:
    return "—" if met is None else _("Đạt") if met else _("Không đạt")


def rounded(value: Decimal | None) -> Decimal | None:
    """The value as shown, as a number: 80.004 → 80.00 (half up, like selectors.shown)."""
    return None if value is None else Decimal(selectors.shown(value))


def _summary_row(result: TargetResult) -> SummaryRow:
    name = result.indicator.name
    label = name if result.target.scope is None else f"{name} — {result.target.scope.name}"
    has_figures = result.aggregate is not None
    return SummaryRow(
        result=result,
        indicator=name,
        label=label,
        target=target_text(result),
        numerator=result.numerator if has_figures else None,
        denominator=result.denominator if has_figures else None,
        value=rounded(result.aggregate),
        shown=selectors.shown_vi(result.aggregate),
        verdict=verdict(result),
        units_meeting=result.units_meeting,
        units_reporting=result.units_reporting,
    )


def _summary_paragraphs(rows: Sequence[SummaryRow], label: str) -> list[str]:
    met = [r.label for r in rows if r.result.met]
    not_met = [r.label for r in rows if r.result.met is False]
    missing = [r.label for r in rows if r.result.met is None]
    paragraphs = [
        _("Tổng hợp số liệu %(period)s, có %(met)s/%(total)s chỉ tiêu đạt mục tiêu đề ra.")
        % {"period": label, "met": len(met), "total": len(rows)}
    ]
    if met:
        paragraphs.append(_("Các chỉ tiêu đạt: %(names)s.") % {"names": "; ".join(met)})
    if not_met:
        paragraphs.append(_("Các chỉ tiêu chưa đạt: %(names)s.") % {"names": "; ".join(not_met)})
    if missing:
        paragraphs.append(_("Các chỉ tiêu chưa có số liệu: %(names)s.") % {"names": "; ".join(missing)})
    return paragraphs


def unapproved_notice(results: Sequence[TargetResult]) -> str:
    """The warning every format prints when a unit whose figures are counted has not had them
    approved (its status, or its reporting ancestor's, is "Đang nhập" or "Đã gửi"); else ""."""
    units = {unit.unit.pk: unit for result in results for unit in result.units}
    waiting = [unit.status for unit in units.values() if not unit.approved]
    if not waiting:
        return ""
    labels = ", ".join(f"“{status_label(s)}”" for s in Status.values if s in waiting)
    return _(
        "Lưu ý: báo cáo có số liệu chưa được duyệt — %(count)s/%(total)s đơn vị có số liệu ở trạng "
        "thái %(statuses)s; kết quả có thể còn thay đổi."
    ) % {"count": len(waiting), "total": len(units), "statuses": labels}


def build_report(
    programme: Programme, period: Period, *, now: dt.datetime | None = None, under: Any = None
) -> Report:
    """Everything the three files show, read once from the selector (over ``under``'s subtree: an
    OrgUnit, default the programme's)."""
    now = now or timezone.now()
    label = period_label(period)
    results = selectors.programme_results(programme, period, under=under)
    rows = [_summary_row(r) for r in results]
    return Report(
        programme=programme,
        period=period,
        period_label=label,
        generated_at=timezone.localtime(now),
        heading=heading(programme, today_in_vietnam(now)),
        subject=_("Kết quả thực hiện chỉ tiêu Chương trình %(code)s %(period)s")
        % {"code": programme.code, "period": label},
        rows=rows,
        summary=_summary_paragraphs(rows, label),
        notice=unapproved_notice([row.result for row in rows]),
        tasks=selectors.task_progress(programme, period, results, under=under, today=today_in_vietnam(now)),
    )


def summary_headers() -> list[str]:
    return [
        _("Chỉ tiêu"),
        _("Mục tiêu"),
        _("Tử số"),
        _("Mẫu số"),
        _("Kết quả (%)"),
        _("Đạt/Không đạt"),
        _("Số đơn vị đạt / báo cáo"),
    ]


def appendix_headers() -> list[str]:
    """The per-unit table's columns, the same in the three files: units by name, not by code."""
    return [
        _("Chỉ tiêu"),
        _("Tên đơn vị"),
        _("Trạng thái"),
        _("Tử số"),
        _("Mẫu số"),
        _("Kết quả (%)"),
        _("Đạt/Không đạt"),
    ]


def appendix_in_excel(rows: int) -> str:
    return ngettext(
        "Bảng kết quả theo đơn vị có %(rows)s dòng, xem trong tệp Excel.",
        "Bảng kết quả theo đơn vị có %(rows)s dòng, xem trong tệp Excel.",
        rows,
    ) % {"rows": rows}


def file_stem(programme: Programme, period: Period) -> str:
    """The file name without extension, "Kết-quả-42-CTr-HU-2023": the code's slashes and spaces become hyphens."""
    code = re.sub(r"[^\w.-]+", "-", f"{programme.code}-{period.code}").strip("-")
    return f"Kết-quả-{code}"


def ascii_name(name: str) -> str:
    """The name for old clients, "Ket-qua-42-CTr-HU-2023.xlsx": without diacritics (đ → d)."""
    folded = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain)


# --- Excel -----------------------------------------------------------------------------------------


def _number(value: Decimal | None) -> int | Decimal | None:
    """Whole counts as int (Excel shows no decimals), others as Decimal: numbers, never text."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def render_xlsx(report: Report, *, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The workbook: "Tổng hợp" (one row per target) and "Theo đơn vị" (one row per target and unit);
    ``progress(rows written, rows)`` is told every ``PROGRESS_EVERY`` unit rows (the task queue's job
    page shows it).

    Write-only (streamed) so that 300 units × 10 indicators stay well under two seconds; its cells
    still carry fonts, fills, borders and number formats, and the sheets their widths, frozen
    panes and A4 landscape print setup.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.worksheet import Worksheet

    workbook = Workbook(write_only=True)
    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name=WORD_FONT, bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E79")
    body_font = Font(name=WORD_FONT)
    met_font = Font(name=WORD_FONT, bold=True, color="006100")
    not_met_font = Font(name=WORD_FONT, bold=True, color="9C0006")
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(horizontal="center", vertical="top", wrap_text=True)
    one_line = Alignment(vertical="top")

    def sheet(title: str, widths: Sequence[float]) -> Worksheet:
        ws = workbook.create_sheet(title)
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + index)].width = width
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = False
        return ws

    styles: dict[tuple[int, int, str | None, bool], Any] = {}

    def cell(
        ws: Worksheet,
        value: object,
        *,
        font: Font = body_font,
        fmt: str | None = None,
        align: Alignment = wrap,
        boxed: bool = True,
    ) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        key = (id(font), id(align), fmt, boxed)
        if key in styles:  # styling a cell looks each part up in the workbook: do that once per style
            c._style = copy.copy(styles[key])
            return c
        c.font = font
        c.alignment = align
        if font is header_font:
            c.fill = header_fill
        if boxed:
            c.border = border
        if fmt:
            c.number_format = fmt
        styles[key] = copy.copy(c._style)
        return c

    def headers(ws: Worksheet, names: Sequence[str]) -> list[WriteOnlyCell]:
        return [cell(ws, n, font=header_font, align=centre) for n in names]

    def verdict_font(met: bool | None) -> Font:
        return body_font if met is None else met_font if met else not_met_font

    programme, generated = report.programme, report.generated_at
    title_font = Font(name=WORD_FONT, bold=True, size=14)

    summary_widths = [48, 30, 13, 13, 12, 24, 12, 12]
    summary = sheet(_("Tổng hợp"), summary_widths)
    summary.freeze_panes = "B6"
    summary.print_title_rows = "5:5"
    # The lines above the table span the table's width, unwrapped unless too long for one line, so
    # that neither the title nor the notice is cut at column A's edge.
    last = chr(ord("A") + len(summary_widths) - 1)
    line_width = sum(summary_widths)
    title = f"{programme.code} — {programme.title}"
    notice_font = Font(name=WORD_FONT, bold=True, italic=True, color="9C0006")
    above = [
        (title, title_font, 1.4),
        (_("Kỳ báo cáo: %(period)s") % {"period": report.period_label}, body_font, 1.0),
        (_("Lập lúc: %(when)s") % {"when": f"{generated:%d/%m/%Y %H:%M}"}, body_font, 1.0),
        (report.notice, notice_font, 1.1),
    ]
    for index, (text, font, scale) in enumerate(above, start=1):
        lines = max(1, -(-int(len(text) * scale) // line_width))  # characters per line ≈ the widths' sum
        align = wrap if lines > 1 else one_line
        summary.merged_cells.add(f"A{index}:{last}{index}")
        if lines > 1:
            summary.row_dimensions[index].height = 15 * scale * lines
        summary.append([cell(summary, text or None, font=font, align=align, boxed=False)])
    names = summary_headers()
    summary.append(headers(summary, [*names[:6], _("Số đơn vị đạt"), _("Số đơn vị báo cáo")]))
    for row in report.rows:
        summary.append(
            [
                cell(summary, row.indicator),
                cell(summary, row.target),
                cell(summary, _number(row.numerator), fmt="#,##0"),
                cell(summary, _number(row.denominator), fmt="#,##0"),
                cell(summary, row.value, fmt="0.00"),
                cell(summary, row.verdict, font=verdict_font(row.result.met)),
                cell(summary, row.units_meeting, fmt="0"),
                cell(summary, row.units_reporting, fmt="0"),
            ]
        )

    units = sheet(_("Theo đơn vị"), [48, 40, 14, 12, 12, 12, 14])
    units.freeze_panes = "A2"
    units.print_title_rows = "1:1"
    units.append(headers(units, appendix_headers()))
    statuses = {status: status_label(status) for status in Status.values}
    verdicts = {met: met_label(met) for met in (True, False, None)}
    unit_rows = report.unit_rows
    for number, (row, unit) in enumerate(unit_rows):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, len(unit_rows))
        units.append(
            [
                cell(units, row.label),
                cell(units, unit.unit.name),
                cell(units, statuses.get(unit.status, unit.status)),
                cell(units, _number(unit.numerator), fmt="#,##0"),
                cell(units, _number(unit.denominator), fmt="#,##0"),
                cell(units, rounded(unit.value), fmt="0.00"),
                cell(units, verdicts[unit.met], font=verdict_font(unit.met)),
            ]
        )
    if report.tasks:
        bold = Font(name=WORD_FONT, bold=True)
        tasks = sheet(_("Tiến độ nhiệm vụ"), [48, 40, 16, 10, 44, 12])
        tasks.freeze_panes = "A2"
        tasks.print_title_rows = "1:1"
        tasks.append(headers(tasks, task_headers()))
        for task in report.task_rows:
            font = bold if task.total else body_font
            tasks.append(
                [
                    cell(tasks, task.group, font=font),
                    cell(tasks, task.item, font=font),
                    cell(tasks, task.kind or None, font=font),
                    cell(tasks, task.weight, font=font, fmt="0"),
                    cell(tasks, task.basis, font=font),
                    cell(tasks, rounded(task.progress), font=font, fmt="0.00"),
                ]
            )
        by_unit = sheet(_("Tiến độ theo đơn vị"), [40, 32, 36, 10, 40, 12])
        by_unit.freeze_panes = "A2"
        by_unit.print_title_rows = "1:1"
        names = task_headers()
        by_unit.append(headers(by_unit, [names[0], _("Tên đơn vị"), names[1], names[3], names[4], names[5]]))
        for title, unit_name, task in task_unit_rows(report.tasks):
            font = bold if task.total else body_font
            by_unit.append(
                [
                    cell(by_unit, title, font=font),
                    cell(by_unit, unit_name, font=font),
                    cell(by_unit, task.item, font=font),
                    cell(by_unit, task.weight, font=font, fmt="0"),
                    cell(by_unit, task.basis, font=font),
                    cell(by_unit, rounded(task.progress), font=font, fmt="0.00"),
                ]
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Word ------------------------------------------------------------------------------------------


def render_docx(report: Report) -> bytes:
    """The report in the Party's layout: A4, margins 20/20/30/15 mm, Times New Roman 14 pt (11 pt in
    the table), with the East-Asian and complex-script fonts set as well."""
    from docx import Document
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Length, Mm, Pt
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)

    def set_fonts(element: Any) -> None:  # a run's or a style's XML element (python-docx's oxml is untyped)
        # python-docx sets only w:ascii/w:hAnsi; Vietnamese runs may be typed as East-Asian or complex.
        rpr = element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), WORD_FONT)

    normal = document.styles["Normal"]
    normal.font.name = WORD_FONT
    normal.font.size = Pt(14)
    set_fonts(normal.element)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.15

    def write(
        paragraph: Paragraph,
        text: str,
        *,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        size: float | None = None,
    ) -> None:
        run = paragraph.add_run(text)
        run.bold, run.italic, run.underline = bold, italic, underline
        run.font.name = WORD_FONT
        set_fonts(run._r)
        if size:
            run.font.size = Pt(size)

    def line(
        container: _Cell,
        text: str,
        *,
        first: bool = False,
        bold: bool = False,
        italic: bool = False,
        underline: bool = False,
        size: float | None = None,
    ) -> Paragraph:
        paragraph: Paragraph = container.paragraphs[0] if first else container.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        write(paragraph, text, bold=bold, italic=italic, underline=underline, size=size)
        return paragraph

    def no_borders(table: Table) -> None:
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            node = OxmlElement(f"w:{edge}")
            node.set(qn("w:val"), "nil")
            borders.append(node)
        table._tbl.tblPr.append(borders)

    def fixed_widths(table: Table, widths: Sequence[Length]) -> None:
        # Word and LibreOffice lay a table out from its grid (w:tblGrid), not from the cells' widths:
        # without fixed columns "Chỉ tiêu" gets a seventh of the page and one word a line.
        table.autofit = False
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        table._tbl.tblPr.append(layout)
        for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
            column.set(qn("w:w"), str(round(width / 635)))  # EMU → twentieths of a point

    def repeat_header(table: Table) -> None:
        row_properties = table.rows[0]._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        row_properties.append(header)

    def page_numbers(footer_paragraph: Paragraph) -> None:
        """A PAGE field, centred: Word and LibreOffice number the pages as they print them."""
        footer_paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = footer_paragraph.add_run()
        run.font.size = Pt(11)
        set_fonts(run._r)
        for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
            if kind:
                node = OxmlElement("w:fldChar")
                node.set(qn("w:fldCharType"), kind)
            else:
                node = OxmlElement("w:instrText" if text == " PAGE " else "w:t")
                node.set(qn("xml:space"), "preserve")
                node.text = text
            run._r.append(node)

    def filled_table(
        widths: Sequence[Length],
        header: Sequence[str],
        rows: Sequence[Sequence[str]],
        *,
        size: float,
        left_aligned: set[int],
        right_aligned: set[int],
        bold_column: int,
    ) -> Table:
        table: Table = document.add_table(rows=1 + len(rows), cols=len(widths))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        fixed_widths(table, widths)
        repeat_header(table)
        for row_index, texts in enumerate((header, *rows)):
            for index, (table_cell, text) in enumerate(zip(table.rows[row_index].cells, texts, strict=True)):
                table_cell.width = widths[index]
                bold = row_index == 0 or index == bold_column
                paragraph = line(table_cell, text, first=True, size=size, bold=bold)
                if row_index and index in left_aligned:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
                elif row_index and index in right_aligned:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        return table

    head = report.heading
    block = document.add_table(rows=1, cols=2)
    no_borders(block)
    block.autofit = False
    left, right = block.rows[0].cells
    left.width, right.width = Mm(75), Mm(90)
    line(left, head.organisation, first=True, size=14)
    line(left, head.office, bold=True, size=14)
    line(left, "*", size=14)
    line(left, head.number_line, size=14)
    line(right, "ĐẢNG CỘNG SẢN VIỆT NAM", first=True, bold=True, underline=True, size=15)
    line(right, "", size=14)
    line(right, "", size=14)
    line(right, head.date_line, italic=True, size=14)

    kind = document.add_paragraph()
    kind.alignment = WD_ALIGN_PARAGRAPH.CENTER
    kind.paragraph_format.space_before = Pt(18)
    kind.paragraph_format.space_after = Pt(0)
    write(kind, "BÁO CÁO", bold=True, size=16)
    subject = document.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(subject, report.subject, bold=True)
    rule = document.add_paragraph()
    rule.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(rule, "-----", size=14)
    if report.notice:
        notice = document.add_paragraph()
        notice.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        write(notice, report.notice, bold=True, italic=True, size=13)

    for text in report.summary[:1]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        write(paragraph, text)

    # 165 mm of text width; the numbers and verdicts fit narrow columns, the indicator takes the rest.
    filled_table(
        [Mm(w) for w in (50, 28, 17, 17, 15, 22, 16)],
        summary_headers(),
        [
            [
                row.indicator,
                row.target,
                count_vi(row.numerator),
                count_vi(row.denominator),
                row.shown,
                row.verdict,
                f"{row.units_meeting}/{row.units_reporting}",
            ]
            for row in report.rows
        ],
        size=11,
        left_aligned={0},
        right_aligned={2, 3, 4},
        bold_column=5,
    )

    for text in report.summary[1:]:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        paragraph.paragraph_format.first_line_indent = Mm(10)
        paragraph.paragraph_format.space_before = Pt(6)
        paragraph.paragraph_format.keep_with_next = True  # the signature page carries text too
        write(paragraph, text)

    if report.tasks:
        # The task groups' progress (decision 0021): each item with its weight, then the group's total.
        title = document.add_paragraph()
        title.paragraph_format.space_before = Pt(6)
        title.paragraph_format.keep_with_next = True
        write(title, tasks_title(), bold=True)
        explained = document.add_paragraph()
        explained.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        explained.paragraph_format.first_line_indent = Mm(10)
        write(explained, tasks_explained())
        filled_table(
            [Mm(w) for w in (38, 40, 18, 14, 35, 20)],
            task_headers(),
            [
                [
                    "" if row.group == previous else row.group,
                    row.item,
                    row.kind,
                    "" if row.weight is None else str(row.weight),
                    row.basis,
                    row.shown,
                ]
                for row, previous in shown_once(report.task_rows)
            ],
            size=10,
            left_aligned={0, 1, 4},
            right_aligned={3, 5},
            bold_column=5,
        )

    closing = document.add_table(rows=1, cols=2)
    no_borders(closing)
    # One block: "Nơi nhận" and the signature never split across two pages.
    closing.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    recipients, signature = closing.rows[0].cells
    recipients.width, signature.width = Mm(80), Mm(85)
    received = recipients.paragraphs[0]
    received.paragraph_format.space_before = Pt(12)
    write(received, "Nơi nhận:", bold=True, italic=True, size=12)
    for text in head.recipients:
        paragraph = recipients.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        write(paragraph, text, size=11)
    line(signature, head.signs_as, first=True, bold=True).paragraph_format.space_before = Pt(12)
    for _blank in range(4):  # room for the signature and the signer's name, written by hand
        line(signature, "")
    page_numbers(section.footer.paragraphs[0])

    # The appendix, on A4 landscape pages, as in the PDF; past PDF_UNIT_ROWS rows, left to the Excel file.
    unit_rows = report.unit_rows
    if not unit_rows:
        return saved(document)
    appendix = document.add_section(WD_SECTION.NEW_PAGE)
    appendix.orientation = WD_ORIENT.LANDSCAPE
    appendix.page_width, appendix.page_height = Mm(297), Mm(210)
    appendix.top_margin, appendix.bottom_margin = Mm(15), Mm(15)
    appendix.left_margin, appendix.right_margin = Mm(20), Mm(15)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    write(title, f"{_('Phụ lục: kết quả theo đơn vị')} — {report.period_label}", bold=True, size=13)
    if len(unit_rows) > PDF_UNIT_ROWS:
        write(document.add_paragraph(), appendix_in_excel(len(unit_rows)), italic=True, size=12)
        return saved(document)
    filled_table(
        [Mm(w) for w in (80, 70, 24, 22, 22, 20, 24)],  # 262 mm between the landscape margins
        appendix_headers(),
        [
            [
                row.label,
                unit.unit.name,
                status_label(unit.status),
                count_vi(unit.numerator),
                count_vi(unit.denominator),
                selectors.shown_vi(unit.value),
                met_label(unit.met),
            ]
            for row, unit in unit_rows
        ],
        size=10,
        left_aligned={0, 1},
        right_aligned={3, 4, 5},
        bold_column=6,
    )
    return saved(document)


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------------


def report_html(report: Report) -> str:
    from danvan.core.pdf import font_family

    unit_rows = [
        {
            "indicator": row.label,
            "name": unit.unit.name,
            "status": status_label(unit.status),
            "numerator": count_vi(unit.numerator),
            "denominator": count_vi(unit.denominator),
            "value": selectors.shown_vi(unit.value),
            "met": met_label(unit.met),
            "met_class": "" if unit.met is None else "met" if unit.met else "not-met",
        }
        for row, unit in report.unit_rows
    ]
    unit_count = len(unit_rows)
    if unit_count > PDF_UNIT_ROWS:
        unit_rows = []
    summary_rows = [
        {
            "indicator": row.indicator,
            "target": row.target,
            "numerator": count_vi(row.numerator),
            "denominator": count_vi(row.denominator),
            "shown": row.shown,
            "verdict": row.verdict,
            "met_class": "" if row.result.met is None else "met" if row.result.met else "not-met",
            "units": f"{row.units_meeting}/{row.units_reporting}",
        }
        for row in report.rows
    ]
    task_rows = [
        {
            "group": "" if row.group == previous else row.group,
            "item": row.item,
            "kind": row.kind,
            "weight": "" if row.weight is None else row.weight,
            "basis": row.basis,
            "shown": row.shown,
            "total": row.total,
        }
        for row, previous in shown_once(report.task_rows)
    ]
    return render_to_string(
        PDF_TEMPLATE,
        {
            "task_rows": task_rows,
            "task_headers": task_headers(),
            "tasks_title": tasks_title(),
            "tasks_explained": tasks_explained(),
            "report": report,
            "headers": summary_headers(),
            "summary_rows": summary_rows,
            "unit_rows": unit_rows,
            "unit_count": unit_count,
            "appendix_headers": appendix_headers(),
            "appendix_in_excel": appendix_in_excel(unit_count),
            "font_family": font_family(),
        },
    )


def render_pdf(report: Report) -> bytes:
    """The same report through WeasyPrint (no base URL, every URL refused: see core.pdf);
    the per-unit table follows on A4 landscape pages."""
    from danvan.core.pdf import html_to_pdf

    return html_to_pdf(report_html(report))


RENDERERS = {
    "xlsx": (render_xlsx, XLSX_TYPE),
    "docx": (render_docx, DOCX_TYPE),
    "pdf": (render_pdf, PDF_TYPE),
}
