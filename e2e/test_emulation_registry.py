"""A “Dân vận khéo” model from registration to recognition in the browser (issue 16, registry).

The commune's officer (xa.phuly, demo) registers a model with an evidence file; a member of the
province's council scores it; a superuser starts the review beforehand and recognises it.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import BrowserContext, expect

from danvan.documents.models import LegalDocument
from danvan.emulation.models import ModelStatus, SkilfulModel
from danvan.orgunits.models import OrgUnit, UnitMembership

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, demo_staff_with_password, goto_ok

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "mat-khau-cua-hanh-trinh-dan-van-kheo"
TITLE = "Góp gạo nuôi bếp ăn trường mầm non ấp 4"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _council_member() -> Any:
    group, _ = Group.objects.get_or_create(name="Hội đồng thẩm định (thử)")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["emulation", "wagtailadmin"],
            codename__in=["add_councilscore", "access_admin"],
        )
    )
    user = get_user_model().objects.create_user("uy.vien.tinh", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code="DN"), role="approver")
    return user


def test_register_score_recognise(
    new_context: Callable[..., BrowserContext], portal: Portal, tmp_path: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    demo_staff_with_password(PASSWORD)
    _council_member()
    get_user_model().objects.create_superuser("quan.tri.dvk", password=PASSWORD)
    evidence = tmp_path / "bao-cao-ket-qua.pdf"
    evidence.write_bytes(PDF)

    officer = admin_log_in(new_context, "xa.phuly", PASSWORD, "/admin/dan-van-kheo/dang-ky/")
    officer.select_option("#id_unit", value="DN-PHULY")
    officer.fill("#id_title", TITLE)
    officer.select_option("#id_field", value="van_hoa_xa_hoi")
    officer.fill("#id_year", "2025")
    officer.fill("#id_description", "Mỗi hộ góp một lon gạo mỗi tháng cho bếp ăn của các cháu.")
    officer.fill("#id_results", "Đủ gạo nấu cho 85 cháu suốt năm học.")
    officer.set_input_files("#id_evidence_1", str(evidence))
    officer.get_by_role("button", name="Đăng ký").click()
    expect(officer.locator("main")).to_contain_text("bao-cao-ket-qua.pdf")
    model = SkilfulModel.objects.get(title=TITLE)
    assert model.status == ModelStatus.REGISTERED

    boss = admin_log_in(new_context, "quan.tri.dvk", PASSWORD, f"/admin/dan-van-kheo/{model.pk}/")
    boss.locator("form:has(input[name=action][value=review]) button").click()
    expect(boss.locator("main")).to_contain_text("Đang thẩm định")

    member = admin_log_in(new_context, "uy.vien.tinh", PASSWORD, f"/admin/dan-van-kheo/{model.pk}/cham-diem/")
    for field in member.locator("input[name^=c]:not([type=hidden])").all():
        field.fill("8")
    member.fill("#id_comment", "Cách làm đơn giản, dễ học theo.")
    member.get_by_role("button", name="Lưu điểm").click()
    expect(member.locator("main")).to_contain_text("80,00/100")

    goto_ok(boss, f"/admin/dan-van-kheo/{model.pk}/")
    form = boss.locator("form:has(input[name=action][value=recognise])")
    # a recognition needs a decision of the library: the demo's 2025 one
    decision = LegalDocument.objects.get(symbol="318-QĐ/TU")
    form.locator("select[name=decision]").select_option(value=str(decision.pk))
    form.locator("input[name=decided_on]").fill("25/11/2025")
    form.get_by_role("button", name="Công nhận", exact=True).click()
    expect(boss.locator("main")).to_contain_text("Được công nhận")
    model.refresh_from_db()
    assert model.status == ModelStatus.RECOGNISED
    assert model.decision == decision
    boss.screenshot(path=str(SHOTS / "emulation-model-recognised-1280.png"), full_page=True)
