"""Which handling step may follow which status: the one table services and the case page read.

A step's ``to`` is the status the case moves to; ``None`` keeps the status (an extension), and
"resume" returns to the status the case had when it was suspended (services find it in the history).
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import CaseStatus as S


@dataclass(frozen=True)
class Step:
    action: str  # the CaseEvent.action written, and the form's "action"
    label: Promise  # the button
    sources: frozenset[str]  # statuses the step may start from
    to: str | None
    needs_reason: bool = False
    public: bool = False  # the citizen sees the step on the lookup page


# The statuses a case is still being dealt with in (it can be extended, suspended, withdrawn, merged).
WORKING = frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS})
OPEN = frozenset({S.RECEIVED, S.FORWARDED}) | WORKING
FINISHED = frozenset({S.REFUSED, S.ANSWERED, S.CLOSED, S.WITHDRAWN, S.MERGED})

STEPS: dict[str, Step] = {
    step.action: step
    for step in (
        Step("accept", _("Thụ lý"), frozenset({S.RECEIVED, S.FORWARDED}), S.ACCEPTED, public=True),
        Step(
            "refuse",
            _("Không thụ lý"),
            frozenset({S.RECEIVED, S.FORWARDED}),
            S.REFUSED,
            needs_reason=True,
            public=True,
        ),
        Step(
            "forward",
            _("Chuyển đơn vị có thẩm quyền"),
            frozenset({S.RECEIVED, S.FORWARDED, S.ACCEPTED}),
            S.FORWARDED,
            needs_reason=True,
            public=True,
        ),
        Step("assign", _("Giao người xử lý"), WORKING, S.ASSIGNED),
        Step("start", _("Bắt đầu giải quyết"), frozenset({S.ASSIGNED}), S.IN_PROGRESS),
        Step("answer", _("Trả lời"), WORKING, S.ANSWERED, public=True),
        Step("close", _("Kết thúc"), frozenset({S.ANSWERED, S.REFUSED}), S.CLOSED, public=True),
        Step("extend", _("Gia hạn"), WORKING, None, needs_reason=True, public=True),
        Step("suspend", _("Tạm đình chỉ"), WORKING, S.SUSPENDED, needs_reason=True, public=True),
        Step("resume", _("Tiếp tục giải quyết"), frozenset({S.SUSPENDED}), None, public=True),
        Step(
            "withdraw",
            _("Ghi nhận rút đơn"),
            OPEN | frozenset({S.SUSPENDED}),
            S.WITHDRAWN,
            needs_reason=True,
            public=True,
        ),
        Step("merge", _("Gộp vào đơn khác"), OPEN, S.MERGED),
    )
}
# A case other cases may be merged into: any that is not finished.
MERGE_TARGETS = OPEN | frozenset({S.SUSPENDED})


def allowed(status: str) -> list[Step]:
    """The steps a case in ``status`` may take, in the table's order."""
    return [step for step in STEPS.values() if status in step.sources]


def may(action: str, status: str) -> bool:
    step = STEPS.get(action)
    return step is not None and status in step.sources


# What the history calls each action (the steps' own labels, and what other parts write).
OTHER_ACTIONS = {
    "merge_in": _("Nhận gộp đơn khác"),
    "receive": _("Tiếp nhận"),
    "received": _("Tiếp nhận"),
    "publish": _("Công bố câu trả lời"),
}


def action_label(action: str, to_status: str = "") -> str:
    """The Vietnamese name of a history row's action; an unknown one by the status it led to."""
    if action in STEPS:
        return str(STEPS[action].label)
    if action in OTHER_ACTIONS:
        return str(OTHER_ACTIONS[action])
    if to_status in S.values:
        return str(S(to_status).label)
    return str(_("Cập nhật"))


# The clocks' steps (CaseDeadline.step) in words; an unknown step shows as "Bước khác".
DEADLINE_STEPS = {
    "accept": _("Thụ lý"),
    "process": _("Xử lý ban đầu"),
    "forward": _("Chuyển đơn"),
    "resolve": _("Giải quyết"),
    "answer": _("Trả lời"),
    "internal": _("Chỉ tiêu nội bộ"),
}


def deadline_step_label(step: str) -> str:
    return str(DEADLINE_STEPS.get(step, _("Bước khác")))
