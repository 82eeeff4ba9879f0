"""JSON: programmes, their results per period, data element codes (read-only, public figures).

The public (anonymous callers, and users who do not belong to the unit asked about) gets results
from approved or locked reports only, and the JSON says so ("figures": "approved_only"). A user who
sees the unit (orgunits.permissions.can_view) gets every figure, each unit's status beside it and
"figures": "all", so that they can tell a locked figure from one still being entered; that answer is
``Cache-Control: private, no-store``, and every answer ``Vary: Cookie``.

Exact values (rates, totals) are strings ("80.004…" stays exact; JSON floats would round). The
lists (programmes, data elements) come in pages of the API's shape and as CSV; so do the results, as
one CSV row per indicator and unit.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, QueryEx, Router, Schema
from pydantic import WithJsonSchema

from danvan.core.api import (
    CSV_OPENAPI,
    FORMAT_DESCRIPTION,
    PAGE,
    ApiError,
    Format,
    Page,
    PageSize,
    csv_openapi,
    csv_response,
    errors,
    listing,
    page_of,
)
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import selectors
from .models import DataElement, parse_period

PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
MAX_ID = 2**63 - 1  # a row's id (BigAutoField): a larger number is refused, not sent to the database

router = Router(tags=["Chương trình và kết quả"])


def _number(value: Decimal | None) -> str | None:
    """Exact values as strings ("80.004…" stays exact; JSON floats would round)."""
    return None if value is None else format(value.normalize(), "f")


# --- The lists ------------------------------------------------------------------------------------------


class ProgrammeOut(Schema):
    id: int = Field(description="Số thứ tự của chương trình: dùng trong /programmes/{pk}/results/.")
    code: str = Field(description="Số, ký hiệu.", examples=["42-CTr/HU"])
    title: str = Field(description="Tên chương trình.", examples=["Chương trình công tác dân vận năm 2023"])
    year: int = Field(description="Năm của chương trình.", examples=[2023])
    issued_on: dt.date = Field(description="Ngày ban hành.")


class DataElementOut(Schema):
    code: str = Field(description="Mã chỉ số thu thập.", examples=["members"])
    name: str = Field(description="Tên chỉ số thu thập.", examples=["Số đoàn viên"])
    value_type: str = Field(
        description="Kiểu giá trị: " + ", ".join(DataElement.ValueType.values) + ".", examples=["integer"]
    )


@router.get(
    "/programmes/",
    url_name="programme_api",
    response={200: Page[ProgrammeOut], **errors()},
    summary="Danh sách chương trình, theo trang",
    openapi_extra=CSV_OPENAPI,
)
def programme_list(
    request: HttpRequest,
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Các chương trình công tác, năm mới trước rồi theo số, ký hiệu. Với cỡ trang mặc định, mọi
    chương trình nằm trong một trang."""
    programmes = selectors.programmes()
    paging = page_of(request, programmes.count(), page, page_size)
    rows = [
        {"id": p.pk, "code": p.code, "title": p.title, "year": p.year, "issued_on": p.issued_on}
        for p in programmes[(page - 1) * page_size : page * page_size]
    ]
    return listing(rows, paging, format, "chuong-trinh", ProgrammeOut)


@router.get(
    "/data-elements/",
    url_name="data_element_api",
    response={200: Page[DataElementOut], **errors()},
    summary="Danh sách chỉ số thu thập (mã dùng trong kết quả), theo trang",
    openapi_extra=CSV_OPENAPI,
)
def data_element_list(
    request: HttpRequest,
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Các chỉ số được thu thập (tử số, mẫu số, xếp loại của các chỉ tiêu), theo mã."""
    elements = selectors.data_elements()
    paging = page_of(request, len(elements), page, page_size)
    rows = [
        {"code": e.code, "name": e.name, "value_type": e.value_type}
        for e in elements[(page - 1) * page_size : page * page_size]
    ]
    return listing(rows, paging, format, "chi-so-thu-thap", DataElementOut)


# --- Results --------------------------------------------------------------------------------------------

EXACT = "Số thập phân chính xác, dạng chuỗi; null: chưa có."


class UnitFigureOut(Schema):
    unit_code: str = Field(examples=["VC-VA"])
    unit_name: str = Field(examples=["Thị trấn Vĩnh An"])
    status: str | None = Field(
        description="Trạng thái báo cáo của đơn vị (open, submitted, approved, locked…); "
        "null khi structure=today (số liệu đã được cộng lại theo đơn vị hiện nay)."
    )
    numerator: str | None = Field(description="Tử số. " + EXACT)
    denominator: str | None = Field(description="Mẫu số. " + EXACT)
    value: str | None = Field(description="Tỷ lệ (%). " + EXACT, examples=["82.4255319148936170212765957"])
    met: bool | None = Field(description="Đạt chỉ tiêu hay không; null: chưa xét được.")


class TotalsOut(Schema):
    numerator: str | None = Field(description="Tổng tử số. " + EXACT)
    denominator: str | None = Field(description="Tổng mẫu số. " + EXACT)


class IndicatorResultOut(Schema):
    key: str = Field(description="Mã kết quả: mã chỉ tiêu, kèm loại tổ chức khi chỉ tiêu chỉ xét một loại.")
    indicator: str = Field(description="Mã chỉ tiêu.", examples=["enrolment"])
    name: str = Field(description="Tên chỉ tiêu.")
    kind: str = Field(description="Loại chỉ tiêu.")
    scope: str | None = Field(description="Mã loại tổ chức mà chỉ tiêu xét; null: mọi đơn vị.")
    comparator: str = Field(description="Phép so sánh với chỉ tiêu (>, >=, <, <=).", examples=[">"])
    target: str | None = Field(description="Mức chỉ tiêu (%). " + EXACT, examples=["80"])
    aspirational: bool = Field(description="Chỉ tiêu phấn đấu.")
    numerator: str | None = Field(description="Mã chỉ số tử số.")
    denominator: str | None = Field(description="Mã chỉ số mẫu số.")
    rating_element: str | None = Field(description="Mã chỉ số xếp loại (chỉ tiêu về tỷ lệ đơn vị xếp loại).")
    aggregate: str | None = Field(description="Tỷ lệ chung (%). " + EXACT)
    shown: str = Field(description="Tỷ lệ chung như hiển thị: hai chữ số thập phân; “—” khi chưa có.")
    met: bool | None = Field(description="Đạt chỉ tiêu hay không; null: chưa xét được.")
    totals: TotalsOut
    weak_units: int | None = Field(description="Số đơn vị xếp loại yếu kém (chỉ tiêu về xếp loại).")
    units_reporting: int = Field(description="Số đơn vị có số liệu.")
    units_meeting: int = Field(description="Số đơn vị đạt.")
    units: list[UnitFigureOut]


class ProgrammeRefOut(Schema):
    id: int
    code: str = Field(examples=["42-CTr/HU"])
    title: str


class ResultsOut(Schema):
    programme: ProgrammeRefOut
    period: str = Field(description="Kỳ báo cáo.", examples=["2023"])
    unit: str = Field(description="Mã đơn vị mà kết quả tính cho (cả các đơn vị dưới nó).")
    structure: Literal["reported", "today"] = Field(
        description="reported: theo đơn vị khi báo cáo; today: số liệu cộng lại theo đơn vị hiện nay."
    )
    figures: Literal["approved_only", "all"] = Field(
        description="approved_only: chỉ số liệu đã duyệt hoặc đã khóa (công khai); all: mọi số liệu, "
        "cho người xem được đơn vị."
    )
    note: str = Field(description="Giải thích `figures`, bằng tiếng Việt.")
    indicators: list[IndicatorResultOut]


class ResultRowOut(Schema):
    """One CSV row of the results: an indicator × a unit."""

    key: str
    indicator: str
    name: str
    unit_code: str
    unit_name: str
    status: str | None
    numerator: str | None
    denominator: str | None
    value: str | None
    met: bool | None


def result_json(result: selectors.TargetResult) -> dict[str, Any]:
    target, indicator = result.target, result.indicator
    return {
        "key": result.key,
        "indicator": indicator.key,
        "name": indicator.name,
        "kind": indicator.kind,
        "scope": target.scope.code if target.scope else None,
        "comparator": target.comparator,
        "target": _number(target.value),
        "aspirational": target.aspirational,
        "numerator": indicator.numerator.code if indicator.numerator else None,
        "denominator": indicator.denominator.code if indicator.denominator else None,
        "rating_element": indicator.rating_element.code if indicator.rating_element else None,
        # The shape: "aggregate" is the exact rate (a string, so no float rounding).
        "aggregate": _number(result.aggregate),
        "shown": selectors.shown(result.aggregate),
        "met": result.met,
        "totals": {"numerator": _number(result.numerator), "denominator": _number(result.denominator)},
        "weak_units": result.weak_units,
        "units_reporting": result.units_reporting,
        "units_meeting": result.units_meeting,
        "units": [
            {
                "unit_code": u.unit.code,
                "unit_name": u.unit.name,
                "status": u.status,
                "numerator": _number(u.numerator),
                "denominator": _number(u.denominator),
                "value": _number(u.value),
                "met": u.met,
            }
            for u in result.units
        ],
    }


RESULTS_OPENAPI = csv_openapi(
    "\ufeffkey,indicator,name,unit_code,unit_name,status,numerator,denominator,"
    "value,met\r\nenrolment,enrolment,Tỷ lệ tập hợp thanh niên,VC-VA-DOAN,"
    "Đoàn Thanh niên thị trấn Vĩnh An,locked,3874,4700,82.42553191489361702127659574,true\r\n"
)
# A str read by the endpoint itself, so that an unknown value keeps its own message.
STRUCTURE = WithJsonSchema(
    {
        "type": "string",
        "enum": ["reported", "today"],
        "description": "reported: theo đơn vị khi báo cáo (mặc định); today: cộng lại theo đơn vị hiện nay.",
    }
)


@router.get(
    "/programmes/{pk}/results/",
    url_name="programme_results_api",
    response={200: ResultsOut, **errors()},
    summary="Kết quả thực hiện chỉ tiêu của một chương trình trong một kỳ",
    openapi_extra=RESULTS_OPENAPI,
)
def programme_results(
    request: HttpRequest,
    response: HttpResponse,
    pk: PathEx[int, P(ge=1, le=MAX_ID, description="Số thứ tự của chương trình (xem /programmes/).")],
    period: QueryEx[
        str, P(description="Kỳ báo cáo: 2023, 2023H1, 2023Q1 hoặc 2023-01; mặc định là năm của chương trình.")
    ] = "",
    unit: QueryEx[
        str,
        P(description="Mã đơn vị trong phạm vi chương trình: kết quả của đơn vị ấy và các đơn vị dưới nó."),
    ] = "",
    structure: Annotated[str, STRUCTURE] = "reported",
    format: QueryEx[
        Format,
        P(description="`csv`: mỗi dòng một chỉ tiêu × một đơn vị (UTF-8 có BOM, Excel mở đúng tiếng Việt)."),
    ] = "json",
) -> Any:
    """Kết quả từng chỉ tiêu của chương trình trong kỳ: tỷ lệ chung, đạt hay không, và số liệu của
    từng đơn vị. Người dùng chung chỉ thấy số liệu đã duyệt hoặc đã khóa (`figures`: approved_only);
    người xem được đơn vị thấy mọi số liệu kèm trạng thái (`figures`: all), và câu trả lời ấy không
    được lưu đệm (`Cache-Control: private, no-store`)."""
    programme = selectors.programme(pk)
    if programme is None:
        raise ApiError(_("Không có chương trình này."), status=404)
    code = period or str(programme.year)
    try:
        parse_period(code)
    except ValidationError as error:
        message = " ".join(error.messages)
        raise ApiError(message, fields={"period": message}) from None
    under = None
    if unit:
        # A NUL cannot be in a unit's code (and PostgreSQL refuses it in a query): no such unit.
        under = None if "\x00" in unit else orgunits.unit_by_code(unit)
        if under is None or not under.path.startswith(programme.root_unit.path):
            message = _("Đơn vị không thuộc phạm vi của chương trình.")
            raise ApiError(message, fields={"unit": message})
    if structure not in ("reported", "today"):
        message = _(
            "Tham số structure chỉ nhận “reported” (đơn vị khi báo cáo) hoặc “today” (đơn vị hiện nay)."
        )
        raise ApiError(message, fields={"structure": message})
    # Unapproved figures only for who sees the unit; Vary: Cookie — the answer depends on the session.
    approved_only = not permissions.can_view(request.user, under or programme.root_unit)
    period_row = selectors.period_by_code(code)
    results = (
        selectors.programme_results(programme, period_row, under=under, approved_only=approved_only)
        if period_row
        else []
    )
    indicators = [result_json(r) for r in results]
    if structure == "today":
        # The period's counts re-attributed to today's units (merged communes…), then divided.
        rows = selectors.in_today_structure(results)
        for index, indicator in enumerate(indicators):
            indicator["units"] = [
                {
                    "unit_code": row.unit.code,
                    "unit_name": row.unit.name,
                    "status": None,
                    "numerator": _number(row.cells[index][0]),
                    "denominator": _number(row.cells[index][1]),
                    "value": _number(row.cells[index][2]),
                    "met": row.cells[index][3],
                }
                for row in rows
                if row.cells[index][1]
            ]
    if format == "csv":
        answer = csv_response(
            [
                {"key": i["key"], "indicator": i["indicator"], "name": i["name"], **u}
                for i in indicators
                for u in i["units"]
            ],
            f"ket-qua-chuong-trinh-{programme.pk}-{slugify(code)}",
            model=ResultRowOut,
        )
        return _private(answer, approved_only)
    _private(response, approved_only)
    if approved_only:
        figures, note = "approved_only", _("Chỉ gồm số liệu đã được duyệt hoặc đã khóa.")
    else:
        figures = "all"
        note = _(
            "Gồm cả số liệu chưa được duyệt: xem trạng thái (status) của từng đơn vị; "
            "số liệu công khai chỉ gồm báo cáo đã duyệt hoặc đã khóa."
        )
    return {
        "programme": {"id": programme.pk, "code": programme.code, "title": programme.title},
        "period": code,
        "unit": (under or programme.root_unit).code,
        "structure": structure,
        "figures": figures,
        "note": note,
        "indicators": indicators,
    }


def _private(response: HttpResponse, approved_only: bool) -> HttpResponse:
    """``Vary: Cookie`` always (the answer depends on the session); not stored when it holds figures
    that are not public."""
    patch_vary_headers(response, ["Cookie"])
    if not approved_only:
        response["Cache-Control"] = "private, no-store"
    return response
