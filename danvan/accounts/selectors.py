"""Reads of the accounts app: current sign-in lockouts, disused accounts, a user's sessions."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, Max, QuerySet, Sum
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from .models import UserSession

ACCOUNT = "account"
ADDRESS = "address"


@dataclass(frozen=True)
class FailureCount:
    """Failed sign-ins counted against one account (``kind`` ACCOUNT, ``value`` its username) or one
    address (ADDRESS, an IP), within the lockout window; ``locked`` once they reach the limit."""

    kind: str
    value: str
    failures: int
    last_attempt: dt.datetime
    locked: bool
    others: int  # how many addresses (for an account) or accounts (for an address) took part


def _window() -> QuerySet[Any]:
    attempts: QuerySet[Any] = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(
            attempt_time__gte=timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
        )
    return attempts


def failure_counts() -> list[FailureCount]:
    """Every account and address with failed sign-ins in the window: locked ones first, then the
    latest attempt first (the two counters of settings.AXES_LOCKOUT_PARAMETERS, side by side)."""
    limit = settings.AXES_FAILURE_LIMIT
    rows: list[FailureCount] = []
    for kind, field, other in ((ACCOUNT, "username", "ip_address"), (ADDRESS, "ip_address", "username")):
        grouped = (
            _window()
            .exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(
                failures=Sum("failures_since_start"),
                last=Max("attempt_time"),
                others=Count(other, distinct=True),
            )
        )
        rows += [
            FailureCount(
                kind, row[field], row["failures"], row["last"], row["failures"] >= limit, row["others"]
            )
            for row in grouped
            if row[field]  # an empty username, or an address Django stored as ""
        ]
    rows.sort(key=lambda row: row.last_attempt, reverse=True)
    rows.sort(key=lambda row: not row.locked)
    return rows


def lockouts() -> list[FailureCount]:
    """The accounts and addresses locked now."""
    return [row for row in failure_counts() if row.locked]


def user_named(username: str) -> Any:
    """The account with this username, or None (a failed sign-in may name no account at all)."""
    return get_user_model()._default_manager.filter(username=username).first()


def last_activity() -> Any:
    """An expression: the latest of last sign-in, creation and re-enabling, per user."""
    return Greatest(
        Coalesce("last_login", "date_joined", output_field=DateTimeField()),
        Coalesce("account_state__reactivated_at", "date_joined", output_field=DateTimeField()),
    )


def disused_accounts(now: dt.datetime | None = None) -> QuerySet[Any]:
    """Active accounts whose latest sign-in, creation or re-enabling is older than
    DANVAN_ACCOUNT_INACTIVE_DAYS, the longest unused first."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.DANVAN_ACCOUNT_INACTIVE_DAYS)
    return (
        get_user_model()
        ._default_manager.filter(is_active=True)
        .annotate(active_until=last_activity())
        .filter(active_until__lt=cutoff)
        .order_by("active_until", "pk")
    )


def session_count(user: Any) -> int:
    """How many sessions ``user`` is signed in with (that have not expired)."""
    return UserSession.objects.filter(user=user, session__expire_date__gt=timezone.now()).count()
