from typing import Any

from django.apps import AppConfig
from django.db import DatabaseError
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def seed_current_years(sender: Any, *, using: str = "default", **kwargs: Any) -> None:
    """After every migrate: this year and next have a calendar (statutory days, to be reviewed)."""
    if using != "default":
        return
    from danvan.core.dates import today_in_vietnam

    from . import services

    year = today_in_vietnam().year
    try:
        services.ensure_years([year, year + 1])
    except DatabaseError:
        return  # a partial migrate (backwards): a table the seeding writes to is not there


class WorkdaysConfig(AppConfig):
    name = "danvan.workdays"
    label = "workdays"
    verbose_name = _("Lịch ngày làm việc")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(seed_current_years, sender=self, dispatch_uid="workdays.seed_current_years")
