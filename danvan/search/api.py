"""JSON `/api/v1/search/` and `/api/v1/search/suggest/` (the search box's suggestions).

Lenient like the search page: whatever is typed never fails. `q` may hold anything (quotes, FTS
syntax, a thousand letters: all plain words); a `page` or `page_size` that is not a whole number in
ASCII digits means the default ("²", "５", "abc"), a size over 50 means 50; an unknown `type`, a
`category` that is not a number or a date that is not YYYY-MM-DD is no filter. A page past the last
is empty (200), as it always was. Only `format` is strict (json or csv), as on every list.

Both search the Vietnamese site of the request's host (the English pages are searched by the
`/en/search/` page only): the API's addresses carry no language.
"""

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, QueryEx, Router, Schema
from ninja.decorators import decorate_view
from pydantic import WithJsonSchema

from danvan.core.api import (
    FORMAT_DESCRIPTION,
    Format,
    Page,
    csv_openapi,
    csv_response,
    described_as,
    errors,
    listing,
    page_of,
)
from danvan.core.dates import parse_date
from danvan.core.params import bounded_int
from danvan.core.ratelimit import rate_limited

from . import selectors
from .models import SearchDocument
from .query import parse
from .views import MAX_PAGE_SIZE, PAGE_SIZE, root_path

MAX_PAGE = 10**6

router = Router(tags=["Tìm kiếm"])


def _lenient(description: str, minimum: int, maximum: int) -> WithJsonSchema:
    """A number parameter that takes any text: the schema says so (a number, or a string that then
    means the default), so that a client (and a fuzzer) knows nothing typed there is refused."""
    number = {"type": "integer", "minimum": minimum, "maximum": maximum}
    return described_as({"anyOf": [number, {"type": "string"}]}, description)


PAGE_DESCRIPTION = (
    "Số trang, từ 1 (mặc định 1). Giá trị khác (chữ, số viết kiểu khác như “²”) được hiểu là mặc "
    "định; trang sau trang cuối trả danh sách rỗng."
)
PAGE_SIZE_DESCRIPTION = (
    f"Số kết quả mỗi trang, từ 1 đến {MAX_PAGE_SIZE} (mặc định {PAGE_SIZE}); số lớn hơn được hiểu là "
    f"{MAX_PAGE_SIZE}. Giá trị khác (chữ, số viết kiểu khác như “５”) được hiểu là mặc định."
)
# Read as the search page reads them (core.params.bounded_int), whatever was typed. Annotated, not
# QueryEx: ninja would drop the default of a QueryEx that carries other metadata.
LenientPage = Annotated[int | str, _lenient(PAGE_DESCRIPTION, 1, MAX_PAGE)]
LenientPageSize = Annotated[int | str, _lenient(PAGE_SIZE_DESCRIPTION, 1, MAX_PAGE_SIZE)]
LenientCategory = Annotated[
    int | str,
    _lenient("Mã số chuyên mục: chỉ bài của chuyên mục ấy. Giá trị khác: mọi chuyên mục.", 0, 10**9),
]
KINDS = ", ".join(f"`{value}`" for value in SearchDocument.Kind.values)


class SearchHitOut(Schema):
    title: str = Field(examples=["Hội nghị tổng kết công tác dân vận năm 2023"])
    url: str = Field(description="Địa chỉ đầy đủ; rỗng nếu tài liệu không có địa chỉ.")
    type: str = Field(description=f"Loại: {KINDS}.", examples=["article"])
    date: dt.datetime | None = Field(description="Ngày của bài hay văn bản, giờ Việt Nam; null: không có.")
    snippet: str = Field(
        description="Đoạn trích quanh các từ tìm thấy, dạng HTML: chữ đã được thoát, từ tìm thấy trong <mark>."
    )


class SearchPage(Page[SearchHitOut]):
    count_exact: bool = Field(
        description="false: có nhiều hơn `count` kết quả (việc đếm dừng ở đó, và không có trang sau nó)."
    )
    message: str = Field(
        default="",
        description="Chỉ có khi chưa nhập từ cần tìm: lời nhắc cho người dùng.",
        examples=["Hãy nhập từ cần tìm, ví dụ: dân vận."],
    )


class SuggestionOut(Schema):
    title: str = Field(examples=["Dân vận khéo ở xã Trị An"])
    url: str = Field(description="Địa chỉ trên trang (đường dẫn, không có tên máy); rỗng nếu không có.")


class SuggestionsOut(Schema):
    results: list[SuggestionOut] = Field(description="Tối đa 8 tiêu đề, mới nhất trước.")


Q = QueryEx[
    str,
    P(
        description="Từ cần tìm, có dấu hay không dấu; cụm từ trong ngoặc kép tìm đúng cụm. "
        "Mọi ký tự khác là chữ thường, không phải cú pháp."
    ),
]


@router.get(
    "/search/",
    url_name="search_api",
    response={200: SearchPage, **errors()},
    summary="Tìm kiếm bài viết, văn bản và trang, theo trang",
    openapi_extra=csv_openapi(
        "\ufefftitle,url,type,date,snippet\r\n"
        "Hội nghị dân vận,https://danvan.example/tin-tuc/hoi-nghi/,article,2024-01-03T08:00:00+07:00,…\r\n"
    ),
    exclude_unset=True,  # `message` only when there is one, as before
)
@decorate_view(rate_limited("search_api"))
def search_list(
    request: HttpRequest,
    q: Q = "",
    type: QueryEx[str, P(description=f"Chỉ một loại: {KINDS}. Giá trị khác: mọi loại.")] = "",
    category: LenientCategory = "",
    date_from: QueryEx[
        str, P(alias="from", description="Từ ngày (YYYY-MM-DD, theo giờ Việt Nam). Giá trị khác: bỏ qua.")
    ] = "",
    date_to: QueryEx[
        str, P(alias="to", description="Đến hết ngày (YYYY-MM-DD, theo giờ Việt Nam). Giá trị khác: bỏ qua.")
    ] = "",
    page: LenientPage = 1,
    page_size: LenientPageSize = PAGE_SIZE,
    format: QueryEx[Format, P(description=FORMAT_DESCRIPTION)] = "json",
) -> Any:
    """Kết quả xếp theo mức phù hợp: số từ có trong tiêu đề, các từ đứng liền nhau, trong phần mở đầu,
    đúng dấu như đã gõ, rồi mới nhất trước. Đếm tối đa 1.000 kết quả (`count_exact` false khi nhiều
    hơn)."""
    query = parse(q)
    number = bounded_int(str(page), 1, low=1, high=MAX_PAGE)
    size = bounded_int(str(page_size), PAGE_SIZE, low=1, high=MAX_PAGE_SIZE)
    kind = type if type in SearchDocument.Kind.values else None
    results = selectors.search(
        query,
        root_path=root_path(request),
        offset=(number - 1) * size,
        limit=size,
        kind=kind,
        category_id=bounded_int(str(category), 0, low=0, high=10**9) or None,
        date_from=parse_date(date_from),
        date_to=parse_date(date_to),
    )
    rows = [
        {
            "title": hit.title,
            "url": request.build_absolute_uri(hit.url) if hit.url else "",
            "type": hit.kind,
            "date": timezone.localtime(hit.date).isoformat() if hit.date else None,
            "snippet": str(hit.snippet),
        }
        for hit in results.hits
    ]
    paging = page_of(request, results.count, number, size, past_last="empty")
    paging["count_exact"] = results.count_exact  # False: more than "count" (counting stops there)
    if query.empty:
        paging["message"] = _("Hãy nhập từ cần tìm, ví dụ: dân vận.")
    return listing(rows, paging, format, "tim-kiem", SearchHitOut)


@router.get(
    "/search/suggest/",
    url_name="search_suggest_api",
    response={200: SuggestionsOut, **errors()},
    summary="Gợi ý tiêu đề khi đang gõ từ cần tìm",
    openapi_extra=csv_openapi("\ufefftitle,url\r\nHội nghị dân vận,/tin-tuc/hoi-nghi/\r\n"),
)
@decorate_view(rate_limited("search_suggest"))
def search_suggest(
    request: HttpRequest,
    q: QueryEx[
        str,
        P(description="Những gì đã gõ: từ cuối có thể chưa gõ xong. Dưới 2 chữ cái thì không có gợi ý."),
    ] = "",
    format: QueryEx[
        Format, P(description="`csv` trả cùng danh sách ấy dưới dạng CSV (UTF-8 có BOM).")
    ] = "json",
) -> Any:
    """Tiêu đề có mọi từ đã gõ (từ cuối là phần đầu của một từ), mới nhất trước, tối đa 8."""
    rows = selectors.suggest(parse(q), root_path=root_path(request))
    if format == "csv":
        return csv_response(rows, "goi-y-tim-kiem", model=SuggestionOut)
    return {"results": rows}
