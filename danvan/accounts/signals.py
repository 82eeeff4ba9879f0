"""Receivers: axes' lockout → a security event; a sign-in → its session recorded and its idle clock
started; an account enabled again by an administrator → its 45-day clock restarted."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import pre_save
from django.http import HttpRequest

from danvan.core.events import announce

from . import middleware, selectors, services


def announce_lockout(
    sender: Any, request: HttpRequest | None = None, username: str | None = None, **kwargs: Any
) -> None:
    failures = getattr(request, "axes_failures_since_start", None)
    announce(
        "auth.lockout",
        request=request,
        target=selectors.user_named(username) if username else None,
        detail=f"{failures} failures" if failures is not None else "",
    )


def start_session(sender: Any, request: HttpRequest | None = None, user: Any = None, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is None:
        return
    session[middleware.LAST_ACTIVITY] = middleware.now_seconds()
    services.record_session(user, session.session_key)
    session[middleware.TRACKED_KEY] = session.session_key


def restart_disuse_clock(sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if instance.pk is None or not instance.is_active:
        return
    if update_fields is not None and "is_active" not in update_fields:
        return  # e.g. the last_login update of every sign-in
    was_active = sender._default_manager.filter(pk=instance.pk).values_list("is_active", flat=True).first()
    if was_active is False:
        services.note_reactivation(instance)


def connect() -> None:
    user_locked_out.connect(announce_lockout, dispatch_uid="accounts.announce_lockout")
    user_logged_in.connect(start_session, dispatch_uid="accounts.start_session")
    pre_save.connect(
        restart_disuse_clock, sender=get_user_model(), dispatch_uid="accounts.restart_disuse_clock"
    )
