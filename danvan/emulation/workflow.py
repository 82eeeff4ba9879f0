"""Which step may follow which status of a “Dân vận khéo” model: the table services and the model
page read."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ModelStatus as S


@dataclass(frozen=True)
class Step:
    action: str  # the ModelEvent.action written, the announced verb and the form's "action"
    label: Promise  # the button
    sources: frozenset[str]
    to: str
    needs_reason: bool = False


STEPS: dict[str, Step] = {
    "review": Step("review", _("Đưa ra hội đồng thẩm định"), frozenset({S.REGISTERED}), S.UNDER_REVIEW),
    "recognise": Step("recognise", _("Công nhận"), frozenset({S.UNDER_REVIEW}), S.RECOGNISED),
    "refuse": Step("refuse", _("Không công nhận"), frozenset({S.UNDER_REVIEW}), S.NOT_RECOGNISED, True),
    "revoke": Step("revoke", _("Thu hồi công nhận"), frozenset({S.RECOGNISED}), S.REVOKED, True),
}


# What each ModelEvent.action reads as in the history.
EVENT_LABELS: dict[str, Promise] = {
    "register": _("Đăng ký mô hình"),
    "score": _("Thành viên hội đồng chấm điểm"),
    "edit": _("Sửa thông tin"),
    "evidence_add": _("Bổ sung tài liệu minh chứng"),
    "evidence_remove": _("Gỡ tài liệu minh chứng"),
    "photo_add": _("Bổ sung ảnh"),
    **{action: step.label for action, step in STEPS.items()},
}


def may(action: str, status: str) -> bool:
    return status in STEPS[action].sources


def allowed(status: str) -> list[Step]:
    return [step for step in STEPS.values() if status in step.sources]
