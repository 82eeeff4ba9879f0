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
# Section imports stay here, not at the top, so the four parts' branches merge without conflicts.
from collections.abc import Callable  # noqa: E402 - section imports (see above)

from django.core.exceptions import PermissionDenied, ValidationError  # noqa: E402 - section imports
from django.db import transaction  # noqa: E402 - section imports
from django.utils.translation import gettext as _  # noqa: E402 - section imports

from danvan.core.dates import today_in_vietnam  # noqa: E402 - section imports
from danvan.core.events import announce  # noqa: E402 - section imports
from danvan.orgunits import permissions  # noqa: E402 - section imports

from . import workflow  # noqa: E402 - section imports
from .models import CaseStatus, ClockPause  # noqa: E402 - section imports

REASON_MAX_CHARS = 5_000
ANSWER_MAX_CHARS = 20_000


class CaseConflict(Exception):
    """Somebody else changed the case since the form was loaded: nothing was changed."""

    def __init__(self, case: Case) -> None:
        super().__init__(
            _("Đơn %(code)s vừa được người khác thay đổi; thao tác của bạn chưa được lưu. Hãy tải lại trang.")
            % {"code": case.code}
        )
        self.case = case


def _text(value: str, *, required: bool, label: str, limit: int = REASON_MAX_CHARS) -> str:
    """Trimmed text, control characters (but line breaks) removed; ValidationError in Vietnamese."""
    cleaned = "".join(c for c in (value or "") if c in "\n\t" or c >= " ").replace("\r", "").strip()
    if required and not cleaned:
        raise ValidationError(_("Hãy ghi %(label)s.") % {"label": label})
    if len(cleaned) > limit:
        raise ValidationError(
            _("%(label)s dài quá %(limit)s ký tự.")
            % {"label": label.capitalize(), "limit": f"{limit:,}".replace(",", ".")}
        )
    return cleaned


def _step(
    case: Case,
    action: str,
    *,
    by: Any,
    expected_version: int | None,
    on: dt.date | None,
    reason: str = "",
    public_note: str = "",
    apply: Callable[[Case, dt.date], list[str]] | None = None,
    to_status: str | None = None,
    deadline_event: str = "",
    detail: str = "",
) -> Case:
    """One handling step on ``case``: lock the row, check right, version and status, change the case
    (``apply`` returns the fields it set), write the history, move the clocks, announce it."""
    step = workflow.STEPS[action]
    day = on or today_in_vietnam()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("unit").get(pk=case.pk)
        if not permissions.can_handle(by, locked.unit):
            raise PermissionDenied(_("Bạn không có quyền xử lý đơn của đơn vị này."))
        if not bump_version(locked, expected_version):
            raise CaseConflict(locked)
        if not workflow.may(action, locked.status):
            raise ValidationError(
                _("Đơn đang ở trạng thái “%(status)s”: không thể %(step)s.")
                % {"status": locked.get_status_display(), "step": str(step.label).lower()}
            )
        from_status = locked.status
        fields = apply(locked, day) if apply else []
        target = to_status or step.to or from_status
        locked.status = target
        locked.save(update_fields=["status", "updated_at", *fields])
        record_event(
            locked,
            action=action,
            actor=by,
            from_status=from_status,
            to_status=target,
            reason=reason,
            public=step.public,
            public_note=public_note,
        )
        if deadline_event:
            sync_deadlines(locked, event=deadline_event, on=day)
        announce(f"case.{action}", actor=by, target=locked, detail=detail or locked.code)
    case.refresh_from_db()
    return case


def accept_case(
    case: Case,
    *,
    by: Any,
    expected_version: int | None,
    on: dt.date | None = None,
    reason: str = "",
    complex: bool | None = None,
) -> Case:
    """Thụ lý: the case is taken up; ``complex`` marks it a complex matter (longer legal periods)."""
    note = _text(reason, required=False, label=_("ghi chú"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        locked.accepted_on = day
        if complex is None:
            return ["accepted_on"]
        locked.complex = complex
        return ["accepted_on", "complex"]

    return _step(
        case,
        "accept",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=note,
        public_note=_("Đơn đã được thụ lý để giải quyết."),
        apply=apply,
        deadline_event="accepted",
    )


def refuse_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str, on: dt.date | None = None
) -> Case:
    """Không thụ lý, with the reason the citizen is told."""
    why = _text(reason, required=True, label=_("lý do không thụ lý"))
    return _step(
        case,
        "refuse",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=why,
        public_note=_("Đơn không được thụ lý. Lý do: %(reason)s") % {"reason": why},
        deadline_event="refused",
    )


def forward_case(
    case: Case,
    *,
    by: Any,
    expected_version: int | None,
    to_unit: Any,
    reason: str,
    on: dt.date | None = None,
) -> Case:
    """Chuyển đơn to the competent unit: the case becomes that unit's, without an assignee."""
    why = _text(reason, required=True, label=_("lý do chuyển đơn"))
    if to_unit is None:
        raise ValidationError(_("Hãy chọn đơn vị có thẩm quyền nhận đơn."))
    if to_unit.pk == case.unit_id:
        raise ValidationError(_("Đơn đã thuộc đơn vị này; hãy chọn đơn vị khác."))

    def apply(locked: Case, day: dt.date) -> list[str]:
        locked.unit = to_unit
        locked.assignee = None
        return ["unit", "assignee"]

    return _step(
        case,
        "forward",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=why,
        public_note=_("Đơn đã được chuyển đến %(unit)s là đơn vị có thẩm quyền giải quyết.")
        % {"unit": to_unit.name},
        apply=apply,
        deadline_event="forwarded",
        detail=f"{case.code} → {to_unit.code}",
    )


def assign_case(
    case: Case,
    *,
    by: Any,
    expected_version: int | None,
    to_user: Any,
    reason: str = "",
    on: dt.date | None = None,
) -> Case:
    """Giao người xử lý: a user who may handle the cases of the case's unit."""
    note = _text(reason, required=False, label=_("ghi chú"))
    if to_user is None:
        raise ValidationError(_("Hãy chọn người xử lý."))

    def apply(locked: Case, day: dt.date) -> list[str]:
        if not permissions.can_handle(to_user, locked.unit):
            raise ValidationError(_("Người được chọn không có quyền xử lý đơn của đơn vị này."))
        locked.assignee = to_user
        return ["assignee"]

    name = to_user.get_full_name() or to_user.get_username()
    return _step(
        case,
        "assign",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=_("Giao cho %(name)s.") % {"name": name} + (f" {note}" if note else ""),
        apply=apply,
    )


def start_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str = "", on: dt.date | None = None
) -> Case:
    """The assignee starts working on the case."""
    note = _text(reason, required=False, label=_("ghi chú"))
    return _step(case, "start", by=by, expected_version=expected_version, on=on, reason=note)


def answer_case(
    case: Case,
    *,
    by: Any,
    expected_version: int | None,
    answer: str,
    reason: str = "",
    on: dt.date | None = None,
) -> Case:
    """Trả lời: the answer sent to the citizen (Case.answer, answered_at)."""
    text = _text(answer, required=True, label=_("nội dung trả lời"), limit=ANSWER_MAX_CHARS)
    note = _text(reason, required=False, label=_("ghi chú"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        locked.answer = text
        locked.answered_at = timezone.now()
        return ["answer", "answered_at"]

    return _step(
        case,
        "answer",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=note,
        public_note=_("Cơ quan đã trả lời đơn."),
        apply=apply,
        deadline_event="answered",
    )


def close_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str = "", on: dt.date | None = None
) -> Case:
    """Kết thúc: nothing more is done on the case."""
    note = _text(reason, required=False, label=_("ghi chú"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        locked.closed_at = timezone.now()
        return ["closed_at"]

    return _step(
        case,
        "close",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=note,
        public_note=_("Đã kết thúc việc giải quyết đơn."),
        apply=apply,
        deadline_event="closed",
    )


def extend_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str, on: dt.date | None = None
) -> Case:
    """Gia hạn: the clocks helper lengthens the open deadline by the rule's extension."""
    why = _text(reason, required=True, label=_("lý do gia hạn"))
    return _step(
        case,
        "extend",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=why,
        public_note=_("Thời hạn giải quyết được gia hạn. Lý do: %(reason)s") % {"reason": why},
        deadline_event="extended",
    )


def suspend_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str, on: dt.date | None = None
) -> Case:
    """Tạm đình chỉ (Luật 136/2025): the clock stops from ``on`` until the case is resumed."""
    why = _text(reason, required=True, label=_("lý do tạm đình chỉ"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        if day < timezone.localtime(locked.received_at).date():
            raise ValidationError(_("Ngày tạm đình chỉ không thể trước ngày tiếp nhận đơn."))
        ClockPause.objects.create(case=locked, starts_on=day, reason=why)
        return []

    return _step(
        case,
        "suspend",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=why,
        public_note=_("Việc giải quyết đơn tạm đình chỉ. Lý do: %(reason)s") % {"reason": why},
        apply=apply,
        deadline_event="suspended",
    )


def _status_before_suspension(case: Case) -> str:
    event = CaseEvent.objects.filter(case=case, action="suspend").order_by("-at", "-pk").first()
    return event.from_status if event and event.from_status else CaseStatus.IN_PROGRESS


def resume_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str = "", on: dt.date | None = None
) -> Case:
    """Tiếp tục giải quyết: the open pause ends ``on`` (the clock runs again from the next day) and
    the case returns to the status it had when it was suspended."""
    note = _text(reason, required=False, label=_("ghi chú"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        pause = ClockPause.objects.filter(case=locked, ends_on__isnull=True).order_by("-starts_on").first()
        if pause is not None:
            if day < pause.starts_on:
                raise ValidationError(_("Ngày tiếp tục không thể trước ngày tạm đình chỉ."))
            pause.ends_on = day
            pause.save(update_fields=["ends_on"])
        return []

    return _step(
        case,
        "resume",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=note,
        public_note=_("Tiếp tục giải quyết đơn."),
        apply=apply,
        to_status=_status_before_suspension(case),
        deadline_event="resumed",
    )


def withdraw_case(
    case: Case, *, by: Any, expected_version: int | None, reason: str, on: dt.date | None = None
) -> Case:
    """Rút đơn: recorded by staff at the citizen's request (how and when the request came)."""
    why = _text(reason, required=True, label=_("nội dung yêu cầu rút đơn"))

    def apply(locked: Case, day: dt.date) -> list[str]:
        locked.closed_at = timezone.now()
        return ["closed_at"]

    return _step(
        case,
        "withdraw",
        by=by,
        expected_version=expected_version,
        on=on,
        reason=why,
        public_note=_("Người gửi đã rút đơn."),
        apply=apply,
        deadline_event="withdrawn",
    )


def merge_cases(
    keep: Case,
    other: Case,
    *,
    by: Any,
    expected_version: int | None,
    keep_version: int | None = None,
    reason: str = "",
    on: dt.date | None = None,
) -> Case:
    """Gộp đơn: ``other`` (at ``expected_version``) becomes merged into ``keep``; both histories stay,
    and the kept case's history shows the merged case's events (and of cases merged into it)."""
    note = _text(reason, required=False, label=_("ghi chú"))
    if keep.pk == other.pk:
        raise ValidationError(_("Không thể gộp một đơn vào chính nó."))
    day = on or today_in_vietnam()
    with transaction.atomic():
        # Both rows locked in one order, so two merges the other way round cannot deadlock.
        rows = {
            c.pk: c
            for c in Case.objects.select_for_update()
            .select_related("unit")
            .filter(pk__in=[keep.pk, other.pk])
            .order_by("pk")
        }
        kept, merged = rows[keep.pk], rows[other.pk]
        if not (permissions.can_handle(by, kept.unit) and permissions.can_handle(by, merged.unit)):
            raise PermissionDenied(_("Bạn không có quyền xử lý đơn của đơn vị này."))
        if not bump_version(merged, expected_version):
            raise CaseConflict(merged)
        if not bump_version(kept, keep_version):
            raise CaseConflict(kept)
        if not workflow.may("merge", merged.status):
            raise ValidationError(
                _("Đơn %(code)s đang ở trạng thái “%(status)s”: không thể gộp.")
                % {"code": merged.code, "status": merged.get_status_display()}
            )
        if kept.status not in workflow.MERGE_TARGETS or kept.merged_into_id is not None:
            raise ValidationError(
                _("Đơn %(code)s đang ở trạng thái “%(status)s”: không thể gộp đơn khác vào.")
                % {"code": kept.code, "status": kept.get_status_display()}
            )
        from_status = merged.status
        merged.status = CaseStatus.MERGED
        merged.merged_into = kept
        merged.save(update_fields=["status", "merged_into", "updated_at"])
        Case.objects.filter(merged_into=merged).update(merged_into=kept)  # earlier merges follow
        words = _("Gộp đơn %(other)s vào đơn %(keep)s.") % {"other": merged.code, "keep": kept.code}
        why = f"{words} {note}".strip()
        record_event(
            merged,
            action="merge",
            actor=by,
            from_status=from_status,
            to_status=merged.status,
            reason=why,
            public=False,
        )
        record_event(
            kept,
            action="merge_in",
            actor=by,
            from_status=kept.status,
            to_status=kept.status,
            reason=why,
            public=False,
        )
        kept.save(update_fields=["updated_at"])
        sync_deadlines(merged, event="merged", on=day)
        announce("case.merge", actor=by, target=kept, detail=f"{merged.code} → {kept.code}")
    keep.refresh_from_db()
    other.refresh_from_db()
    return keep


# ─── answers and dialogue (helper "board") ───────────────────────────────────────────────────────
