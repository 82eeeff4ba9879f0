"""English form input: the same day-first dates as Vietnamese (the admin's date picker shows them in
both languages). Django's own English formats still apply to everything not named here."""

from danvan.core.formats import DATE_INPUT_FORMATS, DATETIME_INPUT_FORMATS, TIME_INPUT_FORMATS

__all__ = ["DATETIME_INPUT_FORMATS", "DATE_INPUT_FORMATS", "TIME_INPUT_FORMATS"]
