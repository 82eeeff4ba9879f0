"""Dates as Vietnamese readers write them, always in Asia/Ho_Chi_Minh."""

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.formats import DATE_INPUT_FORMATS

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def weekday_name(day: dt.date) -> str:
    # Monday is 0 in Python; Vietnamese counts Monday as "Thứ Hai" (the second day).
    names = [_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ Nhật")]
    return names[day.weekday()]


def today_in_vietnam(now: dt.datetime | None = None) -> dt.date:
    return (now or timezone.now()).astimezone(VIETNAM).date()


ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def header_date(day: dt.date, language: str = "vi") -> str:
    """'Thứ Năm, 26/11/2026' — the portal's header date ('Thursday, 26/11/2026' on English pages)."""
    if language == "en":
        return f"{ENGLISH_WEEKDAYS[day.weekday()]}, {day:%d/%m/%Y}"
    return f"{weekday_name(day)}, {day:%d/%m/%Y}"


def seconds_until_midnight(now: dt.datetime | None = None) -> int:
    local = (now or timezone.now()).astimezone(VIETNAM)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), tzinfo=VIETNAM)
    return max(1, int((midnight - local).total_seconds()))


def written_date(day: dt.date) -> str:
    """The date as written after the place in an official document, "ngày 03 tháng 3 năm 2023": a
    zero before days under 10 and before the months 1 and 2 (Nghị định 30/2020/NĐ-CP)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


ISO_ONLY = ("%Y-%m-%d",)  # what the API documents and <input type="date"> sends


def parse_date(raw: str | None, formats: Sequence[str] = DATE_INPUT_FORMATS) -> dt.date | None:
    """A typed or imported date, read the one way every form reads it: day first (18/04/2024),
    or ISO (2024-04-18), never month first (danvan.core.formats); the API passes ISO_ONLY.
    None when it is none of these."""
    text = (raw or "").strip()
    if not text.isascii():  # strptime would read other scripts' digits ("١٨") as numbers
        return None
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
