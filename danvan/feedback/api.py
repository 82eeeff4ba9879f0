"""The citizens' cases in the public API (issues 15 and 18, docs/api-cases.md), on django-ninja, named
after Open311 GeoReport v2 where its names fit.

- ``POST /api/v1/cases/`` sends a case, ``GET /api/v1/cases/{code}/`` shows what its lookup page shows
  (issue 15); the POST checks the fields with the page's own form class (``forms.CaseForm``), so the
  body is read here rather than by ninja, and its schema is declared by hand (``CASE_BODY``).
- Open311's names: ``GET /api/v1/services/`` (the kinds of case), ``GET /api/v1/requests/`` and
  ``GET /api/v1/requests/{ref}/`` (the answers the units published: only what they published, never the
  citizen), ``POST /api/v1/requests/`` (as ``POST /cases/``).
- The tracking code is the citizen's secret: only ``/cases/`` takes it, and nothing public shows it. A
  published answer is named by its own public reference (``Case.answer_ref``, random, unrelated to the
  code): ``service_request_id`` and ``answer_id`` of ``/requests/``, and its page /tra-loi-cong-dan/{ref}/.
"""

import datetime as dt
import json
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from ninja import Field, P, QueryEx, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import BaseModel, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from danvan.core.api import (
    CSV_OPENAPI,
    FORMAT_DESCRIPTION,
    PAGE,
    ApiError,
    Format,
    Page,
    PageSize,
    described_as,
    errors,
    listing,
    page_of,
)
from danvan.core.dates import ISO_ONLY, VIETNAM, parse_date
from danvan.core.ratelimit import rate_limited

from . import selectors, services
from .forms import KIND_NOTES, CaseForm
from .models import ANSWER_REF_MAX_CHARS, CONTENT_MAX_CHARS, TITLE_MAX_CHARS, CaseKind, CaseStatus, Channel
from .tasks import lookup_url

router = Router(tags=["Đơn thư của công dân (Open311)"])

# Enough for the longest content (20,000 characters, each up to six bytes as a JSON \u escape).
MAX_BODY_BYTES = 160 * 1024
TEXT_KEYS = ("kind", "title", "content", "unit", "name", "email", "phone", "address")
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000

KindCode = Literal["kien_nghi", "phan_anh", "khieu_nai", "to_cao", "cau_hoi"]


# --- The body of a case (documentation only: CaseForm checks it) -----------------------------------------


class CaseIn(BaseModel):
    """Một đơn thư gửi qua API: đối tượng JSON, `Content-Type: application/json`, tối đa 160 KB. Các
    mục được kiểm tra như trên trang gửi đơn; mọi mục sai được nêu cùng lúc. Cần `email` hoặc `phone`;
    đơn khiếu nại cần `name` và `address`. Một mục ghi `null` được xem như không ghi."""

    kind: KindCode = Field(
        description="Loại đơn: kien_nghi (kiến nghị), phan_anh (phản ánh), khieu_nai (khiếu nại), "
        "to_cao (tố cáo), cau_hoi (câu hỏi). Tố cáo thiếu họ tên hoặc địa chỉ được nhận là phản ánh."
    )
    title: str = Field(
        min_length=1, max_length=TITLE_MAX_CHARS, description="Tiêu đề: một câu ngắn nói đơn về việc gì."
    )
    content: str = Field(
        min_length=1,
        max_length=CONTENT_MAX_CHARS,
        description="Nội dung đơn: sự việc, thời gian, địa điểm và đề nghị (được xuống dòng).",
    )
    unit: str = Field(
        min_length=1,
        max_length=40,
        description="Mã đơn vị nhận đơn, đang hoạt động (xem /api/v1/org-units/).",
    )
    name: str | None = Field(
        default=None,
        max_length=200,
        description="Họ và tên người gửi. Bắt buộc với khiếu nại. Không bao giờ được công bố.",
    )
    email: str | None = Field(
        default=None,
        max_length=254,
        description="Thư điện tử: mã tra cứu được gửi vào đây. Cần thư điện tử hoặc số điện thoại.",
    )
    phone: str | None = Field(
        default=None,
        max_length=20,
        description="Số điện thoại (8 đến 15 chữ số, có thể có +, khoảng trắng, dấu chấm, gạch, ngoặc).",
    )
    address: str | None = Field(
        default=None, max_length=300, description="Địa chỉ người gửi. Bắt buộc với khiếu nại."
    )
    second_time: bool = Field(
        default=False,
        description="Khiếu nại lần hai (đã khiếu nại lần đầu, không đồng ý với kết quả); chỉ tính với "
        "khiếu nại.",
    )


CASE_EXAMPLE = {
    "kind": "phan_anh",
    "title": "Đèn đường ấp 3 bị hỏng",
    "content": "Đèn đường trước số 12 ấp 3 đã tắt hai tuần, buổi tối rất tối và nguy hiểm.",
    "unit": "VC-VA",
    "name": "Trần Thị Bích Ngọc",
    "email": "bichngoc.tran@example.vn",
    "phone": "0912 345 678",
    "address": "Số 12 đường Hùng Vương, ấp 3, xã Vĩnh An",
    "second_time": False,
}
CASE_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": CaseIn.model_json_schema(), "example": CASE_EXAMPLE},
        },
    }
}


class CaseCreatedOut(Schema):
    code: str = Field(description="Mã tra cứu của đơn.", examples=["PA-2026-7F3K9Q"])
    service_request_id: str = Field(description="Như `code` (tên trong Open311).")
    status: str = Field(description="Trạng thái: luôn received (đã tiếp nhận).", examples=["received"])
    url: str = Field(description="Trang tra cứu đơn trên cổng thông tin.")
    api_url: str = Field(
        description="Địa chỉ xem đơn qua API: luôn /api/v1/cases/{code}/ (tra cứu riêng bằng mã tra cứu)."
    )
    service_code: str = Field(
        description="Loại đơn được nhận (tố cáo nặc danh được nhận là phan_anh).", examples=["phan_anh"]
    )
    anonymous: bool = Field(description="Đơn không rõ họ tên, địa chỉ người gửi.")
    service_notice: str = Field(description="Lưu ý cho người gửi (với đơn nặc danh); rỗng nếu không có.")


# --- Sending a case ---------------------------------------------------------------------------------------


def _json(data: Mapping[str, Any], status: int) -> JsonResponse:
    return JsonResponse(dict(data), status=status, json_dumps_params={"ensure_ascii": False})


def _too_large() -> ApiError:
    return ApiError(_("Yêu cầu quá lớn (tối đa %(kb)s KB).") % {"kb": MAX_BODY_BYTES // 1024}, status=413)


def _body(request: HttpRequest) -> dict[str, Any]:
    """The request's JSON object, or an ApiError (415, 413, 400) saying what is wrong with the body."""
    if request.content_type != "application/json":
        raise ApiError(_("Chỉ nhận nội dung JSON (Content-Type: application/json)."), status=415)
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        raise _too_large()
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise _too_large()
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):  # RecursionError: [[[[…]]]] nested deep
        raise ApiError(_("Nội dung yêu cầu không phải JSON hợp lệ (mã UTF-8).")) from None
    if not isinstance(data, dict):
        raise ApiError(_("Nội dung yêu cầu phải là một đối tượng JSON {…}."))
    return data


def _too_long(form: CaseForm, fields: Mapping[str, str], errors: dict[str, list[str]]) -> None:
    """A value longer than its field's limit as sent (the schema's maxLength), even if the form's
    clean-up (spaces trimmed, NFC, line breaks made plain) would have brought it within."""
    for key, value in fields.items():
        field = form.fields[key]
        limit = getattr(field, "max_length", None)
        if limit and len(value) > limit and key not in errors and not form.has_error(key):
            message = str(field.error_messages["max_length"])
            errors[key] = [message % {"limit_value": limit, "show_value": len(value)}]


def _submit(request: HttpRequest, detail_name: str) -> Any:
    data = _body(request)
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {}
    for key in TEXT_KEYS:
        value = data.get(key)
        if value is None:
            continue
        if isinstance(value, str):
            fields[key] = value
        else:
            errors[key] = [_("Mục này phải là một chuỗi ký tự.")]
    second_time = data.get("second_time", False)
    if not isinstance(second_time, bool):
        errors["second_time"] = [_("Mục này phải là true hoặc false.")]
    elif second_time:
        fields["second_time"] = "on"
    form = CaseForm(fields)
    valid = form.is_valid()
    _too_long(form, {k: v for k, v in fields.items() if k in TEXT_KEYS}, errors)
    if not valid or errors:
        for name, messages in form.errors.items():
            if name not in errors:
                errors[name] = [str(message) for message in messages]
        names = ", ".join(errors)
        return _json(
            {
                "error": _("Đơn chưa gửi được: hãy sửa các mục %(names)s.") % {"names": names},
                "fields": {name: messages[0] for name, messages in errors.items()},
                "errors": errors,
            },
            400,
        )
    case = services.submit_case(**form.case_data(), channel=Channel.API)
    return Status(
        201,
        {
            "code": case.code,
            "service_request_id": case.code,
            "status": case.status,
            "url": lookup_url(case.code),
            "api_url": request.build_absolute_uri(reverse(detail_name, kwargs={"code": case.code})),
            "service_code": case.kind,
            "anonymous": case.anonymous,
            "service_notice": (str(services.ANONYMOUS_NOTE) if case.anonymous else ""),
        },
    )


CREATE_RESPONSES: dict[Any, type[Schema]] = {201: CaseCreatedOut, **errors(413, 415)}
CREATE_DESCRIPTION = """Gửi một đơn thư (kiến nghị, phản ánh, khiếu nại, tố cáo, câu hỏi) như trên trang
/gui-don/, không cần đăng nhập, không cần khóa API. Thân yêu cầu là một đối tượng JSON (xem lược đồ);
trả 201 với mã tra cứu. Lỗi: 415 khi không phải `application/json`; 413 khi quá 160 KB; 400 khi không
phải một đối tượng JSON hợp lệ (`{"error"}`) hoặc khi có mục sai (`{"error", "fields", "errors"}`:
`fields` nêu lỗi đầu tiên của mỗi mục, `errors` mọi lỗi của mục ấy); 429 khi một địa chỉ gửi quá giới
hạn (mặc định 5 đơn một phút, chung cho /cases/ và /requests/)."""


# Ninja's views are CSRF-exempt: no cookie is read or set here, nothing a forged request could borrow.
@router.post(
    "/cases/",
    url_name="case_api",
    response=CREATE_RESPONSES,
    summary="Gửi một đơn thư",
    description=CREATE_DESCRIPTION,
    openapi_extra=CASE_BODY,
)
@decorate_view(rate_limited("case"))
def case_create(request: HttpRequest) -> Any:
    return _submit(request, "api:case_api_detail")


@router.post(
    "/requests/",
    url_name="requests_api",
    response=CREATE_RESPONSES,
    summary="Gửi một đơn thư (tên Open311, như POST /cases/)",
    description=CREATE_DESCRIPTION,
    openapi_extra=CASE_BODY,
)
@decorate_view(rate_limited("case"))
def request_create(request: HttpRequest) -> Any:
    # The code is the sender's secret: it is looked up under /cases/ only (/requests/{id}/ takes the
    # public reference of a published answer).
    return _submit(request, "api:case_api_detail")


# --- One case, as its lookup page shows it ---------------------------------------------------------------


class AgencyOut(Schema):
    code: str = Field(description="Mã đơn vị giải quyết.", examples=["VC-VA"])
    name: str = Field(description="Tên đơn vị giải quyết.", examples=["Xã Vĩnh An"])


class HistoryOut(Schema):
    datetime: dt.datetime = Field(description="Thời điểm (giờ Việt Nam).")
    status: str = Field(description="Trạng thái đơn chuyển sang ở bước này; rỗng nếu không đổi.")
    description: str = Field(description="Bước xử lý, bằng lời.", examples=["Đã tiếp nhận đơn"])
    note: str = Field(description="Điều cán bộ ghi cho người gửi xem; có thể rỗng.")


STATUS_DESCRIPTION = "Trạng thái: " + ", ".join(f"{s.value} ({s.label})" for s in CaseStatus) + "."


class CaseOut(Schema):
    service_request_id: str = Field(
        description="Mã tra cứu (tên trong Open311).", examples=["KH-2026-7F3K9Q"]
    )
    code: str = Field(description="Như `service_request_id`.")
    status: str = Field(description=STATUS_DESCRIPTION, examples=["accepted"])
    status_label: str = Field(description="Trạng thái, bằng lời.", examples=["Đã thụ lý"])
    service_code: str = Field(description="Loại đơn (xem /api/v1/services/).", examples=["khieu_nai"])
    service_name: str = Field(description="Loại đơn, bằng lời.", examples=["Khiếu nại"])
    title: str = Field(description="Tiêu đề người gửi đặt.")
    second_time: bool = Field(description="Khiếu nại lần hai.")
    anonymous: bool = Field(description="Đơn không rõ họ tên, địa chỉ người gửi.")
    agency_responsible: AgencyOut
    requested_datetime: dt.datetime = Field(description="Thời điểm tiếp nhận (giờ Việt Nam).")
    updated_datetime: dt.datetime = Field(description="Lần cập nhật cuối (giờ Việt Nam).")
    history: list[HistoryOut] = Field(description="Các bước người gửi xem được, cũ trước.")
    status_notes: str = Field(
        description="Câu trả lời của đơn vị, khi đã trả lời hoặc đã kết thúc; rỗng nếu chưa."
    )
    expected_datetime: dt.datetime | None = Field(
        description="Hạn của bước đơn vị đang phải làm: 23:59:59 ngày cuối của thời hạn luật định (tính "
        "theo ngày làm việc khi luật định vậy); null khi không có thời hạn nào đang chạy."
    )
    expected_step: str = Field(description="Bước phải xong trước hạn ấy, ví dụ “Thụ lý”; rỗng nếu không có.")


def _local(when: dt.datetime | None) -> str | None:
    return when.astimezone(VIETNAM).isoformat() if when is not None else None


def public_json(found: selectors.PublicCase) -> dict[str, Any]:
    """The public fields of a case, as the detail answers them (Open311 names where they fit)."""
    return {
        "service_request_id": found.code,
        "code": found.code,
        "status": found.status,
        "status_label": found.status_label,
        "service_code": found.kind,
        "service_name": found.kind_label,
        "title": found.title,
        "second_time": found.second_time,
        "anonymous": found.anonymous,
        "agency_responsible": {"code": found.unit_code, "name": found.unit_name},
        "requested_datetime": _local(found.received_at),
        "updated_datetime": _local(found.updated_at),
        "history": [
            {
                "datetime": _local(event.at),
                "status": event.status,
                "description": event.what,
                "note": event.note,
            }
            for event in found.history
        ],
        "status_notes": found.answer,
        # Open311's expected_datetime: the end of the last day of the clock the agency is on
        # (Civil Code Art. 148: a period ends at 24:00 of its last day), null when none runs.
        "expected_datetime": (
            dt.datetime.combine(found.due_on, dt.time(23, 59, 59), tzinfo=VIETNAM).isoformat()
            if found.due_on
            else None
        ),
        "expected_step": found.due_step,
    }


CODE_MAX_CHARS = 40  # as the lookup form reads (intake.normalise_code): no code is longer


# The ``code`` path parameter: 1 to 40 characters in the schema, so that a client (and the fuzz test)
# knows what cannot be a code; the view answers a longer one 404.
TRACKING_CODE = described_as(
    {"type": "string", "minLength": 1, "maxLength": CODE_MAX_CHARS, "example": "PA-2026-7F3K9Q"},
    "Mã tra cứu của đơn, ví dụ PA-2026-7F3K9Q (viết thường, có khoảng trắng vẫn được).",
)


def _detail(code: str) -> dict[str, Any]:
    found = selectors.public_case(code) if len(code) <= CODE_MAX_CHARS else None
    if found is None:
        raise ApiError(_("Không có đơn nào mang mã này."), status=404)
    return public_json(found)


DETAIL_DESCRIPTION = """Những gì trang tra cứu /tra-cuu-don/{code}/ cho xem: loại, trạng thái, đơn vị,
các bước xử lý công khai, câu trả lời, hạn luật định đang chạy. Không bao giờ có họ tên, địa chỉ, thư
điện tử, số điện thoại của người gửi, cũng không có người xử lý. Mã viết thường, có khoảng trắng vẫn được
nhận. Không lưu đệm (never cache); giới hạn mỗi địa chỉ (mặc định 30 lần một phút), chống dò mã."""


@router.get(
    "/cases/{code}/",
    url_name="case_api_detail",
    response={200: CaseOut, **errors()},
    summary="Xem một đơn thư theo mã tra cứu",
    description=DETAIL_DESCRIPTION,
)
@decorate_view(rate_limited("case_lookup"), never_cache)  # the limit: against guessing codes
def case_detail(request: HttpRequest, code: Annotated[str, TRACKING_CODE]) -> Any:
    return _detail(code)


# --- Open311 services: the kinds of case ----------------------------------------------------------------


class ServiceOut(Schema):
    service_code: KindCode = Field(description="Mã loại đơn, dùng làm `kind` khi gửi đơn.")
    service_name: str = Field(examples=["Khiếu nại"])
    description: str = Field(description="Loại đơn này dùng khi nào, và điều người gửi cần biết.")
    metadata: bool = Field(description="Luôn false: không có mục riêng nào ngoài các mục chung của đơn.")
    type: Literal["realtime"] = Field(description="Luôn realtime: mỗi đơn có mã tra cứu ngay khi gửi.")
    keywords: str = Field(
        description="Từ khóa, cách nhau bởi dấu phẩy.", examples=["khiếu nại, quyết định hành chính"]
    )
    group: str = Field(description="Nhóm loại đơn.", examples=["Khiếu nại, tố cáo"])


@router.get(
    "/services/",
    url_name="services_api",
    response={200: Page[ServiceOut], **errors()},
    summary="Các loại đơn thư (dịch vụ Open311)",
    openapi_extra=CSV_OPENAPI,
)
def service_list(
    request: HttpRequest,
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Các loại đơn công dân gửi được (Luật Khiếu nại 2011, Luật Tố cáo 2018, Luật Tiếp công dân 2013),
    theo thứ tự của trang gửi đơn: `service_code` là `kind` khi gửi đơn."""
    found = selectors.case_services()
    paging = page_of(request, len(found), page, page_size)
    start = (page - 1) * page_size
    rows = [
        {
            "service_code": service.code,
            "service_name": service.name,
            "description": str(KIND_NOTES[CaseKind(service.code)]),
            "metadata": False,
            "type": "realtime",
            "keywords": ", ".join(service.keywords),
            "group": service.group,
        }
        for service in found[start : start + page_size]
    ]
    return listing(rows, paging, format, "loai-don", ServiceOut)


# --- Open311 requests: the cases whose answer is published ------------------------------------------------


class RequestOut(Schema):
    service_request_id: str = Field(
        description="Mã công khai của câu trả lời được công bố (ngẫu nhiên, không phải mã tra cứu của đơn: "
        "mã tra cứu là bí mật của người gửi, không bao giờ có ở đây).",
        examples=["q3XbR7kLmN2p"],
    )
    answer_id: str = Field(description="Như `service_request_id`.", examples=["q3XbR7kLmN2p"])
    status: str = Field(description=STATUS_DESCRIPTION, examples=["answered"])
    status_label: str = Field(description="Trạng thái, bằng lời.", examples=["Đã trả lời"])
    service_code: str = Field(description="Loại đơn (xem /api/v1/services/).", examples=["kien_nghi"])
    service_name: str = Field(description="Loại đơn, bằng lời.", examples=["Kiến nghị"])
    title: str = Field(description="Tiêu đề đơn vị công bố (không phải tiêu đề người gửi đặt).")
    description: str = Field(description="Nội dung đơn như đơn vị công bố, đã bỏ thông tin cá nhân.")
    status_notes: str = Field(description="Câu trả lời đơn vị công bố.")
    agency_responsible: AgencyOut
    requested_datetime: dt.datetime = Field(description="Thời điểm tiếp nhận (giờ Việt Nam).")
    updated_datetime: dt.datetime = Field(description="Lần cập nhật cuối (giờ Việt Nam).")
    answered_datetime: dt.datetime | None = Field(description="Thời điểm trả lời; null nếu không ghi.")
    published_datetime: dt.datetime = Field(description="Thời điểm công bố câu trả lời.")
    url: str = Field(
        description="Trang câu trả lời trên cổng thông tin (/tra-loi-cong-dan/{service_request_id}/)."
    )


class CodeList:
    """``Annotated`` metadata of a filter taking codes separated by commas (Open311: "can be declared
    multiple times, comma delimited"): each one of ``allowed``, else a 400 naming them; "" is all."""

    def __init__(self, allowed: tuple[str, ...], description: str, example: str) -> None:
        self.allowed, self.description, self.example = allowed, description, example
        one = "|".join(allowed)
        self.pattern = f"^(({one})(,({one}))*)?$"

    def check(self, value: str) -> str:
        if value and any(code not in self.allowed for code in value.split(",")):
            raise PydanticCustomError(
                "danvan",
                _("Chỉ nhận các mã %(values)s, cách nhau bởi dấu phẩy (không có khoảng trắng).")
                % {"values": ", ".join(self.allowed)},
            )
        return value

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": self.pattern,
            "default": "",
            "description": self.description,
            "example": self.example,
        }


SERVICE_CODES = CodeList(
    tuple(CaseKind.values),
    "Chỉ các loại đơn này (mã ở /api/v1/services/), cách nhau bởi dấu phẩy.",
    "kien_nghi,phan_anh",
)
STATUSES = CodeList(
    ("open", *CaseStatus.values),  # "closed" is Open311's (every finished status), ours among them
    "Chỉ các trạng thái này, cách nhau bởi dấu phẩy: open (đơn vị đang giải quyết) hoặc closed (đã xong: "
    "trả lời, kết thúc, không thụ lý, rút đơn, gộp đơn) như Open311, hoặc trạng thái riêng (answered…).",
    "answered",
)


DATE_HINT = "Cần một ngày (2026-12-31) hoặc thời điểm ISO 8601 (2026-12-31T08:00:00+07:00)."


def _moment(raw: str, name: str, *, end: bool) -> dt.datetime | None:
    """A day (the whole day, in Vietnam) or an ISO 8601 moment (w3c, as Open311 has it), else None."""
    if not raw:
        return None
    day = parse_date(raw, ISO_ONLY) if len(raw) == 10 else None
    found: dt.datetime | None = None
    try:
        if day is not None:
            moment = dt.datetime.combine(day, dt.time(), tzinfo=VIETNAM)
            found = moment + dt.timedelta(days=1, microseconds=-1) if end else moment
        elif raw.isascii() and "T" in raw:
            found = parse_datetime(raw)
            if found is not None and found.tzinfo is None:
                found = found.replace(tzinfo=VIETNAM)
        if found is not None:
            found.astimezone(dt.UTC)  # as the database will have it: 0001-01-01 in Vietnam is not
    except (ValueError, OverflowError):
        found = None
    if found is None:
        raise ApiError(
            _("“%(v)s” không phải một ngày hay thời điểm hợp lệ.") % {"v": raw[:40]},
            fields={name: _(DATE_HINT)},
        )
    return found


def _request_row(request: HttpRequest, row: Mapping[str, Any]) -> dict[str, Any]:
    ref = row["answer_ref"]
    return {
        "service_request_id": ref,
        "answer_id": ref,
        "status": row["status"],
        "status_label": str(CaseStatus(row["status"]).label),
        "service_code": row["kind"],
        "service_name": str(CaseKind(row["kind"]).label),
        "title": row["public_title"],
        "description": row["public_question"],
        "status_notes": row["public_answer"],
        "agency_responsible": {"code": row["unit__code"], "name": row["unit__name"]},
        "requested_datetime": _local(row["received_at"]),
        "updated_datetime": _local(row["updated_at"]),
        "answered_datetime": _local(row["answered_at"]),
        "published_datetime": _local(row["published_at"]),
        "url": request.build_absolute_uri(reverse("answer_detail", kwargs={"ref": ref})),
    }


@router.get(
    "/requests/",
    url_name="requests_api",
    response={200: Page[RequestOut], **errors()},
    summary="Các đơn thư có câu trả lời được công bố (yêu cầu Open311), theo trang",
    openapi_extra=CSV_OPENAPI,
)
def request_list(
    request: HttpRequest,
    service_code: Annotated[str, SERVICE_CODES] = "",
    status: Annotated[str, STATUSES] = "",
    start_date: QueryEx[
        str,
        P(
            description="Chỉ các đơn tiếp nhận từ ngày (YYYY-MM-DD, giờ Việt Nam) hoặc thời điểm ISO 8601 này.",
            example="2026-01-01",
        ),
    ] = "",
    end_date: QueryEx[
        str,
        P(
            description="Chỉ các đơn tiếp nhận đến hết ngày (YYYY-MM-DD) hoặc đến thời điểm ISO 8601 này.",
            example="2026-12-31",
        ),
    ] = "",
    page: Annotated[int, PAGE] = 1,
    page_size: Annotated[int, PageSize(PAGE_SIZE, MAX_PAGE_SIZE)] = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Các đơn mà đơn vị giải quyết đã chọn công bố câu trả lời (như trang /tra-loi-cong-dan/), công bố
    mới trước: chỉ tiêu đề, nội dung và câu trả lời đơn vị viết để công bố (đã bỏ thông tin cá nhân),
    loại, trạng thái, đơn vị, các mốc thời gian. Không bao giờ có thông tin của người gửi, cũng không
    có mã tra cứu của đơn: mỗi câu trả lời mang mã công khai riêng (`service_request_id`), dùng cho
    GET /api/v1/requests/{service_request_id}/ và trang /tra-loi-cong-dan/{service_request_id}/."""
    kinds = service_code.split(",") if service_code else []
    statuses = status.split(",") if status else []
    received_from = _moment(start_date, "start_date", end=False)
    received_to = _moment(end_date, "end_date", end=True)
    if received_from and received_to and received_from > received_to:
        raise ApiError(
            _("Ngày bắt đầu sau ngày kết thúc."),
            fields={"start_date": _("Phải trước end_date.")},
        )
    rows = selectors.public_requests(
        kinds=kinds, statuses=statuses, received_from=received_from, received_to=received_to
    )
    paging = page_of(request, rows.count(), page, page_size)
    start = (page - 1) * page_size
    results = [_request_row(request, row) for row in rows[start : start + page_size]]
    return listing(results, paging, format, "tra-loi-cong-dan", RequestOut)


# The ``service_request_id`` path parameter of one published answer: 1 to 16 characters in the schema;
# the view answers anything that is no published answer's ref 404.
ANSWER_REF = described_as(
    {"type": "string", "minLength": 1, "maxLength": ANSWER_REF_MAX_CHARS, "example": "q3XbR7kLmN2p"},
    "Mã công khai của câu trả lời (`service_request_id` trong danh sách /api/v1/requests/), không phải"
    " mã tra cứu của đơn.",
)


@router.get(
    "/requests/{service_request_id}/",
    url_name="request_api_detail",
    response={200: RequestOut, **errors()},
    summary="Xem một câu trả lời được công bố theo mã công khai (yêu cầu Open311)",
)
def request_detail(request: HttpRequest, service_request_id: Annotated[str, ANSWER_REF]) -> Any:
    """Một câu trả lời đơn vị đã công bố, đúng như mục của nó trong danh sách GET /api/v1/requests/, theo
    mã công khai `service_request_id` của danh sách. 404 khi không có câu trả lời nào đang công bố mang mã
    này. Mã tra cứu của đơn không dùng được ở đây (404): người gửi tra cứu đơn của mình ở
    GET /api/v1/cases/{code}/."""
    row = selectors.public_request(service_request_id)
    if row is None:
        raise ApiError(_("Không có câu trả lời công bố nào mang mã này."), status=404)
    return _request_row(request, row)
