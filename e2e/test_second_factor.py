"""The second factor in a browser (issue 14's acceptance): a new staff user enrols and reaches the
dashboard; five wrong codes lock the account; an administrator unlocks it."""

import re
from base64 import b32decode
from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django_otp.oath import TOTP
from playwright.sync_api import BrowserContext, Page, expect

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, app_code, pass_second_factor

pytestmark = pytest.mark.e2e

USERNAME = "can.bo.moi"
PASSWORD = "mat-khau-can-bo-moi-2026"
ADMIN_PASSWORD = "mat-khau-quan-tri-e2e-hai-buoc"
LOCKED = "Đăng nhập bị khóa"


def _new_staff_user() -> None:
    group = Group.objects.create(name="Cán bộ mới")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = get_user_model().objects.create_user(USERNAME, "canbo@example.vn", PASSWORD)
    user.groups.add(group)


def _password_step(new_context: Callable[..., BrowserContext]) -> Page:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    return page


def _code_from_key(manual_key: str) -> str:
    """What an authenticator app shows for the key a person typed from the page."""
    return f"{TOTP(b32decode(manual_key.replace(' ', ''))).token():06d}"


def test_a_new_staff_user_enrols_then_wrong_codes_lock_the_account_until_unlocked(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    _new_staff_user()
    # The administrator signs in first: every browser here shares 127.0.0.1, which the failures
    # below lock as well (five failures lock the account and the address).
    get_user_model().objects.create_superuser("quan.tri", "quantri@example.vn", ADMIN_PASSWORD)
    admin = admin_log_in(new_context, "quan.tri", ADMIN_PASSWORD, "/admin/")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)

    # 1. First sign-in: the password, then the enrolment page (QR code, manual key, code field).
    page = _password_step(new_context)
    page.wait_for_url("**/admin/xac-thuc-hai-buoc/dang-ky/?next=**")
    expect(page.get_by_role("heading", name="Bật xác thực hai bước")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Mã QR"))).to_be_visible()
    manual_key = page.locator("#manual-key").inner_text()
    assert re.fullmatch(r"([A-Z2-7]{4} ){7}[A-Z2-7]{4}", manual_key), manual_key
    # No script written into the page (a CSP without 'unsafe-inline' is coming): only files and JSON.
    inline = page.evaluate(
        "Array.from(document.scripts).filter(s => !s.src && s.type !== 'application/json').length"
    )
    assert inline == 0
    page.screenshot(path=str(shots / "second-factor-enrol-1280.png"), full_page=True)
    results = Axe().run(page, context={"include": ["main"]}).response
    assert [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")] == []

    # A wrong code is refused in Vietnamese; the code computed from the shown key is accepted.
    page.get_by_label("Mã xác thực").fill("000000" if _code_from_key(manual_key) != "000000" else "111111")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Mã xác thực không đúng")
    page.get_by_label("Mã xác thực").fill(_code_from_key(manual_key))
    page.get_by_role("button", name="Xác nhận").click()
    codes = page.get_by_role("list", name="Mã khôi phục").get_by_role("listitem")
    expect(codes).to_have_count(10)
    page.screenshot(path=str(shots / "second-factor-recovery-codes-1280.png"), full_page=True)
    page.get_by_role("link", name="Tôi đã cất mã, tiếp tục").click()
    page.wait_for_url("**/admin/")
    expect(page).to_have_title(f"Bảng điều khiển - {settings.WAGTAIL_SITE_NAME}")

    # 2. A fresh browser: the password, then five wrong codes lock the account.
    page = _password_step(new_context)
    page.wait_for_url("**/admin/xac-thuc-hai-buoc/?next=**")
    right = _code_from_key(manual_key)
    wrong = f"{(int(right) + 500_000) % 1_000_000:06d}"
    for _attempt in range(4):
        page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(wrong)
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.locator(".messages")).to_contain_text("Mã không đúng")
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(wrong)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("body")).to_contain_text(LOCKED)
    page.screenshot(path=str(shots / "second-factor-locked-1280.png"), full_page=True)
    # Signed out; the right password does not open a session any more.
    page = _password_step(new_context)
    expect(page.locator("body")).to_contain_text(LOCKED)
    assert "/admin/xac-thuc-hai-buoc/" not in page.url

    # 3. An administrator unlocks the account on Cài đặt → Khóa đăng nhập; the user signs in again
    # with the password and the app's next code.
    admin.goto("/admin/khoa-dang-nhap/")
    row = admin.locator("tr[data-lockout-row=account]", has_text=USERNAME)
    expect(row).to_contain_text("Đang bị khóa")
    row.get_by_role("button", name="Mở khóa").click()
    expect(admin.get_by_text(f"Đã mở khóa tài khoản “{USERNAME}”.")).to_be_visible()
    page = _password_step(new_context)
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=USERNAME, confirmed=True)
    page.wait_for_url("**/admin/xac-thuc-hai-buoc/?next=**")
    page.get_by_label("Mã xác thực hoặc mã khôi phục").fill(app_code(device))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/admin/")
    expect(page).to_have_title(f"Bảng điều khiển - {settings.WAGTAIL_SITE_NAME}")


def test_the_login_helper_passes_the_second_factor(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    """e2e/helpers.admin_log_in: the known app's code twice within one 30-second step still works."""
    from .helpers import give_known_app

    get_user_model().objects.create_superuser("quantri", "qt@example.vn", PASSWORD)
    give_known_app("quantri")
    for _attempt in range(2):
        page = new_context().new_page()
        page.goto("/admin/login/?next=/admin/account/")
        page.fill("input[name=username]", "quantri")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        pass_second_factor(page, "quantri")
        page.wait_for_url("**/admin/account/")
