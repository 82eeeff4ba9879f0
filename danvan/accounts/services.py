"""Writes of the accounts app: lifting lockouts, ending sessions, disabling disused accounts.

Each announces its security event (danvan.core.events); the audit app records them."""

import logging
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from danvan.core.events import announce

from . import selectors
from .models import AccountState, UserSession

log = logging.getLogger(__name__)


def unlock_account(username: str, *, actor: Any = None, request: HttpRequest | None = None) -> int:
    """Forget every failed sign-in on ``username`` (from any address), lifting its lock; returns
    how many attempt records went."""
    count: int = AxesProxyHandler.reset_attempts(username=username)
    announce(
        "auth.unlock",
        request=request,
        actor=actor,
        target=selectors.user_named(username),
        detail="account",
    )
    return count


def unlock_address(ip_address: str, *, actor: Any = None, request: HttpRequest | None = None) -> int:
    """Forget every failed sign-in from ``ip_address`` (on any account), lifting its lock."""
    count: int = AxesProxyHandler.reset_attempts(ip_address=ip_address)
    announce("auth.unlock", request=request, actor=actor, detail=f"address {ip_address}")
    return count


def record_session(user: Any, session_key: str | None) -> None:
    """Remember that the session ``session_key`` is ``user``'s (to end it with the others)."""
    if not session_key or user is None or user.pk is None:
        return
    UserSession.objects.update_or_create(session_id=session_key, defaults={"user": user})


def end_sessions(user: Any, *, actor: Any = None, request: HttpRequest | None = None) -> int:
    """Sign ``user`` out everywhere: delete every session of theirs; returns how many."""
    with transaction.atomic():
        keys = list(UserSession.objects.filter(user=user).values_list("session_id", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        UserSession.objects.filter(user=user).delete()  # rows whose session had gone already
    announce("auth.end_sessions", request=request, actor=actor, target=user, detail=str(len(keys)))
    return len(keys)


def note_reactivation(user: Any) -> None:
    """``user`` was disabled and is enabled again: the 45-day clock restarts now."""
    AccountState.objects.update_or_create(user=user, defaults={"reactivated_at": timezone.now()})


def disable_disused_accounts() -> list[Any]:
    """Disable every account unused for DANVAN_ACCOUNT_INACTIVE_DAYS, superusers included, except
    the most recently used active superuser, so that someone can always re-enable the others.
    Returns the accounts disabled (a scheduled job: runs every scheduler round)."""
    candidates = list(selectors.disused_accounts())
    if not candidates:
        return []
    superusers_left = get_user_model()._default_manager.filter(is_active=True, is_superuser=True).count()
    disabled = []
    now = timezone.now()
    # Superusers longest unused first: the last one standing is the one used most recently.
    for user in candidates:
        if user.is_superuser:
            if superusers_left <= 1:
                continue
            superusers_left -= 1
        with transaction.atomic():
            type(user)._default_manager.filter(pk=user.pk).update(is_active=False)
            AccountState.objects.update_or_create(user=user, defaults={"disabled_for_disuse_at": now})
            keys = UserSession.objects.filter(user=user).values_list("session_id", flat=True)
            Session.objects.filter(session_key__in=list(keys)).delete()
        announce("auth.disable_inactive", target=user, detail=f"{user.active_until:%Y-%m-%d}")
        log.info("Disabled account %s: unused since %s", user.pk, user.active_until)
        disabled.append(user)
    return disabled
