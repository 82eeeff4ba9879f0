"""JSON `/api/v1/datasets/`: the open-data catalogue (issue 18), the page `/du-lieu-mo/` as data.

Each public dataset with its licence, how often it changes, its formats, the absolute addresses of the
API that serves it and when it last changed (``core.datasets``; the apps register them). One dataset by
its key: `/api/v1/datasets/{key}/`.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, QueryEx, Router, Schema

from . import datasets
from .api import (
    CSV_OPENAPI,
    FORMAT_DESCRIPTION,
    PAGE,
    ApiError,
    Format,
    Page,
    PageSize,
    errors,
    listing,
    page_of,
)

PAGE_SIZE = 100
MAX_PAGE_SIZE = 100

router = Router(tags=["Danh mục dữ liệu mở"])


class LicenceOut(Schema):
    name: str = Field(examples=["Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)"])
    url: str = Field(
        description="Địa chỉ văn bản giấy phép.", examples=["https://creativecommons.org/licenses/by/4.0/"]
    )


class DatasetOut(Schema):
    key: str = Field(description="Mã bộ dữ liệu, dùng trong /api/v1/datasets/{key}/.", examples=["documents"])
    title: str = Field(examples=["Văn bản"])
    description: str = Field(description="Bộ dữ liệu gồm những gì.")
    licence: LicenceOut = Field(description="Giấy phép sử dụng dữ liệu.")
    update_frequency: Literal["continuous", "on_change", "per_period"] = Field(
        description="Tần suất cập nhật: continuous (liên tục), on_change (khi có thay đổi), per_period (theo kỳ báo cáo)."
    )
    update_frequency_label: str = Field(
        description="Tần suất cập nhật, bằng tiếng Việt.", examples=["Khi có thay đổi"]
    )
    formats: list[str] = Field(description="Các định dạng API trả dữ liệu.", examples=[["JSON", "CSV"]])
    endpoints: list[str] = Field(
        description="Địa chỉ đầy đủ của các điểm cuối API trả bộ dữ liệu; phần trong {…} do người gọi điền.",
        examples=[["https://example.gov.vn/api/v1/documents/"]],
    )
    landing_page: str | None = Field(
        description="Địa chỉ đầy đủ của trang xem dữ liệu trên cổng; null nếu không có."
    )
    last_modified: dt.datetime | None = Field(
        description="Lần thay đổi gần nhất của dữ liệu (ISO 8601); null nếu không rõ."
    )


def dataset_row(request: HttpRequest, found: datasets.Dataset, when: dt.datetime | None) -> dict[str, Any]:
    """One dataset as the API answers it (the page ``/du-lieu-mo/`` shows the same), ``when`` its
    ``last_modified()``."""
    landing = found.landing_path()
    return {
        "key": found.key,
        "title": str(found.title),
        "description": str(found.description),
        "licence": {"name": str(found.licence.name), "url": found.licence.url},
        "update_frequency": found.update_frequency,
        "update_frequency_label": found.update_frequency_label,
        "formats": list(found.formats),
        # The site's address and the path as written: build_absolute_uri would escape a {…} part.
        "endpoints": [request.build_absolute_uri("/")[:-1] + path for path in found.api_paths],
        "landing_page": request.build_absolute_uri(landing) if landing else None,
        "last_modified": when.isoformat() if when is not None else None,
    }


@router.get(
    "/datasets/",
    url_name="dataset_api",
    response={200: Page[DatasetOut], **errors()},
    summary="Danh mục dữ liệu mở: các bộ dữ liệu công khai",
    openapi_extra=CSV_OPENAPI,
)
def dataset_list(
    request: HttpRequest,
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Mỗi bộ dữ liệu công khai của cổng thông tin (văn bản, đơn vị, kết quả chương trình, thống kê
    truy cập, trả lời công dân, mô hình “Dân vận khéo”) với giấy phép, tần suất cập nhật, định dạng,
    địa chỉ API và thời điểm thay đổi gần nhất. Cũng là trang /du-lieu-mo/."""
    found = list(datasets.datasets())
    paging = page_of(request, len(found), page, page_size)
    rows = [
        dataset_row(request, d, d.last_modified()) for d in found[(page - 1) * page_size : page * page_size]
    ]
    return listing(rows, paging, format, "du-lieu-mo", DatasetOut)


@router.get(
    "/datasets/{key}/",
    url_name="dataset_api_detail",
    response={200: DatasetOut, **errors()},
    summary="Một bộ dữ liệu của danh mục dữ liệu mở",
)
def dataset_detail(
    request: HttpRequest,
    key: PathEx[str, P(max_length=40, description="Mã bộ dữ liệu, ví dụ documents.")],
) -> Any:
    """Một bộ dữ liệu theo mã của nó (`key` trong danh mục)."""
    found = datasets.dataset(key)
    if found is None:
        raise ApiError(_("Không có bộ dữ liệu mã “%(k)s”.") % {"k": key[:40]}, status=404)
    return dataset_row(request, found, found.last_modified())
