"""What the clocks part registers when the app is ready (issue 15): a calendar edit moves open
deadlines."""

import datetime as dt
from typing import Any


def on_calendar_changed(sender: Any, *, start: dt.date, end: dt.date, **kwargs: Any) -> None:
    from . import services

    services.recompute_open_deadlines(start, end)


def register() -> None:
    from danvan.workdays.services import calendar_changed

    calendar_changed.connect(on_calendar_changed, dispatch_uid="feedback.clocks.calendar_changed")
