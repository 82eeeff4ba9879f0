"""Editing a “Dân vận khéo” model after registration (issue 16): who may change what in which status,
stale forms, hostile input, evidence and photos added later (checked by content, size and count),
evidence removed, and the recognition decision chosen from the documents library."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.emulation import services
from danvan.emulation.evidence import MAX_EVIDENCE_FILES
from danvan.emulation.models import ModelEvent, ModelEvidence, ModelPhoto, ModelStatus
from danvan.orgunits.models import UnitMembership
from danvan.search.models import SearchDocument
from tests.emulation_factories import SkilfulModelFactory
from tests.factories import (
    DocumentTypeFactory,
    GroupFactory,
    LegalDocumentFactory,
    OrgUnitFactory,
    UnitMembershipFactory,
    UserFactory,
    jpeg_bytes,
)
from tests.gallery_factories import photo

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
S = ModelStatus


@pytest.fixture
def world(media_root: Any) -> dict[str, Any]:
    province = OrgUnitFactory(code="DN", name="Tỉnh Đồng Nai")
    commune = OrgUnitFactory(code="XA", name="Xã Phú Lý", parent=province)
    other = OrgUnitFactory(code="XB", name="Xã Trị An", parent=province)
    staff = GroupFactory(name="Cán bộ", permissions=[("wagtailadmin", "access_admin")])
    officer = UserFactory(username="can.bo", groups=[staff])
    UnitMembershipFactory(user=officer, org_unit=commune, role=UnitMembership.Role.DATA_ENTRY)
    stranger = UserFactory(username="can.bo.xa.khac", groups=[staff])
    UnitMembershipFactory(user=stranger, org_unit=other, role=UnitMembership.Role.DATA_ENTRY)
    deciders = GroupFactory(
        name="Thường trực",
        permissions=[("emulation", "change_skilfulmodel"), ("wagtailadmin", "access_admin")],
    )
    decider = UserFactory(username="thuong.truc", groups=[deciders])
    UnitMembershipFactory(user=decider, org_unit=province, role=UnitMembership.Role.APPROVER)
    council = GroupFactory(
        name="Hội đồng", permissions=[("emulation", "add_councilscore"), ("wagtailadmin", "access_admin")]
    )
    member = UserFactory(username="uy.vien", groups=[council])
    UnitMembershipFactory(user=member, org_unit=province, role=UnitMembership.Role.APPROVER)
    return {
        "commune": commune,
        "officer": officer,
        "stranger": stranger,
        "decider": decider,
        "member": member,
    }


def _model(world: dict[str, Any], status: str = S.REGISTERED, **fields: Any) -> Any:
    return SkilfulModelFactory(unit=world["commune"], status=status, title="Đèn đường ngõ xóm", **fields)


def _form(model: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "version": str(model.version),
        "title": model.title,
        "field": model.field,
        "year": str(model.year),
        "description": model.description,
        "results": model.results,
        "published": "on" if model.published else "",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- who may change what -------------------------------------------------------------------------

ALL = services.CONTENT_FIELDS


@pytest.mark.parametrize(
    ("who", "status", "fields", "page"),
    [
        ("officer", S.REGISTERED, ALL, 200),
        ("officer", S.UNDER_REVIEW, (), 403),
        ("officer", S.RECOGNISED, (), 403),
        ("decider", S.REGISTERED, ALL, 200),
        ("decider", S.UNDER_REVIEW, ALL, 200),
        ("decider", S.RECOGNISED, ("published",), 200),
        ("decider", S.NOT_RECOGNISED, ("published",), 200),
        ("decider", S.REVOKED, ("published",), 200),
        ("member", S.REGISTERED, (), 403),  # scores, does not edit
        ("member", S.UNDER_REVIEW, (), 403),
        ("stranger", S.REGISTERED, (), 404),  # another commune's model is not revealed
    ],
)
def test_who_may_edit_by_status_and_role(
    client: Client, world: Any, who: str, status: str, fields: tuple[str, ...], page: int
) -> None:
    model = _model(world, status)
    assert services.editable_fields(world[who], model) == fields
    client.force_login(world[who])
    response = client.get(reverse("emulation_model_edit", args=[model.pk]))
    assert response.status_code == page
    if page == 200:
        body = response.content.decode()
        assert ('name="title"' in body) == ("title" in fields)
        assert 'name="published"' in body


def test_the_officer_edits_a_registered_model(client: Client, world: Any) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    response = client.post(
        reverse("emulation_model_edit", args=[model.pk]),
        _form(model, title="Thắp sáng đường quê", description="Các hộ góp tiền lắp đèn.", year="2024"),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    model.refresh_from_db()
    assert (model.title, model.year, model.description) == (
        "Thắp sáng đường quê",
        2024,
        "Các hộ góp tiền lắp đèn.",
    )
    assert model.slug == "thap-sang-duong-que"  # not public yet: the address follows the title
    assert "duong que" in model.folded_text
    assert model.version == 2
    event = ModelEvent.objects.get(model=model)
    assert (event.action, event.actor) == ("edit", world["officer"])
    assert event.reason == "tên mô hình, năm, mô tả"
    assert AuditEntry.objects.filter(action="skilful_model.edit").count() == 1
    page = client.get(reverse("emulation_model", args=[model.pk])).content.decode()
    assert "Sửa thông tin" in page and "tên mô hình, năm, mô tả" in page


def test_nothing_changed_writes_nothing(client: Client, world: Any) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    response = client.post(reverse("emulation_model_edit", args=[model.pk]), _form(model))
    assert response.status_code == 302
    model.refresh_from_db()
    assert model.version == 1
    assert not ModelEvent.objects.exists()


def test_the_officer_may_not_post_an_edit_under_review(client: Client, world: Any) -> None:
    model = _model(world, S.UNDER_REVIEW)
    client.force_login(world["officer"])
    response = client.post(reverse("emulation_model_edit", args=[model.pk]), _form(model, title="Đổi tên"))
    assert response.status_code == 403
    assert "không được sửa" in response.content.decode()
    model.refresh_from_db()
    assert (model.title, model.version) == ("Đèn đường ngõ xóm", 1)


def test_after_the_decision_only_published_and_captions_change(client: Client, world: Any) -> None:
    model = _model(world, S.RECOGNISED)
    picture = photo(model, caption="Ảnh cũ")
    services.index_model(model)
    assert SearchDocument.objects.filter(kind="skilful_model").count() == 1
    with pytest.raises(ValidationError, match="tên mô hình"):
        services.edit_model(model, by=world["decider"], changes={"title": "Tên khác"})
    client.force_login(world["decider"])
    response = client.post(
        reverse("emulation_model_edit", args=[model.pk]),
        # the title is not on the form after the decision: posting it anyway changes nothing
        {"version": "1", "title": "Tên lén đổi", "published": "", f"photo_caption_{picture.pk}": "Ảnh mới"},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    model.refresh_from_db()
    picture.refresh_from_db()
    assert (model.title, model.published, picture.caption) == ("Đèn đường ngõ xóm", False, "Ảnh mới")
    assert ModelEvent.objects.get(model=model, action="edit").reason == "hiện trên cổng, chú thích ảnh"
    assert not SearchDocument.objects.filter(kind="skilful_model").exists()  # services.index_model ran


def test_a_stale_form_is_a_conflict_and_changes_nothing(client: Client, world: Any) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    url = reverse("emulation_model_edit", args=[model.pk])
    assert client.post(url, _form(model, title="Lần sửa thứ nhất")).status_code == 302
    stale = client.post(url, _form(model, title="Lần sửa từ trang cũ", version="1"))
    assert stale.status_code == 409
    assert "vừa được người khác thay đổi" in stale.content.decode()
    model.refresh_from_db()
    assert (model.title, model.version) == ("Lần sửa thứ nhất", 2)
    assert ModelEvent.objects.filter(action="edit").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "   "}, "bắt buộc"),
        ({"title": None}, "bắt buộc"),  # not posted at all
        ({"title": "x" * 256}, "255"),
        ({"description": "d" * 20_001}, "20000"),
        ({"title": "Đèn\x07 đường"}, "ký tự điều khiển"),
        ({"results": "Kết quả\x1b[31m"}, "ký tự điều khiển"),
        ({"title": "Đèn\x00"}, "ký tự điều khiển"),
        ({"year": "1999"}, "2000"),
        ({"year": "năm ngoái"}, "số"),
        ({"field": "khong_co"}, "hợp lệ"),
        ({"version": ""}, "phiên bản"),
    ],
)
def test_hostile_input_is_refused_in_vietnamese_and_nothing_written(
    client: Client, world: Any, changes: dict[str, Any], message: str
) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    response = client.post(reverse("emulation_model_edit", args=[model.pk]), _form(model, **changes))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body or message.lower() in body.lower(), body[-3000:]
    model.refresh_from_db()
    assert (model.title, model.version, model.year) == ("Đèn đường ngõ xóm", 1, 2025)
    assert not ModelEvent.objects.exists()


def test_typed_markup_is_kept_as_text_and_escaped(client: Client, world: Any) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    url = reverse("emulation_model_edit", args=[model.pk])
    title = "<script>alert(1)</script> Đèn"
    assert client.post(url, _form(model, title=title, results="<b>120</b> bóng")).status_code == 302
    model.refresh_from_db()
    assert model.title == title
    for page in (client.get(url), client.get(reverse("emulation_model", args=[model.pk]))):
        body = page.content.decode()
        assert "<script>alert(1)" not in body
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Đèn" in body


# --- evidence and photos added later, evidence removed ---------------------------------------------


def test_evidence_and_a_photo_added_later_each_logged(client: Client, world: Any) -> None:
    model = _model(world, S.UNDER_REVIEW)
    photo(model, position=0)
    client.force_login(world["decider"])
    response = client.post(
        reverse("emulation_model_add_files", args=[model.pk]),
        {
            "version": "1",
            "evidence_1": SimpleUploadedFile("bien-ban.pdf", PDF),
            "evidence_2": SimpleUploadedFile("so-lieu.pdf", PDF),
            "photo_1": SimpleUploadedFile("den.jpg", jpeg_bytes(40, 30)),
            "caption_1": "Đèn ở tổ 5",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert sorted(ModelEvidence.objects.filter(model=model).values_list("name", flat=True)) == [
        "bien-ban.pdf",
        "so-lieu.pdf",
    ]
    added = ModelPhoto.objects.get(model=model, caption="Đèn ở tổ 5")
    assert added.position == 1  # after the photo it had
    events = list(ModelEvent.objects.filter(model=model).values_list("action", "reason"))
    assert events == [
        ("evidence_add", "bien-ban.pdf"),
        ("evidence_add", "so-lieu.pdf"),
        ("photo_add", "Đèn ở tổ 5"),
    ]
    assert AuditEntry.objects.filter(action="skilful_model.evidence_add").count() == 2
    model.refresh_from_db()
    assert model.version == 2


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"evidence_1": SimpleUploadedFile("bao-cao.pdf", b"<svg onload=alert(1)></svg>")}, "SVG"),
        ({"evidence_1": SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 a program")}, "Chỉ nhận tệp PDF"),
        ({"evidence_1": SimpleUploadedFile("rong.pdf", b"")}, "rỗng"),
        ({"photo_1": SimpleUploadedFile("anh.jpg", PDF), "caption_1": "Ảnh"}, "JPEG hoặc PNG"),
        ({"photo_1": SimpleUploadedFile("anh.jpg", jpeg_bytes(10, 10))}, "chú thích"),
        ({}, "ít nhất một tệp"),
    ],
)
def test_files_added_later_are_checked_by_content(
    client: Client, world: Any, files: dict[str, Any], message: str
) -> None:
    model = _model(world)
    client.force_login(world["officer"])
    good = {"evidence_2": SimpleUploadedFile("tot.pdf", PDF)} if files else {}
    response = client.post(
        reverse("emulation_model_add_files", args=[model.pk]), {"version": "1", **good, **files}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ModelEvidence.objects.exists()  # the good file beside the bad one is not kept either
    assert not ModelPhoto.objects.exists()
    model.refresh_from_db()
    assert model.version == 1
    assert not ModelEvent.objects.exists()


def test_the_count_of_evidence_files_is_limited(client: Client, world: Any) -> None:
    model = _model(world)
    for i in range(MAX_EVIDENCE_FILES - 1):
        item = ModelEvidence(model=model, name=f"{i}.pdf", content_type="application/pdf", size=len(PDF))
        item.file.save(f"{i}.pdf", ContentFile(PDF), save=True)
    client.force_login(world["officer"])
    url = reverse("emulation_model_add_files", args=[model.pk])
    two = {
        "version": "1",
        "evidence_1": SimpleUploadedFile("a.pdf", PDF),
        "evidence_2": SimpleUploadedFile("b.pdf", PDF),
    }
    refused = client.post(url, two)
    assert refused.status_code == 400
    assert "tối đa 10 tài liệu" in refused.content.decode()
    assert ModelEvidence.objects.count() == MAX_EVIDENCE_FILES - 1
    one = {"version": "1", "evidence_1": SimpleUploadedFile("c.pdf", PDF)}
    assert client.post(url, one).status_code == 302
    assert ModelEvidence.objects.count() == MAX_EVIDENCE_FILES


def test_no_files_added_or_removed_after_the_decision(client: Client, world: Any) -> None:
    model = _model(world, S.RECOGNISED)
    item = ModelEvidence(model=model, name="bb.pdf", content_type="application/pdf", size=len(PDF))
    item.file.save("bb.pdf", ContentFile(PDF), save=True)
    client.force_login(world["decider"])
    added = client.post(
        reverse("emulation_model_add_files", args=[model.pk]),
        {"version": "1", "evidence_1": SimpleUploadedFile("moi.pdf", PDF)},
    )
    assert added.status_code == 400
    assert "đã có quyết định" in added.content.decode()
    removed = client.post(
        reverse("emulation_model_remove_evidence", args=[model.pk, item.pk]), {"version": "1"}
    )
    assert removed.status_code == 400
    assert list(ModelEvidence.objects.values_list("name", flat=True)) == ["bb.pdf"]
    assert item.file.storage.exists(str(item.file.name))
    client.force_login(world["officer"])
    assert (
        client.post(
            reverse("emulation_model_remove_evidence", args=[model.pk, item.pk]), {"version": "1"}
        ).status_code
        == 403
    )


def test_an_evidence_file_removed_while_undecided(
    client: Client, world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    model = _model(world)
    other: Any = SkilfulModelFactory(unit=world["commune"])
    item = ModelEvidence(model=model, name="nham.pdf", content_type="application/pdf", size=len(PDF))
    item.file.save("nham.pdf", ContentFile(PDF), save=True)
    stored = str(item.file.name)
    client.force_login(world["officer"])
    wrong = client.post(
        reverse("emulation_model_remove_evidence", args=[other.pk, item.pk]), {"version": "1"}
    )
    assert wrong.status_code == 400  # the file is not the other model's
    assert client.get(reverse("emulation_model_remove_evidence", args=[model.pk, item.pk])).status_code == 404
    assert item.file.storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("emulation_model_remove_evidence", args=[model.pk, item.pk]), {"version": "1"}
        )
    assert response.status_code == 302
    assert not item.file.storage.exists(stored)  # the stored file goes once the removal is committed
    assert not ModelEvidence.objects.filter(pk=item.pk).exists()
    event = ModelEvent.objects.get(model=model)
    assert (event.action, event.reason) == ("evidence_remove", "nham.pdf")
    assert AuditEntry.objects.filter(action="skilful_model.evidence_remove").count() == 1
    model.refresh_from_db()
    assert model.version == 2


# --- the recognition decision from the documents library -------------------------------------------


def test_the_recognise_form_offers_the_librarys_decisions(client: Client, world: Any) -> None:
    model = _model(world, S.UNDER_REVIEW)
    party_decision = DocumentTypeFactory(name="Quyết định", code="QĐ", system="party")
    wanted: Any = LegalDocumentFactory(
        type=party_decision,
        title="Quyết định công nhận mô hình “Dân vận khéo” năm 2025",
        issued_on=dt.date(2025, 11, 3),
    )
    older: Any = LegalDocumentFactory(
        title="Quyết định về quy chế tiếp công dân", issued_on=dt.date(2024, 2, 1)
    )
    programme: Any = LegalDocumentFactory(
        type=DocumentTypeFactory(name="Chương trình", code="CTr", system="party"),
        title="Chương trình công nhận điển hình",
    )
    client.force_login(world["decider"])
    url = reverse("emulation_model", args=[model.pk])
    body = client.get(url).content.decode()
    assert body.index(f'value="{wanted.pk}"') < body.index(f'value="{older.pk}"')  # newest first
    assert f'value="{programme.pk}"' not in body  # not a decision
    found = client.get(url, {"tim": "cong nhan dan van"}).content.decode()  # no accents typed
    assert f'value="{wanted.pk}"' in found and f'value="{older.pk}"' not in found
    by_d = client.get(url, {"tim": "Đan van"}).content.decode()  # đ folds to d
    assert f'value="{wanted.pk}"' in by_d
    none = client.get(url, {"tim": "không có chữ này"}).content.decode()
    assert "Không có quyết định nào khớp" in none
    action = reverse("emulation_model_action", args=[model.pk])
    wrong = client.post(action, {"action": "recognise", "version": "1", "decision": str(programme.pk)})
    assert wrong.status_code == 400
    assert "không có trong thư viện" in wrong.content.decode()
    done = client.post(action, {"action": "recognise", "version": "1", "decision": str(wanted.pk)})
    assert done.status_code == 302
    model.refresh_from_db()
    assert (model.status, model.decision, model.decided_on) == (S.RECOGNISED, wanted, dt.date(2025, 11, 3))
    page = client.get(url).content.decode()
    assert wanted.get_absolute_url() in page
    public = client.get(services.model_url(model))
    assert wanted.get_absolute_url() in public.content.decode()


def test_recognising_without_a_decision_is_refused(client: Client, world: Any) -> None:
    model = _model(world, S.UNDER_REVIEW)
    client.force_login(world["decider"])
    page = client.get(reverse("emulation_model", args=[model.pk])).content.decode()
    assert "Thư viện văn bản chưa có quyết định nào" in page
    assert reverse("van_ban:add") not in page  # no right to add documents: told whom to ask
    assert "người quản lý thư viện văn bản" in page
    response = client.post(
        reverse("emulation_model_action", args=[model.pk]), {"action": "recognise", "version": "1"}
    )
    assert response.status_code == 400
    assert "Hãy chọn quyết định công nhận" in response.content.decode()
    model.refresh_from_db()
    assert (model.status, model.version) == (S.UNDER_REVIEW, 1)
    boss: Any = UserFactory(username="quan.tri", is_superuser=True)
    client.force_login(boss)
    assert reverse("van_ban:add") in client.get(reverse("emulation_model", args=[model.pk])).content.decode()
