"""Editing a “Dân vận khéo” model and choosing the recognition decision in the browser (issue 16).

A superuser opens the demo's registered model (Trị An), changes its title and adds an evidence file
without JavaScript-only controls; then opens the model under review (Phú Lý), narrows the decisions
with a search typed without accents and recognises it with the demo's 2025 decision. Screenshots of
the edit page and the recognise form at 1280 and 360 px go to artifacts/screenshots.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import BrowserContext, Page, expect

from danvan.documents.models import LegalDocument
from danvan.emulation.models import ModelEvidence, ModelStatus, SkilfulModel

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, goto_ok

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "mat-khau-sua-mo-hinh-dan-van-kheo"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _shoot(page: Page, name: str, width: int) -> None:
    """The whole page: the admin scrolls inside its main area, so the window is made as tall first."""
    height = page.evaluate(
        "Math.max(document.documentElement.scrollHeight,"
        " ...Array.from(document.querySelectorAll('main, .content-wrapper')).map(e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 8000)})
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": width, "height": 900})


def _no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the page scrolls sideways by {overflow}px"


def test_edit_add_evidence_and_recognise_with_a_library_decision(
    new_context: Callable[..., BrowserContext], portal: Portal, tmp_path: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    get_user_model().objects.create_superuser("quan.tri.sua", password=PASSWORD)
    registered = SkilfulModel.objects.get(unit__code="DN-TRIAN", status=ModelStatus.REGISTERED)
    under_review = SkilfulModel.objects.get(unit__code="DN-PHULY", status=ModelStatus.UNDER_REVIEW)
    evidence = tmp_path / "bien-ban-nghiem-thu.pdf"
    evidence.write_bytes(PDF)

    edit_path = f"/admin/dan-van-kheo/{registered.pk}/sua/"
    for width in (1280, 360):
        page = admin_log_in(new_context, "quan.tri.sua", PASSWORD, edit_path, width=width)
        expect(page.locator("main")).to_contain_text("Thông tin mô hình")
        _shoot(page, "emulation-model-edit", width)
        _no_sideways_scroll(page)

    page.fill("#id_title", "Tổ liên kết du lịch sinh thái lòng hồ Trị An")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.locator("main")).to_contain_text("Đã lưu thay đổi: tên mô hình")
    goto_ok(page, edit_path)
    page.set_input_files("#id_evidence_1", str(evidence))
    page.get_by_role("button", name="Bổ sung", exact=True).click()
    expect(page.locator("main")).to_contain_text("bien-ban-nghiem-thu.pdf")
    registered.refresh_from_db()
    assert registered.title == "Tổ liên kết du lịch sinh thái lòng hồ Trị An"
    assert ModelEvidence.objects.filter(model=registered, name="bien-ban-nghiem-thu.pdf").exists()

    decision = LegalDocument.objects.get(symbol="318-QĐ/TU")
    model_path = f"/admin/dan-van-kheo/{under_review.pk}/"
    for width in (1280, 360):
        page = admin_log_in(new_context, "quan.tri.sua", PASSWORD, model_path, width=width)
        page.fill("#tim-decision", "cong nhan dan van kheo 2025")  # typed without accents
        page.get_by_role("button", name="Tìm", exact=True).click()
        options = page.locator("#decision-recognise option")
        expect(options).to_have_count(2)  # "— Chọn quyết định —" and the one that matches
        _shoot(page, "emulation-recognise-form", width)
        _no_sideways_scroll(page)

    form = page.locator("form:has(input[name=action][value=recognise])")
    form.locator("select[name=decision]").select_option(value=str(decision.pk))
    form.get_by_role("button", name="Công nhận", exact=True).click()
    expect(page.locator("main")).to_contain_text("Được công nhận")
    expect(page.locator(f"main a[href='{decision.get_absolute_url()}']")).to_be_visible()
    under_review.refresh_from_db()
    assert (under_review.status, under_review.decision) == (ModelStatus.RECOGNISED, decision)
