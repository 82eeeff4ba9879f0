"""The case board's Excel through the task queue (issue 17, decision 0024's 7 Dec 2026 section): the
board's button posts and is answered by a job; the job's file holds the board of the unit and period
asked (numbers worked out by hand below), only for whoever asked, and only while they still see the
unit; dates the page would replace by its defaults are a 400 here. Tests run tasks at once
(settings/test.py) unless a test swaps in the dummy backend.

Today is Wednesday 9 December 2026; the period 1 November – 9 December. District D has communes
Xã An (D-A) and Xã Bình (D-B); Xã Ngoài (X-C) is elsewhere.
    Xã An    received 20 Nov, in progress, no deadline
    Xã Bình  received 5 Nov, answered 15 Nov (10 days), its deadline (30 Nov) met on 15 Nov: on time
    Xã Ngoài received 10 Nov, in progress: never on D's board
"""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core import exports as core_exports
from danvan.core.models import ExportJob
from danvan.feedback import board_file
from danvan.feedback.models import CaseDeadline, CaseStatus

from .board_factories import case, deadline, staff
from .export_helpers import DUMMY_QUEUE, client_of, download, job_from
from .factories import OrgUnitFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 9)
BUTTON = "/admin/theo-doi-don-thu/excel/"
PERIOD = "from=01/11/2026&to=09/12/2026"
HEADINGS = [
    "Đơn vị",
    "Tiếp nhận trong kỳ",
    "Đang giải quyết",
    "Đến hạn trong tuần",
    "Quá hạn",
    "Đã trả lời trong kỳ",
    "Trả lời có thời hạn",
    "Trả lời đúng hạn",
    "Tỷ lệ đúng hạn (%)",
    "Số ngày trả lời (trung vị)",
]
AN = ["Xã An", 1, 1, 0, 0, 0, 0, 0, None, None]
BINH = ["Xã Bình", 1, 0, 0, 0, 1, 1, 1, 100.0, 10.0]


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setattr("danvan.feedback.admin_board.today_in_vietnam", lambda: TODAY)
    district = OrgUnitFactory.create(code="D", name="Huyện Thử")
    a = OrgUnitFactory.create(code="D-A", name="Xã An", parent=district)
    b = OrgUnitFactory.create(code="D-B", name="Xã Bình", parent=district)
    c = OrgUnitFactory.create(code="X-C", name="Xã Ngoài")
    case(a, received=dt.date(2026, 11, 20), status=CaseStatus.IN_PROGRESS)
    answered = case(
        b, received=dt.date(2026, 11, 5), answered=dt.date(2026, 11, 15), status=CaseStatus.ANSWERED
    )
    deadline(
        answered, due_on=dt.date(2026, 11, 30), state=CaseDeadline.State.MET, met_on=dt.date(2026, 11, 15)
    )
    case(c, received=dt.date(2026, 11, 10), status=CaseStatus.IN_PROGRESS)
    return {
        "district": district,
        "viewer": staff(district, "view_case", username="xem.huyen"),
        "colleague": staff(district, "view_case", username="xem.huyen.2"),
    }


def sheet_rows(content: bytes, name: str = "Theo đơn vị") -> list[list[Any]]:
    return [list(row) for row in load_workbook(io.BytesIO(content))[name].iter_rows(values_only=True)]


def test_the_button_queues_the_job_and_returns_without_building(world: dict[str, Any]) -> None:
    client = client_of(world["viewer"])
    shown = client.get(f"{BUTTON}?{PERIOD}")  # an old link: what will be built, and the button
    assert shown.status_code == 200 and "Tạo tệp" in shown.content.decode()
    assert not ExportJob.objects.exists()
    with override_settings(TASKS=DUMMY_QUEUE):
        job = job_from(client.post(f"{BUTTON}?{PERIOD}"))
    assert (job.kind, job.status, job.progress, job.user) == (
        board_file.KIND,
        ExportJob.Status.QUEUED,
        0,
        world["viewer"],
    )
    assert not job.file
    assert job.parameters == {"unit": None, "start": "2026-11-01", "end": "2026-12-09", "today": "2026-12-09"}
    assert job.title == "Theo dõi giải quyết đơn thư, mọi đơn vị được xem, 01/11/2026 – 09/12/2026 (Excel)"
    assert core_exports.run_export(job.pk) == "done"  # what the worker does later
    job.refresh_from_db()
    assert sheet_rows(download(client, job).content) == [
        HEADINGS,
        AN,
        BINH,
        ["Tổng cộng", 2, 1, 0, 0, 1, 1, 1, 100.0, 10.0],
    ]


def test_the_file_holds_the_unit_and_period_asked_for(world: dict[str, Any]) -> None:
    client = client_of(world["viewer"])
    job = job_from(client.post(f"{BUTTON}?{PERIOD}&unit=D-B"))
    assert (job.status, job.progress, job.filename) == (
        ExportJob.Status.DONE,
        100,
        "theo-doi-don-thu-20261101-20261209.xlsx",
    )
    content = download(client, job).content
    assert sheet_rows(content) == [HEADINGS, BINH, ["Tổng cộng", *BINH[1:]]]
    about = sheet_rows(content, "Giải thích")
    assert about[1] == ["Đơn vị", "Xã Bình"] and about[2] == ["Kỳ", "01/11/2026 – 09/12/2026"]
    assert about[3] == ["Tính đến ngày", "09/12/2026"]
    # December alone: Xã An's case (in since 20 November) is still open; Xã Bình has nothing to show
    december = job_from(client.post(f"{BUTTON}?from=01/12/2026&to=09/12/2026"))
    assert sheet_rows(download(client, december).content)[1] == ["Xã An", 0, 1, 0, 0, 0, 0, 0, None, None]


def test_another_user_cannot_see_or_download_the_job(world: dict[str, Any]) -> None:
    job = job_from(client_of(world["viewer"]).post(f"{BUTTON}?{PERIOD}"))
    colleague = client_of(world["colleague"])  # sees the same district, did not ask for this file
    assert colleague.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert colleague.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    assert job.title not in colleague.get(reverse("export_jobs")).content.decode()


def test_the_unit_rule_is_asked_again_when_built_and_downloaded(world: dict[str, Any]) -> None:
    viewer = world["viewer"]
    client = client_of(viewer)
    done = job_from(client.post(f"{BUTTON}?{PERIOD}&unit=D-A"))
    with override_settings(TASKS=DUMMY_QUEUE):
        waiting = job_from(client.post(f"{BUTTON}?{PERIOD}&unit=D-A"))
    viewer.unit_memberships.all().delete()
    refused = client.get(reverse("export_job_download", args=[done.pk]))
    assert refused.status_code == 403 and "không còn quyền" in refused.content.decode()
    assert core_exports.run_export(waiting.pk) == "failed"
    waiting.refresh_from_db()
    assert waiting.error == "Bạn không còn quyền xem đơn thư của đơn vị này." and not waiting.file


def test_bad_dates_are_a_400_in_vietnamese_not_the_default_period(world: dict[str, Any]) -> None:
    client = client_of(world["viewer"])
    for method in (client.get, client.post):
        answer = method(f"{BUTTON}?from=31/02/2026&to=09/12/2026")
        assert answer.status_code == 400
        assert "Từ ngày không đúng dạng ngày/tháng/năm." in answer.content.decode()
        reversed_period = method(f"{BUTTON}?from=09/12/2026&to=01/11/2026")
        assert (
            reversed_period.status_code == 400 and "phải trước hoặc bằng" in reversed_period.content.decode()
        )
    assert not ExportJob.objects.exists()
