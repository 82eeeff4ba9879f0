"""The programme dashboard as an officer sees it: figures, met in words, drill-down; axe on our part."""

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, expect

from danvan.programmes.models import Programme

from .conftest import Portal
from .helpers import ARTIFACTS, give_known_app, pass_second_factor

pytestmark = pytest.mark.e2e


def test_dashboard(new_context: Callable[..., BrowserContext], portal: Portal) -> None:
    programme = Programme.objects.get(code="42-CTr/HU")
    get_user_model().objects.create_superuser("quantri", "qt@example.com", "mat-khau-thu")
    give_known_app("quantri")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page = new_context(viewport={"width": width, "height": 900}).new_page()
        url = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
        page.goto(f"/admin/login/?next={url}")
        page.fill("input[name=username]", "quantri")
        page.fill("input[name=password]", "mat-khau-thu")
        page.click("button[type=submit]")
        pass_second_factor(page, "quantri")
        table = page.locator("table.dv-dash__table").first
        expect(table).to_contain_text("Tập hợp quần chúng trong độ tuổi vào tổ chức")
        expect(table).to_contain_text("Không đạt")
        page.screenshot(path=str(shots / f"programme-dashboard-{width}.png"), full_page=True)
        tasks = page.locator("section.dv-tasks")  # issue 16: the task groups' progress, beside the targets
        expect(tasks).to_contain_text("Tiến độ các nhóm nhiệm vụ")
        expect(tasks).to_contain_text("Tổng kết, biểu dương mô hình “Dân vận khéo”")
        expect(tasks.locator("table.dv-task__units").first).to_contain_text("Xã Phú Lý")
        page.set_viewport_size({"width": width, "height": 2000})  # the admin scrolls inside its own pane
        page.locator("#dv-tasks-title").scroll_into_view_if_needed()
        page.evaluate("document.getElementById('dv-tasks-title').scrollIntoView()")
        page.screenshot(path=str(shots / f"programme-dashboard-tasks-{width}.png"))
        page.set_viewport_size({"width": width, "height": 900})
        if width == 1280:
            results: Any = Axe().run(page, context={"include": [".dv-dash"]}).response
            blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
            assert blocking == []
            page.get_by_role("link", name="Thị trấn Vĩnh An").click()
            expect(page.get_by_role("navigation", name="Đơn vị đang xem")).to_contain_text("Thị trấn Vĩnh An")
            page.screenshot(path=str(shots / "programme-dashboard-commune-1280.png"), full_page=True)


def test_dashboard_computed_in_the_background(
    new_context: Callable[..., BrowserContext],
    portal: Portal,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Decision 0028 as an officer of a large scope sees it: "being computed" (the page reloads itself),
    then the figures with the drill-down a page at a time, then after new data the figures last kept
    with their time. The tests' queue runs the job at once, so a reload finds its result."""
    from danvan.programmes.models import DataValue
    from danvan.reports import admin_dashboard

    settings.DANVAN_DASHBOARD_INLINE_UNIT_PERIODS = 0
    monkeypatch.setattr(admin_dashboard, "CHILDREN_PER_PAGE", 2)
    programme = Programme.objects.get(code="42-CTr/HU")
    get_user_model().objects.create_superuser("quantri", "qt@example.com", "mat-khau-thu")
    give_known_app("quantri")
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page = new_context(viewport={"width": 360, "height": 900}).new_page()
    url = f"/admin/chuong-trinh/{programme.pk}/tong-quan/"
    page.goto(f"/admin/login/?next={url}")
    page.fill("input[name=username]", "quantri")
    page.fill("input[name=password]", "mat-khau-thu")
    page.click("button[type=submit]")
    pass_second_factor(page, "quantri")
    notice = page.locator(".dv-dash__refreshing")
    expect(notice).to_contain_text("đang tính số liệu của kỳ này")
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    page.screenshot(path=str(shots / "programme-dashboard-computing-360.png"), full_page=True)
    page.reload()
    expect(page.locator("table.dv-dash__table").first).to_contain_text("Tập hợp quần chúng")
    pages = page.get_by_role("navigation", name="Các trang đơn vị trực thuộc")
    expect(pages).to_contain_text("Trang 1/")
    pages.get_by_role("link", name="Trang sau").click()
    second = page.get_by_role("navigation", name="Các trang đơn vị trực thuộc")
    expect(second).to_contain_text("Trang 2/")
    second.scroll_into_view_if_needed()  # the admin scrolls inside its own pane: a full-page shot stops at the top
    page.screenshot(path=str(shots / "programme-dashboard-children-page-2-360.png"))
    value = DataValue.objects.filter(period__code=str(programme.year)).first()
    assert value is not None
    value.save()
    page.goto(url)
    expect(notice).to_contain_text("đã có số liệu mới hơn và hệ thống đang tính lại")
    expect(page.locator("table.dv-dash__table").first).to_contain_text("Tập hợp quần chúng")
    page.screenshot(path=str(shots / "programme-dashboard-stale-360.png"), full_page=True)
    results: Any = Axe().run(page, context={"include": [".dv-dash"]}).response
    blocking = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert blocking == []
