from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Site, Workflow

from danvan.core import roles
from danvan.core.services import ensure_moderation_workflow
from danvan.portal.models import ArticlePage, CategoryPage, HomePage

pytestmark = pytest.mark.django_db


def test_an_article_goes_draft_review_publish(home: HomePage, category: CategoryPage, client: Client) -> None:
    ensure_moderation_workflow(home)
    User = get_user_model()
    editor = User.objects.create_user("bientapvien", password="x" * 16)
    moderator = User.objects.create_user("lanhdao", password="x" * 16)
    moderators = roles.moderators_group()
    assert moderators is not None, "Wagtail's moderators group (publish right on the root page)"
    moderator.groups.add(moderators)
    draft = ArticlePage(title="Tin chờ duyệt", slug="tin-cho-duyet", lead="Sapô", body=[], live=False)
    category.add_child(instance=draft)
    draft.save_revision(user=editor)

    workflow = draft.get_workflow()
    assert isinstance(workflow, Workflow)
    state = workflow.start(draft, editor)  # "Gửi duyệt"
    assert client.get(f"{category.url}tin-cho-duyet/").status_code == 404, "under review is not public"

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live
    assert client.get(f"{category.url}tin-cho-duyet/").status_code == 200


def test_server_error_page_is_vietnamese_and_needs_no_database(rf: Any) -> None:
    from danvan.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Xin lỗi, hệ thống đang gặp sự cố" in response.content.decode()


def test_demo_builds_its_own_approval_workflow_on_a_database_without_wagtails(client: Client) -> None:
    """A flushed database (the e2e live server's) has no Wagtail default workflow: the demo makes one,
    and submitting an article must wait for a moderator, not publish at once as a task-less one does."""
    from wagtail.models import WorkflowPage

    from danvan.demo import load_demo

    WorkflowPage.objects.all().delete()
    Workflow.objects.all().delete()
    load_demo()
    editor = get_user_model().objects.create_user("bientapvien", password="x" * 16)
    category = ArticlePage.objects.live().first().get_parent()
    draft = ArticlePage(title="Tin chờ duyệt", slug="tin-cho-duyet", lead="Sapô", body=[], live=False)
    category.add_child(instance=draft)
    draft.save_revision(user=editor)

    workflow = draft.get_workflow()
    # The demo site's own workflow (decision 0015), decided by its approvers and the moderators.
    site_name = Site.objects.get(is_default_site=True).site_name
    assert isinstance(workflow, Workflow) and workflow.name == f"{roles.WORKFLOW} — {site_name}"
    assert [task.name for task in workflow.tasks] == [f"{roles.APPROVAL_TASK} — {site_name}"]
    assert roles.moderators_group() in workflow.tasks[0].specific.groups.all()
    state = workflow.start(draft, editor)
    draft.refresh_from_db()
    assert state.status == state.STATUS_IN_PROGRESS and not draft.live
