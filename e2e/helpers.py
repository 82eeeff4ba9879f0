"""Shared constants and small page helpers for the end-to-end tests."""

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, Page

THEMES = ["red", "blue", "yellow", "green"]
THEME_BUTTONS = {
    "red": "Màu đỏ",
    "blue": "Màu xanh nước biển",
    "yellow": "Màu vàng",
    "green": "Màu xanh lá cây",
}
PROGRAMME_PATH = "/cong-tac-dan-van/chuong-trinh-dan-van-2023/"
CATEGORY_PATH = "/cong-tac-dan-van/"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def goto_ok(page: Page, path: str) -> None:
    """Open `path` and insist the server answered 200."""
    response = page.goto(path)
    assert response is not None, path
    assert response.status == 200, f"{path}: HTTP {response.status}"


def background(page: Page, selector: str) -> str:
    return str(page.locator(selector).first.evaluate("el => getComputedStyle(el).backgroundColor"))


SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.body.scrollHeight; y += 600) {
    window.scrollTo(0, y);
    await new Promise(r => setTimeout(r, 20));
  }
  window.scrollTo(0, 0);
}"""


def load_lazy_images(page: Page) -> None:
    """Scroll through the page so that every lazy image is fetched, and wait for them all."""
    page.evaluate(SCROLL_THROUGH)
    # Polled from here, not with page.wait_for_function: Playwright evaluates a waiting predicate
    # with eval in the page, which the site's Content-Security-Policy (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + 10
    while not page.evaluate("() => Array.from(document.images).every(i => i.complete)"):
        assert time.monotonic() < deadline, "images still loading after 10 s"
        page.wait_for_timeout(100)


# The second factor (decision 0013): every account the e2e tests sign in with has an authenticator app
# with this key (RFC 6238's test key, hex), so the tests can type the code it would show.
KNOWN_APP_KEY = "3132333435363738393031323334353637383930"
VERIFY_PATH = "/admin/xac-thuc-hai-buoc/"


def give_known_app(username: str) -> Any:
    """Give ``username`` a confirmed authenticator app with KNOWN_APP_KEY (before it signs in)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.get(username=username)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="e2e", defaults={"key": KNOWN_APP_KEY, "confirmed": True}
    )
    return device


def app_code(device: Any) -> str:
    """The code the app shows now; if that time step was already used (two sign-ins within 30 s),
    the next one, which the server accepts a step early, or else wait for it."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() > device.last_t:
        return f"{totp.token():06d}"
    totp.time = time.time() + device.step
    if totp.t() > device.last_t + 1:  # the step after the used one is more than one step ahead
        time.sleep(device.step - time.time() % device.step + 0.5)
        totp.time = time.time()
    return f"{totp.token():06d}"


def pass_second_factor(page: Page, username: str) -> None:
    """On the code page after the password: type the known app's code and send it."""
    page.wait_for_url(f"**{VERIFY_PATH}?next=**")
    page.fill("input[name=code]", app_code(give_known_app(username)))
    page.click("button[type=submit]")


def admin_log_in(
    new_context: Callable[..., BrowserContext],
    username: str,
    password: str,
    next_path: str,
    width: int = 1280,
) -> Page:
    """A fresh browser context logged in through the real admin login form and the second factor,
    left on ``next_path``."""
    give_known_app(username)
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"/admin/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    pass_second_factor(page, username)
    page.wait_for_url(f"**{next_path}")
    return page


def demo_staff_with_password(password: str) -> None:
    """The programme demo's staff (xa.phuly, huyen.vinhcuu), created if missing, with ``password``:
    the demo gives them a random one per install."""
    from danvan.programmes.demo_users import load_demo_users

    load_demo_users(password=password)
    for user in get_user_model().objects.filter(username__in=["xa.phuly", "huyen.vinhcuu"]):
        user.set_password(password)
        user.save()


def export_file(page: Page, path: str) -> Any:
    """A report built in the task queue (decision 0024), fetched as a user does: open the report's
    button page at ``path``, press it, wait for the job page to offer the file, download it (the
    e2e server runs tasks at once). Returns Playwright's APIResponse of the download."""
    goto_ok(page, path)
    # The e2e server builds the file inside the POST (tasks run at once there): a PDF on a loaded
    # 2-core machine takes longer than a click's usual 10 s wait for its navigation.
    page.get_by_role("button", name="Tạo báo cáo").click(timeout=120_000)
    page.wait_for_url("**/admin/tep-xuat/*/", timeout=120_000)
    link = page.get_by_role("link", name="Tải về")
    link.wait_for(timeout=60_000)
    href = link.get_attribute("href")
    assert href, page.url
    return page.request.get(href, timeout=60_000)
