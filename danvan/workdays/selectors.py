"""Reads of the working-day calendar, and the counting of periods (Bộ luật Dân sự 2015, Art. 147–148).

``Calendar.load(start, end)`` reads the special days of whole years in two queries (days, years) and
answers ``is_working_day`` from memory, so computing many deadlines costs no query per day. A year
without a ``CalendarYear`` row counts the statutory days of the ``holidays`` package, in memory (a
read never writes), and is reported as unreviewed.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .models import CalendarDay, CalendarYear
from .statutory import DAY_OFF, HOLIDAY, WORKDAY, statutory_days

DAYS = "days"
WORKING_DAYS = "working_days"
ONE_DAY = dt.timedelta(days=1)
# A pause (suspension): no day from starts_on through ends_on counts; ends_on None = still paused.
Pause = tuple[dt.date, dt.date | None]


class StillPaused(Exception):
    """The period cannot end: its count stopped in a pause that has not ended yet."""


@dataclass
class Calendar:
    """The special days of some whole years, in memory. Asking about a year not loaded yet loads it."""

    kinds: dict[dt.date, str] = field(default_factory=dict)
    years: set[int] = field(default_factory=set)
    unseeded: set[int] = field(default_factory=set)  # years counted from the package, no row
    unreviewed: set[int] = field(default_factory=set)  # years with no reviewed calendar

    @classmethod
    def load(cls, start: dt.date, end: dt.date) -> "Calendar":
        calendar = cls()
        calendar.load_years(range(start.year, max(start, end).year + 1))
        return calendar

    def load_years(self, years: Iterable[int]) -> None:
        wanted = sorted(set(years) - self.years)
        if not wanted:
            return
        first, last = dt.date(wanted[0], 1, 1), dt.date(wanted[-1], 12, 31)
        rows = dict(
            CalendarYear.objects.filter(year__in=wanted).values_list("year", "reviewed_at").order_by()
        )
        for year in wanted:
            if year not in rows:
                self.unseeded.add(year)
                self.kinds.update((d.date, d.kind) for d in statutory_days(year))
            if rows.get(year) is None:
                self.unreviewed.add(year)
        for day, kind in CalendarDay.objects.filter(date__range=(first, last)).values_list("date", "kind"):
            if day.year in wanted:
                self.kinds[day] = kind
        self.years.update(wanted)

    def kind(self, day: dt.date) -> str | None:
        if day.year not in self.years:
            self.load_years([day.year])
        return self.kinds.get(day)

    def is_working_day(self, day: dt.date) -> bool:
        kind = self.kind(day)
        if kind == WORKDAY:
            return True
        if kind in (HOLIDAY, DAY_OFF):
            return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself when it is a working day, otherwise the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def working_days_between(self, after: dt.date, through: dt.date) -> int:
        """How many working days lie in (after, through]."""
        count, day = 0, after
        while day < through:
            day += ONE_DAY
            count += self.is_working_day(day)
        return count


def is_working_day(day: dt.date) -> bool:
    return Calendar.load(day, day).is_working_day(day)


def _paused(day: dt.date, pauses: Sequence[Pause]) -> bool:
    return any(start <= day and (end is None or day <= end) for start, end in pauses)


def period_end(
    event_date: dt.date,
    amount: int,
    unit: str,
    pauses: Sequence[Pause] = (),
    *,
    calendar: Calendar | None = None,
) -> dt.date:
    """The last day of a period of ``amount`` days (``unit`` "days") or working days ("working_days")
    after an event on ``event_date``: counting starts the next day (Art. 147); days inside a pause do
    not count; a period in days whose last day is not a working day ends on the next working day
    (Art. 148). Raises StillPaused when the count reaches a pause that has not ended."""
    if unit not in (DAYS, WORKING_DAYS):
        raise ValueError(unit)
    calendar = calendar or Calendar.load(event_date, event_date + dt.timedelta(days=2 * amount + 60))
    open_from = min((start for start, end in pauses if end is None), default=None)
    day, counted = event_date, 0
    while counted < amount:
        day += ONE_DAY
        if open_from is not None and day >= open_from:
            raise StillPaused(open_from)
        if _paused(day, pauses):
            continue
        if unit == DAYS or calendar.is_working_day(day):
            counted += 1
    # Art. 148: a period ending on a rest day or holiday (or inside a pause) ends the next working day.
    while not calendar.is_working_day(day) or _paused(day, pauses):
        day += ONE_DAY
        if open_from is not None and day >= open_from:
            raise StillPaused(open_from)
    return day


def unreviewed_years(today: dt.date) -> list[int]:
    """The years the staff dashboard flags: this year, and next year from 1 November, when nobody has
    reviewed their calendar yet."""
    years = [today.year] + ([today.year + 1] if today.month >= 11 else [])
    reviewed = set(
        CalendarYear.objects.filter(year__in=years, reviewed_at__isnull=False).values_list("year", flat=True)
    )
    return [year for year in years if year not in reviewed]


def days_of_year(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(date__year=year).order_by("date"))


def calendar_year(year: int) -> CalendarYear | None:
    return CalendarYear.objects.filter(year=year).first()
