"""The request being answered, for recorders that get none (signals fired deep inside a view), and
the field changes of objects saved during it, waiting for Wagtail's log entry that names the action.

``AuditMiddleware`` sets both for the length of one request; outside a request both are empty, so a
management command or the scheduler records no address and no diff.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

current_request: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)
# (content type id, object id) → {field: [old, new]} of the objects saved during this request.
pending_changes: ContextVar[dict[tuple[int, str], dict[str, Any]] | None] = ContextVar(
    "audit_pending_changes", default=None
)


class AuditMiddleware:
    """Keeps the request at hand for the audit log's receivers (the client's address, the user)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_token = current_request.set(request)
        changes_token = pending_changes.set({})
        try:
            return self.get_response(request)
        finally:
            current_request.reset(request_token)
            pending_changes.reset(changes_token)
