"""/api/v1/programmes/, /api/v1/data-elements/ and a programme's results on the API's common shape
(issue 18): the page fields, ``?format=csv`` (a BOM, Vietnamese intact, a header even when empty),
and the results' CSV — one row per indicator × unit, exact decimals, private when not public.

The results are those of tests/worlds.py's programme world: each locked commune's youth union has
470 members out of 1000 young people (COUNTS); Phú Lý's report is open and empty.
"""

import csv
import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from danvan.programmes.models import DataElement, Programme

from .worlds import programme_users, programme_world

pytestmark = pytest.mark.django_db

RESULT_COLUMNS = "key,indicator,name,unit_code,unit_name,status,numerator,denominator,value,met"


@pytest.fixture
def programme(db: Any) -> Programme:
    return programme_world().programme


def _csv(content: bytes) -> list[dict[str, str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a BOM, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def test_the_programme_list_is_one_page_of_the_common_shape(client: Client, programme: Programme) -> None:
    data = client.get("/api/v1/programmes/").json()
    assert data == {
        "count": 1,
        "page": 1,
        "page_size": 100,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": programme.pk,
                "code": "42-CTr/HU",
                "title": programme.title,
                "year": 2023,
                "issued_on": programme.issued_on.isoformat(),
            }
        ],
    }
    assert client.get("/api/v1/programmes/", {"page": "2"}).status_code == 404  # past the last page
    assert client.get("/api/v1/programmes/", {"page_size": "1001"}).status_code == 400


def test_the_programme_list_as_csv(client: Client, programme: Programme) -> None:
    response = client.get("/api/v1/programmes/", {"format": "csv"})
    assert response["Content-Disposition"] == 'attachment; filename="chuong-trinh.csv"'
    assert response.content.decode("utf-8-sig").splitlines()[0] == "id,code,title,year,issued_on"
    assert _csv(response.content) == [
        {
            "id": str(programme.pk),
            "code": "42-CTr/HU",
            "title": programme.title,
            "year": "2023",
            "issued_on": programme.issued_on.isoformat(),
        }
    ]
    assert "dân vận" in programme.title.lower()  # so the row above carries Vietnamese letters


def test_data_elements_in_pages_and_as_csv(client: Client, programme: Programme) -> None:
    codes = sorted(DataElement.objects.values_list("code", flat=True))
    assert len(codes) > 2
    first = client.get("/api/v1/data-elements/", {"page_size": "2"}).json()
    assert (first["count"], first["page"], first["page_size"]) == (len(codes), 1, 2)
    assert [row["code"] for row in first["results"]] == codes[:2]
    assert first["next"] == "http://testserver/api/v1/data-elements/?page_size=2&page=2"
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert [row["code"] for row in second["results"]] == codes[2:4]
    rows = _csv(client.get("/api/v1/data-elements/", {"format": "csv"}).content)
    members = DataElement.objects.get(code="members")
    assert {"code": "members", "name": members.name, "value_type": members.value_type} in rows
    assert [row["code"] for row in rows] == codes


def test_empty_lists_as_csv_keep_their_header(client: Client, db: Any) -> None:
    programmes = client.get("/api/v1/programmes/", {"format": "csv"})
    assert programmes.content == "\ufeffid,code,title,year,issued_on\r\n".encode()
    elements = client.get("/api/v1/data-elements/", {"format": "csv"})
    assert elements.content == "\ufeffcode,name,value_type\r\n".encode()
    assert client.get("/api/v1/programmes/").json()["count"] == 0


def test_results_as_csv_one_row_per_indicator_and_unit(client: Client, programme: Programme) -> None:
    url = f"/api/v1/programmes/{programme.pk}/results/"
    response = client.get(url, {"period": "2023", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="ket-qua-chuong-trinh-{programme.pk}-2023.csv"'
    )
    assert "Cookie" in response["Vary"] and "private" not in response.get("Cache-Control", "")
    assert response.content.decode("utf-8-sig").splitlines()[0] == RESULT_COLUMNS
    rows = _csv(response.content)
    data = client.get(url, {"period": "2023"}).json()
    assert len(rows) == sum(len(indicator["units"]) for indicator in data["indicators"]) > 0
    enrolment = [r for r in rows if r["key"] == "enrolment:youth_union"]
    # Four locked communes, 470 of 1000 each: 47 %, exactly (no float, no trailing zeros).
    assert sorted(r["unit_code"] for r in enrolment) == [
        "VC-MD-DOAN",
        "VC-TT-DOAN",
        "VC-VA-DOAN",
        "VC-VT-DOAN",
    ]
    vinh_an = next(r for r in enrolment if r["unit_code"] == "VC-VA-DOAN")
    assert (vinh_an["status"], vinh_an["numerator"], vinh_an["denominator"], vinh_an["value"]) == (
        "locked",
        "470",
        "1000",
        "47",
    )
    assert vinh_an["indicator"] == "enrolment" and "Vĩnh An" in vinh_an["unit_name"]
    assert vinh_an["met"] in ("true", "false")


def test_results_csv_of_a_period_without_figures_is_its_header(client: Client, programme: Programme) -> None:
    response = client.get(f"/api/v1/programmes/{programme.pk}/results/", {"period": "2019", "format": "csv"})
    assert response.content == f"\ufeff{RESULT_COLUMNS}\r\n".encode()


def test_results_for_who_sees_the_unit_stay_private_in_csv_too(client: Client, programme: Programme) -> None:
    programme_users(password="api-test-password")
    client.force_login(get_user_model().objects.get(username="huyen.vinhcuu"))
    url = f"/api/v1/programmes/{programme.pk}/results/"
    for query in ({"period": "2023"}, {"period": "2023", "format": "csv"}):
        response = client.get(url, query)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        assert "Cookie" in response["Vary"]
        assert "Access-Control-Allow-Origin" not in response  # not a public answer
    assert client.get(url, {"period": "2023"}).json()["figures"] == "all"


@pytest.mark.parametrize(
    ("query", "status", "field", "words"),
    [
        ({"period": "2023Q9"}, 400, "period", "Kỳ báo cáo “2023Q9” không hợp lệ"),
        ({"unit": "nope"}, 400, "unit", "Đơn vị không thuộc phạm vi của chương trình."),
        ({"structure": "x"}, 400, "structure", "Tham số structure chỉ nhận “reported”"),
    ],
)
def test_results_errors_keep_their_messages_and_name_the_parameter(
    client: Client, programme: Programme, query: dict[str, str], status: int, field: str, words: str
) -> None:
    response = client.get(f"/api/v1/programmes/{programme.pk}/results/", query)
    assert response.status_code == status
    body = response.json()
    assert words in body["error"] and words in body["fields"][field]


def test_an_unknown_programme_is_a_404_in_the_error_shape(client: Client, db: Any) -> None:
    response = client.get("/api/v1/programmes/999999/results/")
    assert (response.status_code, response.json()) == (404, {"error": "Không có chương trình này."})
    assert client.get(f"/api/v1/programmes/{2**63}/results/").status_code == 400  # never reaches the database
