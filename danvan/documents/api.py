"""JSON `/api/v1/documents/`: the document library's documents, filtered, in pages, or as CSV.

Lenient, as it always was (the library's own filters never fail on what is typed): a filter that is
not understood is left out (``year=abc`` → every year, ``status=x`` → every status), a page or page
size that is not a whole number in ASCII digits takes its default, one out of range is brought within
it (``page_size=500`` → 50, ``page=0`` → 1), and a page past the last one is empty. The schema says
so: those parameters are an integer *or any string*. ``type`` and ``issuer`` take a number (a row)
or a code (``CTr``, ``HU``, matched without regard to case); an unknown code matches nothing.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, P, QueryEx, Router, Schema

from danvan.core.api import (
    CSV_OPENAPI,
    FORMAT_DESCRIPTION,
    Format,
    Page,
    described_as,
    errors,
    listing,
    page_of,
)
from danvan.core.params import bounded_int

from . import selectors
from .models import LegalDocument

PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
MAX_PAGE = 10**6

router = Router(tags=["Văn bản"])

# A number that may also be typed badly: what is not one is ignored (the default applies).
_NUMBER_OR_ANY: dict[str, Any] = {"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string"}]}
_STATUS_OR_ANY: dict[str, Any] = {
    "anyOf": [{"type": "string", "enum": list(LegalDocument.Status.values)}, {"type": "string"}]
}


class DocumentOut(Schema):
    symbol: str = Field(description="Số, ký hiệu.", examples=["42-CTr/HU"])
    title: str = Field(description="Trích yếu.", examples=["Chương trình công tác dân vận năm 2023"])
    type: str = Field(description="Loại văn bản.", examples=["Chương trình"])
    issuer: str = Field(description="Cơ quan ban hành.", examples=["Huyện ủy Vĩnh Cửu"])
    issued_on: dt.date = Field(description="Ngày ban hành.")
    status: str = Field(
        description="Tình trạng hiệu lực: " + ", ".join(LegalDocument.Status.values) + ".",
        examples=["in_force"],
    )
    url: str = Field(description="Địa chỉ đầy đủ trang của văn bản.")
    file_url: str | None = Field(description="Địa chỉ đầy đủ của tệp đính kèm đầu tiên; null: không có tệp.")


def _number(raw: str) -> int | None:
    return bounded_int(raw, 0, low=0, high=10**9) or None


def _clean(raw: str) -> str:
    """PostgreSQL refuses NUL in a string: such a value matches nothing, as on SQLite."""
    return raw.replace("\x00", "\ufffd")


def _filters(q: str, type: str, issuer: str, year: str, field: str, status: str) -> selectors.Filters:
    raw_type = _clean(type).strip()
    raw_issuer = _clean(issuer)
    type_code = raw_type[:20] if raw_type and not raw_type.isdigit() else None
    if type_code:  # a kind's code, matched without regard to case: an unknown one matches nothing
        type_code = selectors.type_code_like(type_code) or "-"
    issuer_id = _number(raw_issuer)
    if raw_issuer and not raw_issuer.isdigit():
        issuer_id = selectors.issuer_id_like(raw_issuer[:100]) or -1
    return selectors.Filters(
        q=" ".join(_clean(q).split())[:200],
        # A kind's code (KH) covers its rows in both systems; a number is one row (older links).
        type_id=_number(type) if raw_type.isdigit() else None,
        type_code=type_code,
        issuer_id=issuer_id,
        year=_number(year),
        field_id=_number(field),
        status=status if status in LegalDocument.Status.values else None,
    )


def _as_json(request: HttpRequest, doc: LegalDocument) -> dict[str, Any]:
    files = doc.files.all()
    return {
        "symbol": doc.symbol,
        "title": doc.title,
        "type": doc.type.name,
        "issuer": doc.issuer.name,
        "issued_on": doc.issued_on,
        "status": doc.status,
        "url": request.build_absolute_uri(doc.get_absolute_url()),
        "file_url": request.build_absolute_uri(files[0].get_absolute_url()) if files else None,
    }


@router.get(
    "/documents/",
    url_name="document_api",
    response={200: Page[DocumentOut], **errors()},
    summary="Danh sách văn bản (thư viện văn bản), theo trang",
    openapi_extra=CSV_OPENAPI,
)
def document_list(
    request: HttpRequest,
    q: QueryEx[str, P(description="Từ khóa hoặc số, ký hiệu (42-CTr/HU); không phân biệt dấu.")] = "",
    type: QueryEx[
        str, P(description="Loại văn bản: mã (CTr, KH…, không phân biệt hoa thường) hoặc số thứ tự.")
    ] = "",
    issuer: QueryEx[str, P(description="Cơ quan ban hành: mã (HU, UBND…) hoặc số thứ tự.")] = "",
    year: Annotated[
        str, described_as(_NUMBER_OR_ANY, "Năm ban hành; giá trị không phải số thì bỏ qua.")
    ] = "",
    field: Annotated[
        str, described_as(_NUMBER_OR_ANY, "Lĩnh vực (số thứ tự); giá trị không phải số thì bỏ qua.")
    ] = "",
    status: Annotated[
        str,
        described_as(
            _STATUS_OR_ANY,
            "Tình trạng: " + ", ".join(LegalDocument.Status.values) + "; giá trị khác thì bỏ qua.",
        ),
    ] = "",
    page: Annotated[
        str,
        described_as(
            _NUMBER_OR_ANY,
            "Số trang, từ 1 (mặc định 1); 0, giá trị không phải số hay số dài quá 6 chữ số đều được "
            "hiểu là 1; trang quá cuối thì danh sách rỗng.",
        ),
    ] = "",
    page_size: Annotated[
        str,
        described_as(
            _NUMBER_OR_ANY,
            f"Số văn bản mỗi trang, từ 1 đến {MAX_PAGE_SIZE} (mặc định {PAGE_SIZE}); số lớn hơn thì lấy "
            f"{MAX_PAGE_SIZE}, 0 thì lấy 1, giá trị không phải số (hay dài quá 6 chữ số) thì lấy mặc định.",
        ),
    ] = "",
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Văn bản của thư viện, mới ban hành trước; khi `q` đúng là một số, ký hiệu thì văn bản ấy đứng
    đầu. Các bộ lọc kết hợp với nhau (và). Bộ lọc không đọc được thì bỏ qua, không báo lỗi."""
    filters = _filters(q, type, issuer, year, field, status)
    size = bounded_int(page_size, PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    number = bounded_int(page, 1, low=1, high=MAX_PAGE)
    qs = selectors.documents(filters).prefetch_related("files")
    count = qs.count()
    paging = page_of(request, count, number, size, past_last="empty")
    rows = [_as_json(request, d) for d in qs[(number - 1) * size : number * size]]
    return listing(rows, paging, format, "van-ban", DocumentOut)
