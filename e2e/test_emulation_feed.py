"""A recognised “Dân vận khéo” model reaches the gallery and the programme's figure (issue 16, decision 0020).

On the demo: Phú Lý's commune officer (xa.phuly) registers a 2023 model for the commune (VC-PL, whose
2023 report is still open and whose own demo model is still under review) with an evidence PDF; a
council member of the district scores it; the district's approver (huyen.vinhcuu, who decides on its
communes' models in the demo) starts the review and recognises it. The public gallery lists it for
2023, and the programme dashboard's “Dân vận khéo” figure — computed here by hand from the database —
moves from before to after.
"""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import BrowserContext, Page, expect

from danvan.documents.models import LegalDocument
from danvan.emulation.models import ModelStatus, SkilfulModel
from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.programmes import selectors
from danvan.programmes.models import DataValue, Programme, Submission

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, demo_staff_with_password, goto_ok

pytestmark = pytest.mark.e2e
SHOTS = ARTIFACTS / "screenshots"
PASSWORD = "mat-khau-cua-hanh-trinh-chi-tieu-dan-van-kheo"
TITLE = "Tổ hòa giải ấp nói chuyện với dân mỗi tối thứ Sáu"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
INDICATOR = "Cơ quan, đơn vị đạt tiêu chí “Dân vận khéo”"


def _council_member() -> Any:
    """A member of the district's council: scores the models of the units below the district."""
    group, _ = Group.objects.get_or_create(name="Hội đồng thẩm định huyện (thử)")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label__in=["emulation", "wagtailadmin"],
            codename__in=["add_councilscore", "access_admin"],
        )
    )
    user = get_user_model().objects.create_user("uy.vien.huyen", password=PASSWORD, is_staff=True)
    user.groups.add(group)
    UnitMembership.objects.create(user=user, org_unit=OrgUnit.objects.get(code="VC"), role="approver")
    return user


def _by_hand(programme: Programme) -> tuple[int, int]:
    """(units with a recognised 2023 model, units in the indicator's scope): administrative units of
    the programme's tree that existed in 2023 and that a 2023 report covers (their own or an
    ancestor's) — what the dashboard's officer sees, approved or not."""
    period = selectors.period_by_code("2023")
    assert period is not None
    reported = [s.org_unit.path for s in Submission.objects.filter(period=period).select_related("org_unit")]
    in_scope = {
        u.pk
        for u in OrgUnit.objects.filter(
            path__startswith=programme.root_unit.path, org_type__code="administrative"
        )
        if (u.valid_from is None or u.valid_from <= period.end)
        and (u.valid_to is None or u.valid_to >= period.start)
        and any(u.path.startswith(path) for path in reported)
    }
    recognised = set(
        SkilfulModel.objects.filter(year=2023, status=ModelStatus.RECOGNISED, unit__in=in_scope).values_list(
            "unit", flat=True
        )
    )
    return len(recognised), len(in_scope)


def _dashboard_row(page: Page, programme: Programme) -> Any:
    goto_ok(page, f"/admin/chuong-trinh/{programme.pk}/tong-quan/?period=2023")
    return page.locator("table.dv-dash__table").first.locator("tr", has_text=INDICATOR)


def _shown(numerator: int, denominator: int) -> str:
    return selectors.shown_vi(Decimal(numerator) * 100 / Decimal(denominator))


def test_a_recognition_reaches_the_gallery_and_the_dashboard(
    new_context: Callable[..., BrowserContext], portal: Portal, tmp_path: Any
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    demo_staff_with_password(PASSWORD)
    _council_member()
    programme = Programme.objects.get(code="42-CTr/HU")
    evidence = tmp_path / "bien-ban-hoa-giai.pdf"
    evidence.write_bytes(PDF)

    before = _by_hand(programme)
    decider = admin_log_in(new_context, "huyen.vinhcuu", PASSWORD, "/admin/")
    row = _dashboard_row(decider, programme)
    expect(row).to_contain_text(f"{_shown(*before)}%")
    expect(row).to_contain_text(f"{before[0]}/{before[1]}")
    row.scroll_into_view_if_needed()
    row.screenshot(path=str(SHOTS / "emulation-feed-dashboard-row-before-1280.png"))

    officer = admin_log_in(new_context, "xa.phuly", PASSWORD, "/admin/dan-van-kheo/dang-ky/")
    officer.select_option("#id_unit", value="VC-PL")
    officer.fill("#id_title", TITLE)
    officer.select_option("#id_field", value="xay_dung_he_thong_chinh_tri")
    officer.fill("#id_year", "2023")
    officer.fill(
        "#id_description", "Tổ hòa giải ngồi ở nhà văn hóa ấp mỗi tối thứ Sáu, nghe và gỡ các va chạm nhỏ."
    )
    officer.fill("#id_results", "Hòa giải thành 27 vụ trong năm, không vụ nào phải lên xã.")
    officer.set_input_files("#id_evidence_1", str(evidence))
    officer.get_by_role("button", name="Đăng ký").click()
    expect(officer.locator("main")).to_contain_text("bien-ban-hoa-giai.pdf")
    model = SkilfulModel.objects.get(title=TITLE)
    assert (model.status, model.unit.code, model.year) == (ModelStatus.REGISTERED, "VC-PL", 2023)

    goto_ok(decider, f"/admin/dan-van-kheo/{model.pk}/")
    decider.locator("form:has(input[name=action][value=review]) button").click()
    expect(decider.locator("main")).to_contain_text("Đang thẩm định")

    member = admin_log_in(
        new_context, "uy.vien.huyen", PASSWORD, f"/admin/dan-van-kheo/{model.pk}/cham-diem/"
    )
    for field in member.locator("input[name^=c]:not([type=hidden])").all():
        field.fill("9")
    member.fill("#id_comment", "Giữ được bình yên trong ấp, dễ nhân rộng.")
    member.get_by_role("button", name="Lưu điểm").click()
    expect(member.locator("main")).to_contain_text("90,00/100")

    goto_ok(decider, f"/admin/dan-van-kheo/{model.pk}/")
    form = decider.locator("form:has(input[name=action][value=recognise])")
    # a recognition cites a decision of the library: the demo's 2023 one of the district
    decision = LegalDocument.objects.get(symbol="86-QĐ/HU")
    form.locator("select[name=decision]").select_option(value=str(decision.pk))
    form.locator("input[name=decided_on]").fill("08/12/2023")
    form.get_by_role("button", name="Công nhận").click()
    expect(decider.locator("main")).to_contain_text("Được công nhận")
    decider.screenshot(path=str(SHOTS / "emulation-feed-recognised-1280.png"), full_page=True)
    model.refresh_from_db()
    assert model.status == ModelStatus.RECOGNISED
    assert DataValue.objects.get(
        element__code="skilful_mobilisation", period__code="2023", org_unit__code="VC-PL"
    ).value == Decimal(1)

    visitor = new_context(viewport={"width": 1280, "height": 900}).new_page()
    goto_ok(visitor, "/dan-van-kheo/?year=2023")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    visitor.screenshot(path=str(SHOTS / "emulation-feed-gallery-2023-1280.png"), full_page=True)

    after = _by_hand(programme)
    assert after == (before[0] + 1, before[1])  # Phú Lý counted "no" before, "yes" now
    row = _dashboard_row(decider, programme)
    expect(row).to_contain_text(f"{_shown(*after)}%")
    expect(row).to_contain_text(f"{after[0]}/{after[1]}")
    assert _shown(*after) != _shown(*before)
    # The admin scrolls inside its own container: a shot of the results table itself.
    table = decider.locator("table.dv-dash__table").first
    table.scroll_into_view_if_needed()
    table.screenshot(path=str(SHOTS / "emulation-feed-dashboard-2023-1280.png"))

    # The commune's open report shows the figure read-only, with where it comes from.
    report = selectors.report_places(["2023"], for_update=False)
    pk = next(r[0] for r in report if r[3] == "VC-PL")
    goto_ok(officer, f"/admin/nhap-so-lieu/{pk}/")
    expect(officer.locator("table.entry-report__grid")).to_contain_text("Ghi tự động từ quyết định công nhận")
    cell = officer.locator("td.entry-report__automatic")
    expect(cell).to_contain_text("Có")
    cell.scroll_into_view_if_needed()
    officer.screenshot(path=str(SHOTS / "emulation-feed-entry-1280.png"))
