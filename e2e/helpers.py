"""Shared constants and small page helpers for the end-to-end tests."""

from pathlib import Path

from playwright.sync_api import Page

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
