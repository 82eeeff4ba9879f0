"""Writes on the working-day calendar: seeding a year from the statutory days, editing and removing
days, marking a year reviewed, importing the reviewed calendar from a file.

Every change sends ``calendar_changed`` (sender, start, end: the changed date range) so that open
deadlines are recomputed — the feedback app listens; this app never imports it — and announces an
audit event (``calendar.*``, labelled in audit/actions.py).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import tabular
from danvan.core.events import announce

from .models import CalendarDay, CalendarYear
from .statutory import statutory_days

# Receivers get ``start`` and ``end`` (dates, inclusive): the days whose kind may have changed.
calendar_changed = Signal()

KINDS = {choice.value for choice in CalendarDay.Kind}
COLUMNS = tabular.Columns(required=("date", "kind"), optional=("name",))
NAME_MAX = CalendarDay._meta.get_field("name").max_length or 200
FIRST_YEAR, LAST_YEAR = 2000, 2100  # a typo (2206) is refused rather than seeded


class CalendarError(ValueError):
    """A calendar change that is refused, with a Vietnamese message."""


def _changed(start: dt.date, end: dt.date) -> None:
    calendar_changed.send(sender=CalendarDay, start=start, end=end)


def _year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            _("Năm %(y)s nằm ngoài khoảng %(a)s–%(b)s.") % {"y": year, "a": FIRST_YEAR, "b": LAST_YEAR}
        )


def _seed(year: int) -> CalendarYear:
    """Write the statutory days of ``year`` (not over days a person set or imported) and its row."""
    CalendarDay.objects.filter(date__year=year, source=CalendarDay.Source.SEEDED).delete()
    kept = set(CalendarDay.objects.filter(date__year=year).values_list("date", flat=True))
    CalendarDay.objects.bulk_create(
        CalendarDay(date=day.date, kind=day.kind, name=day.name, source=CalendarDay.Source.SEEDED)
        for day in statutory_days(year)
        if day.date not in kept
    )
    row, _created = CalendarYear.objects.get_or_create(year=year)
    row.seeded_at = timezone.now()
    row.save(update_fields=["seeded_at"])
    return row


def _ensure_year(year: int, *, by: Any) -> CalendarYear:
    """The year's row; a year never seeded is seeded first, so editing one day keeps its holidays."""
    _check_year(year)
    row = CalendarYear.objects.filter(year=year).first()
    if row is None:
        row = _seed(year)
        announce("calendar.seed", actor=by, target=row, detail=str(year))
    return row


@transaction.atomic
def seed_year(year: int, *, by: Any = None) -> bool:
    """Seed ``year`` from the ``holidays`` package: public holidays, compensatory and swapped days off
    and the weekend days worked for them. A reviewed year is never touched (False); in a year not yet
    reviewed, seeded rows are replaced and rows a person set or imported are kept."""
    _check_year(year)
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is not None and row.reviewed_at is not None:
        return False
    row = _seed(year)
    announce("calendar.seed", actor=by, target=row, detail=str(year))
    _changed(*_year_range(year))
    return True


@transaction.atomic
def ensure_years(years: list[int]) -> list[int]:
    """Seed the years that have no calendar yet (run after every migrate: this year and next); the
    years seeded. Quiet: no audit entry and no signal — a year without rows already counted exactly
    these statutory days (the in-memory fallback), so no deadline moves; ``seeded_at`` records it."""
    have = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    seeded = []
    for year in sorted(set(years) - have):
        _check_year(year)
        _seed(year)
        seeded.append(year)
    return seeded


def day_problem(day: dt.date, kind: str, name: str = "") -> str | None:
    """Why ``set_day`` would refuse these values (for a form's check), or None."""
    if kind not in KINDS:
        return _("Loại ngày “%(k)s” không hợp lệ.") % {"k": kind}
    if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
        return _("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.")
    if len(name) > NAME_MAX:
        return _("Tên quá dài (tối đa %(n)s ký tự).") % {"n": NAME_MAX}
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return _("Năm %(y)s nằm ngoài khoảng %(a)s–%(b)s.") % {"y": day.year, "a": FIRST_YEAR, "b": LAST_YEAR}
    return None


@transaction.atomic
def set_day(day: dt.date, kind: str, name: str = "", *, by: Any = None) -> CalendarDay:
    """Make ``day`` a holiday, a day off or a weekend day worked (``kind``), entered by a person."""
    problem = day_problem(day, kind, name)
    if problem is not None:
        raise CalendarError(problem)
    _ensure_year(day.year, by=by)
    old = CalendarDay.objects.filter(date=day).first()
    row, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"kind": kind, "name": name.strip(), "source": CalendarDay.Source.MANUAL}
    )
    announce(
        "calendar.day_set",
        actor=by,
        target=row,
        changes={"kind": [old.kind if old else None, kind]},
        detail=f"{day:%d/%m/%Y}",
    )
    _changed(day, day)
    return row


@transaction.atomic
def remove_day(day: dt.date, *, by: Any = None) -> bool:
    """Make ``day`` an ordinary day again (a weekday works, a weekend day rests); False if it was."""
    row = _ensure_year(day.year, by=by)
    old = CalendarDay.objects.filter(date=day).first()
    if old is None:
        return False
    old.delete()
    announce(
        "calendar.day_remove",
        actor=by,
        target=row,
        changes={"kind": [old.kind, None]},
        detail=f"{day:%d/%m/%Y}",
    )
    _changed(day, day)
    return True


@transaction.atomic
def mark_reviewed(year: int, *, by: Any, note: str | None = None) -> CalendarYear:
    """Record that ``by`` checked the year's calendar against the Government's announced schedule."""
    row = _ensure_year(year, by=by)
    row.reviewed_at = timezone.now()
    row.reviewed_by = by if getattr(by, "is_authenticated", False) else None
    if note is not None:
        row.note = note
    row.save(update_fields=["reviewed_at", "reviewed_by", "note"])
    announce("calendar.review", actor=by, target=row, detail=str(year))
    return row


@transaction.atomic
def delete_year(year: int, *, by: Any = None) -> int:
    """Drop the year's calendar (its row and days): its deadlines count the statutory days of the
    ``holidays`` package again, and the year shows as unreviewed. How many days were deleted."""
    row = CalendarYear.objects.filter(year=year).first()
    deleted, _by_model = CalendarDay.objects.filter(date__year=year).delete()
    if row is not None:
        announce("calendar.year_delete", actor=by, target=row, detail=str(year))
        row.delete()
    _changed(*_year_range(year))
    return deleted


@dataclass
class ImportResult:
    years: list[int] = field(default_factory=list)
    days: int = 0
    replaced: int = 0  # rows of those years there were before


def _check_rows(table: tabular.Table) -> tuple[list[CalendarDay], dict[int, list[str]]]:
    problems: dict[int, list[str]] = {line: list(found) for line, found in table.problems.items()}
    days: list[CalendarDay] = []
    seen: dict[dt.date, int] = {}
    for line, values in table.rows:
        found = problems.setdefault(line, [])
        day = tabular.read_date(values["date"], found) if values["date"] else None
        if not values["date"]:
            found.append(_("thiếu ngày"))
        kind = values["kind"].strip().lower()
        if kind not in KINDS:
            found.append(
                _("loại “%(k)s” không hợp lệ (holiday, day_off hoặc workday)") % {"k": values["kind"]}
            )
        name = values["name"]
        if len(name) > NAME_MAX:
            found.append(_("tên dài quá %(n)s ký tự") % {"n": NAME_MAX})
        if day is not None:
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                found.append(
                    _("năm %(y)s nằm ngoài khoảng %(a)s–%(b)s")
                    % {"y": day.year, "a": FIRST_YEAR, "b": LAST_YEAR}
                )
            elif day in seen:
                found.append(_("ngày %(d)s đã có ở dòng %(n)s") % {"d": f"{day:%d/%m/%Y}", "n": seen[day]})
            else:
                seen[day] = line
            if kind == CalendarDay.Kind.WORKDAY and day.weekday() < 5:
                found.append(
                    _("ngày làm bù %(d)s không phải thứ Bảy hay Chủ nhật") % {"d": f"{day:%d/%m/%Y}"}
                )
        if not found and day is not None:
            days.append(CalendarDay(date=day, kind=kind, name=name, source=CalendarDay.Source.IMPORTED))
    return days, problems


@transaction.atomic
def import_calendar(source: bytes | str, *, by: Any = None) -> ImportResult:
    """Import a CSV/XLSX file with columns ``date,kind,name``: it is the reviewed calendar of every
    year it contains, so those years' days are replaced (seeded ones included) and the years marked
    reviewed. All or nothing: any wrong line raises ``tabular.ImportRejected`` with "Dòng N: …"."""
    table = tabular.read_table(source, COLUMNS, max_bytes=2 * 2**20, max_rows=20_000)
    days, problems = _check_rows(table)
    errors = tabular.format_errors(problems)
    if errors:
        raise tabular.ImportRejected(errors)
    if not days:
        raise tabular.ImportRejected([_("Tệp không có ngày nào.")])
    years = sorted({day.date.year for day in days})
    result = ImportResult(years=years, days=len(days))
    result.replaced, _by_model = CalendarDay.objects.filter(date__year__in=years).delete()
    CalendarDay.objects.bulk_create(sorted(days, key=lambda d: d.date))
    now = timezone.now()
    reviewer = by if getattr(by, "is_authenticated", False) else None
    for year in years:
        row, _created = CalendarYear.objects.get_or_create(year=year)
        row.reviewed_at, row.reviewed_by = now, reviewer
        row.save(update_fields=["reviewed_at", "reviewed_by"])
        announce(
            "calendar.import",
            actor=by,
            target=row,
            detail=_("%(n)s ngày") % {"n": sum(d.date.year == year for d in days)},
        )
    _changed(dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31))
    return result
