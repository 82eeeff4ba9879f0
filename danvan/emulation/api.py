"""JSON `/api/v1/skilful-models/` (issue 16, docs/api-skilful-models.md): the public (recognised,
published) “Dân vận khéo” models, filtered, in pages, or as CSV.

A malformed parameter is a 400 with a Vietnamese message (a year not of four digits, an unknown field
or status, a unit code longer than 40, a page or page size not typed in ASCII digits); an unknown but
well-formed unit code gives an empty list, as an unknown issuer does in /api/v1/documents/. A page or
page size in digits but out of range is brought within it (``page=0`` → 1, ``page_size=500`` → 50),
and a page past the last one is empty, as before ninja. The schema describes exactly that: each
parameter is the value itself or a string of the form the endpoint reads (spaces around are ignored).
"""

import re
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, P, QueryEx, Router, Schema

from danvan.core.api import (
    CSV_OPENAPI,
    FORMAT_DESCRIPTION,
    ApiError,
    Format,
    Page,
    described_as,
    errors,
    listing,
    page_of,
)
from danvan.core.params import bounded_int

from . import selectors, services
from .models import ModelField, ModelStatus, SkilfulModel
from .views import MAX_YEAR, MIN_YEAR, parse_year

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 10**6
MAX_UNIT_CHARS = 40

router = Router(tags=["Mô hình Dân vận khéo"])


def _one_of(values: list[str]) -> dict[str, Any]:
    """One of ``values``, spaces around allowed, or nothing (no filter)."""
    alternatives = "|".join(re.escape(value) for value in values)
    return {
        "anyOf": [
            {"type": "string", "enum": values},
            {"type": "string", "pattern": rf"^\s*({alternatives})?\s*$"},
        ]
    }


# The years MIN_YEAR..MAX_YEAR (1900–2999) as four digits, spaces around allowed.
_YEAR: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
        {"type": "string", "pattern": r"^\s*((19|2[0-9])[0-9]{2})?\s*$"},
    ],
}
# At most 40 characters once the spaces around are left out.
_UNIT: dict[str, Any] = {"type": "string", "pattern": r"^\s*(\S([\s\S]{0,38}\S)?)?\s*$"}
# Up to six ASCII digits (or nothing: the default); out of range is brought within it.
_DIGITS: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 0, "maximum": 999_999},
        {"type": "string", "pattern": "^[0-9]{0,6}$"},
    ]
}


class SkilfulModelOut(Schema):
    title: str = Field(description="Tên mô hình.", examples=["Dân vận khéo: đường làng sáng đèn"])
    unit_code: str = Field(description="Mã đơn vị thực hiện.", examples=["DN-PL"])
    unit_name: str = Field(description="Tên đơn vị thực hiện.", examples=["Xã Phú Lý"])
    field: str = Field(description="Lĩnh vực: " + ", ".join(ModelField.values) + ".", examples=["kinh_te"])
    year: int = Field(description="Năm đăng ký.", examples=[2023])
    status: str = Field(
        description="Trạng thái; chỉ mô hình được công nhận mới công khai.", examples=["recognised"]
    )
    url: str = Field(description="Địa chỉ đầy đủ trang của mô hình.")


def _as_json(request: HttpRequest, model: SkilfulModel) -> dict[str, Any]:
    return {
        "title": model.title,
        "unit_code": model.unit.code,
        "unit_name": model.unit.name,
        "field": model.field,
        "year": model.year,
        "status": model.status,
        "url": request.build_absolute_uri(services.model_url(model)),
    }


def _bad(message: str, name: str) -> ApiError:
    return ApiError(message, fields={name: message})


@router.get(
    "/skilful-models/",
    url_name="skilful_model_api",
    response={200: Page[SkilfulModelOut], **errors()},
    summary="Danh sách mô hình “Dân vận khéo” được công nhận, theo trang",
    openapi_extra=CSV_OPENAPI,
)
def skilful_model_list(
    request: HttpRequest,
    year: Annotated[
        str, described_as(_YEAR, f"Năm, bốn chữ số từ {MIN_YEAR} đến {MAX_YEAR}; sai dạng thì lỗi 400.")
    ] = "",
    unit: Annotated[
        str, described_as(_UNIT, "Mã đơn vị (tối đa 40 ký tự); mã không có thì danh sách rỗng.")
    ] = "",
    field: Annotated[
        str, described_as(_one_of(list(ModelField.values)), "Lĩnh vực: " + ", ".join(ModelField.values) + ".")
    ] = "",
    status: Annotated[
        str,
        described_as(
            _one_of(list(ModelStatus.values)),
            "Trạng thái; chỉ trạng thái công khai (recognised) mới có mô hình.",
        ),
    ] = "",
    page: Annotated[
        str,
        described_as(
            _DIGITS, "Số trang, từ 1 (mặc định 1); 0 được hiểu là 1; trang quá cuối thì danh sách rỗng."
        ),
    ] = "",
    page_size: Annotated[
        str,
        described_as(
            _DIGITS,
            f"Số mô hình mỗi trang, từ 1 đến {MAX_PAGE_SIZE} (mặc định {PAGE_SIZE}); "
            f"số lớn hơn thì lấy {MAX_PAGE_SIZE}, 0 thì lấy 1.",
        ),
    ] = "",
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Các mô hình “Dân vận khéo” đã được công nhận và công bố, năm mới trước rồi theo tên. Không có
    tệp minh chứng hay người đăng ký, chấm điểm."""
    raw_year = year.strip()
    year_number = parse_year(raw_year) if raw_year else None
    if raw_year and year_number is None:
        raise _bad(_("Năm không hợp lệ: cần bốn chữ số, ví dụ 2023."), "year")
    field = field.strip()
    if field and field not in ModelField.values:
        raise _bad(
            _("Lĩnh vực không hợp lệ. Các giá trị được dùng: %(values)s.")
            % {"values": ", ".join(ModelField.values)},
            "field",
        )
    unit = unit.strip()
    if len(unit) > MAX_UNIT_CHARS:
        raise _bad(_("Mã đơn vị quá dài."), "unit")
    status = status.strip()
    if status and status not in ModelStatus.values:
        raise _bad(_("Trạng thái không hợp lệ."), "status")
    number = bounded_int(page, 0, low=1, high=MAX_PAGE)
    size = bounded_int(page_size, 0, low=1, high=MAX_PAGE_SIZE)
    if page and not number:
        raise _bad(_("Số trang không hợp lệ: cần một số nguyên dương."), "page")
    if page_size and not size:
        raise _bad(
            _("Cỡ trang không hợp lệ: cần một số nguyên từ 1 đến %(n)d.") % {"n": MAX_PAGE_SIZE}, "page_size"
        )
    number, size = number or 1, size or PAGE_SIZE
    # A NUL cannot be in a unit's code (and PostgreSQL refuses it in a query): such a code matches nothing.
    filters = selectors.GalleryFilters(
        field=field, unit_code=unit.replace("\x00", "\ufffd"), year=year_number
    )
    qs = selectors.public_models(filters)
    if status:
        qs = qs.filter(status=status)  # only public statuses exist in qs: another one is empty
    count = qs.count()
    paging = page_of(request, count, number, size, past_last="empty")
    rows = [_as_json(request, m) for m in qs[(number - 1) * size : number * size]]
    return listing(rows, paging, format, "mo-hinh-dan-van-kheo", SkilfulModelOut)
