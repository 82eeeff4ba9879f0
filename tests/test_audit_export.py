"""The audit log's export through the task queue (issue 17, decision 0024's 7 Dec 2026 section): a
large export is a job whose file holds exactly what the list's filters, search and ordering select,
with Wagtail's columns; the job is its requester's only and the read right is asked again when it is
built and downloaded; bad filters are a 400 in Vietnamese. Tests run tasks at once (settings/test.py)
unless a test swaps in the dummy backend to see the request return without building.

The fixture, by hand (times in the site's zone, Asia/Ho_Chi_Minh):
    1 Mar 09:00  can.bo    auth.login
    2 Mar 09:00  can.bo    auth.logout
    2 Mar 23:30  quan.tri  auth.login
    3 Mar 08:15  can.bo    object.edit   Huyện ủy (documents.issuer), changes {"code": ["HU", "H-U"]}
    4 Mar 10:00  doc.gia   auth.login
plus today's sign-ins of whoever the test signs in (force_login records them)."""

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.audit import admin_log, services
from danvan.audit.models import AuditEntry
from danvan.core import exports as core_exports
from danvan.core.models import ExportJob
from danvan.documents.models import Issuer

from .export_helpers import DUMMY_QUEUE, client_of, download, job_from, read

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rat-dai-17"
LOG = "nhat_ky:index"
HEADINGS = [
    "Thời điểm",
    "Tên đăng nhập",
    "Địa chỉ IP",
    "Mã hành động",
    "Hành động",
    "Loại đối tượng",
    "Mã đối tượng",
    "Đối tượng",
    "Thay đổi",
    "Chi tiết",
]


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, 3, day, hour, minute))


@pytest.fixture
def people(django_user_model: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    reader = Permission.objects.get(content_type__app_label="audit", codename="view_auditentry")
    admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    staff = django_user_model.objects.create_user("can.bo", password=PASSWORD, is_staff=True)
    other = django_user_model.objects.create_user("doc.gia", password=PASSWORD, is_staff=True)
    for user in (staff, other):
        user.user_permissions.add(reader, admin)
    boss = django_user_model.objects.create_superuser("quan.tri", password=PASSWORD)
    services.record("auth.login", actor=staff, at=at(1, 9))
    services.record("auth.logout", actor=staff, at=at(2, 9))
    services.record("auth.login", actor=boss, at=at(2, 23, 30))
    services.record(
        "object.edit",
        actor=staff,
        target=Issuer.objects.create(name="Huyện ủy", code="HU"),
        changes={"code": ["HU", "H-U"]},
        at=at(3, 8, 15),
    )
    services.record("auth.login", actor=other, at=at(4, 10))
    return {"staff": staff, "other": other, "boss": boss}


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def queue_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admin_log, "DIRECT_ROWS", {"csv": 0, "xlsx": 0})


def test_a_large_export_is_a_button_whose_post_queues_the_job_without_building_it(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_everything(monkeypatch)
    client = client_of(people["staff"])
    address = reverse(LOG) + "?actor_name=can.bo&at_to=2026-03-31&export=csv"
    page = client.get(address)
    assert page.status_code == 200 and not page.streaming and "Content-Disposition" not in page
    html = page.content.decode()
    assert "Tệp CSV có 3 dòng" in html and "Tạo tệp" in html and 'method="post"' in html
    assert not ExportJob.objects.exists()  # showing the button builds nothing
    with override_settings(TASKS=DUMMY_QUEUE):
        answer = client.post(address)
    job = job_from(answer)
    assert (job.user, job.kind, job.status, job.progress) == (
        people["staff"],
        admin_log.KIND,
        ExportJob.Status.QUEUED,
        0,
    )
    assert not job.file and job.parameters == {"format": "csv", "query": "actor_name=can.bo&at_to=2026-03-31"}
    assert job.title == "Nhật ký hệ thống theo bộ lọc (CSV)"
    assert client.get(reverse("export_job", args=[job.pk])).status_code == 200
    assert core_exports.run_export(job.pk) == "done"  # what the worker does later


def test_the_job_holds_exactly_the_filtered_rows_in_the_lists_order(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_everything(monkeypatch)
    client = client_of(people["staff"])
    query = {"actor": str(people["staff"].pk), "at_from": "2026-03-02", "at_to": "2026-03-31"}
    job = job_from(
        client.post(reverse(LOG) + "?" + "&".join(f"{k}={v}" for k, v in query.items()) + "&export=csv")
    )
    assert (job.status, job.progress, job.filename) == (ExportJob.Status.DONE, 100, "nhat-ky-he-thong.csv")
    file = download(client, job)
    assert file.status_code == 200 and file["Content-Type"] == "text/csv; charset=utf-8"
    rows = csv_rows(file.content)
    assert list(rows[0]) == HEADINGS
    issuer = Issuer.objects.get()
    assert rows == [  # can.bo from 2 March on, newest first: the edit, the sign-out
        {
            "Thời điểm": "2026-03-03 08:15:00",
            "Tên đăng nhập": "can.bo",
            "Địa chỉ IP": "",
            "Mã hành động": "object.edit",
            "Hành động": "Đối tượng: sửa",
            "Loại đối tượng": rows[0]["Loại đối tượng"],
            "Mã đối tượng": str(issuer.pk),
            "Đối tượng": "Huyện ủy",
            "Thay đổi": '{"code": ["HU", "H-U"]}',
            "Chi tiết": "",
        },
        {
            "Thời điểm": "2026-03-02 09:00:00",
            "Tên đăng nhập": "can.bo",
            "Địa chỉ IP": "",
            "Mã hành động": "auth.logout",
            "Hành động": "Đăng xuất",
            "Loại đối tượng": "",
            "Mã đối tượng": "",
            "Đối tượng": "",
            "Thay đổi": "",
            "Chi tiết": "",
        },
    ]
    assert "ban hành" in rows[0]["Loại đối tượng"]


def test_search_ordering_and_dates_are_the_lists_and_the_file_is_the_direct_one(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_of(people["boss"])
    # logins of 1–4 March sorted by username (the list's sortable column), not newest first
    address = (
        reverse(LOG) + "?action=auth.login&at_from=2026-03-01&at_to=2026-03-04&ordering=actor_name&export=csv"
    )
    direct = read(client.get(address))  # 3 rows: under DIRECT_ROWS, answered at once as before
    assert direct.status_code == 200
    expected = [
        ("can.bo", "2026-03-01 09:00:00"),
        ("doc.gia", "2026-03-04 10:00:00"),
        ("quan.tri", "2026-03-02 23:30:00"),
    ]
    assert [(r["Tên đăng nhập"], r["Thời điểm"]) for r in csv_rows(direct.content)] == expected
    queue_everything(monkeypatch)
    job = job_from(client.post(address))
    assert download(client, job).content == direct.content  # same rows, order, columns, cells
    searched = job_from(client.post(reverse(LOG) + "?q=huy%E1%BB%87n&export=csv"))  # "huyện"
    assert [r["Đối tượng"] for r in csv_rows(download(client, searched).content)] == ["Huyện ủy"]


def test_the_xlsx_job_has_the_same_rows(people: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    queue_everything(monkeypatch)
    client = client_of(people["boss"])
    job = job_from(client.post(reverse(LOG) + "?actor_name=doc.gia&at_to=2026-03-31&export=xlsx"))
    file = download(client, job)
    assert file["Content-Type"] == admin_log.CONTENT_TYPES["xlsx"] and job.filename == "nhat-ky-he-thong.xlsx"
    sheet = load_workbook(io.BytesIO(file.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADINGS
    assert [row[:4] for row in rows[1:]] == [("2026-03-04 10:00:00", "doc.gia", None, "auth.login")]


def test_progress_is_reported_as_rows_are_written(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_everything(monkeypatch)
    monkeypatch.setattr(admin_log, "PROGRESS_EVERY", 1)
    seen: list[int] = []
    update = core_exports._update

    def recording(job_id: int, **fields: Any) -> None:
        if "progress" in fields:
            seen.append(fields["progress"])
        update(job_id, **fields)

    monkeypatch.setattr(core_exports, "_update", recording)
    job_from(client_of(people["boss"]).post(reverse(LOG) + "?at_to=2026-03-31&export=csv"))
    assert seen == [0, 5, 23, 41, 59, 77, 95, 100]  # 5 rows: 5 + 90 × n / 5 after each


def test_another_reader_cannot_see_or_download_the_job(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_everything(monkeypatch)
    job = job_from(client_of(people["staff"]).post(reverse(LOG) + "?export=csv"))
    other = client_of(people["other"])  # may read the log, but did not ask for this file
    assert other.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert other.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    assert job.title not in other.get(reverse("export_jobs")).content.decode()


def test_the_read_right_is_asked_again_when_built_and_when_downloaded(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_everything(monkeypatch)
    staff = people["staff"]
    client = client_of(staff)
    done = job_from(client.post(reverse(LOG) + "?export=csv"))
    with override_settings(TASKS=DUMMY_QUEUE):
        waiting = job_from(client.post(reverse(LOG) + "?export=xlsx"))
    staff.user_permissions.remove(Permission.objects.get(codename="view_auditentry"))
    staff = get_user_model().objects.get(pk=staff.pk)  # the permission cache forgotten
    refused = client.get(reverse("export_job_download", args=[done.pk]))
    assert refused.status_code == 403 and "không còn quyền" in refused.content.decode()
    assert core_exports.run_export(waiting.pk) == "failed"
    waiting.refresh_from_db()
    assert waiting.error == "Bạn không còn quyền xem nhật ký hệ thống." and not waiting.file
    assert client.post(reverse(LOG) + "?export=csv").status_code in (302, 403)  # no new job either


def test_bad_filters_are_a_400_in_vietnamese_never_an_unfiltered_file(
    people: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_of(people["boss"])
    for method in (client.get, client.post):
        answer = method(reverse(LOG) + "?actor=999999&export=csv")  # nobody: Wagtail exported everything
        assert answer.status_code == 400 and not answer.streaming
        html = answer.content.decode()
        assert "bộ lọc không hợp lệ" in html and "Người thực hiện" in html
        answer = method(reverse(LOG) + "?at_from=ngay-mai&export=xlsx")
        assert answer.status_code == 400 and "Ngày" in answer.content.decode()
    no_format = client.post(reverse(LOG) + "?actor_name=can.bo")
    assert no_format.status_code == 400 and "CSV hoặc XLSX" in no_format.content.decode()
    assert not ExportJob.objects.exists()
    monkeypatch.setattr(admin_log, "XLSX_MAX_ROWS", 2)
    too_many = client.get(reverse(LOG) + "?export=xlsx")  # the GET counts: a worksheet is too small
    assert too_many.status_code == 400 and "tối đa 2 dòng" in too_many.content.decode()
    job = job_from(client.post(reverse(LOG) + "?export=xlsx"))  # the POST does not count; the job does
    assert job.status == ExportJob.Status.FAILED and "tối đa 2 dòng" in job.error and not job.file


def test_the_filters_choices_come_from_a_loose_index_scan(people: dict[str, Any]) -> None:
    """The different actions, people and object types of the log, one index lookup each — the same
    as SELECT DISTINCT, which read the whole index at a million entries."""
    for column in ("action", "actor_id", "content_type_id"):
        expected = set(AuditEntry.objects.exclude(**{column: None}).values_list(column, flat=True))
        assert set(admin_log.distinct_values(column)) == expected
        assert len(admin_log.distinct_values(column)) == len(expected)
    assert {"auth.login", "auth.logout", "object.edit"} <= set(admin_log.distinct_values("action"))
    with pytest.raises(ValueError):
        admin_log.distinct_values("detail; DROP TABLE x")
