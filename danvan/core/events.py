"""Security events: any app announces them here; the audit app records them (issue 14).

core imports no app, so the recorder registers itself as a receiver of ``security_event``; an app
that signs a user in, approves figures or resets a second factor only calls ``announce``.
"""

from typing import Any

from django.db.models import Model
from django.dispatch import Signal
from django.http import HttpRequest

# Receivers get: action (a dotted name such as "auth.login", "otp.reset", "report.approve"), request
# (or None outside a request), actor (the user who acted, or None), target (the object acted on, or
# None), changes ({field: [old, new]} or None) and detail (a short free text, no personal data).
security_event = Signal()


def announce(
    action: str,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    target: Model | None = None,
    changes: dict[str, Any] | None = None,
    detail: str = "",
) -> None:
    """Tell every recorder that ``actor`` did ``action`` to ``target``."""
    security_event.send(
        sender=announce,
        action=action,
        request=request,
        actor=actor,
        target=target,
        changes=changes,
        detail=detail,
    )
