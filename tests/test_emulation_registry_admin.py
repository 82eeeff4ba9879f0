"""The registry's admin screens: registration with evidence, the model page, steps, conflicts, 404s."""

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.emulation.models import ModelEvidence, ModelStatus, SkilfulModel
from danvan.orgunits.models import UnitMembership
from tests.emulation_factories import CriterionFactory, SkilfulModelFactory
from tests.factories import (
    GroupFactory,
    LegalDocumentFactory,
    OrgUnitFactory,
    UnitMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def world() -> dict[str, Any]:
    province = OrgUnitFactory(code="DN", name="Tỉnh Đồng Nai")
    commune = OrgUnitFactory(code="XA", name="Xã Phú Lý", parent=province)
    other = OrgUnitFactory(code="XB", name="Xã Trị An", parent=province)
    staff = GroupFactory(name="Cán bộ", permissions=[("wagtailadmin", "access_admin")])
    officer = UserFactory(username="can.bo", groups=[staff])
    UnitMembershipFactory(user=officer, org_unit=commune, role=UnitMembership.Role.DATA_ENTRY)
    council = GroupFactory(
        name="Hội đồng",
        permissions=[
            ("emulation", "add_councilscore"),
            ("emulation", "change_skilfulmodel"),
            ("wagtailadmin", "access_admin"),
        ],
    )
    member = UserFactory(username="uy.vien", groups=[council])
    UnitMembershipFactory(user=member, org_unit=province, role=UnitMembership.Role.APPROVER)
    return {"commune": commune, "other": other, "officer": officer, "member": member}


def test_an_officer_registers_a_model_with_evidence(client: Client, world: Any) -> None:
    client.force_login(world["officer"])
    response = client.post(
        reverse("emulation_model_register"),
        {
            "title": "Bữa cơm nghĩa tình",
            "unit": "XA",
            "field": "van_hoa_xa_hoi",
            "year": "2025",
            "description": "Nấu cơm miễn phí cho người bệnh.",
            "results": "Hơn 3.000 suất cơm mỗi năm.",
            "evidence_1": SimpleUploadedFile("bao-cao.pdf", PDF),
        },
    )
    model = SkilfulModel.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("emulation_model", args=[model.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "bao-cao.pdf" in page.content.decode()
    evidence = ModelEvidence.objects.get()
    download = client.get(reverse("emulation_model_evidence", args=[model.pk, evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]


def test_a_lying_file_is_refused_with_a_message(client: Client, world: Any) -> None:
    client.force_login(world["officer"])
    response = client.post(
        reverse("emulation_model_register"),
        {
            "title": "Mô hình thử",
            "unit": "XA",
            "field": "kinh_te",
            "year": "2025",
            "description": "Mô tả",
            "results": "Kết quả",
            "evidence_1": SimpleUploadedFile("bao-cao.pdf", b"<svg onload=alert(1)></svg>"),
        },
    )
    assert response.status_code == 400
    assert "SVG" in response.content.decode()
    assert not SkilfulModel.objects.exists()


def test_other_units_models_are_not_found(client: Client, world: Any) -> None:
    model: Any = SkilfulModelFactory(unit=world["other"])
    client.force_login(world["officer"])
    assert client.get(reverse("emulation_model", args=[model.pk])).status_code == 404
    assert client.get(reverse("emulation_model_score", args=[model.pk])).status_code == 404


def test_steps_and_a_stale_form(client: Client, world: Any) -> None:
    model: Any = SkilfulModelFactory(unit=world["commune"])
    client.force_login(world["member"])
    url = reverse("emulation_model_action", args=[model.pk])
    assert client.post(url, {"action": "review", "version": "1"}).status_code == 302
    stale = client.post(url, {"action": "recognise", "version": "1"})
    assert stale.status_code == 409
    refused = client.post(url, {"action": "refuse", "version": "2", "reason": ""})
    assert refused.status_code == 400
    assert "Hãy ghi" in refused.content.decode()
    without = client.post(url, {"action": "recognise", "version": "2", "decided_on": "20/11/2025"})
    assert without.status_code == 400
    assert "Hãy chọn quyết định công nhận" in without.content.decode()
    decision: Any = LegalDocumentFactory()
    done = client.post(
        url, {"action": "recognise", "version": "2", "decided_on": "20/11/2025", "decision": str(decision.pk)}
    )
    assert done.status_code == 302
    model.refresh_from_db()
    assert model.status == ModelStatus.RECOGNISED
    assert str(model.decided_on) == "2025-11-20"
    assert model.decision == decision


def test_the_officer_may_not_decide(client: Client, world: Any) -> None:
    model: Any = SkilfulModelFactory(unit=world["commune"])
    client.force_login(world["officer"])
    response = client.post(
        reverse("emulation_model_action", args=[model.pk]), {"action": "review", "version": "1"}
    )
    assert response.status_code == 403


def test_the_scoring_form(client: Client, world: Any) -> None:
    a: Any = CriterionFactory(weight=Decimal(2), max_score=10)
    b: Any = CriterionFactory(weight=Decimal(1), max_score=10)
    model: Any = SkilfulModelFactory(unit=world["commune"], status=ModelStatus.UNDER_REVIEW)
    client.force_login(world["member"])
    url = reverse("emulation_model_score", args=[model.pk])
    assert client.get(url).status_code == 200
    too_high = client.post(url, {"version": "1", f"c{a.pk}": "11", f"c{b.pk}": "5"})
    assert too_high.status_code == 400
    assert "11" in too_high.content.decode()
    ok = client.post(url, {"version": "1", f"c{a.pk}": "9", f"c{b.pk}": "6", "comment": "Khá"})
    assert ok.status_code == 302, ok.content.decode()[-3000:]
    model.refresh_from_db()
    # (2 × 0.9 + 1 × 0.6) / 3 × 100 = 2.4 / 3 × 100 = 80.00
    assert model.score == Decimal("80.00")
    page = client.get(reverse("emulation_model", args=[model.pk])).content.decode()
    assert "80,00" in page  # Vietnamese decimal comma
    assert "Khá" in page
