"""Full-page screenshots at phone and desktop widths, for people to look at; no sideways scroll."""

import pytest
from playwright.sync_api import Page

from .conftest import Portal
from .helpers import ARTIFACTS, CATEGORY_PATH, PROGRAMME_PATH, goto_ok, load_lazy_images

pytestmark = pytest.mark.e2e

PAGES = {
    "home": "/",
    "article": PROGRAMME_PATH,
    "category": CATEGORY_PATH,
    "agency": "/gioi-thieu/",
    "agency-en": "/en/about/",
}
WIDTHS = (360, 1280)
SHOTS = ARTIFACTS / "screenshots"


@pytest.mark.parametrize("name", list(PAGES))
def test_screenshots(page: Page, portal: Portal, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        goto_ok(page, PAGES[name])
        load_lazy_images(page)
        assert page.evaluate("document.images.length") >= 1
        broken = page.evaluate(
            "Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src)"
        )
        assert broken == [], f"{name} at {width}px"

        path = SHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name} scrolls sideways at {width}px: {scroll_width}px wide"
