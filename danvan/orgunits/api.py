"""JSON `/api/v1/org-units/`: the unit tree as a flat list, with validity and successors, in pages.

Filters: `?on=YYYY-MM-DD` (units active that day; default all), `?parent=CODE` (its direct
children), `?level=CODE`, `?type=CODE`. An unknown code or a bad date is a 400 saying which.
Pages (docs/api-org-units.md): `?page=` (from 1) and `?page_size=` (1–1,000, default 100); the answer
gives the total `count`, `page`, `page_size` and the absolute `next`/`previous` URLs (null at either
end). A page or size that is not such a whole number is a 400; a page past the last one a 404.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, P, QueryEx, Router, Schema

from danvan.core.api import (
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
from danvan.core.dates import ISO_ONLY, parse_date

from . import selectors

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

router = Router(tags=["Đơn vị"])


class SuccessorOut(Schema):
    code: str = Field(description="Mã đơn vị kế thừa.")
    kind: str = Field(description="Cách kế thừa: merge (sáp nhập), split (chia tách), rename (đổi tên)…")
    effective_on: dt.date = Field(description="Ngày có hiệu lực.")
    share: str = Field(description="Phần kế thừa, số thập phân dạng chuỗi; chỉ chia tách mới khác 1.")


class OrgUnitOut(Schema):
    code: str = Field(examples=["VC-VA"])
    name: str = Field(examples=["Thị trấn Vĩnh An"])
    parent: str | None = Field(description="Mã đơn vị cha; null với gốc.")
    level: str | None = Field(description="Mã cấp (province, commune…).")
    type: str | None = Field(description="Mã loại tổ chức (administrative, youth_union…).")
    valid_from: dt.date | None = Field(description="Ngày bắt đầu có hiệu lực; null: từ trước.")
    valid_to: dt.date | None = Field(description="Ngày cuối còn hiệu lực; null: vẫn còn.")
    path: str = Field(description="Các mã từ gốc, ví dụ /DN/VC/VC-VA/.")
    successors: list[SuccessorOut]


def _date(raw: str) -> dt.date | None:
    raw = raw.strip()
    if not raw:
        return None
    on = parse_date(raw, ISO_ONLY)
    if on is None:
        raise ApiError(
            _("Ngày “%(d)s” không hợp lệ: hãy ghi theo dạng năm-tháng-ngày, ví dụ 2023-12-31.")
            % {"d": raw[:40]},
            fields={"on": _("Cần một ngày dạng năm-tháng-ngày, ví dụ 2023-12-31.")},
        )
    return on


@router.get(
    "/org-units/",
    url_name="org_unit_api",
    response={200: Page[OrgUnitOut], **errors()},
    summary="Danh sách đơn vị (cây tổ chức), theo trang",
    openapi_extra=CSV_OPENAPI,
)
def org_unit_list(
    request: HttpRequest,
    on: QueryEx[str, P(description="Chỉ các đơn vị còn hiệu lực ngày này (YYYY-MM-DD).")] = "",
    parent: QueryEx[str, P(max_length=40, description="Mã đơn vị: chỉ các đơn vị con trực tiếp.")] = "",
    level: QueryEx[str, P(max_length=40, description="Mã cấp, ví dụ commune.")] = "",
    type: QueryEx[str, P(max_length=40, description="Mã loại tổ chức, ví dụ youth_union.")] = "",
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Cây đơn vị dưới dạng danh sách phẳng, mỗi đơn vị kèm thời gian hiệu lực và đơn vị kế thừa
    (sáp nhập, chia tách). Sắp theo `path` rồi theo mã số: đi theo `next` khi cây không đổi sẽ gặp mỗi
    đơn vị đúng một lần."""
    when = _date(on)
    parent_code, level, org_type = parent.strip(), level.strip(), type.strip()
    parent_unit = selectors.unit_by_code(parent_code) if parent_code else None
    if parent_code and parent_unit is None:
        raise ApiError(
            _("Không có đơn vị mã “%(c)s”.") % {"c": parent_code}, fields={"parent": _("Không có mã này.")}
        )
    if level and not selectors.level_exists(level):
        raise ApiError(_("Không có cấp mã “%(c)s”.") % {"c": level}, fields={"level": _("Không có mã này.")})
    if org_type and not selectors.org_type_exists(org_type):
        raise ApiError(
            _("Không có loại tổ chức mã “%(c)s”.") % {"c": org_type}, fields={"type": _("Không có mã này.")}
        )
    filters: dict[str, Any] = {
        "on": when,
        "parent": parent_unit,
        "level": level or None,
        "org_type": org_type or None,
    }
    count = selectors.unit_count(**filters)
    paging = page_of(request, count, page, page_size)
    rows = selectors.unit_rows(**filters, offset=(page - 1) * page_size, limit=page_size)
    return listing(rows, paging, format, "don-vi", OrgUnitOut)
