"""Keeps the request at hand for the audit log's receivers, and, at the end of an admin request,
records the changes no Wagtail log entry claimed (settings, screens Wagtail does not log)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .context import Pending, current_request, pending_changes
from .receivers import kind_of
from .services import record


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_token = current_request.set(request)
        pending: dict[tuple[int, str], Pending] = {}
        changes_token = pending_changes.set(pending)
        try:
            response = self.get_response(request)
            if pending and response.status_code < 400 and _is_admin(request):
                _record_unclaimed(pending)
            return response
        finally:
            current_request.reset(request_token)
            pending_changes.reset(changes_token)


def _is_admin(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated) and request.path.startswith(
        reverse("wagtailadmin_home")
    )


def _record_unclaimed(pending: dict[tuple[int, str], Pending]) -> None:
    for (content_type_id, object_id), saved in pending.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        verb = "create" if saved.created else "edit"
        record(
            f"{kind_of(content_type.model_class())}.{verb}",
            content_type=content_type,
            object_id=object_id,
            object_repr=saved.name,
            changes=saved.changes,
        )
