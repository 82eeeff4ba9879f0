"""Reports built in the task queue (issue 17, decision 0024): the button queues a job, the job page
shows its progress, the file goes only to whoever asked and only while they may still see its units;
a failing job says why; old jobs are pruned. Tests run tasks at once (settings/test.py).

Figures: tests/worlds.py's programme world. Each of the four locked communes (VC-VA, VC-MD, VC-TT,
VC-VT) has COUNTS: 470 + 1860 + 1350 + 194 = 3,874 members of 1000 + 2000 + 1500 + 200 = 4,700
eligible; Phú Lý has none stored."""

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from danvan.core import exports as core_exports
from danvan.core import registry
from danvan.core.models import ExportJob
from danvan.orgunits.models import UnitMembership
from danvan.programmes.models import Programme
from danvan.reports import exports, jobs

from .export_helpers import job_from, read
from .worlds import programme_users, programme_world

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMMUNE_MEMBERS, COMMUNE_ELIGIBLE = 470 + 1860 + 1350 + 194, 1000 + 2000 + 1500 + 200


@pytest.fixture
def programme(db: Any, settings: Any, tmp_path: Path) -> Programme:
    settings.MEDIA_ROOT = tmp_path / "media"
    world = programme_world()
    programme_users()
    return world.programme


def client_of(username: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    return client


def button(programme: Programme) -> str:
    return reverse("programmes_export", args=[programme.pk])


def ask(client: Client, programme: Programme, **query: str) -> ExportJob:
    return job_from(client.post(button(programme), {"period": "2023", "format": "xlsx"} | query))


def enrolment_row(content: bytes) -> tuple[Any, ...]:
    sheet = load_workbook(io.BytesIO(content))["Tổng hợp"]
    return next(sheet.iter_rows(min_row=6, max_row=6, values_only=True))


def test_the_button_queues_a_job_whose_file_the_owner_downloads(programme: Programme) -> None:
    district = client_of("huyen.vinhcuu")
    job = ask(district, programme)
    assert (job.status, job.progress, job.kind) == (ExportJob.Status.DONE, 100, jobs.KIND)
    assert str(job.file.name).startswith("rieng/tep-xuat/") and job.filename == "Kết-quả-42-CTr-HU-2023.xlsx"
    page = district.get(reverse("export_job", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert reverse("export_job_download", args=[job.pk]) in html and "data-export-poll" not in html
    download = read(district.get(reverse("export_job_download", args=[job.pk])))
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert download["Cache-Control"].startswith("private, no-store")
    assert "filename*=UTF-8''K%E1%BA%BFt-qu%E1%BA%A3-42-CTr-HU-2023.xlsx" in download["Content-Disposition"]
    # The district: four communes' 4 × 3,874 members of 4 × 4,700 eligible = 82.4255…% → 82.43.
    name, _target, numerator, denominator, value, *_rest = enrolment_row(download.content)
    assert name == "Tập hợp quần chúng trong độ tuổi vào tổ chức"
    assert (numerator, denominator, value) == (4 * COMMUNE_MEMBERS, 4 * COMMUNE_ELIGIBLE, 82.43)


def test_a_drill_down_job_covers_that_unit_only(programme: Programme) -> None:
    district = client_of("huyen.vinhcuu")
    job = ask(district, programme, unit="VC-VA")
    download = read(district.get(reverse("export_job_download", args=[job.pk])))
    assert enrolment_row(download.content)[2:5] == (COMMUNE_MEMBERS, COMMUNE_ELIGIBLE, 82.43)
    assert "Thị trấn Vĩnh An" in job.title and "(Excel)" in job.title


def test_progress_goes_up_to_100_as_the_rows_are_written(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 1)  # a report on every unit row
    seen: list[int] = []
    update = core_exports._update

    def recording(job_id: int, **fields: Any) -> None:
        if "progress" in fields:
            seen.append(fields["progress"])
        update(job_id, **fields)

    monkeypatch.setattr(core_exports, "_update", recording)
    ask(client_of("huyen.vinhcuu"), programme)
    assert seen[0] == 0 and seen[-1] == 100
    assert seen == sorted(seen)
    writing = [p for p in seen if 40 < p < 95]
    assert len(writing) >= 5, seen  # the unit sheet's rows, reported one by one


def test_another_user_gets_404_for_the_job_and_its_file(programme: Programme) -> None:
    job = ask(client_of("huyen.vinhcuu"), programme, unit="VC-VA")
    commune = client_of("xa.phuly")
    assert commune.get(reverse("export_job", args=[job.pk])).status_code == 404
    assert commune.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    listing = commune.get(reverse("export_jobs"))
    assert listing.status_code == 200 and job.title not in listing.content.decode()


def test_the_download_asks_the_unit_rule_again(programme: Programme) -> None:
    user = get_user_model().objects.get(username="huyen.vinhcuu")
    district = client_of("huyen.vinhcuu")
    job = ask(district, programme, unit="VC-VA")
    UnitMembership.objects.filter(user=user).delete()  # moved to another post since
    response = district.get(reverse("export_job_download", args=[job.pk]))
    assert response.status_code == 403
    assert "không còn quyền" in response.content.decode()


def test_a_unit_lost_before_the_job_runs_fails_with_the_reason(programme: Programme) -> None:
    commune = get_user_model().objects.get(username="xa.phuly")
    # As if the clerk had asked while still seeing Vĩnh An: the worker asks the unit rule again.
    job = core_exports.start_export(
        user=commune,
        kind=jobs.KIND,
        title="Vĩnh An",
        parameters=jobs.parameters(
            programme_id=programme.pk, period="2023", unit="VC-VA", file_format="xlsx"
        ),
    )
    assert job.status == ExportJob.Status.FAILED and not job.file
    assert "không có quyền xem số liệu của Thị trấn Vĩnh An" in job.error


def test_a_failing_export_shows_an_error_state_never_a_500(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(report: Any, **kwargs: Any) -> bytes:
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "render_xlsx", broken)
    district = client_of("huyen.vinhcuu")
    job = ask(district, programme)
    assert job.status == ExportJob.Status.FAILED and job.finished_at is not None
    page = district.get(reverse("export_job", args=[job.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Không tạo được tệp." in html and "Lỗi hệ thống khi tạo tệp" in html and "disk full" not in html
    assert "data-export-poll" not in html  # nothing more to wait for
    assert district.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    listing = district.get(reverse("export_jobs")).content.decode()
    assert "Không tạo được" in listing


def test_a_waiting_job_page_reloads_itself_and_shows_its_progress(programme: Programme) -> None:
    user = get_user_model().objects.get(username="huyen.vinhcuu")
    job = ExportJob.objects.create(
        user=user, kind=jobs.KIND, title="Đang chờ", status=ExportJob.Status.RUNNING, progress=37, message="x"
    )
    district = client_of("huyen.vinhcuu")
    html = district.get(reverse("export_job", args=[job.pk])).content.decode()
    assert 'data-export-poll="2"' in html and "core/js/export-job" in html  # updates itself with a script
    assert "Tải lại trang" in html  # and without one
    assert '<progress class="dv-export__bar" value="37" max="100"' in html
    assert reverse("export_job_download", args=[job.pk]) not in html
    assert district.get(reverse("export_job_download", args=[job.pk])).status_code == 404
    assert "data-export-poll" in district.get(reverse("export_jobs")).content.decode()


def test_get_shows_the_button_and_builds_nothing(programme: Programme) -> None:
    response = client_of("huyen.vinhcuu").get(button(programme), {"period": "2023", "format": "pdf"})
    assert response.status_code == 200
    assert "Tạo báo cáo" in response.content.decode() and "(PDF)" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_the_file_is_never_served_from_media(programme: Programme) -> None:
    job = ask(client_of("huyen.vinhcuu"), programme)
    assert Client().get(f"/media/{job.file.name}").status_code == 404


def test_old_jobs_and_their_files_are_pruned_lost_ones_failed(programme: Programme, settings: Any) -> None:
    settings.DANVAN_EXPORT_RETENTION_DAYS = 7
    user = get_user_model().objects.get(username="huyen.vinhcuu")
    now = timezone.now()
    old = ExportJob.objects.create(user=user, kind=jobs.KIND, title="cũ", status=ExportJob.Status.DONE)
    old.file.save("cu.xlsx", ContentFile(b"PK"), save=False)
    old.finished_at = now - dt.timedelta(days=7, minutes=1)
    old.save()
    path = Path(old.file.path)
    recent = ExportJob.objects.create(
        user=user,
        kind=jobs.KIND,
        title="mới",
        status=ExportJob.Status.DONE,
        finished_at=now - dt.timedelta(days=6),
    )
    lost = ExportJob.objects.create(user=user, kind=jobs.KIND, title="treo", status=ExportJob.Status.RUNNING)
    ExportJob.objects.filter(pk=lost.pk).update(created_at=now - dt.timedelta(hours=7))
    assert path.exists()
    assert core_exports.prune_export_jobs(now=now) == 1
    assert not ExportJob.objects.filter(pk=old.pk).exists() and not path.exists()
    assert ExportJob.objects.filter(pk=recent.pk).exists()
    lost.refresh_from_db()
    assert lost.status == ExportJob.Status.FAILED and "yêu cầu lại" in lost.error
    assert any(job is core_exports.prune_export_jobs for _label, job in registry.scheduled_jobs)


PHU_LY_CSV = (
    "data_element,period,org_unit,value,comment\n"
    "eligible_population,2023,VC-PL-DOAN,1000,\n"
    "members,2023,VC-PL-DOAN,500,\n"
    "members_attending_regularly,2023,VC-PL-DOAN,400,\n"
    "core_members,2023,VC-PL-DOAN,300,\n"
)


def test_a_large_data_download_is_built_in_the_queue(
    programme: Programme, monkeypatch: pytest.MonkeyPatch
) -> None:
    from danvan.collection import jobs as data_jobs
    from danvan.collection.exchange import import_data_values

    clerk = get_user_model().objects.get(username="xa.phuly")
    import_data_values(PHU_LY_CSV.encode(), user=clerk, check_rights=True)
    url = reverse("programmes_exchange_export")
    commune = client_of("xa.phuly")
    direct = commune.get(url, {"file_format": "csv"})  # 4 rows: answered at once
    assert direct.status_code == 200 and direct["Content-Type"].startswith("text/csv")
    monkeypatch.setattr(data_jobs, "DIRECT_ROWS", {"csv": 3, "xlsx": 3})  # now 4 rows are "large"
    page = commune.get(url, {"file_format": "csv"})
    assert page.status_code == 200 and not ExportJob.objects.exists()
    assert "Tệp có 4 dòng" in page.content.decode() and "Tạo tệp" in page.content.decode()
    job = job_from(commune.post(url, {"file_format": "csv"}))
    assert (
        job.status == ExportJob.Status.DONE and job.kind == data_jobs.KIND and job.filename == "so-lieu.csv"
    )
    download = read(commune.get(reverse("export_job_download", args=[job.pk])))
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "data_element,period,org_unit,value,comment"
    # Phú Lý's clerk sees Phú Lý only: the four rows imported above, by element code.
    assert sorted(lines[1:]) == [
        "core_members,2023,VC-PL-DOAN,300,",
        "eligible_population,2023,VC-PL-DOAN,1000,",
        "members,2023,VC-PL-DOAN,500,",
        "members_attending_regularly,2023,VC-PL-DOAN,400,",
    ]
    assert client_of("huyen.vinhcuu").get(reverse("export_job_download", args=[job.pk])).status_code == 404
