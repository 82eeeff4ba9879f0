"""GET /api/v1/skilful-models/ (issue 16): the recognised, published models with their fields, the
filters, pagination, and malformed parameters answered 400 in Vietnamese — never 500."""

from typing import Any

import pytest

from danvan.emulation.models import ModelField, ModelStatus

from .factories import OrgUnitFactory
from .gallery_factories import skilful_model

API = "/api/v1/skilful-models/"


@pytest.fixture
def models(db: Any) -> dict[str, Any]:
    phu_ly = OrgUnitFactory.create(code="DN-PL", name="Xã Phú Lý")
    ma_da = OrgUnitFactory.create(code="DN-MA", name="Xã Mã Đà")
    return {
        "a": skilful_model(phu_ly, title="Mô hình A", slug="mo-hinh-a", year=2023),
        "b": skilful_model(
            ma_da, title="Mô hình B", slug="mo-hinh-b", year=2024, field=ModelField.DEFENCE_SECURITY
        ),
        "refused": skilful_model(phu_ly, title="Bị từ chối", slug="c", status=ModelStatus.NOT_RECOGNISED),
        "revoked": skilful_model(phu_ly, title="Bị thu hồi", slug="d", status=ModelStatus.REVOKED),
        "review": skilful_model(phu_ly, title="Đang xét", slug="e", status=ModelStatus.UNDER_REVIEW),
        "hidden": skilful_model(phu_ly, title="Không hiện", slug="f", published=False),
    }


def test_fields_of_each_row(client: Any, models: dict[str, Any]) -> None:
    data = client.get(API).json()
    assert data["count"] == 2
    assert data["results"][0] == {
        "title": "Mô hình B",
        "unit_code": "DN-MA",
        "unit_name": "Xã Mã Đà",
        "field": "quoc_phong_an_ninh",
        "year": 2024,
        "status": "recognised",
        "url": f"http://testserver/dan-van-kheo/{models['b'].pk}-mo-hinh-b/",
    }
    assert [row["title"] for row in data["results"]] == ["Mô hình B", "Mô hình A"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"year": "2023"}, ["Mô hình A"]),
        ({"unit": "DN-MA"}, ["Mô hình B"]),
        ({"field": "kinh_te"}, ["Mô hình A"]),
        ({"year": "2024", "unit": "DN-PL"}, []),
        ({"unit": "KHONG-CO"}, []),  # an unknown unit: empty, like an unknown issuer in documents
        ({"status": "revoked"}, []),  # never listed
        ({"page_size": "1", "page": "2"}, ["Mô hình A"]),
    ],
)
def test_filters(client: Any, models: dict[str, Any], query: dict[str, str], titles: list[str]) -> None:
    response = client.get(API, query)
    assert response.status_code == 200
    assert [row["title"] for row in response.json()["results"]] == titles


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"year": "abc"}, "Năm không hợp lệ"),
        ({"year": "20233"}, "Năm không hợp lệ"),
        ({"year": "²０２３"}, "Năm không hợp lệ"),
        ({"field": "economy"}, "Lĩnh vực không hợp lệ"),
        ({"unit": "X" * 41}, "Mã đơn vị quá dài"),
        ({"status": "approved"}, "Trạng thái không hợp lệ"),
        ({"page": "x"}, "Số trang không hợp lệ"),
        ({"page_size": "-3"}, "Cỡ trang không hợp lệ"),
    ],
)
def test_bad_parameters_are_400_in_vietnamese(
    client: Any, models: dict[str, Any], query: dict[str, str], words: str
) -> None:
    response = client.get(API, query)
    assert response.status_code == 400
    assert words in response.json()["error"]


def test_past_the_last_page_is_empty_and_post_is_refused(client: Any, models: dict[str, Any]) -> None:
    data = client.get(API, {"page": "99"}).json()
    assert (data["count"], data["results"]) == (2, [])
    assert client.post(API).status_code == 405


def test_each_page_says_where_it_is_and_links_its_neighbours(client: Any, models: dict[str, Any]) -> None:
    first = client.get(API, {"page_size": "1"}).json()
    assert {k: v for k, v in first.items() if k != "results"} == {
        "count": 2,
        "page": 1,
        "page_size": 1,
        "next": "http://testserver/api/v1/skilful-models/?page_size=1&page=2",
        "previous": None,
    }
    second = client.get(first["next"]).json()
    assert [row["title"] for row in second["results"]] == ["Mô hình A"]
    assert (second["page"], second["next"]) == (2, None)
    assert second["previous"] == "http://testserver/api/v1/skilful-models/?page_size=1&page=1"


@pytest.mark.parametrize(
    ("query", "page", "page_size"),
    [
        ({"page": "0"}, 1, 20),
        ({"page_size": "500"}, 1, 50),
        ({"page_size": "0"}, 1, 1),
        ({"page": ""}, 1, 20),
    ],
)
def test_digits_out_of_range_are_brought_within_it_as_before(
    client: Any, models: dict[str, Any], query: dict[str, str], page: int, page_size: int
) -> None:
    data = client.get(API, query).json()
    assert (data["page"], data["page_size"]) == (page, page_size)


def test_csv_is_the_same_page_with_a_bom_and_vietnamese_intact(client: Any, models: dict[str, Any]) -> None:
    response = client.get(API, {"format": "csv", "page_size": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="mo-hinh-dan-van-kheo.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response["X-Total-Count"] == "2"
    assert (
        response["Link"]
        == '<http://testserver/api/v1/skilful-models/?format=csv&page_size=1&page=2>; rel="next"'
    )
    url = f"http://testserver/dan-van-kheo/{models['b'].pk}-mo-hinh-b/"
    assert response.content.decode("utf-8").splitlines() == [
        "\ufefftitle,unit_code,unit_name,field,year,status,url",
        f"Mô hình B,DN-MA,Xã Mã Đà,quoc_phong_an_ninh,2024,recognised,{url}",
    ]


def test_csv_of_an_empty_list_still_has_its_header(client: Any, models: dict[str, Any]) -> None:
    response = client.get(API, {"format": "csv", "unit": "KHONG-CO"})
    assert response.content.decode("utf-8") == "\ufefftitle,unit_code,unit_name,field,year,status,url\r\n"
    assert response["X-Total-Count"] == "0"


def test_a_bad_parameter_names_itself_and_an_unknown_format_is_refused(
    client: Any, models: dict[str, Any]
) -> None:
    body = client.get(API, {"year": "20x3"}).json()
    assert body == {
        "error": "Năm không hợp lệ: cần bốn chữ số, ví dụ 2023.",
        "fields": {"year": "Năm không hợp lệ: cần bốn chữ số, ví dụ 2023."},
    }
    assert client.get(API, {"format": "xml"}).status_code == 400
