"""The API's documentation in a browser (issue 18): /api/v1/docs/ at desktop and phone widths, readable
without JavaScript, without serious axe violations; the Swagger UI console renders every operation
from our own files, with no Content-Security-Policy violation (the new_context fixture fails on any)."""

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import BrowserContext, Page, expect

from danvan import api_docs

from .conftest import Portal
from .helpers import ARTIFACTS, goto_ok
from .test_accessibility import BLOCKING, describe

pytestmark = pytest.mark.e2e

DOCS = "/api/v1/docs/"
CONSOLE = "/api/v1/docs/thu/"
SHOTS = ARTIFACTS / "screenshots"


def operation_count() -> int:
    paths = api_docs.openapi_document()["paths"]
    return sum(1 for item in paths.values() for method in item if method in api_docs.METHODS)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_docs_page_fits_and_passes_axe(page: Page, portal: Portal, width: int) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    goto_ok(page, DOCS)
    expect(page.locator("h1")).to_have_text("API dữ liệu mở")
    expect(page.locator("section.api-op")).to_have_count(operation_count())
    path = SHOTS / f"api-docs-{width}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000

    # Wide tables scroll inside their own wrapper; the page itself never scrolls sideways.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the docs page scrolls sideways at {width}px: {scroll_width}px wide"
    wrapper = page.locator("#get-api-v1-org-units .table-scroll").first
    wider = wrapper.evaluate("w => w.scrollWidth > w.clientWidth")
    assert wider == (width == 360)  # a phone scrolls the parameters' table, a desktop shows it whole

    response = Axe().run(page).response
    checked = {rule["id"] for kind in ("passes", "violations", "incomplete") for rule in response[kind]}
    assert {"color-contrast", "link-name"} <= checked
    violations = [v for v in response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)


def test_the_docs_page_reads_without_javascript(new_context: Callable[..., BrowserContext]) -> None:
    page = new_context(java_script_enabled=False).new_page()
    goto_ok(page, DOCS)
    expect(page.locator("section.api-op")).to_have_count(operation_count())
    expect(page.locator("#get-api-v1-org-units pre.api-example")).to_contain_text(
        "/api/v1/org-units/?page_size=5"
    )


def test_the_console_renders_every_operation_from_our_files(page: Page, portal: Portal) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(portal.url) else None)
    goto_ok(page, CONSOLE)
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator(".opblock")).to_have_count(operation_count(), timeout=30_000)
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_role("link", name="← Tài liệu API dữ liệu mở")).to_have_attribute("href", DOCS)
    assert outside == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "api-console-1280.png"), full_page=True)
    # The console's first view (every operation folded) has no serious axe violation either: our CSS
    # darkens Swagger UI's colours, and without deep links no link sits inside a summary's button.
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)


def test_the_console_tries_a_get(page: Page, portal: Portal) -> None:
    """Swagger UI's request goes to our API under the site's policy and shows the answer. Once an
    operation is opened, Swagger UI's own markup has axe violations CSS cannot mend (unnamed copy
    buttons and select, a scrolling pre): the console stays optional, /api/v1/docs/ is the page."""
    goto_ok(page, CONSOLE)
    page.locator(".opblock", has_text="/api/v1/org-units/").locator(".opblock-summary-control").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tbody .response-col_status").first).to_have_text("200")
    expect(page.locator(".live-responses-table .microlight").first).to_contain_text('"count"')
