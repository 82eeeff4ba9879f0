"""Narrative progress on a programme's task groups (issue 16, part "tasks"): a unit's report per period
with evidence files, and milestones done — the services, the admin pages, who may, and the audit log."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from danvan.audit.models import AuditEntry
from danvan.orgunits import permissions
from danvan.orgunits.models import OrgUnit, UnitMembership
from danvan.programmes import selectors, services
from danvan.programmes.models import MilestoneDone, TaskEvidence, TaskGroup, TaskItem, TaskReport
from tests.factories import UnitMembershipFactory, UserFactory, jpeg_bytes
from tests.worlds import ProgrammeWorld, programme_users, programme_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def world(media_root: Any) -> ProgrammeWorld:
    return programme_world()


@pytest.fixture
def users(world: ProgrammeWorld) -> dict[str, Any]:
    found = programme_users()
    approver = UserFactory.create(username="duyet.phuly", groups=[found["xa.phuly"].groups.get()])
    UnitMembershipFactory.create(
        user=approver, org_unit=OrgUnit.objects.get(code="VC-PL"), role=UnitMembership.Role.APPROVER
    )
    found["duyet.phuly"] = approver
    return found


@pytest.fixture
def group(world: ProgrammeWorld) -> TaskGroup:
    return TaskGroup.objects.filter(programme=world.programme).order_by("sort_order").first()  # type: ignore[return-value]  # the world has task groups


@pytest.fixture
def milestone(group: TaskGroup) -> TaskItem:
    return TaskItem.objects.create(
        task_group=group,
        kind=TaskItem.Kind.MILESTONE,
        title="Tổ chức hội nghị sơ kết",
        due_on=dt.date(2023, 6, 30),
    )


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world: ProgrammeWorld, group: TaskGroup, unit: str = "VC-PL", period: str = "2023") -> str:
    return reverse("programmes_task_report", args=[world.programme.pk, group.pk, unit, period])


def _upload(name: str, data: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def _stored_files(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def _docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("Biên bản hội nghị")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "blue").save(buffer, "PNG")
    return buffer.getvalue()


# --- who reports ---------------------------------------------------------------------------------


def test_the_responsible_units_report_and_no_other(world: ProgrammeWorld, group: TaskGroup) -> None:
    responsible = list(group.responsible.all())
    assert "VC-PL" in [u.code for u in responsible] and "VC" not in [u.code for u in responsible]
    assert permissions.is_task_unit(world.units["VC-PL"], responsible)
    assert not permissions.is_task_unit(world.units["VC"], responsible)  # the district carries none out
    assert not permissions.is_task_unit(world.units["VC-PL-DOAN"], responsible)  # its commune reports
    assert not permissions.is_task_unit(world.units["DN"], responsible)
    # a group naming no unit is carried out by the programme's own unit
    group.responsible.clear()
    assert selectors.task_responsible(group) == [world.programme.root_unit]


def test_the_clerk_writes_for_their_commune_only(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    responsible = list(group.responsible.all())
    clerk, approver = users["xa.phuly"], users["duyet.phuly"]
    assert permissions.can_report_task(clerk, world.units["VC-PL"], responsible)
    assert not permissions.can_report_task(clerk, world.units["VC-VA"], responsible)
    assert not permissions.can_report_task(
        approver, world.units["VC-PL"], responsible
    )  # sees, does not enter
    assert permissions.can_see_task_report(approver, world.units["VC-PL"], responsible)
    with pytest.raises(PermissionDenied):
        services.save_task_report(clerk, group, world.units["VC-VA"], world.period, "Kết quả")
    assert not TaskReport.objects.exists()


# --- the report and its versions -----------------------------------------------------------------


def test_saving_creates_then_updates_with_versions_and_audit(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    clerk, unit = users["xa.phuly"], world.units["VC-PL"]
    report = services.save_task_report(
        clerk, group, unit, world.period, "  Đã họp 3 ấp.\r\n", expected_version=0
    )
    assert (report.text, report.version, report.written_by) == ("Đã họp 3 ấp.", 1, clerk)
    same = services.save_task_report(clerk, group, unit, world.period, "Đã họp 3 ấp.", expected_version=1)
    assert same.version == 1  # unchanged: nothing written
    report = services.save_task_report(clerk, group, unit, world.period, "Đã họp 5 ấp.", expected_version=1)
    assert report.version == 2
    entries = AuditEntry.objects.filter(action="task_report.save").order_by("pk")
    assert [e.changes for e in entries] == [{"version": [None, 1]}, {"version": [1, 2]}]
    assert all(e.actor == clerk for e in entries)


def test_a_stale_form_is_a_409_and_changes_nothing(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    clerk = users["xa.phuly"]
    services.save_task_report(clerk, group, world.units["VC-PL"], world.period, "Bản thứ nhất")
    services.save_task_report(clerk, group, world.units["VC-PL"], world.period, "Bản thứ hai")  # version 2
    response = _client(clerk).post(_url(world, group), {"action": "save", "version": "1", "text": "Bản cũ"})
    assert response.status_code == 409
    assert "người khác sửa" in response.content.decode()
    report = TaskReport.objects.get()
    assert (report.text, report.version) == ("Bản thứ hai", 2)
    # A form loaded before the report existed (version 0) does not overwrite it either.
    response = _client(clerk).post(_url(world, group), {"action": "save", "version": "0", "text": "Bản mới"})
    assert response.status_code == 409
    assert TaskReport.objects.get().text == "Bản thứ hai"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Hãy ghi kết quả thực hiện."),
        ("   \n  ", "Hãy ghi kết quả thực hiện."),
        ("x" * 100_000, "tối đa 20.000 ký tự"),
        ("Kết quả\x00ẩn", "ký tự điều khiển"),
        ("Kết quả \u202eđảo chiều", "ký tự điều khiển"),
    ],
)
def test_hostile_text_is_refused_with_a_vietnamese_message(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup, text: str, message: str
) -> None:
    response = _client(users["xa.phuly"]).post(
        _url(world, group), {"action": "save", "version": "0", "text": text}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'href="#task-text"' in body  # the error summary links to the field
    assert not TaskReport.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="task_report").exists()


def test_typed_html_is_escaped_on_every_page(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    services.save_task_report(users["xa.phuly"], group, world.units["VC-PL"], world.period, hostile)
    for user in (users["xa.phuly"], users["duyet.phuly"]):  # the form, and the read-only page
        body = _client(user).get(_url(world, group)).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in body


# --- evidence ------------------------------------------------------------------------------------


def test_the_form_saves_the_text_and_several_files(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup, media_root: Path
) -> None:
    files = [
        _upload("Biên bản.pdf", PDF),
        _upload("ảnh.jpg", jpeg_bytes(40, 30), "image/jpeg"),
        _upload("hinh.png", _png(), "image/png"),
        _upload("bao-cao.docx", _docx(), "application/octet-stream"),
    ]
    response = _client(users["xa.phuly"]).post(
        _url(world, group), {"action": "save", "version": "0", "text": "Đã tổ chức hội nghị.", "files": files}
    )
    assert response.status_code == 302
    report = TaskReport.objects.get()
    assert report.version == 5  # created (1), then one per file
    kinds = list(TaskEvidence.objects.order_by("pk").values_list("name", "content_type"))
    assert kinds == [
        ("Biên bản.pdf", "application/pdf"),
        ("ảnh.jpg", "image/jpeg"),
        ("hinh.png", "image/png"),
        ("bao-cao.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    stored = str(TaskEvidence.objects.order_by("pk")[0].file.name)
    assert stored.startswith(f"rieng/tien-do/{dt.date.today().year}/")
    assert "Biên" not in stored  # stored under a random name; the original is the download's name
    assert len(_stored_files(media_root)) == 4
    assert AuditEntry.objects.filter(action="task_report.evidence_add").count() == 4


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            lambda: _upload("bao-cao.pdf", b"<html><script>alert(1)</script></html>"),
            "Không nhận tệp SVG, HTML",
        ),
        (lambda: _upload("bao-cao.pdf", b"MZ\x90\x00 a program, not a PDF"), "Chỉ nhận tệp PDF, Word"),
        (lambda: _upload("anh.png", b"GIF89a" + b"\x00" * 40, "image/png"), "Chỉ nhận tệp PDF, Word"),
        (lambda: _upload("bang.docx", b"PK\x03\x04 not really a zip"), "Chỉ nhận tệp PDF, Word"),
        (lambda: _upload("rong.pdf", b""), "Tệp rỗng"),
        (
            lambda: _upload("lon.pdf", b"%PDF-1.4\n" + b"0" * (10 * 2**20)),
            "Tệp quá lớn (10,0 MB); tối đa 10 MB",
        ),
    ],
)
def test_a_file_lying_or_too_big_writes_nothing(
    world: ProgrammeWorld,
    users: dict[str, Any],
    group: TaskGroup,
    media_root: Path,
    upload: Any,
    message: str,
) -> None:
    good = _upload("tot.pdf", PDF)
    response = _client(users["xa.phuly"]).post(
        _url(world, group), {"action": "save", "version": "0", "text": "Kết quả", "files": [good, upload()]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'href="#task-files"' in body
    assert "Kết quả" in body  # the text typed is kept in the form
    assert not TaskReport.objects.exists() and not TaskEvidence.objects.exists()
    assert _stored_files(media_root) == []


def test_at_most_ten_files_per_report(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup, media_root: Path
) -> None:
    clerk = users["xa.phuly"]
    client = _client(clerk)
    files = [_upload(f"tep-{i}.pdf", PDF) for i in range(8)]
    assert (
        client.post(
            _url(world, group), {"action": "save", "version": "0", "text": "Kết quả", "files": files}
        ).status_code
        == 302
    )
    more = [_upload(f"them-{i}.pdf", PDF) for i in range(3)]  # 8 + 3 > 10
    response = client.post(
        _url(world, group), {"action": "save", "version": "9", "text": "Kết quả mới", "files": more}
    )
    assert response.status_code == 400
    assert "tối đa 10 tệp minh chứng (đã có 8, thêm 3)" in response.content.decode()
    report = TaskReport.objects.get()
    assert (report.text, report.version, report.evidence.count()) == ("Kết quả", 9, 8)
    assert len(_stored_files(media_root)) == 8


def test_evidence_download_is_checked_and_logged(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    clerk = users["xa.phuly"]
    report = services.save_task_report(clerk, group, world.units["VC-PL"], world.period, "Kết quả")
    item = services.add_task_evidence(clerk, report, _upload("Biên bản họp.pdf", PDF))
    url = reverse("programmes_task_evidence", args=[item.pk])
    for username in ("xa.phuly", "duyet.phuly", "huyen.vinhcuu"):
        response = _client(users[username]).get(url)
        assert response.status_code == 200, username
        assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]  # a FileResponse
        assert response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]
    assert AuditEntry.objects.filter(action="task_report.evidence_download").count() == 3
    # Another commune's clerk, and a member of no unit, get a 404 (the file is never named).
    other = UserFactory.create(username="xa.vinhan", groups=[clerk.groups.get()])
    UnitMembershipFactory.create(
        user=other, org_unit=world.units["VC-VA"], role=UnitMembership.Role.DATA_ENTRY
    )
    assert _client(other).get(url).status_code == 404
    assert _client(UserFactory.create(username="khong.don.vi")).get(url).status_code in (302, 404)
    assert Client().get(url).status_code == 302  # anonymous: the admin's login


def test_removing_evidence_deletes_the_file_after_commit(
    world: ProgrammeWorld,
    users: dict[str, Any],
    group: TaskGroup,
    media_root: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    clerk = users["xa.phuly"]
    report = services.save_task_report(clerk, group, world.units["VC-PL"], world.period, "Kết quả")
    item = services.add_task_evidence(clerk, report, _upload("a.pdf", PDF))
    assert len(_stored_files(media_root)) == 1
    client = _client(clerk)
    stale = client.post(
        _url(world, group), {"action": "remove_evidence", "evidence": item.pk, "version": "1"}
    )
    assert stale.status_code == 409 and TaskEvidence.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _url(world, group), {"action": "remove_evidence", "evidence": item.pk, "version": "2"}
        )
    assert response.status_code == 302
    assert not TaskEvidence.objects.exists() and _stored_files(media_root) == []
    assert TaskReport.objects.get().version == 3
    assert AuditEntry.objects.filter(action="task_report.evidence_remove").count() == 1


# --- milestones ----------------------------------------------------------------------------------


def test_milestone_done_and_undone(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup, milestone: TaskItem
) -> None:
    client = _client(users["xa.phuly"])
    url = _url(world, group)
    response = client.post(
        url, {"action": "milestone_done", "item": milestone.pk, "done_on": "15/06/2023", "note": "Đủ 3 ấp"}
    )
    assert response.status_code == 302
    done = MilestoneDone.objects.get()
    assert (done.item, done.org_unit.code, done.done_on, done.note) == (
        milestone,
        "VC-PL",
        dt.date(2023, 6, 15),
        "Đủ 3 ấp",
    )
    page = client.get(url).content.decode()
    assert "Đã hoàn thành ngày 15/06/2023" in page
    # Recorded again: the date changes, still one row.
    client.post(url, {"action": "milestone_done", "item": milestone.pk, "done_on": "20/06/2023"})
    assert list(MilestoneDone.objects.values_list("done_on", flat=True)) == [dt.date(2023, 6, 20)]
    assert client.post(url, {"action": "milestone_undo", "item": milestone.pk}).status_code == 302
    assert not MilestoneDone.objects.exists()
    again = client.post(url, {"action": "milestone_undo", "item": milestone.pk})
    assert again.status_code == 400 and "chưa được ghi nhận" in again.content.decode()
    actions = list(
        AuditEntry.objects.filter(action__startswith="milestone.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["milestone.done", "milestone.done", "milestone.undo"]


@pytest.mark.parametrize(
    ("done_on", "message"),
    [
        ("", "Hãy ghi ngày hoàn thành"),
        ("31/02/2023", "không hợp lệ"),
        ("2023-13-01", "không hợp lệ"),
        ("01/01/2999", "chưa tới"),
    ],
)
def test_a_bad_milestone_date_writes_nothing(
    world: ProgrammeWorld,
    users: dict[str, Any],
    group: TaskGroup,
    milestone: TaskItem,
    done_on: str,
    message: str,
) -> None:
    response = _client(users["xa.phuly"]).post(
        _url(world, group), {"action": "milestone_done", "item": milestone.pk, "done_on": done_on}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body and f'href="#done-on-{milestone.pk}"' in body
    assert not MilestoneDone.objects.exists()


def test_only_milestones_of_this_group_are_ticked(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    target = TaskItem.objects.create(task_group=group, kind=TaskItem.Kind.TARGET, target=world.targets[0])
    other_group = TaskGroup.objects.filter(programme=world.programme).exclude(pk=group.pk)[0]
    foreign = TaskItem.objects.create(
        task_group=other_group, kind=TaskItem.Kind.MILESTONE, title="Mốc khác", due_on=dt.date(2023, 9, 1)
    )
    client = _client(users["xa.phuly"])
    for item in (target, foreign):
        response = client.post(
            _url(world, group), {"action": "milestone_done", "item": item.pk, "done_on": "01/06/2023"}
        )
        assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.record_milestone_done(users["xa.phuly"], target, world.units["VC-PL"], dt.date(2023, 6, 1))
    assert not MilestoneDone.objects.exists()


# --- pages and who gets them ---------------------------------------------------------------------


def test_the_overview_lists_what_the_user_sees(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    services.save_task_report(users["xa.phuly"], group, world.units["VC-PL"], world.period, "Kết quả Phú Lý")
    url = reverse("programmes_task_reports", args=[world.programme.pk])
    clerk_page = _client(users["xa.phuly"]).get(url, {"period": "2023"}).content.decode()
    assert world.units["VC-PL"].name in clerk_page and world.units["VC-VA"].name not in clerk_page
    assert "Sửa báo cáo" in clerk_page and "Đã báo cáo" in clerk_page
    district_page = _client(users["huyen.vinhcuu"]).get(url).content.decode()
    assert world.units["VC-VA"].name in district_page and "Chưa báo cáo" in district_page
    assert "Viết báo cáo" not in district_page  # an approver reads, does not write
    index = _client(users["xa.phuly"]).get(reverse("programmes_index")).content.decode()
    assert url in index  # linked from the programme index


def test_other_units_and_unknown_places_are_404(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    clerk = _client(users["xa.phuly"])
    for url in (
        _url(world, group, "VC-VA"),  # another commune
        _url(world, group, "VC-PL-DOAN"),  # a branch: its commune reports
        _url(world, group, "KHONG-CO"),
        _url(world, group, "VC-PL", "2019"),  # a period the programme does not have
        reverse("programmes_task_report", args=[world.programme.pk, 99999, "VC-PL", "2023"]),
        reverse("programmes_task_reports", args=[99999]),
    ):
        assert clerk.get(url).status_code == 404, url
        assert clerk.post(url, {"action": "save", "version": "0", "text": "x"}).status_code == 404, url
    assert not TaskReport.objects.exists()


def test_seeing_without_entering_is_403_on_post(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup, milestone: TaskItem
) -> None:
    approver = _client(users["duyet.phuly"])
    page = approver.get(_url(world, group))
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()
    for data in (
        {"action": "save", "version": "0", "text": "Kết quả"},
        {"action": "milestone_done", "item": milestone.pk, "done_on": "01/06/2023"},
    ):
        assert approver.post(_url(world, group), data).status_code == 403
    assert not TaskReport.objects.exists() and not MilestoneDone.objects.exists()


def test_an_unknown_action_or_missing_version_is_400(
    world: ProgrammeWorld, users: dict[str, Any], group: TaskGroup
) -> None:
    clerk = _client(users["xa.phuly"])
    assert clerk.post(_url(world, group), {"action": "xoa-het"}).status_code == 400
    assert clerk.post(_url(world, group), {"action": "save", "text": "Kết quả"}).status_code == 400
    assert (
        clerk.post(_url(world, group), {"action": "save", "version": "9" * 30, "text": "Kết quả"}).status_code
        == 400
    )
    assert not TaskReport.objects.exists()


def test_the_demo_writes_reports_once_and_no_milestone(media_root: Path) -> None:
    from danvan.demo import load_demo
    from danvan.programmes.demo_tasks import load_task_reports

    load_demo()
    count = TaskReport.objects.count()
    assert count == 5
    assert set(TaskReport.objects.values_list("period__code", flat=True)) == {"2023"}
    assert set(TaskReport.objects.values_list("task_group__programme__code", flat=True)) == {"42-CTr/HU"}
    # each report is by a unit that carries out its group
    for report in TaskReport.objects.select_related("task_group", "org_unit"):
        assert report.org_unit in report.task_group.responsible.all()
    done = MilestoneDone.objects.count()  # the task items' demo records milestones; this one none
    load_demo()
    assert load_task_reports() == 0
    assert (TaskReport.objects.count(), MilestoneDone.objects.count()) == (count, done)
