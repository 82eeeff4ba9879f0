"""Wagtail's own reports export through the task queue (issue 17, decision 0024's 7 Dec 2026 section,
"Wagtail's reports"): over the row threshold the export link shows the count and a button, the POST
queues a job without building it, the worker writes exactly the rows the report lists; the job is its
requester's only; the report's permission is asked again on download; under the threshold Wagtail's
direct download is unchanged. Tests run tasks at once (settings/test.py) unless a test swaps in the
dummy backend.

The fixture, by hand (under the "Công tác dân vận" category; it and the home page get an empty
last_published_at, so they are not in the aging report):
    page        last published   publish log (the last publisher)    other log
    Bài B       2025-12-01       quan.tri, 2025-12-01
    Bài A       2026-01-10       can.bo,   2026-01-10
    Bài C       2026-02-01       —                                    edited by can.bo, 2026-01-20
    Bài D       never (draft)    —
So the aging pages report lists B, A, C (oldest first; "last published before 15/01/2026": B, A) and
the site history lists C edited, A published, B published (newest first; by can.bo: C, A)."""

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from danvan.core import exports as core_exports
from danvan.core import queued_exports
from danvan.core.models import ExportJob

from .export_helpers import DUMMY_QUEUE, client_of, download, job_from, read
from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

AGING = "wagtailadmin_reports:aging_pages"
HISTORY = "wagtailadmin_reports:site_history"


def when(year: int, month: int, day: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 9))


@pytest.fixture
def world(category: Any, django_user_model: Any, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path / "media"
    boss = django_user_model.objects.create_superuser("quan.tri", password="mat-khau-rat-dai-17")
    other = django_user_model.objects.create_superuser("doc.gia", password="mat-khau-rat-dai-17")
    staff = django_user_model.objects.create_user("can.bo", password="mat-khau-rat-dai-17", is_staff=True)
    pages = {
        name: ArticlePageFactory.create(parent=category, title=f"Bài {name}", slug=f"bai-{name.lower()}")
        for name in "ABCD"
    }
    PageLogEntry.objects.all().delete()  # whatever building the tree logged: the table below only
    ModelLogEntry.objects.all().delete()
    for name, published in {"A": when(2026, 1, 10), "B": when(2025, 12, 1), "C": when(2026, 2, 1)}.items():
        type(pages[name]).objects.filter(pk=pages[name].pk).update(last_published_at=published)
    # The home page, the category and D: never published as far as the report knows (D a draft).
    Page.objects.exclude(pk__in=[pages[name].pk for name in "ABC"]).update(last_published_at=None)
    type(pages["D"]).objects.filter(pk=pages["D"].pk).update(live=False)
    PageLogEntry.objects.log_action(pages["B"], "wagtail.publish", user=boss, timestamp=when(2025, 12, 1))
    PageLogEntry.objects.log_action(pages["A"], "wagtail.publish", user=staff, timestamp=when(2026, 1, 10))
    PageLogEntry.objects.log_action(pages["C"], "wagtail.edit", user=staff, timestamp=when(2026, 1, 20))
    return {"boss": boss, "other": other, "staff": staff, "pages": pages}


def rows_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))[1:]  # less the heading


def queue_over(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    monkeypatch.setattr(queued_exports, "DIRECT_ROWS", {"csv": rows, "xlsx": rows})


def aging(rows: list[list[str]]) -> list[tuple[str, str]]:
    return [(row[0], row[3]) for row in rows]  # title, last published by


def history(rows: list[list[str]], world: dict[str, Any]) -> list[tuple[str, str, str]]:
    names = {str(page.pk): name for name, page in world["pages"].items()}
    return [(names[row[0]], row[1], row[4]) for row in rows]  # page, its title, who


def test_the_aging_pages_export_over_the_threshold_is_a_job_with_the_reports_rows(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_over(monkeypatch, 2)
    client = client_of(world["boss"])
    address = reverse(AGING) + "?export=csv"
    page = client.get(address)
    assert page.status_code == 200 and not page.streaming and "Content-Disposition" not in page
    html = page.content.decode()
    assert "Tệp CSV có 3 dòng" in html and "Tạo tệp" in html and 'method="post"' in html
    assert not ExportJob.objects.exists()  # showing the button builds nothing
    with override_settings(TASKS=DUMMY_QUEUE):
        job = job_from(client.post(address))
    assert (job.user, job.kind, job.status, bool(job.file)) == (
        world["boss"],
        "wagtail_report:aging_pages",
        ExportJob.Status.QUEUED,
        False,
    )
    assert job.parameters == {"format": "csv", "query": ""}
    assert core_exports.run_export(job.pk) == "done"  # what the worker does later
    expected = [("Bài B", "quan.tri"), ("Bài A", "can.bo"), ("Bài C", "")]
    assert aging(rows_of(download(client, ExportJob.objects.get(pk=job.pk)).content)) == expected
    assert ExportJob.objects.get(pk=job.pk).filename == "trang-lau-chua-cap-nhat.csv"  # not Wagtail's default


def test_the_aging_pages_job_keeps_the_filter_and_under_the_threshold_the_file_comes_at_once(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_of(world["boss"])
    address = reverse(AGING) + "?last_published_at=2026-01-15&export=csv"
    direct = read(client.get(address))  # 2 rows: Wagtail's own download, as before
    assert direct.status_code == 200 and "attachment" in direct["Content-Disposition"]
    assert "trang-lau-chua-cap-nhat.csv" in direct["Content-Disposition"]
    assert aging(rows_of(direct.content)) == [("Bài B", "quan.tri"), ("Bài A", "can.bo")]
    queue_over(monkeypatch, 1)
    job = job_from(client.post(address))
    assert job.parameters == {"format": "csv", "query": "last_published_at=2026-01-15"}
    assert rows_of(download(client, job).content) == rows_of(direct.content)


def test_the_xlsx_job_of_a_report_is_a_workbook(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from openpyxl import load_workbook

    queue_over(monkeypatch, 0)
    client = client_of(world["boss"])
    job = job_from(client.post(reverse(AGING) + "?export=xlsx"))
    sheet = load_workbook(io.BytesIO(download(client, job).content)).active
    assert sheet is not None
    assert [row[0] for row in list(sheet.iter_rows(values_only=True))[1:]] == ["Bài B", "Bài A", "Bài C"]


def test_the_site_history_export_over_the_threshold_is_a_job_with_the_reports_rows(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_over(monkeypatch, 2)
    client = client_of(world["boss"])
    address = reverse(HISTORY) + "?export=csv"
    page = client.get(address)
    assert page.status_code == 200 and "Tệp CSV có 3 dòng" in page.content.decode()
    fragment = client.get(reverse("wagtailadmin_reports:site_history_results") + "?export=csv")
    assert "Tệp CSV có 3 dòng" in fragment.content.decode()  # the filters' fragment: no way around it
    with override_settings(TASKS=DUMMY_QUEUE):
        job = job_from(client.post(address))
    assert job.status == ExportJob.Status.QUEUED and not job.file
    assert core_exports.run_export(job.pk) == "done"
    expected = [("C", "Bài C", "can.bo"), ("A", "Bài A", "can.bo"), ("B", "Bài B", "quan.tri")]
    assert history(rows_of(download(client, job).content), world) == expected


def test_the_site_history_job_keeps_the_filter_and_matches_the_direct_download(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_of(world["boss"])
    address = reverse(HISTORY) + f"?user={world['staff'].pk}&export=csv"
    direct = read(client.get(address))
    assert direct.status_code == 200 and "attachment" in direct["Content-Disposition"]
    assert history(rows_of(direct.content), world) == [("C", "Bài C", "can.bo"), ("A", "Bài A", "can.bo")]
    queue_over(monkeypatch, 1)
    job = job_from(client.post(address))
    assert rows_of(download(client, job).content) == rows_of(direct.content)


def test_another_user_cannot_see_or_download_a_reports_job(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_over(monkeypatch, 0)
    for report in (AGING, HISTORY):
        job = job_from(client_of(world["boss"]).post(reverse(report) + "?export=csv"))
        other = client_of(world["other"])  # sees the same report, but did not ask for this file
        assert other.get(reverse("export_job", args=[job.pk])).status_code == 404
        assert other.get(reverse("export_job_download", args=[job.pk])).status_code == 404


def test_the_reports_permission_is_asked_again_when_built_and_when_downloaded(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    queue_over(monkeypatch, 0)
    boss = world["boss"]
    client = client_of(boss)
    done = job_from(client.post(reverse(AGING) + "?export=csv"))
    with override_settings(TASKS=DUMMY_QUEUE):
        waiting = job_from(client.post(reverse(AGING) + "?export=csv"))
    boss.is_superuser = False  # an admin without any right over pages: the report is not theirs
    boss.save()
    boss.user_permissions.add(Permission.objects.get(codename="access_admin"))
    refused = client.get(reverse("export_job_download", args=[done.pk]))
    assert refused.status_code == 403
    assert core_exports.run_export(waiting.pk) == "failed"
    waiting.refresh_from_db()
    assert waiting.error == "Bạn không còn quyền xem báo cáo này." and not waiting.file
    assert client.post(reverse(AGING) + "?export=csv").status_code in (302, 403)  # Wagtail's own check


def test_bad_filters_are_a_400_in_vietnamese(world: dict[str, Any]) -> None:
    client = client_of(world["boss"])
    answer = client.get(reverse(HISTORY) + "?user=999999&export=csv")
    assert answer.status_code == 400 and "bộ lọc không hợp lệ" in answer.content.decode()
    assert client.post(reverse(AGING)).status_code == 400  # a POST without a format
    assert not ExportJob.objects.exists()


def test_the_reports_pages_are_still_wagtails(world: dict[str, Any]) -> None:
    client = client_of(world["boss"])
    for report in (AGING, HISTORY, "wagtailadmin_reports:locked_pages", "wagtailadmin_reports:workflow"):
        assert client.get(reverse(report)).status_code == 200
    assert client_of(world["staff"]).get(reverse(AGING)).status_code in (302, 403)  # no admin access
