"""Writes on citizens' cases: intake, handling, clocks, publishing, dialogue (issue 15).

Sections, one per part of the work; each keeps to its own (helpers work on them in parallel):
common · clocks · intake · handling · answers and dialogue.
"""

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.dates import today_in_vietnam
from danvan.core.text import fold

from . import intake
from .models import Case, CaseAttachment, CaseEvent, CaseKind, CaseStatus, Channel

logger = logging.getLogger(__name__)

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


CODE_ATTEMPTS = 20


def submit_case(
    *,
    kind: str,
    title: str,
    content: str,
    unit: Any,
    citizen_name: str = "",
    email: str = "",
    phone: str = "",
    address: str = "",
    second_time: bool = False,
    attachments: Iterable[intake.CheckedFile] = (),
    channel: str = Channel.WEB,
    received_at: dt.datetime | None = None,
) -> Case:
    """Record a citizen's case with a fresh tracking code, its files, its first history step and its
    clocks; the receipt e-mail is queued only once the case is committed, so a failing mail never
    loses or blocks it. A denunciation without the denouncer's name and address is taken as feedback
    (phản ánh) and flagged anonymous, as the Law on Denunciation says of anonymous denunciations."""
    received_at = received_at or timezone.now()
    anonymous = kind == CaseKind.TO_CAO and not (citizen_name.strip() and address.strip())
    if anonymous:
        kind = CaseKind.PHAN_ANH
    with transaction.atomic():
        case = _create_with_code(
            kind=kind,
            title=title,
            content=content,
            unit=unit,
            channel=channel,
            citizen_name=citizen_name,
            email=email,
            phone=phone,
            address=address,
            anonymous=anonymous,
            second_time=bool(second_time) and kind == CaseKind.KHIEU_NAI,
            received_at=received_at,
            folded_text=fold(f"{title}\n{content}"),
            contact_key=intake.contact_key(email, phone),
        )
        record_event(
            case,
            action="received",
            to_status=CaseStatus.RECEIVED,
            at=received_at,
            reason=str(ANONYMOUS_NOTE) if anonymous else "",
        )
        sync_deadlines(case, event="received", on=today_in_vietnam(received_at))
        # The files last: a file written to storage stays there if the transaction rolls back.
        for attachment in attachments:
            row = CaseAttachment(
                case=case, name=attachment.name, content_type=attachment.content_type, size=attachment.size
            )
            # A random stored name: the citizen's own name (often theirs) stays in the row only.
            row.file.save(
                f"{secrets.token_hex(16)}.{attachment.extension}", File(attachment.upload), save=False
            )
            row.save()
        if email:
            transaction.on_commit(lambda: _queue_receipt(case.pk))
    return case


ANONYMOUS_NOTE = _(
    "Đơn tố cáo không ghi rõ họ tên, địa chỉ người tố cáo được xem là thông tin phản ánh, không giải "
    "quyết theo thủ tục tố cáo."
)


def _create_with_code(**fields: Any) -> Case:
    year = today_in_vietnam(fields["received_at"]).year
    for _attempt in range(CODE_ATTEMPTS):
        code = intake.new_code(fields["kind"], year)
        if Case.objects.filter(code=code).exists():
            continue
        try:
            with transaction.atomic():  # a savepoint: a code taken in between costs one more try
                return Case.objects.create(code=code, **fields)
        except IntegrityError:
            continue
    raise RuntimeError(f"no free tracking code after {CODE_ATTEMPTS} attempts")


def _queue_receipt(case_id: int) -> None:
    from . import tasks

    try:
        tasks.send_case_receipt.enqueue(case_id=case_id, attempt=1)
    except Exception:  # the queue itself is down: the case is saved, staff still see it
        logger.exception("could not queue the receipt e-mail of case %s", case_id)


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────


# ─── answers and dialogue (helper "board") ───────────────────────────────────────────────────────
