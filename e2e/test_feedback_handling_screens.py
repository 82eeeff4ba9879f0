"""The staff case screens in a browser (issue 15): the district's handler opens the case list and a
case's page at desktop and phone widths (screenshots for people to look at), accepts the case with
the form, and the list says an overdue case is late in words."""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import BrowserContext, expect

from danvan.core.dates import today_in_vietnam
from danvan.core.text import fold
from danvan.feedback.models import Case, CaseAttachment, CaseDeadline, CaseEvent, DeadlineRule
from danvan.orgunits.models import OrgUnit

from .conftest import Portal
from .helpers import ARTIFACTS, admin_log_in, demo_staff_with_password

pytestmark = pytest.mark.e2e

PASSWORD = "mat-khau-cua-bai-kiem-tra-don-thu"
SHOTS = ARTIFACTS / "screenshots"
CASES = [
    # (unit, kind, status, title, days until due or None)
    ("VC-PL", "khieu_nai", "accepted", "Khiếu nại về việc bồi thường đất tại ấp 2", -3),
    ("VC-PL", "phan_anh", "received", "Đèn đường ấp 3 không sáng nhiều ngày", 2),
    ("VC-PL", "phan_anh", "received", "Đèn đường ấp 3 bị hỏng, không sáng", 4),
    ("VC-VA", "to_cao", "in_progress", "Tố cáo hành vi lấn chiếm hành lang kênh", 12),
    ("VC-VA", "kien_nghi", "answered", "Kiến nghị sửa chữa trường mẫu giáo", None),
    ("VC-PL", "cau_hoi", "closed", "Hỏi về thủ tục cấp giấy chứng nhận quyền sử dụng đất", None),
]


def _cases() -> list[Case]:
    today = today_in_vietnam()
    made = []
    for n, (unit, kind, status, title, due) in enumerate(CASES):
        content = f"{title}. Đề nghị cơ quan có thẩm quyền xem xét, giải quyết sớm cho người dân."
        made.append(
            Case.objects.create(
                code=f"PA-2026-E2E{n:03d}",
                kind=kind,
                status=status,
                title=title,
                content=content,
                unit=OrgUnit.objects.get(code=unit),
                citizen_name="Nguyễn Văn An",
                email="an@example.vn" if n in (1, 2) else f"nguoi{n}@example.vn",
                phone="0901234567",
                received_at=timezone.now() - dt.timedelta(days=20 - n),
                next_due_on=today + dt.timedelta(days=due) if due is not None else None,
                folded_text=fold(f"{title}\n{content}"),
                contact_key="an@example.vn" if n in (1, 2) else f"nguoi{n}@example.vn",
            )
        )
    first = made[0]
    rule = DeadlineRule.objects.create(
        key="complaint_accept_e2e",
        kind="khieu_nai",
        step="accept",
        amount=10,
        unit="days",
        source="Luật Khiếu nại 2011, Điều 27",
        valid_from=dt.date(2012, 7, 1),
    )
    CaseDeadline.objects.create(
        case=first,
        rule=rule,
        step="accept",
        starts_from=today - dt.timedelta(days=13),
        due_on=today - dt.timedelta(days=3),
    )
    for case in made:
        CaseEvent.objects.create(case=case, at=case.received_at, action="receive", to_status="received")
    CaseAttachment.objects.create(
        case=made[2],
        file=ContentFile(b"%PDF-1.4 anh", name="anh.pdf"),
        name="Ảnh đèn hỏng.pdf",
        content_type="application/pdf",
        size=12,
    )
    return made


@pytest.fixture
def district_handler(portal: Portal) -> Any:
    demo_staff_with_password(PASSWORD)
    user = get_user_model().objects.get(username="huyen.vinhcuu")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="feedback", codename="handle_case")
    )
    return user


def test_case_list_and_page_for_the_district(
    district_handler: Any, new_context: Callable[..., BrowserContext]
) -> None:
    cases = _cases()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 360):
        page = admin_log_in(new_context, "huyen.vinhcuu", PASSWORD, "/admin/don-thu/", width=width)
        # Phú Lý before 2025 holds this test's cases (the demo's are in today's communes).
        page.goto("/admin/don-thu/?unit=VC-PL")
        expect(page.locator(".cases-overdue").first).to_have_text("Quá hạn 3 ngày")
        # The admin scrolls inside its own panel: a tall window shows the whole page in one picture.
        page.set_viewport_size({"width": width, "height": 2400})
        page.screenshot(path=str(SHOTS / f"feedback-case-list-{width}.png"), full_page=True)
        page.goto(f"/admin/don-thu/{cases[2].pk}/")
        expect(page.get_by_text("Cùng người gửi")).to_be_visible()
        page.screenshot(path=str(SHOTS / f"feedback-case-page-{width}.png"), full_page=True)
        page.goto(f"/admin/don-thu/{cases[0].pk}/")
        page.screenshot(path=str(SHOTS / f"feedback-case-overdue-{width}.png"), full_page=True)
    # Accept the second case through its form.
    page.goto(f"/admin/don-thu/{cases[1].pk}/")
    page.fill("#accept-reason", "Đủ điều kiện thụ lý")
    page.locator("button[name=action][value=accept]").click()
    expect(page.get_by_text("Đã thụ lý đơn.")).to_be_visible()
    cases[1].refresh_from_db()
    assert cases[1].status == "accepted"
