"""Shared constants and small page helpers for the end-to-end tests."""

from collections.abc import Callable
from pathlib import Path

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
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")


def admin_log_in(
    new_context: Callable[..., BrowserContext],
    username: str,
    password: str,
    next_path: str,
    width: int = 1280,
) -> Page:
    """A fresh browser context logged in through the real admin login form, left on ``next_path``."""
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"/admin/login/?next={next_path}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
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
