"""The e2e suite's CSP detector (conftest.CspWatch) fires on an inline script (issue 14)."""

import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext

from e2e.conftest import CspWatch, Portal


def test_an_inline_script_is_blocked_and_the_detector_fails_the_test(
    new_context: Callable[..., BrowserContext], portal: Portal, csp_watch: CspWatch, settings: Any
) -> None:
    settings.ROOT_URLCONF = "e2e.csp_probe_urls"
    page = new_context().new_page()
    page.goto("/csp-probe/")
    page.click("#b")
    assert page.title() == "probe"  # neither the inline script nor the onclick attribute ran
    # The browser posts one report per violation (the inline script, the onclick attribute) to
    # /api/v1/csp-reports/, when it likes: wait for both, so that none arrives after the check (a
    # busy machine once delivered the second during teardown and failed the test).
    deadline = time.monotonic() + 15
    while sum(v.startswith("report:") for v in csp_watch.violations) < 2 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    console = [v for v in csp_watch.violations if v.startswith("console:")]
    reports = [v for v in csp_watch.violations if v.startswith("report:")]
    assert len(console) == 2 and all("script-src" in v for v in console), csp_watch.violations
    assert reports and all("script-src" in v and "/csp-probe/" in v for v in reports), csp_watch.violations
    with pytest.raises(pytest.fail.Exception, match="Content-Security-Policy violations"):
        csp_watch.check()
    page.close()  # nothing more from this page
    csp_watch.violations.clear()  # the failure was the point: let this test pass


def test_a_public_page_breaks_nothing(
    new_context: Callable[..., BrowserContext], portal: Portal, csp_watch: CspWatch
) -> None:
    page = new_context().new_page()
    page.goto(portal.programme.url)
    page.get_by_role("button", name="Màu xanh nước biển").click()
    assert page.locator("html").get_attribute("data-theme") == "blue"  # site.js, a static file, ran
    page.wait_for_timeout(300)
    assert csp_watch.violations == []


def test_an_editor_sees_the_admin_and_a_page_with_wagtails_user_bar_without_violations(
    new_context: Callable[..., BrowserContext], portal: Portal, csp_watch: CspWatch
) -> None:
    from django.contrib.auth import get_user_model

    from .helpers import admin_log_in

    get_user_model().objects.create_superuser("quantri.csp", "qt@example.vn", "mat-khau-kiem-tra-csp")
    page = admin_log_in(new_context, "quantri.csp", "mat-khau-kiem-tra-csp", "/admin/")
    page.goto(f"/admin/pages/{portal.programme.pk}/edit/")
    page.wait_for_load_state("networkidle")
    page.goto(portal.programme.url)  # signed in: the page carries Wagtail's user bar
    page.wait_for_load_state("networkidle")
    assert page.locator("wagtail-userbar").count() == 1
    assert csp_watch.violations == []
