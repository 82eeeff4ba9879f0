"""The statutory days of a year, from the ``holidays`` package (country VN), with Vietnamese names.

Pure: no database. The seeding service writes these rows; the calendar falls back to them in memory
for a year nobody has seeded, so a deadline never skips Tết because a row is missing.
"""

import datetime as dt
import functools
import re
from dataclasses import dataclass

import holidays

HOLIDAY = "holiday"
DAY_OFF = "day_off"
WORKDAY = "workday"

# Vietnamese names of the package's days (its English names are never stored nor shown).
NAMES = {
    "New Year's Day": "Tết Dương lịch",
    "29 of Lunar New Year": "Tết Nguyên đán (29 tháng Chạp)",
    "Lunar New Year's Eve": "Tết Nguyên đán (giao thừa)",
    "Lunar New Year": "Tết Nguyên đán (mùng Một)",
    "Second Day of Lunar New Year": "Tết Nguyên đán (mùng Hai)",
    "Third Day of Lunar New Year": "Tết Nguyên đán (mùng Ba)",
    "Fourth Day of Lunar New Year": "Tết Nguyên đán (mùng Bốn)",
    "Fifth Day of Lunar New Year": "Tết Nguyên đán (mùng Năm)",
    "Sixth Day of Lunar New Year": "Tết Nguyên đán (mùng Sáu)",
    "Hung Kings' Commemoration Day": "Giỗ Tổ Hùng Vương",
    "Liberation Day/Reunification Day": "Ngày Giải phóng miền Nam, thống nhất đất nước",
    "International Labor Day": "Ngày Quốc tế Lao động",
    "National Day": "Quốc khánh",
    "Vietnam Cultural Day": "Ngày Văn hóa Việt Nam",
}
CULTURE_DAY = "Ngày Văn hóa Việt Nam"
CULTURE_DAY_FROM = 2026  # 24/11, from 2026 (Nghị quyết 28/2026/QH16, to be verified each year)
GENERIC = "Ngày nghỉ lễ"

_OBSERVED = " (observed)"
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")


@dataclass(frozen=True)
class StatutoryDay:
    date: dt.date
    kind: str  # HOLIDAY, DAY_OFF or WORKDAY
    name: str


def vietnamese_name(english: str) -> str:
    return NAMES.get(english, GENERIC)


@functools.lru_cache(maxsize=64)
def statutory_days(year: int) -> tuple[StatutoryDay, ...]:
    """The year's public holidays (holiday), compensatory and swapped days off (day_off) and the
    weekend days worked in their place (workday), sorted by date."""
    found: dict[dt.date, StatutoryDay] = {}
    for day, english in sorted(holidays.country_holidays("VN", years=year).items()):
        for part in str(english).split("; "):  # the package joins two names of one day with "; "
            swap = _SUBSTITUTED.match(part)
            if swap:
                worked = dt.date(int(swap[3]), int(swap[1]), int(swap[2]))
                found[day] = StatutoryDay(day, DAY_OFF, f"Ngày nghỉ hoán đổi (làm bù ngày {worked:%d/%m/%Y})")
                if worked.year == year:
                    found[worked] = StatutoryDay(worked, WORKDAY, f"Làm bù cho ngày nghỉ {day:%d/%m/%Y}")
            elif part.endswith(_OBSERVED):
                if day not in found:
                    found[day] = StatutoryDay(
                        day, DAY_OFF, f"Nghỉ bù {vietnamese_name(part[: -len(_OBSERVED)])}"
                    )
            else:
                found[day] = StatutoryDay(day, HOLIDAY, vietnamese_name(part))
    culture_day = dt.date(year, 11, 24)
    if year >= CULTURE_DAY_FROM and culture_day not in found:
        found[culture_day] = StatutoryDay(culture_day, HOLIDAY, CULTURE_DAY)
    return tuple(sorted(found.values(), key=lambda d: d.date))
