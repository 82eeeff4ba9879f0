"""Dates in the page editor, in a browser: an editor saves an article dated 18/04/2024 unchanged and
the date stays; schedules it for 13/12 and it goes live on 13/12 in Hồ Chí Minh City, not before."""

import datetime as dt
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect
from wagtail.models import GroupPagePermission
from wagtail.rich_text import RichText

from danvan.core import roles
from danvan.core.dates import VIETNAM
from danvan.portal.models import ArticlePage

from .conftest import Portal
from .helpers import admin_log_in

pytestmark = pytest.mark.e2e

PASSWORD = "bien-tap-vien-2024"
PUBLISHED = dt.datetime(2024, 4, 18, 10, 0, tzinfo=VIETNAM)


def _editor(portal: Portal) -> Any:
    """A member of the editors' group ("Biên tập viên"): may add and edit pages, not publish them."""
    editors, _ = Group.objects.get_or_create(name=roles.EDITORS)
    editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=editors, page=portal.home, permission=permission)
    user = get_user_model().objects.create_user("bientapvien", password=PASSWORD, is_staff=False)
    user.groups.add(editors)
    return user


def _article(portal: Portal) -> ArticlePage:
    article = ArticlePage(
        title="Hội nghị dân vận khéo",
        slug="hoi-nghi-dan-van-kheo",
        lead="Sapô.",
        body=[("paragraph", RichText("<p>Nội dung bài.</p>"))],
        date=PUBLISHED,
    )
    portal.category.add_child(instance=article)
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.live_revision is not None
    return article


def _next_13_december() -> dt.datetime:
    """08:00 on the coming 13 December in Hồ Chí Minh City (this year's, unless already past)."""
    now = timezone.now().astimezone(VIETNAM)
    go_live = dt.datetime(now.year, 12, 13, 8, 0, tzinfo=VIETNAM)
    return go_live if go_live > now else go_live.replace(year=now.year + 1)


def _publish_scheduled_at(moment: dt.datetime) -> None:
    """Wagtail's scheduled publishing, run as if the clock showed `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment.astimezone(dt.UTC)):
        call_command("publish_scheduled", verbosity=0)


def test_editor_keeps_the_date_and_schedules_for_13_december(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    _editor(portal)
    article = _article(portal)
    first_revision = article.live_revision
    edit_path = f"/admin/pages/{article.pk}/edit/"
    page = admin_log_in(new_context, "bientapvien", PASSWORD, edit_path)

    # Saved without a change, the article keeps its date (it used to be refused: no 18th month).
    date_input = page.locator("input[name=date]")
    expect(date_input).to_have_value("18/04/2024 10:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".messages")).to_contain_text("đã được cập nhật")
    expect(date_input).to_have_value("18/04/2024 10:00")
    article.refresh_from_db()
    draft = article.get_latest_revision()
    assert draft is not None and draft != first_revision
    assert draft.as_object().date == PUBLISHED

    # Schedule it through the status panel's "Đặt lịch" dialog for 13/12, 08:00.
    go_live = _next_13_december()
    page.get_by_role("button", name="Mở/đóng trạng thái").click()
    page.get_by_role("button", name="Đặt lịch").click()
    dialog = page.locator("#schedule-publishing-dialog")
    dialog.locator("input[name=go_live_at]").fill(f"13/12/{go_live.year} 08:00")
    picker = page.locator(".xdsoft_datetimepicker:visible")
    expect(picker).to_have_count(1)  # the calendar opens under the field…
    dialog.get_by_role("heading", name="Đặt lịch xuất bản").click()
    expect(picker).to_have_count(0)  # …and closes when the editor clicks elsewhere
    with page.expect_navigation():
        dialog.get_by_role("button", name="Lưu lịch").click()
    expect(page.locator("input[name=go_live_at]")).to_have_value(f"13/12/{go_live.year} 08:00")
    article.refresh_from_db()
    scheduled = article.get_latest_revision()
    assert scheduled is not None
    assert scheduled.as_object().go_live_at == go_live  # 13/12 08:00 in UTC+7, not 12 January

    # The editor sends it for approval; the moderator approves; Wagtail holds it until 13/12.
    page.get_by_role("button", name="Thao tác khác").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi duyệt").click()
    article.refresh_from_db()
    workflow_state = article.current_workflow_state
    assert workflow_state is not None
    moderator = get_user_model().objects.create_user("lanhdao", password=PASSWORD)
    moderator.groups.add(roles.ensure_moderators_group())
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "approve")
    article.refresh_from_db()
    submitted = article.get_latest_revision()
    assert submitted is not None and submitted.approved_go_live_at == go_live
    assert article.live_revision == first_revision

    _publish_scheduled_at(dt.datetime(go_live.year, 12, 12, 23, 59, tzinfo=VIETNAM))
    article.refresh_from_db()
    assert article.live_revision == first_revision, "published before 13/12"
    _publish_scheduled_at(dt.datetime(go_live.year, 12, 13, 7, 59, tzinfo=VIETNAM))
    article.refresh_from_db()
    assert article.live_revision == first_revision, "published before 08:00 on 13/12"
    _publish_scheduled_at(dt.datetime(go_live.year, 12, 13, 8, 1, tzinfo=VIETNAM))
    article.refresh_from_db()
    assert article.live_revision == submitted, "not published on 13/12"
    assert article.live
    assert article.date == PUBLISHED
