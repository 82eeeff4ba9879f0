"""The registry of “Dân vận khéo” models: register, review, score, recognise, refuse, revoke."""

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danvan.audit.actions import ACTIONS
from danvan.emulation import services
from danvan.emulation.models import (
    CouncilScore,
    ModelEvent,
    ModelEvidence,
    ModelField,
    ModelPhoto,
    ModelStatus,
    SkilfulModel,
)
from danvan.orgunits.models import UnitMembership
from tests.emulation_factories import CriterionFactory, SkilfulModelFactory
from tests.factories import (
    GroupFactory,
    LegalDocumentFactory,
    OrgUnitFactory,
    UnitMembershipFactory,
    UserFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def tree() -> dict[str, Any]:
    province = OrgUnitFactory(code="DN", name="Tỉnh Đồng Nai")
    commune = OrgUnitFactory(code="XA", name="Xã Phú Lý", parent=province)
    other = OrgUnitFactory(code="XB", name="Xã Trị An", parent=province)
    return {"province": province, "commune": commune, "other": other}


@pytest.fixture
def people(tree: dict[str, Any]) -> dict[str, Any]:
    officer = UserFactory(username="can.bo.xa")
    UnitMembershipFactory(user=officer, org_unit=tree["commune"], role=UnitMembership.Role.DATA_ENTRY)
    council = GroupFactory(
        name="Hội đồng thẩm định",
        permissions=[("emulation", "add_councilscore"), ("emulation", "change_skilfulmodel")],
    )
    members = []
    for name in ("uy.vien.mot", "uy.vien.hai"):
        member = UserFactory(username=name, groups=[council])
        UnitMembershipFactory(user=member, org_unit=tree["province"], role=UnitMembership.Role.APPROVER)
        members.append(member)
    # a member of the commune's own council holds the rights but sits on the commune itself
    own = UserFactory(username="uy.vien.xa", groups=[council])
    UnitMembershipFactory(user=own, org_unit=tree["commune"], role=UnitMembership.Role.APPROVER)
    return {"officer": officer, "members": members, "own": own}


def _register(tree: dict[str, Any], people: dict[str, Any], **extra: Any) -> SkilfulModel:
    fields: dict[str, Any] = {
        "title": "Đèn đường thắp sáng ngõ xóm",
        "unit": tree["commune"],
        "field": ModelField.DEFENCE_SECURITY,
        "level": None,
        "year": 2025,
        "description": "Các hộ cùng góp tiền lắp đèn chiếu sáng đường hẻm.",
        "results": "Lắp 120 bóng đèn, giảm hẳn trộm cắp vặt.",
        "by": people["officer"],
    }
    fields.update(extra)
    return services.register_model(**fields)


def test_register_keeps_evidence_privately_and_photos_as_images(tree: Any, people: Any) -> None:
    pdf = io.BytesIO(PDF)
    photo = io.BytesIO(jpeg_bytes(40, 30))
    model = _register(
        tree,
        people,
        evidence=[("Báo cáo kết quả.pdf", pdf, len(PDF))],
        photos=[("den.jpg", photo, len(photo.getvalue()), "Đèn mới lắp ở tổ 3")],
    )
    assert model.status == ModelStatus.REGISTERED
    assert model.slug == "den-duong-thap-sang-ngo-xom"
    assert "thap sang" in model.folded_text
    evidence = ModelEvidence.objects.get(model=model)
    assert str(evidence.file.name).startswith("rieng/dan-van-kheo/")
    assert evidence.content_type == "application/pdf"
    assert evidence.name == "Báo cáo kết quả.pdf"
    photo_row = ModelPhoto.objects.get(model=model)
    assert photo_row.caption == "Đèn mới lắp ở tổ 3"
    assert photo_row.image.width == 40
    assert ModelEvent.objects.filter(model=model, action="register").count() == 1
    again = _register(tree, people)
    assert again.slug == "den-duong-thap-sang-ngo-xom-2"


@pytest.mark.parametrize(
    "content",
    [b"<html><script>alert(1)</script></html>", b"MZ\x90\x00 not a document", b"PK\x03\x04broken zip"],
)
def test_evidence_that_lies_about_its_type_is_refused_and_nothing_saved(
    tree: Any, people: Any, content: bytes
) -> None:
    with pytest.raises(ValidationError):
        _register(tree, people, evidence=[("bao-cao.pdf", io.BytesIO(content), len(content))])
    assert not SkilfulModel.objects.exists()
    assert not ModelEvidence.objects.exists()


def test_a_pdf_named_as_a_photo_is_refused(tree: Any, people: Any) -> None:
    with pytest.raises(ValidationError):
        _register(tree, people, photos=[("anh.jpg", io.BytesIO(PDF), len(PDF), "Ảnh")])
    assert not SkilfulModel.objects.exists()


def test_evidence_over_ten_megabytes_is_refused(tree: Any, people: Any) -> None:
    with pytest.raises(ValidationError):
        _register(tree, people, evidence=[("lon.pdf", io.BytesIO(PDF), 10 * 2**20 + 1)])
    assert not SkilfulModel.objects.exists()


def test_only_the_units_data_entry_registers(tree: Any, people: Any) -> None:
    with pytest.raises(PermissionDenied):
        _register(tree, people, unit=tree["other"])
    with pytest.raises(PermissionDenied):
        _register(tree, people, by=people["members"][0])  # an approver, not data entry


def test_weighted_score_by_hand(tree: Any, people: Any) -> None:
    a: Any = CriterionFactory(name="Hiệu quả", weight=Decimal(3), max_score=10)
    b: Any = CriterionFactory(name="Sức lan tỏa", weight=Decimal(2), max_score=10)
    c: Any = CriterionFactory(name="Bền vững", weight=Decimal(1), max_score=20)
    CriterionFactory(name="Cũ", weight=Decimal(5), active=False)
    model = _register(tree, people)
    model = services.start_review(model, by=people["members"][0])
    one, two = people["members"]
    services.score_model(model, member=one, scores={a.pk: 8, b.pk: 6, c.pk: 10}, comment="Tốt")
    model = services.score_model(model, member=two, scores={a.pk: 6, b.pk: 9, c.pk: 14})
    # means: a 7/10 = 0.7, b 7.5/10 = 0.75, c 12/20 = 0.6
    # (3×0.7 + 2×0.75 + 1×0.6) / 6 × 100 = (2.1 + 1.5 + 0.6) / 6 × 100 = 70.00
    assert model.score == Decimal("70.00")
    # member one revises a: mean a = (10 + 6)/2 = 8 → (3×0.8 + 1.5 + 0.6)/6×100 = 4.5/6×100 = 75.00
    model = services.score_model(model, member=one, scores={a.pk: 10})
    assert model.score == Decimal("75.00")
    assert CouncilScore.objects.filter(model=model).count() == 6
    assert CouncilScore.objects.get(model=model, member=one, criterion=b).comment == "Tốt"


def test_scores_are_checked(tree: Any, people: Any) -> None:
    a: Any = CriterionFactory(weight=Decimal(1), max_score=10)
    model = _register(tree, people)
    with pytest.raises(ValidationError):  # not under review yet
        services.score_model(model, member=people["members"][0], scores={a.pk: 5})
    model = services.start_review(model, by=people["members"][0])
    with pytest.raises(ValidationError):
        services.score_model(model, member=people["members"][0], scores={a.pk: 11})
    with pytest.raises(ValidationError):
        services.score_model(model, member=people["members"][0], scores={a.pk + 99: 5})
    with pytest.raises(PermissionDenied):  # nobody scores their own unit's model
        services.score_model(model, member=people["own"], scores={a.pk: 5})
    assert not CouncilScore.objects.exists()


def test_recognise_then_revoke(tree: Any, people: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(services, "_on_recognition_changed", lambda m, **_: calls.append(m.status))
    member = people["members"][0]
    model = _register(tree, people)
    model = services.start_review(model, by=member, expected_version=model.version)
    assert model.status == ModelStatus.UNDER_REVIEW
    decision: Any = LegalDocumentFactory(issued_on=dt.date(2025, 11, 18))
    model = services.recognise_model(
        model, by=member, decision=decision, decided_on=dt.date(2025, 11, 20), reason="Đạt 85 điểm"
    )
    assert model.status == ModelStatus.RECOGNISED
    assert model.decided_on == dt.date(2025, 11, 20)
    assert model.decision == decision
    with pytest.raises(ValidationError):
        services.revoke_model(model, by=member, reason="  ")
    model = services.revoke_model(
        model, by=member, reason="Mô hình không còn duy trì", on=dt.date(2026, 3, 1)
    )
    assert model.status == ModelStatus.REVOKED
    assert model.revoked_reason == "Mô hình không còn duy trì"
    assert calls == [ModelStatus.RECOGNISED, ModelStatus.REVOKED]
    actions = list(ModelEvent.objects.filter(model=model).values_list("action", "actor__username"))
    assert actions == [
        ("register", "can.bo.xa"),
        ("review", "uy.vien.mot"),
        ("recognise", "uy.vien.mot"),
        ("revoke", "uy.vien.mot"),
    ]


def test_refuse_needs_a_reason(tree: Any, people: Any) -> None:
    member = people["members"][1]
    model = services.start_review(_register(tree, people), by=member)
    with pytest.raises(ValidationError):
        services.refuse_model(model, by=member, reason="")
    model = services.refuse_model(model, by=member, reason="Chưa có số liệu đo được")
    assert model.status == ModelStatus.NOT_RECOGNISED


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (ModelStatus.REGISTERED, "recognise"),
        (ModelStatus.REGISTERED, "revoke"),
        (ModelStatus.UNDER_REVIEW, "review"),
        (ModelStatus.NOT_RECOGNISED, "revoke"),
        (ModelStatus.REVOKED, "recognise"),
        (ModelStatus.RECOGNISED, "refuse"),
    ],
)
def test_wrong_transitions_change_nothing(tree: Any, people: Any, status: str, action: str) -> None:
    model: Any = SkilfulModelFactory(unit=tree["commune"], status=status)
    member = people["members"][0]
    calls = {
        "review": lambda: services.start_review(model, by=member),
        "recognise": lambda: services.recognise_model(
            model, by=member, decision=LegalDocumentFactory(), decided_on=None
        ),
        "refuse": lambda: services.refuse_model(model, by=member, reason="Lý do"),
        "revoke": lambda: services.revoke_model(model, by=member, reason="Lý do"),
    }
    with pytest.raises(ValidationError):
        calls[action]()
    model.refresh_from_db()
    assert (model.status, model.version) == (status, 1)
    assert not ModelEvent.objects.exists()


def test_stale_version_is_a_conflict(tree: Any, people: Any) -> None:
    member = people["members"][0]
    model = _register(tree, people)
    stale = model.version
    services.start_review(model, by=member, expected_version=stale)
    with pytest.raises(services.ModelConflict):
        services.recognise_model(
            model, by=member, decision=LegalDocumentFactory(), decided_on=None, expected_version=stale
        )
    model.refresh_from_db()
    assert model.status == ModelStatus.UNDER_REVIEW


def test_deciding_needs_a_unit_above_and_the_permission(tree: Any, people: Any) -> None:
    model = _register(tree, people)
    with pytest.raises(PermissionDenied):
        services.start_review(model, by=people["own"])
    with pytest.raises(PermissionDenied):
        services.start_review(model, by=people["officer"])
    boss = UserFactory(username="chu.tich", is_superuser=True)
    assert services.start_review(model, by=boss).status == ModelStatus.UNDER_REVIEW


def test_every_announced_action_has_a_label() -> None:
    for verb in (
        "register",
        "review",
        "score",
        "recognise",
        "refuse",
        "revoke",
        "edit",
        "evidence_add",
        "evidence_remove",
        "photo_add",
    ):
        assert f"skilful_model.{verb}" in ACTIONS


def test_a_recognition_needs_a_decision_and_takes_its_date(tree: Any, people: Any) -> None:
    member = people["members"][0]
    model = services.start_review(_register(tree, people), by=member)
    with pytest.raises(ValidationError, match="thư viện văn bản"):
        services.recognise_model(model, by=member, decision=None, decided_on=dt.date(2025, 11, 20))
    model.refresh_from_db()
    assert (model.status, model.decision_id, model.version) == (ModelStatus.UNDER_REVIEW, None, 2)
    decision: Any = LegalDocumentFactory(issued_on=dt.date(2025, 11, 18))
    model = services.recognise_model(model, by=member, decision=decision, decided_on=None)
    assert (model.status, model.decision, model.decided_on) == (
        ModelStatus.RECOGNISED,
        decision,
        dt.date(2025, 11, 18),  # no day typed: the decision's issue day
    )
