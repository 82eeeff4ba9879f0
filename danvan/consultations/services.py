"""Changes to consultations: a citizen's comment arrives, staff publish or reject it."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core.dates import today_in_vietnam

from .models import Comment, Draft, State

COMMENT_FIELDS = ("author_name", "email", "organisation", "body")


def refusal(draft: Draft, *, today: dt.date) -> str | None:
    """Why ``draft`` takes no comments on ``today`` (a Vietnamese sentence), or None if it does."""
    if not draft.published:
        return _("Dự thảo này không được công khai để lấy ý kiến.")
    state = draft.state(today)
    if state == State.UPCOMING:
        return _("Dự thảo chưa đến thời gian lấy ý kiến; hãy quay lại từ ngày %(day)s.") % {
            "day": f"{draft.opens_on:%d/%m/%Y}"
        }
    if state == State.CLOSED:
        return _("Đã hết thời gian lấy ý kiến (kết thúc ngày %(day)s).") % {
            "day": f"{draft.closes_on:%d/%m/%Y}"
        }
    return None


@transaction.atomic
def submit_comment(draft: Draft, data: Mapping[str, Any], *, now: dt.datetime | None = None) -> Comment:
    """Store a citizen's comment, pending moderation; refused unless the draft is public and open."""
    reason = refusal(draft, today=today_in_vietnam(now))
    if reason:
        raise ValidationError(reason, code="closed")
    comment = Comment(
        draft=draft, status=Comment.Status.PENDING, **{f: data.get(f, "") for f in COMMENT_FIELDS}
    )
    comment.full_clean()
    comment.save()
    return comment


def ensure_can_moderate(user: Any) -> None:
    if user is None or not user.has_perm("consultations.change_comment"):
        raise PermissionDenied(_("Bạn không có quyền duyệt ý kiến góp ý."))


@transaction.atomic
def moderate_comment(
    *, comment: Comment, status: str, moderator: Any, now: dt.datetime | None = None
) -> Comment:
    """Set the comment's status and record who decided, and when (other edits on it are saved too)."""
    ensure_can_moderate(moderator)
    if status not in Comment.Status.values:
        raise ValidationError(_("Trạng thái ý kiến không hợp lệ."))
    comment.status = status
    comment.moderated_at = now or timezone.now()
    comment.moderated_by = moderator
    comment.save()
    return comment


def publish_comment(*, comment: Comment, moderator: Any, now: dt.datetime | None = None) -> Comment:
    return moderate_comment(comment=comment, status=Comment.Status.PUBLISHED, moderator=moderator, now=now)


def reject_comment(*, comment: Comment, moderator: Any, now: dt.datetime | None = None) -> Comment:
    return moderate_comment(comment=comment, status=Comment.Status.REJECTED, moderator=moderator, now=now)
