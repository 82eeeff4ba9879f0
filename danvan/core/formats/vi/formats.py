"""Vietnamese form input: day first (the formats themselves live in danvan.core.formats)."""

from danvan.core.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "FIRST_DAY_OF_WEEK", "TIME_INPUT_FORMATS"]

FIRST_DAY_OF_WEEK = 1  # the week starts on Monday (Thứ Hai) in Vietnam's calendars
