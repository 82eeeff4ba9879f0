"""Sign-in lockout in a browser (issue 14, decision 0012): five wrong passwords lock the account,
the Vietnamese message shows on the sign-in form, an administrator unlocks it from Cài đặt →
Khóa đăng nhập, and the right password works again."""

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Portal
from .helpers import admin_log_in, give_known_app, pass_second_factor

pytestmark = pytest.mark.e2e

ADMIN_PASSWORD = "mat-khau-quan-tri-e2e-khoa"
PASSWORD = "mat-khau-can-bo-e2e-khoa"


def try_password(page: Page, password: str) -> None:
    page.fill("input[name=username]", "can.bo")
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_five_wrong_passwords_lock_and_an_administrator_unlocks(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    users = get_user_model().objects
    users.create_superuser("quan.tri", "quantri@example.vn", ADMIN_PASSWORD)
    users.create_superuser("can.bo", "canbo@example.vn", PASSWORD)
    give_known_app("can.bo")  # enrolled: the right password leads on to the code page
    # Signed in first: every browser here shares 127.0.0.1, which the failures below lock as well.
    admin = admin_log_in(new_context, "quan.tri", ADMIN_PASSWORD, "/admin/")

    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/admin/login/?next=/admin/")
    for attempt in range(4):
        try_password(page, f"sai-lan-{attempt}")
        expect(page.locator("[data-lockout]")).to_have_count(0)
    try_password(page, "sai-lan-4")
    expect(page.locator("[data-lockout]")).to_contain_text("Đăng nhập bị khóa")
    expect(page.locator("[data-lockout]")).to_contain_text("liên hệ quản trị viên")
    page.screenshot(path="/tmp/lockout-locked.png", full_page=False)
    try_password(page, PASSWORD)  # the right password, too late
    expect(page.locator("[data-lockout]")).to_contain_text("Đăng nhập bị khóa")
    assert "/admin/login/" in page.url

    admin.goto("/admin/khoa-dang-nhap/")
    row = admin.locator("tr[data-lockout-row=account]", has_text="can.bo")
    expect(row).to_contain_text("Đang bị khóa")
    admin.screenshot(path="/tmp/lockout-admin.png", full_page=False)
    row.get_by_role("button", name="Mở khóa").click()
    expect(admin.get_by_text("Đã mở khóa tài khoản “can.bo”.")).to_be_visible()
    expect(admin.locator("tr[data-lockout-row]", has_text="can.bo")).to_have_count(0)

    page.goto("/admin/login/?next=/admin/")
    try_password(page, PASSWORD)
    pass_second_factor(page, "can.bo")
    page.wait_for_url("**/admin/")
    expect(page.locator("[data-lockout]")).to_have_count(0)
