"""The demo's citizens' cases (issue 15): every kind and every status, old open complaints that any
legal clock makes overdue, a suspension, published answers, dialogue sessions with their cases —
and a second load creates nothing."""

import datetime as dt
import itertools
from typing import Any

import pytest

from danvan.core.dates import VIETNAM, today_in_vietnam
from danvan.demo import load_demo
from danvan.feedback.demo import CODE_PREFIX
from danvan.feedback.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ClockPause,
    DialogueSession,
    ResponseTemplate,
)
from danvan.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def test_every_kind_and_status(demo: Any) -> None:
    cases = Case.objects.filter(code__startswith=CODE_PREFIX)
    assert set(cases.values_list("kind", flat=True)) == set(CaseKind.values)
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    assert set(ResponseTemplate.objects.values_list("kind", flat=True)) == set(CaseKind.values)


def test_history_follows_the_steps(demo: Any) -> None:
    for case in Case.objects.filter(code__startswith=CODE_PREFIX):
        events = list(CaseEvent.objects.filter(case=case).exclude(to_status="").order_by("at", "pk"))
        assert events[0].action == "received"
        assert events[-1].to_status == case.status
        assert all(a.at <= b.at for a, b in itertools.pairwise(events))


def test_old_open_complaints_and_one_suspension(demo: Any) -> None:
    today = today_in_vietnam()
    long_ago = dt.datetime.combine(today - dt.timedelta(days=45), dt.time.min, tzinfo=VIETNAM)
    # Open for more than 45 days: past the longest first-time limit whenever the demo is loaded.
    assert (
        Case.objects.filter(
            code__startswith=CODE_PREFIX, status=CaseStatus.IN_PROGRESS, received_at__lt=long_ago
        ).count()
        >= 2
    )
    suspended = Case.objects.get(code__startswith=CODE_PREFIX, status=CaseStatus.SUSPENDED)
    assert ClockPause.objects.filter(case=suspended, ends_on__isnull=True).count() == 1


def test_published_answers_are_found_and_dialogues_have_cases(demo: Any) -> None:
    published = Case.objects.filter(code__startswith=CODE_PREFIX, publish_answer=True)
    assert published.count() == 3
    assert SearchDocument.objects.filter(kind="answer").count() == 3
    sessions = DialogueSession.objects.filter(published=True)
    assert sessions.count() == 2
    for session in sessions:
        assert session.questions.exists() and session.cases.exists()
        assert all(case.unit_id == session.unit_id for case in session.cases.all())


def test_a_second_load_creates_nothing(demo: Any) -> None:
    counts = (Case.objects.count(), CaseEvent.objects.count(), DialogueSession.objects.count())
    report = load_demo()
    assert not any(kind in report.created for kind in ("đơn thư", "buổi đối thoại", "mẫu trả lời"))
    assert (Case.objects.count(), CaseEvent.objects.count(), DialogueSession.objects.count()) == counts


def test_public_pages_of_the_demo(client: Any, demo: Any) -> None:
    assert client.get("/tra-loi-cong-dan/").status_code == 200
    assert client.get("/doi-thoai/").status_code == 200
    text = client.get("/tra-loi-cong-dan/").content.decode()
    for case in Case.objects.filter(code__startswith=CODE_PREFIX, publish_answer=True):
        assert case.citizen_name not in text
        assert case.public_title in text
