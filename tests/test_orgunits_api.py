"""`/api/v1/org-units/` in pages: page, page_size (≤ 1,000), the total count, next/previous, bad values.

The filters themselves are tested in tests/test_orgunits.py (TestApi); here, how pages cut the list.
"""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.orgunits.models import OrgType, OrgUnit, Succession

from .factories import OrgTypeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/org-units/"
REFORM = dt.date(2025, 7, 1)
BEFORE = dt.date(2025, 6, 30)


@pytest.fixture
def five_units() -> None:
    """In path order: DN, DN-TRIAN, VC, VC-VA, VC-VA-DOAN (VC and below ended with the reform)."""
    province = OrgUnitFactory.create(code="DN", name="Tỉnh Đồng Nai")
    district = OrgUnitFactory.create(code="VC", parent=province, valid_to=BEFORE)
    commune = OrgUnitFactory.create(code="VC-VA", name="Thị trấn Vĩnh An", parent=district, valid_to=BEFORE)
    OrgUnitFactory.create(code="VC-VA-DOAN", parent=commune, valid_to=BEFORE)
    today = OrgUnitFactory.create(code="DN-TRIAN", name="Xã Trị An", parent=province, valid_from=REFORM)
    Succession.objects.create(predecessor=commune, successor=today, kind="merge", effective_on=REFORM)


def test_pages_cut_the_list_in_path_order_with_the_total_count(client: Client, five_units: None) -> None:
    first = client.get(URL, {"page_size": 2}).json()
    assert (first["count"], first["page"], first["page_size"]) == (5, 1, 2)
    assert [row["code"] for row in first["results"]] == ["DN", "DN-TRIAN"]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/org-units/?page_size=2&page=2"

    second = client.get(first["next"]).json()
    assert [row["code"] for row in second["results"]] == ["VC", "VC-VA"]
    # A page's rows keep their successors, read for that page's units only.
    assert second["results"][1]["successors"] == [
        {"code": "DN-TRIAN", "kind": "merge", "effective_on": "2025-07-01", "share": "1"}
    ]
    assert second["previous"] == "http://testserver/api/v1/org-units/?page_size=2&page=1"

    last = client.get(second["next"]).json()
    assert [row["code"] for row in last["results"]] == ["VC-VA-DOAN"]
    assert (last["count"], last["page"], last["next"]) == (5, 3, None)


def test_default_page_is_100_units_and_1000_is_the_largest(client: Client) -> None:
    kind = OrgTypeFactory.create()
    OrgUnit.objects.bulk_create(
        OrgUnit(code=f"X{n:03d}", name=f"Xã {n}", org_type=kind, path=f"/X{n:03d}/", depth=1)
        for n in range(101)
    )
    first = client.get(URL).json()
    assert (first["count"], first["page_size"], len(first["results"])) == (101, 100, 100)
    assert first["results"][-1]["code"] == "X099"
    second = client.get(URL, {"page": 2}).json()
    assert [row["code"] for row in second["results"]] == ["X100"]
    assert second["next"] is None
    everything = client.get(URL, {"page_size": 1000}).json()
    assert (len(everything["results"]), everything["next"]) == (101, None)


def test_filters_combine_with_pages_and_stay_in_the_links(client: Client, five_units: None) -> None:
    first = client.get(URL, {"on": "2025-06-30", "page_size": "3"}).json()
    assert first["count"] == 4
    assert [row["code"] for row in first["results"]] == ["DN", "VC", "VC-VA"]
    assert first["next"] == "http://testserver/api/v1/org-units/?on=2025-06-30&page_size=3&page=2"
    second = client.get(first["next"]).json()
    assert [row["code"] for row in second["results"]] == ["VC-VA-DOAN"]

    children = client.get(URL, {"parent": "DN", "page_size": "1", "page": "2"}).json()
    assert (children["count"], [row["code"] for row in children["results"]]) == (2, ["VC"])


def test_an_empty_list_is_page_1_not_an_error(client: Client, five_units: None) -> None:
    OrgTypeFactory.create(code="women_union", name="Hội Phụ nữ")
    response = client.get(URL, {"type": "women_union"})
    assert response.status_code == 200
    assert response.json() == {
        "count": 0,
        "page": 1,
        "page_size": 100,
        "next": None,
        "previous": None,
        "results": [],
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page": "0"}, "Số trang “0” không hợp lệ: cần một số nguyên dương"),
        ({"page": "-1"}, "Số trang “-1” không hợp lệ"),
        ({"page": "hai"}, "Số trang “hai” không hợp lệ"),
        ({"page": "1e3"}, "Số trang “1e3” không hợp lệ"),
        ({"page": "２"}, "Số trang “２” không hợp lệ"),
        ({"page": "1.5"}, "Số trang “1.5” không hợp lệ"),
        ({"page": "9" * 40}, "không hợp lệ"),
        ({"page_size": "0"}, "Cỡ trang “0” không hợp lệ: cần một số nguyên từ 1 đến 1000."),
        ({"page_size": "1001"}, "Cỡ trang “1001” không hợp lệ"),
        ({"page_size": "-5"}, "Cỡ trang “-5” không hợp lệ"),
        ({"page_size": "trăm"}, "Cỡ trang “trăm” không hợp lệ"),
    ],
)
def test_bad_page_values_are_400_in_vietnamese(
    client: Client, five_units: None, query: dict[str, str], message: str
) -> None:
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert message in response.json()["error"]


def test_a_page_past_the_end_is_404(client: Client, five_units: None) -> None:
    assert client.get(URL, {"page_size": 2, "page": 3}).status_code == 200
    response = client.get(URL, {"page_size": 2, "page": 4})
    assert response.status_code == 404
    assert response.json() == {"error": "Không có trang 4: với cỡ trang 2 chỉ có 3 trang."}


def test_every_unit_once_across_pages(client: Client, five_units: None) -> None:
    whole = [row["code"] for row in client.get(URL).json()["results"]]
    paged: list[str] = []
    url: str | None = f"{URL}?page_size=2"
    while url:
        data = client.get(url).json()
        paged += [row["code"] for row in data["results"]]
        url = data["next"]
    assert paged == whole == ["DN", "DN-TRIAN", "VC", "VC-VA", "VC-VA-DOAN"]


def test_queries_do_not_grow_with_the_page(client: Client, five_units: None) -> None:
    with CaptureQueriesContext(connection) as small:
        client.get(URL, {"page_size": 1})
    with CaptureQueriesContext(connection) as large:
        client.get(URL, {"page_size": 5})
    assert (
        len(small.captured_queries) == len(large.captured_queries) == 2
    )  # count, the page with its successors


def test_anonymous_answer_stays_cacheable_like_the_other_public_apis(
    client: Client, five_units: None
) -> None:
    response = client.get(URL, {"page_size": 2})
    documents = client.get("/api/v1/documents/")
    assert response.status_code == documents.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert response.get("Cache-Control") == documents.get("Cache-Control")
    # Only the language (and, as this answer is compressed, the encoding) varies it.
    assert {v.strip() for v in response["Vary"].split(",")} <= {"Accept-Language", "Accept-Encoding"}


def test_a_unit_type_filter_still_works_with_pages(client: Client, five_units: None) -> None:
    youth = OrgType.objects.create(code="youth_union", name="Đoàn")
    OrgUnit.objects.filter(code__in=["VC-VA-DOAN", "DN-TRIAN"]).update(org_type=youth)
    data = client.get(URL, {"type": "youth_union", "page_size": "1", "page": "2"}).json()
    assert (data["count"], [row["code"] for row in data["results"]]) == (2, ["VC-VA-DOAN"])


def test_a_unit_with_several_successors_is_one_row_with_all_of_them(client: Client, five_units: None) -> None:
    """The page and its successions come in one query (one row per succession): a unit split between
    two units, then merged later, is still one object with its three successors, and the pages still
    cut the list by units."""
    district = OrgUnit.objects.get(code="VC")
    trian, province = OrgUnit.objects.get(code="DN-TRIAN"), OrgUnit.objects.get(code="DN")
    other = OrgUnitFactory.create(code="DN-BH", name="Phường Biên Hòa", parent=province, valid_from=REFORM)
    Succession.objects.create(
        predecessor=district, successor=trian, kind="split", effective_on=REFORM, share="0.6"
    )
    Succession.objects.create(
        predecessor=district, successor=other, kind="split", effective_on=REFORM, share="0.4"
    )
    later = dt.date(2026, 1, 1)
    Succession.objects.create(predecessor=district, successor=province, kind="merge", effective_on=later)
    # In path order: DN, DN-BH, DN-TRIAN, VC, VC-VA, VC-VA-DOAN; pages of 2.
    second = client.get(URL, {"page_size": 2, "page": 2}).json()
    assert second["count"] == 6
    assert [row["code"] for row in second["results"]] == ["DN-TRIAN", "VC"]
    assert second["results"][0]["successors"] == []
    # By date, then by the successor's code; shares as written (0.6000 stored → "0.6").
    assert second["results"][1]["successors"] == [
        {"code": "DN-BH", "kind": "split", "effective_on": "2025-07-01", "share": "0.4"},
        {"code": "DN-TRIAN", "kind": "split", "effective_on": "2025-07-01", "share": "0.6"},
        {"code": "DN", "kind": "merge", "effective_on": "2026-01-01", "share": "1"},
    ]
    third = client.get(URL, {"page_size": 2, "page": 3}).json()
    assert [row["code"] for row in third["results"]] == ["VC-VA", "VC-VA-DOAN"]
    assert third["results"][0]["successors"] == [
        {"code": "DN-TRIAN", "kind": "merge", "effective_on": "2025-07-01", "share": "1"}
    ]
