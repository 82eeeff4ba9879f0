"""Reads of the consultations: the public list of drafts, one draft with its published comments."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet

from .models import Comment, Draft, State

# Open drafts first (they want comments now), then upcoming, then closed.
STATE_ORDER = {State.OPEN: 0, State.UPCOMING: 1, State.CLOSED: 2}


@dataclass(frozen=True)
class DraftSummary:
    draft: Draft
    state: State
    comment_count: int  # published comments only


@dataclass(frozen=True)
class DraftPage:
    draft: Draft
    state: State
    comments: list[Comment]

    @property
    def comment_count(self) -> int:
        return len(self.comments)


def public_drafts(*, today: dt.date) -> list[DraftSummary]:
    """Published drafts, open first then upcoming then closed, newest closing date first in each; one query.

    Sorted here rather than in SQL so that the state rule is written once (``models.state_on``).
    """
    drafts = (
        Draft.objects.filter(published=True)
        .select_related("issuer")
        .annotate(published_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED)))
    )
    items = [DraftSummary(d, d.state(today), d.published_count) for d in drafts]
    items.sort(key=lambda i: (STATE_ORDER[i.state], -i.draft.closes_on.toordinal(), -i.draft.pk))
    return items


def public_draft(pk: int) -> Draft | None:
    return Draft.objects.filter(pk=pk, published=True).select_related("issuer").first()


def published_comments(draft: Draft) -> list[Comment]:
    return list(draft.comments.filter(status=Comment.Status.PUBLISHED).order_by("created_at", "id"))


def published_comment_count(draft: Draft) -> int:
    return draft.comments.filter(status=Comment.Status.PUBLISHED).count()


def draft_page(pk: int, *, today: dt.date) -> DraftPage | None:
    draft = public_draft(pk)
    if draft is None:
        return None
    return DraftPage(draft=draft, state=draft.state(today), comments=published_comments(draft))


def draft_is_public(pk: int) -> bool:
    return Draft.objects.filter(pk=pk, published=True).exists()


def published_summary(
    *, latest: int
) -> tuple[int, dt.datetime | None, list[tuple[str, str, dt.datetime | None]]]:
    """How many drafts are published, when the last was put up, and the ``latest`` newest as
    (title, url, put up)."""
    drafts = Draft.objects.filter(published=True)
    last = drafts.aggregate(last=Max("created_at"))["last"]
    newest: list[tuple[str, str, dt.datetime | None]] = [
        (d.title, d.get_absolute_url(), d.created_at) for d in drafts.order_by("-created_at", "-id")[:latest]
    ]
    return drafts.count(), last, newest


def with_comment_counts(drafts: "QuerySet[Draft]") -> "QuerySet[Draft]":
    """The admin's list of drafts with their published and waiting comments counted in one query."""
    return drafts.select_related("issuer").annotate(
        published_count=Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED)),
        pending_count=Count("comments", filter=Q(comments__status=Comment.Status.PENDING)),
    )
