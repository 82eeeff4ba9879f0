"""The open-data catalogue (issue 18): the datasets the apps register (core.datasets), the page
/du-lieu-mo/, its JSON /api/v1/datasets/, each app's last_modified selector, and the Last-Modified the
API's middleware puts on a dataset's API path (so that If-Modified-Since answers 304)."""

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils.http import http_date

from danvan.analytics import selectors as analytics
from danvan.analytics.models import FlushedBatch, VisitorState
from danvan.core import registry
from danvan.core.datasets import CC_BY_4, Dataset, datasets
from danvan.documents import selectors as documents
from danvan.documents.models import DocumentFile, LegalDocument
from danvan.emulation import selectors as emulation
from danvan.emulation.models import SkilfulModel
from danvan.feedback import selectors as feedback
from danvan.feedback.models import Case, CaseEvent
from danvan.orgunits import selectors as orgunits
from danvan.programmes import selectors as programmes
from danvan.programmes.models import Submission, SubmissionEvent

from .emulation_factories import SkilfulModelFactory
from .factories import DocumentFileFactory, LegalDocumentFactory, OrgUnitFactory, SubmissionFactory
from .feedback_factories import CaseEventFactory, CaseFactory

pytestmark = pytest.mark.django_db

KEYS = [
    "documents",
    "org-units",
    "programme-results",
    "visit-statistics",
    "case-answers",
    "skilful-models",
]
TITLES = [
    "Văn bản",
    "Đơn vị",
    "Kết quả thực hiện chương trình",
    "Thống kê truy cập",
    "Trả lời công dân",
    "Mô hình “Dân vận khéo”",
]
T1 = dt.datetime(2026, 3, 2, 8, 15, 30, tzinfo=dt.UTC)
T2 = dt.datetime(2026, 5, 9, 1, 2, 3, tzinfo=dt.UTC)
T3 = dt.datetime(2026, 7, 20, 23, 59, 59, tzinfo=dt.UTC)
URL = "/api/v1/datasets/"


def test_the_apps_register_the_six_datasets_in_the_catalogue_order() -> None:
    found = list(datasets())
    assert [d.key for d in found] == KEYS
    assert [str(d.title) for d in found] == TITLES
    for d in found:
        assert d.licence == CC_BY_4
        assert d.api_paths and all(p.startswith("/api/v1/") and p.endswith("/") for p in d.api_paths)
        assert set(d.formats) <= {"JSON", "CSV"}
        assert str(d.description).endswith(".")


def test_an_unknown_update_frequency_is_refused() -> None:
    with pytest.raises(ValueError, match="weekly"):
        Dataset("x", "X", "X.", ("/api/v1/x/",), lambda: None, update_frequency="weekly")


# --- each app's selector: the newest of the timestamps made here by hand ------------------------------


def test_documents_last_modified_is_the_newest_edit_or_attached_file(media_root: Any) -> None:
    assert documents.documents_last_modified() is None
    first, second = LegalDocumentFactory.create(), LegalDocumentFactory.create()
    LegalDocument.objects.filter(pk=first.pk).update(updated_at=T2)
    LegalDocument.objects.filter(pk=second.pk).update(updated_at=T1)
    attached = DocumentFileFactory.create(document=second)
    DocumentFile.objects.filter(pk=attached.pk).update(uploaded_at=T1)
    assert documents.documents_last_modified() == T2
    DocumentFile.objects.filter(pk=attached.pk).update(uploaded_at=T3)  # a file attached later
    assert documents.documents_last_modified() == T3


def test_units_keep_no_timestamp() -> None:
    OrgUnitFactory.create()
    assert orgunits.units_last_modified() is None


def test_results_last_modified_is_the_newest_step_that_changes_public_figures() -> None:
    assert programmes.results_last_modified() is None
    submission = SubmissionFactory.create()  # open: not public, its date does not count
    assert programmes.results_last_modified() is None
    steps = [("approve", T1), ("lock", T2), ("submit", T3)]  # a submission alone shows nothing new
    for action, at in steps:
        event = SubmissionEvent.objects.create(submission=submission, action=action)
        SubmissionEvent.objects.filter(pk=event.pk).update(at=at)
    assert programmes.results_last_modified() == T2
    event = SubmissionEvent.objects.create(submission=submission, action="unlock")
    SubmissionEvent.objects.filter(pk=event.pk).update(at=T3)
    assert programmes.results_last_modified() == T3
    # A report approved without the workflow's event (an import): its own date, if newer.
    later = T3 + dt.timedelta(days=1)
    approved = SubmissionFactory.create(status=Submission.Status.APPROVED)
    Submission.objects.filter(pk=approved.pk).update(updated_at=later)
    assert programmes.results_last_modified() == later


def test_answers_last_modified_is_the_newest_change_of_a_published_case_or_withdrawal() -> None:
    assert feedback.answers_last_modified() is None
    published = CaseFactory.create(publish_answer=True, published_at=T1)
    private = CaseFactory.create()  # not published: its changes do not count
    Case.objects.filter(pk=published.pk).update(updated_at=T1)
    Case.objects.filter(pk=private.pk).update(updated_at=T3)
    CaseEventFactory.create(case=private, action="receive", at=T3)
    assert feedback.answers_last_modified() == T1
    CaseEventFactory.create(action="unpublish", at=T2)  # a case left the list
    assert feedback.answers_last_modified() == T2
    Case.objects.filter(pk=published.pk).update(updated_at=T3)  # e.g. a new status of a published case
    assert feedback.answers_last_modified() == T3
    assert CaseEvent.objects.count() == 2


def test_models_last_modified_is_the_newest_edit() -> None:
    assert emulation.models_last_modified() is None
    older, newer = SkilfulModelFactory.create(), SkilfulModelFactory.create()
    SkilfulModel.objects.filter(pk=older.pk).update(updated_at=T1)
    SkilfulModel.objects.filter(pk=newer.pk).update(updated_at=T2)
    assert emulation.models_last_modified() == T2


def test_visits_last_modified_is_the_newest_counted_visit_or_flushed_batch() -> None:
    assert analytics.visits_last_modified() is None
    VisitorState.objects.create(digest="a" * 64, day=T2.date(), last_seen=T2)
    VisitorState.objects.create(digest="b" * 64, day=T1.date(), last_seen=T1)
    assert analytics.visits_last_modified() == T2
    batch = FlushedBatch.objects.create(batch_id="b1")
    FlushedBatch.objects.filter(pk=batch.pk).update(flushed_at=T3)
    assert analytics.visits_last_modified() == T3


# --- the JSON ---------------------------------------------------------------------------------------


def _stamp_documents() -> None:
    document = LegalDocumentFactory.create()
    LegalDocument.objects.filter(pk=document.pk).update(updated_at=T2)


def test_the_json_lists_every_dataset_in_the_shape_of_the_other_lists(client: Client) -> None:
    _stamp_documents()
    body = client.get(URL).json()
    assert {k: body[k] for k in ("count", "page", "page_size", "next", "previous")} == {
        "count": 6,
        "page": 1,
        "page_size": 100,
        "next": None,
        "previous": None,
    }
    assert [r["key"] for r in body["results"]] == KEYS
    first = body["results"][0]
    assert dt.datetime.fromisoformat(first.pop("last_modified")) == T2
    assert first == {
        "key": "documents",
        "title": "Văn bản",
        "description": first["description"],
        "licence": {
            "name": "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)",
            "url": "https://creativecommons.org/licenses/by/4.0/",
        },
        "update_frequency": "on_change",
        "update_frequency_label": "Khi có thay đổi",
        "formats": ["JSON", "CSV"],
        "endpoints": ["http://testserver/api/v1/documents/"],
        "landing_page": "http://testserver/van-ban/",
    }
    assert first["description"].startswith("Văn bản của Đảng và Nhà nước")
    by_key = {r["key"]: r for r in body["results"]}
    assert by_key["org-units"]["last_modified"] is None
    assert by_key["org-units"]["landing_page"] is None
    assert by_key["programme-results"]["endpoints"] == [
        "http://testserver/api/v1/programmes/",
        "http://testserver/api/v1/programmes/{pk}/results/",
        "http://testserver/api/v1/data-elements/",
    ]
    assert by_key["programme-results"]["update_frequency"] == "per_period"
    assert by_key["visit-statistics"]["formats"] == ["JSON"]


def test_the_json_pages_and_answers_csv(client: Client) -> None:
    body = client.get(URL, {"page_size": 4, "page": 2}).json()
    assert [r["key"] for r in body["results"]] == KEYS[4:]
    assert body["previous"] == "http://testserver/api/v1/datasets/?page_size=4&page=1"
    assert body["next"] is None
    assert client.get(URL, {"page": 3, "page_size": 4}).status_code == 404
    assert client.get(URL, {"page_size": 101}).json()["fields"] == {
        "page_size": "Cỡ trang “101” không hợp lệ: cần một số nguyên từ 1 đến 100."
    }

    response = client.get(URL, {"format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert [r["key"] for r in rows] == KEYS
    assert rows[0]["licence.name"] == "Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"
    assert rows[0]["formats"] == '["JSON", "CSV"]'
    assert rows[1]["last_modified"] == ""  # org units: unknown


def test_one_dataset_by_its_key(client: Client) -> None:
    _stamp_documents()
    one = client.get(f"{URL}documents/").json()
    listed = client.get(URL).json()["results"][0]
    assert one == listed
    missing = client.get(f"{URL}khong-co/")
    assert missing.status_code == 404
    assert missing.json() == {"error": "Không có bộ dữ liệu mã “khong-co”."}


def test_the_openapi_document_describes_the_catalogue(client: Client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    listing = paths["/api/v1/datasets/"]["get"]
    assert listing["tags"] == ["Danh mục dữ liệu mở"]
    assert "text/csv" in listing["responses"]["200"]["content"]
    assert "/api/v1/datasets/{key}/" in paths


# --- Last-Modified ---------------------------------------------------------------------------------


def test_a_dataset_path_answers_with_last_modified_and_304_since_then(client: Client) -> None:
    _stamp_documents()
    response = client.get("/api/v1/documents/")
    assert response.status_code == 200
    assert response["Last-Modified"] == http_date(T2.timestamp()) == "Sat, 09 May 2026 01:02:03 GMT"
    assert response.has_header("ETag")
    # Without the ETag, by the date alone: not modified since T2, modified since a second before.
    assert (
        client.get("/api/v1/documents/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    )
    earlier = http_date(T2.timestamp() - 1)
    assert client.get("/api/v1/documents/", HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # Every filter, page and format of the list: the same rows' date.
    csv_answer = client.get("/api/v1/documents/", {"format": "csv"})
    assert csv_answer["Last-Modified"] == response["Last-Modified"]
    head = client.head("/api/v1/documents/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert head.status_code == 304


def test_the_published_answers_list_is_dated_by_its_cases(client: Client) -> None:
    published = CaseFactory.create(
        publish_answer=True, published_at=T1, public_title="Đường", public_answer="Đã sửa."
    )
    Case.objects.filter(pk=published.pk).update(updated_at=T1)
    response = client.get("/api/v1/requests/")
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response["Last-Modified"] == http_date(T1.timestamp())
    assert (
        client.get("/api/v1/requests/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    )
    Case.objects.filter(pk=published.pk).update(updated_at=T2)  # e.g. closed after its answer
    assert (
        client.get("/api/v1/requests/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 200
    )


def test_every_listed_address_answers(client: Client, site: Any) -> None:
    for row in client.get(URL).json()["results"]:
        addresses = [u for u in row["endpoints"] if "{" not in u] + [row["landing_page"] or ""]
        for url in filter(None, addresses):
            assert client.get(url).status_code == 200, url
            if "CSV" in row["formats"] and "/api/" in url:
                assert client.get(url, {"format": "csv"})["Content-Type"] == "text/csv; charset=utf-8", url


def test_a_new_edit_moves_last_modified(client: Client) -> None:
    _stamp_documents()
    since = client.get("/api/v1/documents/")["Last-Modified"]
    LegalDocumentFactory.create()  # edited now, after T2
    again = client.get("/api/v1/documents/", HTTP_IF_MODIFIED_SINCE=since)
    assert again.status_code == 200
    assert again["Last-Modified"] != since


def test_no_last_modified_where_the_date_is_unknown_or_does_not_bound_the_answer(client: Client) -> None:
    OrgUnitFactory.create()
    assert not client.get("/api/v1/org-units/").has_header("Last-Modified")  # units: no timestamp
    VisitorState.objects.create(digest="a" * 64, day=T2.date(), last_seen=T2)
    visits = client.get("/api/v1/stats/visits/")
    assert visits.status_code == 200
    assert not visits.has_header("Last-Modified")  # counts in Redis, "today" at midnight
    assert not client.get(URL).has_header("Last-Modified")  # the catalogue itself
    # A path below a dataset's is not the dataset's path (an exact match only).
    assert client.get("/api/v1/documents/x/").status_code == 404


# --- the page -----------------------------------------------------------------------------------------


def test_the_page_lists_each_dataset_with_its_fields_and_links(client: Client, site: Any) -> None:
    _stamp_documents()
    response = client.get("/du-lieu-mo/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Dữ liệu mở</h1>" in html
    headings = re.findall(r'<h2 id="([a-z-]+)-heading" class="section-title">(.*?)</h2>', html)
    assert headings == list(zip(KEYS, TITLES, strict=True))
    for link in (
        'href="/api/v1/docs/"',
        'href="/api/v1/openapi.json"',
        'href="http://testserver/api/v1/datasets/"',
        'href="http://testserver/api/v1/documents/"',
        'href="http://testserver/api/v1/documents/?format=csv"',
        'href="http://testserver/api/v1/datasets/documents/"',
        'href="http://testserver/van-ban/"',
        'href="https://creativecommons.org/licenses/by/4.0/"',
    ):
        assert link in html, link
    # A path the caller completes is shown, not linked; a JSON-only dataset has no CSV link.
    assert "<code>http://testserver/api/v1/programmes/{pk}/results/</code>" in html
    assert "stats/visits/?format=csv" not in html
    # T2 in Viet Nam's time, and the unknown date of the units said as such.
    assert '<time datetime="2026-05-09T08:02:03+07:00">09/05/2026 08:02</time>' in html
    org_units = html.split('id="org-units"')[1].split("</section>")[0]
    assert "Chưa rõ" in org_units
    assert "<script" not in html.split("<main")[1].split("</main>")[0]  # no script needed


def test_the_page_escapes_what_a_dataset_says(client: Client, site: Any, monkeypatch: Any) -> None:
    hostile = Dataset(
        key="x",
        title='<script>alert("tiêu đề")</script>',
        description="<b>mô tả</b> & <i>thêm</i>",
        api_paths=('/api/v1/x/"><script>/',),
        last_modified=lambda: None,
    )
    monkeypatch.setattr(registry, "datasets", {"x": hostile})
    html = client.get("/du-lieu-mo/").content.decode()
    assert "&lt;script&gt;alert(&quot;tiêu đề&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;mô tả&lt;/b&gt; &amp; &lt;i&gt;thêm&lt;/i&gt;" in html
    assert '"><script>' not in html and "<b>mô tả" not in html


def test_the_page_is_cached_for_anonymous_visitors_and_in_the_sitemap(client: Client, site: Any) -> None:
    first = client.get("/du-lieu-mo/")
    assert first["X-Danvan-Cache"] == "miss"
    assert "public" in first["Cache-Control"]
    assert client.get("/du-lieu-mo/")["X-Danvan-Cache"] == "hit"
    assert "<loc>http://127.0.0.1:8000/du-lieu-mo/</loc>" in client.get("/sitemap.xml").content.decode()
