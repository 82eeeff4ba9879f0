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
# Imports here rather than at the top: each part keeps its own lines (parallel branches merge cleanly).
from django.core.exceptions import ValidationError  # noqa: E402
from django.db import transaction  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402

from danvan.core import page_cache  # noqa: E402
from danvan.core.events import announce  # noqa: E402
from danvan.core.text import normalise  # noqa: E402
from danvan.search import services as search  # noqa: E402

from .models import CaseStatus, DialogueSession  # noqa: E402

PUBLISHABLE_STATUSES = (CaseStatus.ANSWERED, CaseStatus.CLOSED)
ANSWER_SEARCH_KIND = "answer"  # search.models.SearchDocument.Kind.ANSWER


class PublishRefused(ValueError):
    """The case may not be published (not answered yet); the message says why in Vietnamese."""


def _clean(text: str) -> str:
    """The staff's text as stored: NFC, control characters other than line breaks dropped, trimmed."""
    text = normalise(text or "").replace("\r\n", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()


def answer_url(case: Case) -> str:
    return reverse("answer_detail", kwargs={"code": case.code})


def index_answer(case: Case) -> None:
    """Put a published answer into the site search (its public texts only), or take it out; the
    cached public pages (the answers, the search results) are retired either way."""
    page_cache.invalidate()
    url = answer_url(case)
    if not (case.publish_answer and case.published_at):
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
    """Take the case's answer off the public pages and the site search (the texts are kept)."""
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
