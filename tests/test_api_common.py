"""What every /api/v1/ endpoint shares (danvan.core.api, decision 0030): the error shape, pages, CSV,
conditional GETs, CORS for public GETs only, HEAD, the general rate limit. Shown on the org-units list,
which has every one of them."""

import csv
import io
from typing import Any

import pytest
from django.test import Client

from danvan.core.api import columns_of, csv_response
from danvan.orgunits.api import OrgUnitOut
from danvan.orgunits.models import OrgLevel, OrgUnit

URL = "/api/v1/org-units/"


@pytest.fixture
def units(db: Any) -> None:
    province = OrgLevel.objects.create(code="province", name="Tỉnh", rank=1)
    commune = OrgLevel.objects.create(code="commune", name="Xã", rank=2)
    root = OrgUnit.objects.create(code="DN", name="Tỉnh Đồng Nai", level=province)
    OrgUnit.objects.create(code="DN-TA", name="Xã Trị An", level=commune, parent=root)
    OrgUnit.objects.create(code="DN-VA", name="=Xã “Vĩnh An”, cmd", level=commune, parent=root)


def test_a_bad_parameter_names_itself_in_vietnamese(client: Client, units: None) -> None:
    response = client.get(URL, {"page_size": "nghìn", "format": "xml"})
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"error", "fields"}
    assert body["fields"]["page_size"] == "Cỡ trang “nghìn” không hợp lệ: cần một số nguyên từ 1 đến 1000."
    assert body["fields"]["format"] == "Chỉ nhận một trong: 'json', 'csv'."
    assert body["fields"]["page_size"] in body["error"]


def test_unknown_address_and_method_answer_json_errors(client: Client, units: None) -> None:
    missing = client.get("/api/v1/khong-co/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert "Không có địa chỉ này" in missing.json()["error"]
    posted = client.post(URL, {})
    assert posted.status_code == 405
    assert posted["Content-Type"] == "application/json"
    assert posted.json()["error"] == "Địa chỉ này không nhận phương thức ấy."
    assert posted["Allow"] == "GET"
    assert "Access-Control-Allow-Origin" not in posted


def test_etag_gives_304_and_changes_with_the_data(client: Client, units: None) -> None:
    first = client.get(URL)
    etag = first["ETag"]
    assert first.status_code == 200 and etag
    again = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    OrgUnit.objects.filter(code="DN-TA").update(name="Xã Trị An mới")
    changed = client.get(URL, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_public_gets_are_open_to_other_sites_and_writes_are_not(client: Client, units: None) -> None:
    got = client.get(URL, HTTP_ORIGIN="https://bao.example.vn")
    assert got["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in got["Access-Control-Expose-Headers"]
    preflight = client.options(
        URL,
        HTTP_ORIGIN="https://bao.example.vn",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    write = client.options(
        URL, HTTP_ORIGIN="https://bao.example.vn", HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST"
    )
    assert "Access-Control-Allow-Origin" not in write


def test_head_is_a_get_without_body(client: Client, units: None) -> None:
    head = client.head(URL)
    get = client.get(URL)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]


def test_the_general_limit_answers_429_with_retry_after(client: Client, units: None, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "api": "2/m"}
    assert [client.get(URL).status_code for _ in range(2)] == [200, 200]
    refused = client.get(URL)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    # The visit beacon is not counted against it: every page view sends one.
    assert client.get("/api/v1/hits/pixel.gif", {"path": "/"}).status_code == 200


def test_csv_is_the_same_page_with_a_bom_and_safe_cells(client: Client, units: None) -> None:
    response = client.get(URL, {"format": "csv", "page_size": "2", "page": "2"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="don-vi.csv"'
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [row["code"] for row in rows] == ["DN-VA"]  # page 2 of 3 units, 2 a page
    # A cell a spreadsheet would run as a formula is quoted as text; Vietnamese stays intact.
    assert rows[0]["name"] == "'=Xã “Vĩnh An”, cmd"
    assert rows[0]["successors"] == "[]"
    assert response["X-Total-Count"] == "3"
    assert (
        response["Link"]
        == '<http://testserver/api/v1/org-units/?format=csv&page_size=2&page=1>; rel="previous"'
    )


def test_an_empty_csv_keeps_its_header_row() -> None:
    response = csv_response([], "rong", {"count": 0, "next": None, "previous": None}, OrgUnitOut)
    text = response.content.decode("utf-8-sig")
    assert text.splitlines() == [",".join(columns_of(OrgUnitOut))]
    assert columns_of(OrgUnitOut)[:3] == ["code", "name", "parent"]
