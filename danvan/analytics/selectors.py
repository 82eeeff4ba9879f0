"""Reads of the visit statistics."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Sum

from danvan.core.dates import today_in_vietnam

from . import buffer
from .models import DailyBreakdown, DailyPageViews, DailyTotals
from .services import SEP


def visit_counts() -> dict[str, int]:
    """Visits today (calendar day in Asia/Ho_Chi_Minh) and since the beginning, buffered ones included."""
    day = today_in_vietnam()
    today = DailyTotals.objects.filter(day=day).values_list("visits", flat=True).first() or 0
    total = DailyTotals.objects.aggregate(n=Sum("visits"))["n"] or 0
    for name, n in buffer.pending().items():
        kind, pending_day, *rest = name.split(SEP)
        if kind == "t" and rest == ["visits"]:
            total += n
            today += n if pending_day == day.isoformat() else 0
    return {"today": int(today), "total": int(total)}


@dataclass(frozen=True)
class DayRow:
    day: dt.date
    visits: int
    visitors: int
    page_views: int


def daily_totals(start: dt.date, end: dt.date) -> list[DayRow]:
    """One row per day from start to end inclusive, days without visits included (as zeros)."""
    found = {r.day: r for r in DailyTotals.objects.filter(day__gte=start, day__lte=end)}
    rows = []
    day = start
    while day <= end:
        r = found.get(day)
        rows.append(DayRow(day, r.visits if r else 0, r.visitors if r else 0, r.page_views if r else 0))
        day += dt.timedelta(days=1)
    return rows


def top_pages(start: dt.date, end: dt.date, *, limit: int = 20) -> list[tuple[str, int]]:
    rows = (
        DailyPageViews.objects.filter(day__gte=start, day__lte=end)
        .values("path")
        .annotate(views=Sum("views"))
        .order_by("-views", "path")[:limit]
    )
    return [(r["path"], int(r["views"])) for r in rows]


def breakdown(start: dt.date, end: dt.date, dimension: str, *, limit: int = 20) -> list[tuple[str, int]]:
    rows = (
        DailyBreakdown.objects.filter(day__gte=start, day__lte=end, dimension=dimension)
        .values("value")
        .annotate(visits=Sum("visits"))
        .order_by("-visits", "value")[:limit]
    )
    return [(r["value"], int(r["visits"])) for r in rows]


def visits_last_modified() -> dt.datetime | None:
    """When the counts in the database last moved: the newest visit counted straight into it, or the
    newest batch moved there from Redis (both kept 48 hours; None after two days without a visit). The
    API's answer adds the counts still in Redis, and "today" restarts at midnight: this date is the
    catalogue's, never a Last-Modified (core.datasets)."""
    from django.db.models import Max

    from .models import FlushedBatch, VisitorState

    seen = VisitorState.objects.aggregate(at=Max("last_seen"))["at"]
    flushed = FlushedBatch.objects.aggregate(at=Max("flushed_at"))["at"]
    return max((at for at in (seen, flushed) if at is not None), default=None)
