"""The visit counter in a real browser: one new visitor is one visit; reloading is not; robots are not."""

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from danvan.analytics import services
from danvan.analytics.models import DailyTotals
from danvan.analytics.selectors import visit_counts

from .conftest import Portal
from .helpers import CATEGORY_PATH, PROGRAMME_PATH, give_known_app, pass_second_factor

pytestmark = pytest.mark.e2e

# Headless Chromium announces itself as HeadlessChrome, which is (rightly) not counted: the tests
# present the user agent of the same browser as a reader would have it.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36"
CRAWLER = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)"


def page_views() -> int:
    services.flush_buffer()  # with Redis, page views wait there for the scheduler
    return sum(DailyTotals.objects.values_list("page_views", flat=True))


def shown(page: Page) -> tuple[int, int]:
    today = page.locator('[data-counter="today"]')
    expect(today).not_to_have_text("—")
    total = page.locator('[data-counter="total"]')
    return int(today.inner_text().replace(".", "")), int(total.inner_text().replace(".", ""))


def open_and_wait(page: Page, path: str) -> None:
    with page.expect_response(lambda r: "/api/v1/stats/visits/" in r.url):
        page.goto(path)


def test_a_new_visitor_adds_one_visit(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    before = visit_counts()
    page = new_context(user_agent=READER).new_page()
    open_and_wait(page, "/")
    assert shown(page) == (before["today"] + 1, before["total"] + 1)
    views = page_views()

    open_and_wait(page, "/")  # reload
    open_and_wait(page, PROGRAMME_PATH)  # and two more pages within 30 minutes
    open_and_wait(page, CATEGORY_PATH)
    assert shown(page) == (before["today"] + 1, before["total"] + 1)
    assert page_views() == views + 3

    robot = new_context(user_agent=CRAWLER).new_page()
    open_and_wait(robot, "/")
    assert shown(robot) == (before["today"] + 1, before["total"] + 1)
    assert page_views() == views + 3


def test_without_javascript_the_pixel_counts(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    before = visit_counts()
    page = new_context(user_agent=READER, java_script_enabled=False).new_page()
    with page.expect_response(lambda r: "/api/v1/hits/pixel.gif" in r.url) as pixel:
        page.goto("/")
    assert pixel.value.status == 200
    assert visit_counts()["today"] == before["today"] + 1
    expect(page.locator('[data-counter="today"]')).to_have_text("—")  # numbers need JavaScript


def test_about_page_and_counter_look_right(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    from .helpers import ARTIFACTS
    from .test_accessibility import BLOCKING, describe

    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_context(user_agent=READER).new_page()
    open_and_wait(page, "/thong-ke-truy-cap/")
    expect(page.locator("h1")).to_have_text("Về số liệu thống kê truy cập")
    assert shown(page)[0] >= 1
    violations = [v for v in Axe().run(page).response["violations"] if v["impact"] in BLOCKING]
    assert not violations, describe(violations)
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        page.reload()
        expect(page.locator('[data-counter="today"]')).not_to_have_text("—")
        page.screenshot(path=str(shots / f"about-statistics-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_admin_report(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    import datetime as dt

    from django.contrib.auth import get_user_model

    from danvan.analytics.models import DailyBreakdown, DailyPageViews
    from danvan.core.dates import today_in_vietnam

    from .helpers import ARTIFACTS

    today = today_in_vietnam()
    for n in range(30):
        day = today - dt.timedelta(days=n)
        DailyTotals.objects.update_or_create(
            day=day,
            defaults={"visits": 40 + (n * 7) % 25, "visitors": 35 + (n * 5) % 20, "page_views": 90 + n},
        )
    DailyPageViews.objects.create(day=today, path="/cong-tac-dan-van/chuong-trinh-dan-van-2023/", views=120)
    DailyBreakdown.objects.create(day=today, dimension="referrer", value="google.com", visits=30)
    DailyBreakdown.objects.create(day=today, dimension="device", value="mobile", visits=25)
    get_user_model().objects.create_superuser("quantri", "qt@example.com", "mat-khau-thu")
    give_known_app("quantri")
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto("/admin/login/?next=/admin/thong-ke-truy-cap/")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", "mat-khau-thu")
    page.click("button[type=submit]")
    pass_second_factor(page, "quantri")
    expect(page.get_by_role("img").first).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Tổng cộng")
    expect(page.get_by_text("google.com")).to_be_visible()
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "admin-statistics-1280.png"), full_page=True)


def test_no_console_error_on_the_404_page_and_the_comment_form(
    new_context: Callable[..., BrowserContext], portal: Portal
) -> None:
    from danvan.consultations import services as consultations
    from danvan.consultations.models import Draft
    from danvan.core.dates import today_in_vietnam

    drafts = Draft.objects.filter(published=True)
    draft = next(d for d in drafts if not consultations.refusal(d, today=today_in_vietnam()))
    page = new_context(user_agent=READER).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    hits: list[int] = []
    page.on("response", lambda r: hits.append(r.status) if "/api/v1/hits/" in r.url else None)
    for path in ("/khong-co-trang-nay/", f"/du-thao/{draft.pk}/gop-y/"):
        open_and_wait(page, path)
    assert all(status == 204 for status in hits), hits
    # The one error left is the browser reporting the 404 page's own status.
    assert len(errors) == 1 and "404" in errors[0], errors
