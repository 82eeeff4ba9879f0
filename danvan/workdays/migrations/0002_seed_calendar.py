"""Seed 2025–2027 from the statutory days, so a fresh install counts Tết from its first deadline.

Years that already have a row are left alone; ``manage.py seed_calendar`` seeds later years.
"""

from typing import Any

from django.db import migrations
from django.utils import timezone

SEEDED_YEARS = (2025, 2026, 2027)


def seed(apps: Any, schema_editor: Any) -> None:
    from danvan.workdays.statutory import statutory_days

    calendar_day = apps.get_model("workdays", "CalendarDay")
    calendar_year = apps.get_model("workdays", "CalendarYear")
    now = timezone.now()
    for year in SEEDED_YEARS:
        if calendar_year.objects.filter(year=year).exists():
            continue
        taken = set(calendar_day.objects.filter(date__year=year).values_list("date", flat=True))
        calendar_day.objects.bulk_create(
            calendar_day(date=day.date, kind=day.kind, name=day.name, source="seeded")
            for day in statutory_days(year)
            if day.date not in taken
        )
        calendar_year.objects.create(year=year, seeded_at=now)


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
