"""The admin report "Thống kê truy cập": a date range, a chart and tables, and the same days as CSV.

The numbers come from selectors.py; this module only reads the request, draws the chart's geometry
and renders. Odd query strings never raise: the page falls back to the last 30 days and says why.
"""

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from danvan.core.dates import header_date, parse_date, today_in_vietnam
from danvan.core.numbers import group_thousands

from . import selectors, services
from .models import DailyBreakdown
from .selectors import DayRow

PERMISSION = "analytics.view_dailytotals"
DEFAULT_DAYS = 30
MAX_DAYS = 366
EARLIEST = dt.date(2000, 1, 1)  # also keeps date arithmetic far from date.min and date.max
TABLE_LIMIT = 20
CSV_COLUMNS = ["ngay", "luot_truy_cap", "nguoi_truy_cap", "luot_xem_trang"]

# Chart geometry, in viewBox units. The SVG scales to its box, so 12 units of text stay about 12 px
# on a 360 px phone (the box is ~320 px there) and grow with it on wider screens.
CHART_WIDTH = 320
CHART_HEIGHT = 180
PLOT_LEFT = 44
PLOT_RIGHT = 6
PLOT_TOP = 10
PLOT_BOTTOM = 24


def can_view(user: Any) -> bool:
    """Superusers and whoever holds "analytics.view_dailytotals" (directly or through a group)."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm(PERMISSION)))


@dataclass(frozen=True)
class DateRange:
    start: dt.date
    end: dt.date
    error: str = ""

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _parse_day(raw: str) -> dt.date | None:
    """What <input type="date"> sends (YYYY-MM-DD), or a typed dd/mm/yyyy; anything else is None."""
    return parse_date(raw)


class BadRange(ValueError):
    """The dates asked for cannot be shown; the message says why, in Vietnamese."""


def _asked_range(raw_from: str, raw_to: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The range asked for (a missing end is today, a missing start 30 days before the end)."""
    start = _parse_day(raw_from) if raw_from else None
    end = _parse_day(raw_to) if raw_to else today
    if (raw_from and start is None) or end is None:
        raise BadRange(_("Ngày không hợp lệ: hãy nhập ngày theo dạng năm-tháng-ngày, ví dụ 2025-01-31."))
    if not all(EARLIEST <= day <= today for day in (start or end, end)):
        raise BadRange(
            _("Ngày phải nằm trong khoảng từ %(earliest)s đến hôm nay (%(today)s).")
            % {"earliest": f"{EARLIEST:%d/%m/%Y}", "today": f"{today:%d/%m/%Y}"}
        )
    if start is None:
        start = max(EARLIEST, end - dt.timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        raise BadRange(_("Ngày bắt đầu phải trước hoặc trùng với ngày kết thúc."))
    if (end - start).days + 1 > MAX_DAYS:
        raise BadRange(_("Mỗi lần chỉ xem được tối đa %(days)s ngày.") % {"days": MAX_DAYS})
    return start, end


def resolve_range(raw_from: str | None, raw_to: str | None, today: dt.date) -> DateRange:
    """The range to show: the one asked for, or the last 30 days (with the reason) when it is unusable."""
    default = DateRange(today - dt.timedelta(days=DEFAULT_DAYS - 1), today)
    raw_from, raw_to = (raw_from or "").strip()[:20], (raw_to or "").strip()[:20]
    if not raw_from and not raw_to:
        return default
    try:
        start, end = _asked_range(raw_from, raw_to, today)
    except BadRange as error:
        return DateRange(default.start, default.end, str(error))
    return DateRange(start, end)


def _number(value: int) -> str:
    """1234567 → "1.234.567" in Vietnamese (Django's vi locale has no grouping, so group here)."""
    return group_thousands(value)


def _nice_ceiling(peak: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above peak, so the axis reads in round numbers."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= peak:
                return step * factor
        step *= 10


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


METRICS = {
    "visits": (_("lượt truy cập"), _("Mỗi cột là số lượt truy cập của một ngày.")),
    "page_views": (_("lượt xem trang"), _("Mỗi cột là số lượt xem trang của một ngày.")),
}


def chart(rows: list[DayRow], metric: str = "visits") -> dict[str, Any]:
    """Geometry of a bar chart of one metric per day: bars, y-axis ticks, x-axis labels, summary."""
    unit, caption = METRICS[metric]

    def value(row: DayRow) -> int:
        return int(getattr(row, metric))

    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    baseline = PLOT_TOP + plot_height
    peak_row = max(rows, key=value)  # the first day with the most visits
    top = _nice_ceiling(max(value(peak_row), 1))
    slot = plot_width / len(rows)
    gap = slot * 0.2 if slot >= 3 else 0
    bars = []
    for i, row in enumerate(rows):
        height = plot_height * value(row) / top
        bars.append(
            {
                "x": _fmt(PLOT_LEFT + i * slot + gap / 2),
                "y": _fmt(baseline - height),
                "width": _fmt(slot - gap),
                "height": _fmt(height),
                "title": _("%(day)s: %(n)s %(unit)s")
                % {"day": f"{row.day:%d/%m/%Y}", "n": _number(value(row)), "unit": unit},
            }
        )
    ticks = [0, top] if top % 2 else [0, top // 2, top]
    y_ticks = [{"y": _fmt(baseline - plot_height * value / top), "label": _number(value)} for value in ticks]
    x_labels = [{"x": _fmt(PLOT_LEFT), "anchor": "start", "label": f"{rows[0].day:%d/%m}"}]
    if len(rows) >= 3:
        middle = rows[len(rows) // 2]
        x_labels.append(
            {
                "x": _fmt(PLOT_LEFT + (len(rows) // 2 + 0.5) * slot),
                "anchor": "middle",
                "label": f"{middle.day:%d/%m}",
            }
        )
    if len(rows) >= 2:
        x_labels.append(
            {"x": _fmt(CHART_WIDTH - PLOT_RIGHT), "anchor": "end", "label": f"{rows[-1].day:%d/%m}"}
        )
    total = sum(value(r) for r in rows)
    period = {"start": f"{rows[0].day:%d/%m/%Y}", "end": f"{rows[-1].day:%d/%m/%Y}"}
    if total:
        summary = _(
            "Biểu đồ cột %(unit)s theo ngày, từ %(start)s đến %(end)s: tổng %(total)s, "
            "nhiều nhất %(peak)s vào ngày %(peak_day)s."
        ) % {
            **period,
            "unit": unit,
            "total": _number(total),
            "peak": _number(value(peak_row)),
            "peak_day": f"{peak_row.day:%d/%m/%Y}",
        }
    else:
        summary = _("Biểu đồ cột %(unit)s theo ngày, từ %(start)s đến %(end)s: chưa có số liệu.") % {
            **period,
            "unit": unit,
        }
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "plot_left": PLOT_LEFT,
        "plot_right": CHART_WIDTH - PLOT_RIGHT,
        "baseline": baseline,
        "label_y": CHART_HEIGHT - 6,
        "tick_label_x": PLOT_LEFT - 4,
        "bars": bars,
        "y_ticks": y_ticks,
        "x_labels": x_labels,
        "summary": summary,
        "caption": caption,
        "id": f"analytics-chart-{metric}",
    }


def device_label(value: str) -> str:
    labels = {"desktop": _("Máy tính"), "mobile": _("Điện thoại"), "tablet": _("Máy tính bảng")}
    return labels.get(value, value)


def _csv(rows: list[DayRow], period: DateRange) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"thong-ke-truy-cap-{period.start.isoformat()}-{period.end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # the BOM: without it Excel reads UTF-8 as the local code page
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row.day.isoformat(), row.visits, row.visitors, row.page_views])
    return response


@require_safe
@never_cache
def report(request: HttpRequest) -> HttpResponse:
    if not can_view(request.user):
        return render(request, "analytics/admin/forbidden.html", status=403)
    services.flush_buffer()  # with Redis, bring in the last half-minute's hits first
    today = today_in_vietnam()
    period = resolve_range(request.GET.get("from"), request.GET.get("to"), today)
    rows = selectors.daily_totals(period.start, period.end)
    if request.GET.get("format") == "csv":
        if period.error:  # a file of other days than asked for would mislead; say so instead
            return HttpResponseBadRequest(period.error, content_type="text/plain; charset=utf-8")
        return _csv(rows, period)

    dates = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    context = {
        "period": period,
        "start_label": f"{period.start:%d/%m/%Y}",
        "end_label": f"{period.end:%d/%m/%Y}",
        "earliest": EARLIEST.isoformat(),
        "today": today.isoformat(),
        "default_days": DEFAULT_DAYS,
        "max_days": MAX_DAYS,
        "rows": [
            {
                "iso": row.day.isoformat(),
                "label": header_date(row.day),
                "visits": _number(row.visits),
                "visitors": _number(row.visitors),
                "page_views": _number(row.page_views),
            }
            for row in rows
        ],
        "totals": {
            "visits": _number(sum(r.visits for r in rows)),
            "visitors": _number(sum(r.visitors for r in rows)),
            "page_views": _number(sum(r.page_views for r in rows)),
        },
        "charts": [chart(rows, "visits"), chart(rows, "page_views")],
        "top_pages": [
            (path, _number(views))
            for path, views in selectors.top_pages(period.start, period.end, limit=TABLE_LIMIT)
        ],
        "referrers": [
            (value, _number(visits))
            for value, visits in selectors.breakdown(
                period.start, period.end, DailyBreakdown.Dimension.REFERRER, limit=TABLE_LIMIT
            )
        ],
        "devices": [
            (device_label(value), _number(visits))
            for value, visits in selectors.breakdown(
                period.start, period.end, DailyBreakdown.Dimension.DEVICE, limit=TABLE_LIMIT
            )
        ],
        "csv_query": urlencode({**dates, "format": "csv"}),
    }
    return render(request, "analytics/admin/report.html", context)
