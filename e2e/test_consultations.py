"""Drafts for public comment in a browser: list, draft, the comment form, axe and a phone-sized screen."""

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from danvan.consultations.demo import CLOSED_TITLE, OPEN_TITLE
from danvan.consultations.models import Comment, Draft

from .conftest import Portal
from .helpers import goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp")


def assert_accessible(page: Page, where: str) -> None:
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, f"{where}:\n{describe(violations)}"


def test_list_draft_and_form_are_accessible_and_fit_a_phone(page: Page, portal: Portal) -> None:
    draft = Draft.objects.get(title=OPEN_TITLE)
    goto_ok(page, "/du-thao/")
    expect(page.locator("main h1")).to_have_text("Dự thảo lấy ý kiến")
    titles = page.locator(".consult-item__title")
    expect(titles).to_have_text([OPEN_TITLE, CLOSED_TITLE])  # open first
    expect(page.locator(".consult-item").first.locator(".consult-state")).to_have_text("Đang lấy ý kiến")
    assert_accessible(page, "list")

    page.get_by_role("link", name=OPEN_TITLE).click()
    expect(page.locator("main h1")).to_have_text(OPEN_TITLE)
    expect(page.get_by_role("heading", name="3 ý kiến đã đăng")).to_be_visible()
    expect(page.get_by_text("Phạm Quốc Bảo")).to_have_count(0)  # the pending demo comment
    assert_accessible(page, "draft")

    page.get_by_role("link", name="Gửi ý kiến").first.click()
    expect(page.locator("main h1")).to_have_text("Gửi ý kiến góp ý")
    assert_accessible(page, "form")
    page.get_by_role("button", name="Gửi ý kiến").click()  # empty: errors, linked to their fields
    expect(page.get_by_role("alert")).to_contain_text("Hãy nhập họ và tên.")
    expect(page.get_by_label("Họ và tên")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "form with errors")
    page.screenshot(path=str(SHOTS / "consultations-form-errors-1280.png"), full_page=True)
    # The honeypot is out of the keyboard's way: Tab from the comment goes to the button.
    page.get_by_label("Nội dung ý kiến").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Gửi ý kiến")).to_be_focused()

    paths = {"list": "/du-thao/", "detail": draft.get_absolute_url(), "form": f"/du-thao/{draft.pk}/gop-y/"}
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for name, path in paths.items():
            goto_ok(page, path)
            page.screenshot(path=str(SHOTS / f"consultations-{name}-{width}.png"), full_page=True)
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            assert scroll_width <= width, f"{name} at {width}px scrolls sideways ({scroll_width}px)"


def test_a_citizen_comments_without_javascript(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    closed = Draft.objects.get(title=CLOSED_TITLE)
    goto_ok(page, closed.get_absolute_url())
    expect(page.get_by_text("Đã hết thời gian lấy ý kiến")).to_be_visible()
    expect(page.get_by_role("link", name="Gửi ý kiến")).to_have_count(0)
    page.screenshot(path=str(SHOTS / "consultations-closed-1280.png"), full_page=True)

    goto_ok(page, Draft.objects.get(title=OPEN_TITLE).get_absolute_url())
    page.get_by_role("link", name="Gửi ý kiến").first.click()
    page.get_by_label("Họ và tên").fill("Huỳnh Thị Thu")
    page.get_by_label("Thư điện tử").fill("thu@example.vn")
    page.get_by_label("Cơ quan, tổ chức hoặc địa chỉ").fill("Ấp 5, xã Thạnh Phú")
    text = "Đề nghị niêm yết thêm tại chợ xã, nơi nhiều người qua lại."
    page.get_by_label("Nội dung ý kiến").fill(text)
    page.get_by_role("button", name="Gửi ý kiến").click()

    expect(page).to_have_url(re.compile(r"\?da-gui=1$"))
    expect(page.get_by_role("status")).to_contain_text("Cảm ơn bạn đã gửi ý kiến.")
    expect(page.get_by_role("status")).to_contain_text("sẽ được đăng sau khi kiểm duyệt")
    expect(page.get_by_text(text)).to_have_count(0)  # waits for moderation
    expect(page.get_by_role("heading", name="3 ý kiến đã đăng")).to_be_visible()
    page.screenshot(path=str(SHOTS / "consultations-thanks-1280.png"))
    stored = Comment.objects.get(body=text)
    assert (stored.status, stored.author_name, stored.email) == ("pending", "Huỳnh Thị Thu", "thu@example.vn")
