"""Writing the audit log, and pruning it after the retention (decision 0014).

``record`` is what every receiver calls: it takes who from the actor (or the request's user), where
from the client's address (core.net: X-Forwarded-For only from a trusted proxy), what from the target
and the changes, with secrets masked and long values cut. Other apps never call it: they announce
through ``danvan.core.events.announce`` and receivers.py records.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.net import client_ip

from .context import current_request
from .models import AuditEntry

MASK = "***"
# A field whose name has one of these words keeps only the fact that it changed.
SECRET_WORDS = re.compile(
    r"(^|_)(password|passwd|secret|token|key|otp|seed|salt|hash)(_|$)|password|secret|token"
)
# Personal data of people who are not staff (a commenter's e-mail, a citizen's phone): the log says the
# field changed, never its value; an account's own fields (a staff member's e-mail) are kept.
PERSONAL_WORDS = re.compile(r"email|e_mail|phone|mobile|address|birth|identity|id_number|citizen|author_name")
LONGEST_VALUE = 200  # characters kept of each old and new value (a page body is not copied whole)


def _short(value: Any) -> Any:
    """JSON-ready and at most LONGEST_VALUE characters when written out."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple) and len(value) <= 50 and all(isinstance(v, str) for v in value):
        return [_short(v) for v in value]  # names: of groups, of permissions
    if isinstance(value, str):
        text = value
    elif isinstance(value, dict | list | tuple):
        text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    else:
        try:
            text = str(DjangoJSONEncoder().default(value))  # decimals, dates, times, UUIDs
        except TypeError:
            text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE] + "…"


def is_secret(field: str) -> bool:
    return bool(SECRET_WORDS.search(field.lower()))


def clean_changes(changes: dict[str, Any] | None, *, personal: bool = False) -> dict[str, list[Any]] | None:
    """{field: [old, new]} with secrets (and, unless ``personal``, personal data) masked and long values
    cut; None when nothing changed."""
    if not changes:
        return None
    cleaned: dict[str, list[Any]] = {}
    for field, pair in changes.items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        if is_secret(str(field)) or (not personal and PERSONAL_WORDS.search(str(field).lower())):
            cleaned[str(field)] = [
                MASK if old not in (None, "") else old,
                MASK if new not in (None, "") else new,
            ]
        else:
            cleaned[str(field)] = [_short(old), _short(new)]
    return cleaned


def _address(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _is_account(content_type: ContentType | None) -> bool:
    model = content_type.model_class() if content_type is not None else None
    return model is not None and issubclass(model, get_user_model())


def _user(actor: Any) -> Any:
    """The user model instance behind ``actor`` (request.user is lazy), or None when anonymous."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return getattr(actor, "_wrapped", actor)


def record(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    actor_name: str = "",
    target: Model | None = None,
    content_type: ContentType | None = None,
    object_id: str = "",
    object_repr: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
    at: dt.datetime | None = None,
) -> AuditEntry:
    """Append one entry. ``request`` defaults to the request being answered (AuditMiddleware), the
    actor to that request's user; ``target`` fills the object's type, id and name."""
    request = request if request is not None else current_request.get()
    user = _user(actor)
    if user is None and actor is None and request is not None:
        user = _user(getattr(request, "user", None))
    if target is not None:
        content_type = content_type or ContentType.objects.get_for_model(target, for_concrete_model=False)
        object_id = object_id or str(target.pk)
        object_repr = object_repr or str(target)
    return AuditEntry.objects.create(
        at=at or timezone.now(),
        actor=user,
        actor_name=(user.get_username() if user is not None else actor_name)[:150],
        ip=_address(request),
        action=action[:64],
        content_type=content_type,
        object_id=str(object_id)[:64],
        object_repr=object_repr[:200],
        changes=clean_changes(changes, personal=_is_account(content_type)),
        detail=detail[:300],
    )


# PostgreSQL's trigger (migration 0002) refuses to delete younger entries: a shorter setting cannot prune.
DATABASE_FLOOR_DAYS = 365


def retention_start(now: dt.datetime | None = None) -> dt.datetime:
    """Entries older than this are past the retention (DANVAN_AUDIT_RETENTION_DAYS, one year; on
    PostgreSQL never less than the trigger's 365 days, so the job does not fail every round)."""
    days = settings.DANVAN_AUDIT_RETENTION_DAYS
    if connection.vendor == "postgresql":
        days = max(days, DATABASE_FLOOR_DAYS)
    return (now or timezone.now()) - dt.timedelta(days=days)


def prune(now: dt.datetime | None = None) -> int:
    """Delete the entries past the retention (the scheduler's job; one indexed DELETE when there are
    none); the pruning itself is logged. Returns how many went."""
    before = retention_start(now)
    deleted = AuditEntry.objects.prune(before)
    if deleted:
        record(
            "audit.prune",
            request=None,
            detail=_("%(n)s mục ghi trước %(when)s")
            % {"n": deleted, "when": f"{timezone.localtime(before):%d/%m/%Y %H:%M}"},
        )
    return deleted
