"""What every endpoint of the public API shares (issue 18, decision 0030), on django-ninja.

Each app declares its endpoints on a ``ninja.Router`` in its own ``api.py``; ``danvan.api`` (the site's
floor) mounts them under ``/api/v1/`` and serves the OpenAPI document built from them. Shared here:

- **errors**: ``{"error": "…", "fields": {"name": "…"}}`` in Vietnamese. An endpoint raises
  ``ApiError``; ``install_error_handlers`` turns ninja's validation errors, ``Http404`` and HTTP
  errors into the same shape; ``ApiMiddleware`` does it for what never reaches an endpoint (an address
  no endpoint has, a method the endpoint does not take);
- **pages**: ``count``, ``next``, ``previous``, ``results``, ``page``, ``page_size`` (``Page``,
  ``page_of``), a page past the last one a 404;
- **CSV**: ``?format=csv`` on every public list, UTF-8 with a BOM so that Excel reads Vietnamese
  (``csv_response``);
- **conditional GETs, CORS, HEAD, a general rate limit**: ``ApiMiddleware``; ``Last-Modified`` on the
  paths of the open-data catalogue's datasets (``core.datasets``).
"""

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, Literal, TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.http import ConditionalGetMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import JSONRenderer
from pydantic import (
    BaseModel,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    WithJsonSchema,
)
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

from . import datasets
from .ratelimit import exceeded, too_many_requests

PREFIX = "/api/v1/"
T = TypeVar("T")

# Statuses an endpoint of this API may answer with the error shape (docs/api.md): every operation
# declares these, so a client and the schema's checks know them all.
ERROR_STATUSES = frozenset({400, 404, 405, 409, 429})
# Public GETs may be read from other sites' pages (CORS); these headers may be read by them too.
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, Link, X-Total-Count, Content-Disposition"


class ErrorOut(Schema):
    """The one error shape."""

    error: str = Field(
        description="Lỗi, bằng tiếng Việt, để hiển thị cho người dùng.",
        examples=["Cỡ trang không hợp lệ."],
    )
    fields: dict[str, str] = Field(
        default_factory=dict,
        description="Với lỗi 400: tham số hoặc trường nào sai, và sai thế nào.",
        examples=[{"page_size": "Tối đa 1000."}],
    )
    retry_after: int | None = Field(
        default=None, description="Với lỗi 429: số giây cần chờ (như tiêu đề Retry-After)."
    )
    errors: dict[str, list[str]] | None = Field(
        default=None,
        description="Dạng cũ của `fields` (mọi lỗi của từng trường), giữ cho người dùng v1 của /cases/.",
    )


def errors(*extra: int) -> dict[frozenset[int], type[ErrorOut]]:
    """The ``response`` entries for the error statuses (and ``extra`` ones such as 413, 415)."""
    return {ERROR_STATUSES | frozenset(extra): ErrorOut}


class ApiError(Exception):
    """Raised by an endpoint: answered as ``{"error": message, "fields": fields}`` with ``status``."""

    def __init__(self, message: str, status: int = 400, fields: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.fields = dict(fields or {})


def error_response(message: str, status: int, fields: Mapping[str, str] | None = None) -> JsonResponse:
    """``fields`` only when the error names parameters or fields (``{"error": …}`` alone otherwise)."""
    body: dict[str, Any] = {"error": message}
    if fields:
        body["fields"] = dict(fields)
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


# --- Validation messages: pydantic's error types, in Vietnamese -----------------------------------------

_WHOLE = "Cần một số nguyên, ví dụ 2."
_DATE = "Cần một ngày dạng năm-tháng-ngày, ví dụ 2023-12-31."


def _message(field: str, error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind == "danvan":  # our own validators' messages, already in Vietnamese
        return str(error.get("msg", ""))
    if kind in ("int_parsing", "int_type", "int_from_float", "int_parsing_size"):
        return _(_WHOLE)
    if kind in ("greater_than_equal", "greater_than"):
        return _("Cần từ %(n)s trở lên.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Tối đa %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    if kind == "string_too_long":
        return _("Dài quá %(n)s ký tự.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Cần ít nhất %(n)s ký tự.") % {"n": ctx.get("min_length")}
    if kind in ("literal_error", "enum"):
        # pydantic lists them in English ("'json' or 'csv'"): keep only the values.
        values = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Chỉ nhận một trong: %(values)s.") % {"values": values}
    if kind.startswith(("date_", "datetime_")):
        return _(_DATE)
    if kind == "bool_parsing" or kind == "bool_type":
        return _("Cần true hoặc false.")
    if kind == "string_type":
        return _("Cần một chuỗi ký tự.")
    if kind == "missing":
        return _("Cần có mục này.")
    if kind == "json_invalid":
        return _("Nội dung không phải JSON hợp lệ.")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("Cần một đối tượng JSON {…}.")
    if kind == "string_pattern_mismatch":
        return _("Giá trị không đúng dạng.")
    return _("Giá trị không hợp lệ.")


def _field(location: Iterable[Any]) -> str:
    names = [str(part) for part in location if isinstance(part, str)]
    # ("query", "page") → page; ("body", "payload", "title") → title
    return names[-1] if names and names[-1] not in ("query", "path", "body", "payload") else "body"


def install_error_handlers(api: NinjaAPI) -> None:
    def on_api_error(request: HttpRequest, exc: Any) -> HttpResponse:  # an ApiError
        return error_response(exc.message, exc.status, exc.fields)

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja's ValidationError
        fields: dict[str, str] = {}
        for error in exc.errors:
            name = _field(error.get("loc", ()))
            fields.setdefault(name, _message(name, error))
        return error_response(" ".join(dict.fromkeys(fields.values())), 400, fields)

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:  # Http404
        return error_response(_("Không có dữ liệu này."), 404)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:  # ninja's HttpError
        if exc.status_code == 400:
            return error_response(_("Yêu cầu không hợp lệ: nội dung không đọc được."), 400)
        return error_response(_("Yêu cầu không được chấp nhận."), exc.status_code)

    api.add_exception_handler(ApiError, on_api_error)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(HttpError, on_http_error)


class VietnameseJSONRenderer(JSONRenderer):
    """Vietnamese as characters, not \\u escapes (as the endpoints answered before ninja)."""

    json_dumps_params = {"ensure_ascii": False}


# --- Pages ---------------------------------------------------------------------------------------------


class Page(Schema, Generic[T]):
    count: int = Field(description="Tổng số kết quả (mọi trang).")
    page: int = Field(description="Số của trang này, từ 1.")
    page_size: int = Field(description="Số kết quả mỗi trang.")
    next: str | None = Field(description="Địa chỉ đầy đủ của trang sau; null ở trang cuối.")
    previous: str | None = Field(description="Địa chỉ đầy đủ của trang trước; null ở trang đầu.")
    results: list[T]


def page_url(request: HttpRequest, page: int) -> str:
    """This request's URL, its filters and page size kept, for another page."""
    query = request.GET.copy()
    query["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def page_of(
    request: HttpRequest, count: int, page: int, page_size: int, *, past_last: Literal["404", "empty"] = "404"
) -> dict[str, Any]:
    """The page's fields but ``results``; a page past the last one is a 404 unless ``past_last="empty"``."""
    pages = max(1, -(-count // page_size))
    if page > pages and past_last == "404":
        raise ApiError(
            _("Không có trang %(p)s: với cỡ trang %(s)s chỉ có %(n)s trang.")
            % {"p": page, "s": page_size, "n": pages},
            status=404,
        )
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "next": page_url(request, page + 1) if page < pages else None,
        "previous": page_url(request, min(page, pages + 1) - 1) if page > 1 else None,
    }


MAX_PAGE_DIGITS = 7  # no list here has more pages: longer input is refused, not parsed


def _whole(value: Any, high: int) -> int | None:
    """A whole number from 1 to ``high`` typed in ASCII digits ("０", "²", "1e3", "-1" are not)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1 <= value <= high else None
    text = str(value)
    if text.isascii() and text.isdigit() and len(text) <= MAX_PAGE_DIGITS and 1 <= int(text) <= high:
        return int(text)
    return None


class PageSize:
    """``Annotated`` metadata of a ``page_size`` parameter: a whole number from 1 to ``high``
    (``default`` when absent); anything else a 400 that says the range."""

    def __init__(self, default: int, high: int) -> None:
        self.default, self.high = default, high

    def check(self, value: Any) -> int:
        number = _whole(value, self.high)
        if number is None:
            raise PydanticCustomError(
                "danvan",
                _("Cỡ trang “%(s)s” không hợp lệ: cần một số nguyên từ 1 đến %(n)s.")
                % {"s": str(value)[:20], "n": self.high},
            )
        return number

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_before_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "integer",
            "minimum": 1,
            "maximum": self.high,
            "default": self.default,
            "description": f"Số kết quả mỗi trang, từ 1 đến {self.high} (mặc định {self.default}).",
        }


class PageNumber(PageSize):
    """``Annotated`` metadata of a ``page`` parameter: a whole number from 1, in ASCII digits."""

    def __init__(self) -> None:
        super().__init__(1, 10**MAX_PAGE_DIGITS - 1)

    def check(self, value: Any) -> int:
        number = _whole(value, self.high)
        if number is None:
            raise PydanticCustomError(
                "danvan",
                _("Số trang “%(p)s” không hợp lệ: cần một số nguyên dương, ví dụ 2.")
                % {"p": str(value)[:20]},
            )
        return number

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {
            "type": "integer",
            "minimum": 1,
            "maximum": self.high,
            "default": 1,
            "description": "Số trang, từ 1 (mặc định 1).",
        }


PAGE = PageNumber()


# --- CSV -----------------------------------------------------------------------------------------------

Format = Literal["json", "csv"]
FORMAT_DESCRIPTION = "`csv` trả cùng trang ấy dưới dạng CSV (UTF-8 có BOM, Excel mở đúng tiếng Việt)."


def csv_openapi(example: str) -> dict[str, Any]:
    """An operation's ``openapi_extra``: its 200 answer in CSV too (``?format=csv``), with ``example``."""
    return {"responses": {200: {"content": {"text/csv": {"schema": {"type": "string"}, "example": example}}}}}


CSV_OPENAPI = csv_openapi("\ufeffsymbol,title\r\n42-CTr/HU,Chương trình …\r\n")


def described_as(schema: dict[str, Any], description: str) -> WithJsonSchema:
    """A parameter's schema as its endpoint reads it (a lenient one: which values are taken), with its
    description, in place of the one pydantic derives from the Python type."""
    return WithJsonSchema({**schema, "description": description})


def _flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in row.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{name}."))
        elif isinstance(value, list | tuple):
            flat[name] = json.dumps(value, ensure_ascii=False, default=str)
        elif value is None:
            flat[name] = ""
        elif isinstance(value, bool):
            flat[name] = "true" if value else "false"
        else:
            flat[name] = value
    return flat


def columns_of(model: type[BaseModel], prefix: str = "") -> list[str]:
    """The CSV columns of a schema's rows: nested objects as ``a.b``, so an empty list keeps its header."""
    columns: list[str] = []
    for name, info in model.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            columns.extend(columns_of(kind, f"{prefix}{name}."))
        else:
            columns.append(f"{prefix}{name}")
    return columns


def csv_response(
    rows: Iterable[Mapping[str, Any]],
    filename: str,
    page: Mapping[str, Any] | None = None,
    model: type[BaseModel] | None = None,
) -> HttpResponse:
    """``rows`` as CSV: nested objects become ``a.b`` columns, lists a JSON cell. A page's links go in
    the ``Link`` header (RFC 8288) and its total in ``X-Total-Count``, so that the file is only rows."""
    flat = [_flatten(row) for row in rows]
    columns: list[str] = columns_of(model) if model is not None else []
    for row in flat:
        columns.extend(name for name in row if name not in columns)
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in flat:
        # A cell starting with = + - @ is read as a formula by spreadsheets: quote it as text.
        writer.writerow(
            {k: ("'" + v if isinstance(v, str) and v and v[0] in "=+-@" else v) for k, v in row.items()}
        )
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    if page:
        response["X-Total-Count"] = str(page["count"])
        links = [f'<{page[rel]}>; rel="{rel}"' for rel in ("next", "previous") if page.get(rel)]
        if links:
            response["Link"] = ", ".join(links)
    return response


def listing(
    rows: list[dict[str, Any]], page: dict[str, Any], fmt: str, filename: str, model: type[BaseModel]
) -> Any:
    """A list endpoint's answer: the page as JSON, or its rows (of schema ``model``) as CSV."""
    if fmt == "csv":
        return csv_response(rows, filename, page, model)
    return {**page, "results": rows}


# --- The middleware --------------------------------------------------------------------------------------


class ApiMiddleware:
    """Under ``/api/v1/``: HEAD answered as GET; a general rate limit; ETag and 304s for GETs (ETag on
    the uncompressed body, so it sits below GZip), with ``Last-Modified`` on the datasets' paths; CORS
    for public GETs only; JSON errors for what never reached an endpoint."""

    SAFE = ("GET", "HEAD")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.conditional = ConditionalGetMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        if request.method == "OPTIONS" and request.headers.get("Origin"):
            return self._preflight(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # as Django's own View does for a view without head()
        scope = "api" if request.method in self.SAFE else "api_write"
        if request.path not in settings.DANVAN_API_UNLIMITED_PATHS:
            wait = exceeded(request, scope)
            if wait is not None:
                return self._finish(request, too_many_requests(request, wait), head)
        response = self.get_response(request)
        return self._finish(request, response, head)

    def _finish(self, request: HttpRequest, response: HttpResponseBase, head: bool) -> HttpResponseBase:
        response = self._as_json_error(response)
        if request.method == "GET" and response.status_code == 200:
            self._last_modified(request, response)
            response = self.conditional.process_response(request, response)
        if request.method == "GET" and self._public(response):
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        if head:
            request.method = "HEAD"
        return response

    @staticmethod
    def _last_modified(request: HttpRequest, response: HttpResponseBase) -> None:
        """``Last-Modified`` on the answer at a registered dataset's API path (``core.datasets``: the
        exact path, the query aside), from the dataset's ``last_modified()``, unless the endpoint set
        one. Set before the conditional step, so that ``If-Modified-Since`` is answered 304 too."""
        if response.has_header("Last-Modified"):
            return
        found = datasets.dated_by_path(request.path)
        when = found.last_modified() if found is not None else None
        if when is not None:
            response["Last-Modified"] = http_date(when.timestamp())

    @staticmethod
    def _public(response: HttpResponseBase) -> bool:
        control = response.get("Cache-Control", "")
        return "private" not in control and "no-store" not in control

    @staticmethod
    def _as_json_error(response: HttpResponseBase) -> HttpResponseBase:
        if response.status_code not in (404, 405) or response.get("Content-Type", "").startswith(
            "application/json"
        ):
            return response
        if response.status_code == 404:
            return error_response(_("Không có địa chỉ này trong API. Xem /api/v1/docs/."), 404)
        converted = error_response(_("Địa chỉ này không nhận phương thức ấy."), 405)
        if response.has_header("Allow"):
            converted["Allow"] = response["Allow"]
        return converted

    def _preflight(self, request: HttpRequest) -> HttpResponse:
        """CORS preflight: granted for GET and HEAD only (writes stay same-site)."""
        asked = request.headers.get("Access-Control-Request-Method", "").upper()
        try:
            resolve(request.path_info)
        except Resolver404:
            return error_response(_("Không có địa chỉ này trong API. Xem /api/v1/docs/."), 404)
        response = HttpResponse(status=204)
        if asked in self.SAFE:
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since, Accept"
            response["Access-Control-Max-Age"] = "86400"
        add_never_cache_headers(response)
        return response
