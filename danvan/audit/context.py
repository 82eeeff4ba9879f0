"""The request being answered, for recorders that get none (signals fired deep inside a view), and
the field changes of objects saved during it, waiting for Wagtail's log entry that names the action.

``middleware.AuditMiddleware`` sets both for the length of one request; outside a request both are
empty, so a management command or the scheduler records no address and no diff.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Pending:
    """The changes of one object saved during the request: {field: [old, new]}."""

    name: str
    created: bool
    changes: dict[str, list[Any]] = field(default_factory=dict)


current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
# (content type id, object id) → what the request changed in that object.
pending_changes: ContextVar[dict[tuple[int, str], Pending] | None] = ContextVar(
    "audit_pending_changes", default=None
)
