"""Writes on citizens' cases: intake, handling, clocks, publishing, dialogue (issue 15).

Sections, one per part of the work; each keeps to its own (helpers work on them in parallel):
common · clocks · intake · handling · answers and dialogue.
"""

import datetime as dt
from typing import Any

from django.db.models import F
from django.utils import timezone

from .models import Case, CaseEvent

# ─── common ──────────────────────────────────────────────────────────────────────────────────────


def record_event(
    case: Case,
    *,
    action: str,
    actor: Any = None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    public: bool = True,
    public_note: str = "",
    at: dt.datetime | None = None,
) -> CaseEvent:
    """Append one step to the case's history (who, when, why); ``public`` steps show on lookup."""
    return CaseEvent.objects.create(
        case=case,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        public=public,
        public_note=public_note,
    )


def bump_version(case: Case, expected: int | None) -> bool:
    """Raise the case's version by one if it still is ``expected`` (None: whatever it is); False when
    somebody else changed the case in between. Call inside the transaction of the change."""
    rows = Case.objects.filter(pk=case.pk)
    if expected is not None:
        rows = rows.filter(version=expected)
    if not rows.update(version=F("version") + 1):
        return False
    case.version = (expected if expected is not None else case.version) + 1
    return True


# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────


def sync_deadlines(case: Case, *, event: str, on: dt.date) -> None:
    """Open, meet, cancel or move the case's clocks after ``event`` happened ``on`` that day.

    Events: received, accepted, refused, forwarded, answered, closed, withdrawn, merged, extended,
    suspended, resumed, reopened. Keeps ``Case.next_due_on`` equal to the earliest open deadline.
    """
    # Until the clocks land this does nothing; intake and handling already call it.


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────


# ─── answers and dialogue (helper "board") ───────────────────────────────────────────────────────
