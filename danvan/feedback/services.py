"""Writes on citizens' cases: intake, handling, clocks, publishing, dialogue (issue 15).

Sections, one per part of the work; each keeps to its own (helpers work on them in parallel):
common · clocks · intake · handling · answers and dialogue.
"""

import datetime as dt
import logging
import secrets
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import page_cache
from danvan.core.dates import today_in_vietnam
from danvan.core.events import announce
from danvan.core.text import (
    fold,
    normalise,
)
from danvan.orgunits import permissions
from danvan.search import services as search

from . import intake, workflow
from .models import (
    Case,
    CaseAttachment,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Channel,
    ClockPause,
    DialogueSession,
)

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


class ClockError(ValueError):
    """A clock change the law does not allow (a third extension…), with a Vietnamese message."""


CLOSING_EVENTS = {"answered": "met", "closed": "met", "withdrawn": "cancelled", "merged": "cancelled"}


def sync_deadlines(case: Case, *, event: str, on: dt.date, days: int | None = None) -> None:
    """Open, meet, cancel or move the case's clocks after ``event`` happened ``on`` that day.

    Events: received, accepted, refused, forwarded, answered, closed, withdrawn, merged, extended,
    suspended, resumed, reopened (assigned and in_progress change no clock). Suspension: write the
    ClockPause row first (``ends_on`` = the last day that does not count), then call. Keeps
    ``Case.next_due_on`` equal to the earliest open deadline (None while the case is suspended).
    ``days``: the length of a denunciation's extension (≤ the rule ``denunciation_resolve_extension``,
    30 days by default). Raises ClockError (Vietnamese message) when an extension is not allowed.
    Call it inside the transaction of the change (docs/parts/clocks.md lists what each event does).
    """
    from . import clocks
    from .models import CaseDeadline

    State = CaseDeadline.State
    with transaction.atomic():
        open_rows = list(case.deadlines.filter(state=State.OPEN).select_related("rule").select_for_update())

        def finish(rows: list[CaseDeadline], state: str) -> None:
            for row in rows:
                row.state, row.met_on = state, on
                row.save(update_fields=["state", "met_on"])

        def open_clock(step: str, keys: list[str], starts_from: dt.date) -> None:
            rule = clocks.rule_for(keys, starts_from)
            if rule is None or any(row.step == step for row in open_rows):
                return
            open_rows.append(
                CaseDeadline.objects.create(
                    case=case, rule=rule, step=step, starts_from=starts_from, due_on=starts_from
                )
            )

        if event == "received":
            opening = clocks.opening_keys(case.kind)
            if opening is not None:
                open_clock(opening[0], opening[1], on)
        elif event == "accepted":
            finish([r for r in open_rows if r.step in (clocks.STEP_ACCEPT, clocks.STEP_PROCESS)], State.MET)
            open_rows = [r for r in open_rows if r.state == State.OPEN]
            keys = clocks.resolve_keys(case)
            if keys:
                open_clock(clocks.STEP_RESOLVE, keys, on)
        elif event == "refused":
            # Refusing (and notifying) is what the accept/process step asks for: that clock is met.
            finish([r for r in open_rows if r.step != clocks.STEP_RESOLVE], State.MET)
            finish([r for r in open_rows if r.step == clocks.STEP_RESOLVE], State.CANCELLED)
            open_rows = []
        elif event == "forwarded":
            if case.kind == "to_cao":
                _record_forward(case, on)
            finish(open_rows, State.MET)
            open_rows = []
        elif event in CLOSING_EVENTS:
            finish(open_rows, CLOSING_EVENTS[event])
            open_rows = []
        elif event == "extended":
            _extend(case, open_rows, on=on, days=days)
        elif event == "reopened":
            if not open_rows:
                latest = (
                    case.deadlines.exclude(state=State.OPEN)
                    .select_related("rule")
                    .order_by("-starts_from", "-pk")
                    .first()
                )
                if latest is not None:
                    latest.state, latest.met_on = State.OPEN, None
                    latest.save(update_fields=["state", "met_on"])
        elif event not in ("suspended", "resumed", "assigned", "in_progress"):
            raise ValueError(f"unknown clock event {event!r}")
        recompute_deadlines(case, today=on)


def _record_forward(case: Case, on: dt.date) -> None:
    """A denunciation forwarded to the competent body: the forward clock (5 working days from
    receipt, Luật Tố cáo 2018 Art. 24(2)) is stored as met on the day it was forwarded."""
    from danvan.core.dates import today_in_vietnam

    from . import clocks
    from .models import CaseDeadline

    received = today_in_vietnam(case.received_at)
    rule = clocks.rule_for([clocks.DENUNCIATION_FORWARD], received)
    if rule is None or case.deadlines.filter(step=clocks.STEP_FORWARD).exists():
        return
    pauses = clocks.pauses_of([case.pk]).get(case.pk, [])
    due = clocks.due_date(received, rule.amount, rule.unit, pauses, today=on)
    CaseDeadline.objects.create(
        case=case,
        rule=rule,
        step=clocks.STEP_FORWARD,
        starts_from=received,
        due_on=due,
        state=CaseDeadline.State.MET,
        met_on=on,
    )


def _extend(case: Case, open_rows: list[Any], *, on: dt.date, days: int | None) -> None:
    """Complaint: the resolve clock runs on the complex rule from now on. Denunciation: the initial
    processing runs on the extended rule (10 working days); the resolve clock gets one more extension
    of at most 30 days, two at most (Luật Tố cáo 2018, Art. 30)."""
    from django.utils.translation import gettext as _

    from . import clocks

    for row in open_rows:
        if case.kind == "khieu_nai" and row.step == clocks.STEP_RESOLVE:
            rule = clocks.rule_for(clocks.resolve_keys(case, complex_case=True), row.starts_from)
            if rule is not None:
                row.rule = rule
                row.save(update_fields=["rule"])
        elif case.kind == "to_cao" and row.step == clocks.STEP_PROCESS:
            rule = clocks.rule_for([clocks.DENUNCIATION_PROCESS_EXTENDED], row.starts_from)
            if rule is not None:
                row.rule = rule
                row.save(update_fields=["rule"])
        elif case.kind == "to_cao" and row.step == clocks.STEP_RESOLVE:
            if row.extensions >= clocks.MAX_DENUNCIATION_EXTENSIONS:
                raise ClockError(_("Thời hạn giải quyết tố cáo đã được gia hạn tối đa hai lần."))
            limit_rule = clocks.rule_for([clocks.DENUNCIATION_RESOLVE_EXTENSION], on)
            limit = limit_rule.amount if limit_rule is not None else 30
            extra = limit if days is None else days
            if not 1 <= extra <= limit:
                raise ClockError(_("Mỗi lần gia hạn từ 1 đến %(n)s ngày.") % {"n": limit})
            row.extra_days += extra
            row.extensions += 1
            row.save(update_fields=["extra_days", "extensions"])


def recompute_deadlines(case: Case, *, today: dt.date | None = None) -> None:
    """Recompute the due dates of the case's open deadlines (rule, extension, pauses, calendar) and
    ``Case.next_due_on``."""
    from danvan.core.dates import today_in_vietnam

    from .models import CaseDeadline

    case.next_due_on = _recompute(
        list(CaseDeadline.objects.filter(case=case, state=CaseDeadline.State.OPEN).select_related("rule")),
        today=today or today_in_vietnam(),
    ).get(case.pk)
    Case.objects.filter(pk=case.pk).update(next_due_on=case.next_due_on)


def recompute_open_deadlines(start: dt.date, end: dt.date, *, today: dt.date | None = None) -> int:
    """After the calendar changed between ``start`` and ``end``: recompute every open deadline that
    may count one of those days, on one loaded calendar, written with bulk updates. Returns how many
    due dates moved."""
    from danvan.core.dates import today_in_vietnam

    from .models import CaseDeadline

    rows = list(
        CaseDeadline.objects.filter(state=CaseDeadline.State.OPEN, starts_from__lte=end, due_on__gte=start)
        .select_related("rule")
        .order_by("pk")
    )
    return _recompute_rows(rows, today=today or today_in_vietnam())


def recompute_rule_deadlines(rule_id: int, *, today: dt.date | None = None) -> int:
    """After a rule was edited in the admin: recompute the open deadlines it produced."""
    from danvan.core.dates import today_in_vietnam

    from .models import CaseDeadline

    rows = list(
        CaseDeadline.objects.filter(state=CaseDeadline.State.OPEN, rule_id=rule_id).select_related("rule")
    )
    return _recompute_rows(rows, today=today or today_in_vietnam())


def _recompute_rows(rows: list[Any], *, today: dt.date) -> int:
    """Recompute these open deadlines in bulk and the next_due_on of their cases; how many moved."""
    from .models import CaseDeadline

    if not rows:
        return 0
    before = {row.pk: row.due_on for row in rows}
    case_ids = {row.case_id for row in rows}
    # Every open deadline of these cases, so that next_due_on is the minimum over all of them.
    others = list(
        CaseDeadline.objects.filter(case_id__in=case_ids, state=CaseDeadline.State.OPEN)
        .exclude(pk__in=before)
        .select_related("rule")
    )
    next_due = _recompute(rows, today=today, unchanged=others)
    cases = list(Case.objects.filter(pk__in=case_ids).only("pk", "next_due_on"))
    changed_cases = [c for c in cases if c.next_due_on != next_due.get(c.pk)]
    for c in changed_cases:
        c.next_due_on = next_due.get(c.pk)
    Case.objects.bulk_update(changed_cases, ["next_due_on"], batch_size=500)
    return sum(row.due_on != before[row.pk] for row in rows)


def _recompute(
    rows: list[Any], *, today: dt.date, unchanged: list[Any] | None = None
) -> dict[int, dt.date | None]:
    """Set each row's due date on one calendar and save the changed ones in bulk; the earliest open
    due date per case (None while a case is suspended)."""
    from danvan.workdays.selectors import Calendar

    from . import clocks
    from .models import CaseDeadline

    unchanged = unchanged or []
    case_ids = {row.case_id for row in [*rows, *unchanged]}
    pauses = clocks.pauses_of(case_ids)
    changed = []
    if rows:
        first = min(row.starts_from for row in rows)
        last = max(max(row.due_on, row.starts_from) for row in rows) + dt.timedelta(days=120)
        calendar = Calendar.load(first, last)
        for row in rows:
            due = clocks.deadline_due(row, pauses.get(row.case_id, []), today=today, calendar=calendar)
            if due != row.due_on:
                row.due_on = due
                changed.append(row)
    CaseDeadline.objects.bulk_update(changed, ["due_on"], batch_size=500)
    earliest: dict[int, dt.date | None] = {case_id: None for case_id in case_ids}
    for row in [*rows, *unchanged]:
        current = earliest[row.case_id]
        earliest[row.case_id] = row.due_on if current is None else min(current, row.due_on)
    for case_id in case_ids:
        if clocks.is_paused(pauses.get(case_id, [])):
            earliest[case_id] = None
    return earliest


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


ANONYMOUS_NOTE = gettext_lazy(
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
# Section imports stay here, not at the top, so the four parts' branches merge without conflicts.


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


# The group the demo (and an administrator who wants one) gives to the staff who handle cases; the
# rule stays orgunits.permissions.can_handle: this right AND a membership on the case's unit.
HANDLERS_GROUP = "Xử lý đơn thư"
HANDLER_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("feedback", "handle_case"),
    ("feedback", "view_case"),
    ("feedback", "view_responsetemplate"),
    *(
        ("feedback", f"{verb}_{model}")
        for model in ("dialoguesession", "dialoguequestion")
        for verb in ("view", "add", "change")
    ),
)


@transaction.atomic
def ensure_handlers_group() -> Group:
    """The group holding the case handlers' rights, found by what it does (feedback.handle_case),
    created when missing; missing rights are added back, extra ones left alone."""
    group = (
        Group.objects.filter(
            permissions__content_type__app_label="feedback", permissions__codename="handle_case"
        )
        .order_by("pk")
        .first()
    ) or Group.objects.get_or_create(name=HANDLERS_GROUP)[0]
    for app_label, codename in HANDLER_PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    return group


# ─── answers and dialogue (helper "board") ───────────────────────────────────────────────────────
# Imports here rather than at the top: each part keeps its own lines (parallel branches merge cleanly).


PUBLISHABLE_STATUSES = (CaseStatus.ANSWERED, CaseStatus.CLOSED)
ANSWER_SEARCH_KIND = "answer"  # search.models.SearchDocument.Kind.ANSWER


class PublishRefused(ValueError):
    """The case may not be published (not answered yet); the message says why in Vietnamese."""


def _clean(text: str) -> str:
    """The staff's text as stored: NFC, control characters other than line breaks dropped, trimmed."""
    text = normalise(text or "").replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def answer_url(case: Case) -> str:
    """The answer's public page, by its public reference (never the tracking code); "" while the case
    was never published (it has no reference, and nothing of it is in the search)."""
    return reverse("answer_detail", kwargs={"ref": case.answer_ref}) if case.answer_ref else ""


def index_answer(case: Case) -> None:
    """Put a published answer into the site search (its public texts only), or take it out; the
    cached public pages (the answers, the search results) are retired either way."""
    page_cache.invalidate()
    url = answer_url(case)
    if not (case.publish_answer and case.published_at and url):
        if url:
            search.remove_item(kind=ANSWER_SEARCH_KIND, url=url)
        return
    search.index_item(
        kind=ANSWER_SEARCH_KIND,
        url=url,
        title=case.public_title,
        lead=case.public_question,
        body=f"{case.public_answer} {case.unit.name} {case.get_kind_display()}",
        date=case.published_at,
    )


def reindex_answers() -> int:
    """Every published answer into the search index again (``rebuild_search_index``)."""
    count = 0
    for case in Case.objects.filter(publish_answer=True, published_at__isnull=False).select_related("unit"):
        index_answer(case)
        count += 1
    return count


@transaction.atomic
def publish_answer(case: Case, *, by: Any, title: str, question: str, answer: str) -> Case:
    """Publish the case's answer with the texts staff wrote for the public (personal data removed).
    Only an answered or closed case; the three texts are required. Raises PublishRefused or
    ValidationError (per field), saving nothing."""
    if case.status not in PUBLISHABLE_STATUSES:
        raise PublishRefused(_("Chỉ công bố được đơn đã trả lời hoặc đã kết thúc."))
    texts = {
        "public_title": _clean(title),
        "public_question": _clean(question),
        "public_answer": _clean(answer),
    }
    errors = {field: _("Không được để trống.") for field, value in texts.items() if not value}
    limit = Case._meta.get_field("public_title").max_length or 200
    if len(texts["public_title"]) > limit:
        errors["public_title"] = _("Tiêu đề dài quá %(n)d ký tự.") % {"n": limit}
    if errors:
        raise ValidationError(errors)
    first = not (case.publish_answer and case.published_at)
    for field, value in texts.items():
        setattr(case, field, value)
    case.publish_answer = True
    case.published_at = case.published_at if case.published_at and not first else timezone.now()
    # Case.save gives a first publication its public reference (answer_ref); a later one keeps it.
    case.save(update_fields=[*texts, "publish_answer", "published_at", "updated_at"])
    bump_version(case, None)
    record_event(
        case,
        action="publish",
        actor=by,
        reason=_("Công bố câu trả lời") if first else _("Sửa câu trả lời đã công bố"),
        public=False,
    )
    announce("case.publish", actor=by, target=case, detail=case.code)
    index_answer(case)
    return case


@transaction.atomic
def unpublish_answer(case: Case, *, by: Any) -> Case:
    """Take the case's answer off the public pages and the site search (the texts and the public
    reference are kept: published again, the answer is at the same address)."""
    case.publish_answer = False
    case.published_at = None
    case.save(update_fields=["publish_answer", "published_at", "updated_at"])
    bump_version(case, None)
    record_event(case, action="unpublish", actor=by, reason=_("Thôi công bố câu trả lời"), public=False)
    announce("case.unpublish", actor=by, target=case, detail=case.code)
    index_answer(case)
    return case


@transaction.atomic
def link_case_to_dialogue(session: DialogueSession, case: Case, *, by: Any) -> Case:
    """Record that the case was raised at the dialogue session (both pages then list each other)."""
    case.dialogue = session
    case.save(update_fields=["dialogue", "updated_at"])
    bump_version(case, None)
    record_event(
        case,
        action="dialogue",
        actor=by,
        reason=_("Nêu tại buổi đối thoại: %(title)s") % {"title": session.title},
        public=False,
    )
    return case


@transaction.atomic
def unlink_case_from_dialogue(case: Case, *, by: Any) -> Case:
    case.dialogue = None
    case.save(update_fields=["dialogue", "updated_at"])
    bump_version(case, None)
    record_event(case, action="dialogue", actor=by, reason=_("Bỏ liên kết với buổi đối thoại"), public=False)
    return case
