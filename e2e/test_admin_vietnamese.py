"""The admin in a browser (issue 12): Vietnamese tab title and heading, no request to gravatar.com,
and the page editor proposing an ASCII slug for a Vietnamese title. Screenshots at 1280 px."""

from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, Request, expect

from .conftest import Portal
from .helpers import give_known_app, pass_second_factor

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-quan-tri-e2e"


def test_dashboard_and_page_editor_are_vietnamese(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    get_user_model().objects.create_superuser("quantri", "quantri@example.vn", PASSWORD)
    give_known_app("quantri")
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    requested: list[str] = []

    def remember(request: Request) -> None:
        requested.append(request.url)

    page.on("request", remember)
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    pass_second_factor(page, "quantri")
    page.wait_for_url("**/admin/")

    expect(page).to_have_title(f"Bảng điều khiển - {settings.WAGTAIL_SITE_NAME}")
    expect(page.locator("h1").first).to_have_text(settings.WAGTAIL_SITE_NAME)
    page.screenshot(path="/tmp/adminvi-dashboard.png", full_page=False)

    page.goto(f"/admin/pages/add/portal/categorypage/{portal.home.pk}/")
    page.fill("input[name=title]", "Đồng Nai dân vận")
    page.locator("input[name=title]").blur()
    page.get_by_role("tab", name="Quảng bá").click()
    slug = page.locator("input[name=slug]")
    expect(slug).to_have_value("dong-nai-dan-van")
    page.screenshot(path="/tmp/adminvi-editor.png", full_page=False)
    page.get_by_role("button", name="Lưu bản nháp").click()
    page.wait_for_url("**/edit/")
    assert portal.home.get_children().filter(slug="dong-nai-dan-van").exists()

    assert not [url for url in requested if "gravatar" in url]
    assert "Wagtail" not in page.title()
