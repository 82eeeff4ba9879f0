"""What the clocks part registers when the app is ready (issue 15): a calendar edit moves open
deadlines; after every migrate the default rules exist (a flushed test database loses the rows its
migrations wrote)."""

import datetime as dt
from typing import Any

from django.apps import apps
from django.db import DatabaseError, transaction
from django.db.models.signals import post_migrate


def on_calendar_changed(sender: Any, *, start: dt.date, end: dt.date, **kwargs: Any) -> None:
    from . import services

    services.recompute_open_deadlines(start, end)


def ensure_rules(sender: Any, *, using: str = "default", **kwargs: Any) -> None:
    from .clocks_rules import ensure_default_rules
    from .models import DeadlineRule

    if using != "default":
        return
    try:
        with transaction.atomic():
            ensure_default_rules(DeadlineRule)
    except DatabaseError:
        return  # a partial migrate (backwards): the rules' table is not there


def register() -> None:
    from danvan.workdays.services import calendar_changed

    calendar_changed.connect(on_calendar_changed, dispatch_uid="feedback.clocks.calendar_changed")
    post_migrate.connect(
        ensure_rules, sender=apps.get_app_config("feedback"), dispatch_uid="feedback.clocks.ensure_rules"
    )
