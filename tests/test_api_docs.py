"""The API's documentation (issue 18): ``/api/v1/docs/`` is built from the OpenAPI document and lists
every operation, escapes what it shows, gives ``curl`` examples; ``/api/v1/docs/thu/`` is Swagger UI
from our own static files only."""

import json
from html.parser import HTMLParser
from http.client import responses as HTTP_PHRASES
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import resolve, reverse
from django.utils.html import escape

from danvan import api_docs
from danvan.api_docs import Reader

from .factories import UserFactory

URL = "/api/v1/docs/"
CONSOLE = "/api/v1/docs/thu/"
HOSTILE = '<script>alert("x")</script>'


class Collect(HTMLParser):
    """Tags with their attributes, the text of each ``pre`` and of each inline ``script``."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.pre: list[str] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._in: str | None = None
        self._attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append((tag, values))
        if tag == "pre":
            self._in, self._attrs = "pre", values
            self.pre.append("")
        elif tag == "script":
            self._in, self._attrs = "script", values
            self.scripts.append((values, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "pre":
            self.pre[-1] += data
        elif self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parsed(html: str) -> Collect:
    collector = Collect()
    collector.feed(html)
    return collector


def example_lines(html: str) -> list[str]:
    return [line for block in parsed(html).pre for line in block.splitlines()]


# --- The page, from the real document --------------------------------------------------------------------


@pytest.fixture
def page(client: Client, site: Any) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_reads_the_document_openapi_json_serves(client: Client, site: Any) -> None:
    assert client.get("/api/v1/openapi.json").json() == api_docs.openapi_document()


def test_the_page_lists_every_operation_of_the_schema(page: str) -> None:
    document = api_docs.openapi_document()
    operations = [
        (method.upper(), path)
        for path, item in document["paths"].items()
        for method in item
        if method in api_docs.METHODS
    ]
    assert ("GET", "/api/v1/org-units/") in operations  # the worked example, so the list is not empty
    for method, path in operations:
        heading = f'<span class="api-method">{method}</span> <code class="api-path">{path}</code>'
        assert heading in page, (method, path)
    assert page.count('class="api-op"') == len(operations)
    summaries = [document["paths"][path][method.lower()].get("summary", "") for method, path in operations]
    assert "Danh sách đơn vị (cây tổ chức), theo trang" in summaries
    for summary in summaries:
        assert escape(summary) in page


def test_each_parameter_has_its_row_with_type_default_and_limits(page: str) -> None:
    # /api/v1/org-units/'s page_size: PageSize(100, 1000) in danvan/orgunits/api.py
    row = (
        '<tr><th scope="row"><code>page_size</code></th><td>truy vấn</td><td>số nguyên</td><td>không</td>'
        "<td><code>100</code></td><td>từ 1 đến 1000</td>"
    )
    assert row in page
    assert "<td>một trong: json, csv</td>" in page  # format's enum
    # The answer's fields, nested rows of the page's results included, with their descriptions.
    assert "<code>results[].successors[].effective_on</code>" in page
    assert "Mã đơn vị cha; null với gốc." in page
    assert "chuỗi ngày YYYY-MM-DD hoặc null" in page  # valid_to: date | None


def test_the_page_has_the_curl_examples(page: str) -> None:
    lines = example_lines(page)
    assert "curl -sS 'http://testserver/api/v1/org-units/?page_size=5'" in lines
    assert "curl -sS -OJ 'http://testserver/api/v1/org-units/?page_size=5&format=csv'" in lines
    document = api_docs.openapi_document()
    for path in document["paths"]:
        stem = path.split("{", 1)[0]
        assert any(line.startswith("curl ") and f"http://testserver{stem}" in line for line in lines), path


def test_the_page_shows_the_limits_from_the_settings(client: Client, site: Any, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "api": "7/h", "api_write": "3/s"}
    page = client.get(URL).content.decode()
    assert (
        'Mọi yêu cầu GET (và HEAD) dưới /api/v1/, theo địa chỉ IP</th><td class="nowrap">7 yêu cầu mỗi giờ'
        in page
    )
    assert (
        'Mọi yêu cầu khác (POST…) dưới /api/v1/, theo địa chỉ IP</th><td class="nowrap">3 yêu cầu mỗi giây'
        in page
    )


def test_the_page_links_the_document_and_the_console(page: str) -> None:
    hrefs = {attrs.get("href") for tag, attrs in parsed(page).tags if tag == "a"}
    assert {"/api/v1/openapi.json", "/api/v1/docs/thu/"} <= hrefs


def test_anonymous_visitors_share_one_copy_and_signed_in_ones_do_not(client: Client, site: Any) -> None:
    anonymous = client.get(URL)
    assert "public" in anonymous["Cache-Control"] and "max-age=" in anonymous["Cache-Control"]
    assert not anonymous.cookies
    assert anonymous["Access-Control-Allow-Origin"] == "*"  # a public GET under /api/v1/ (ApiMiddleware)
    again = client.get(URL, HTTP_IF_NONE_MATCH=anonymous["ETag"])
    assert again.status_code == 304

    client.force_login(UserFactory.create())
    signed_in = client.get(URL)
    assert "private" in signed_in["Cache-Control"]


def test_head_and_only_safe_methods(client: Client, site: Any) -> None:
    head = client.head(URL)
    assert head.status_code == 200 and head.content == b""
    assert client.post(URL).status_code == 405


def test_the_addresses_are_ours_not_the_api_include() -> None:
    assert reverse("api_docs") == URL
    assert reverse("api_console") == CONSOLE
    assert resolve(URL).func is api_docs.reference
    assert resolve(CONSOLE).func is api_docs.console


# --- What a hostile or unusual document would show ---------------------------------------------------

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
SYNTHETIC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Thử", "version": "1", "description": f"Giới thiệu {HOSTILE} với `page_size`."},
    "tags": [{"name": "Đơn thư", "description": f"Nhóm {HOSTILE}"}],
    "paths": {
        "/api/v1/cases/": {
            "post": {
                "tags": ["Đơn thư"],
                "summary": f"Gửi đơn {HOSTILE}",
                "description": "Dòng một\ncủa đoạn một.\n\n- mục `a`\n- mục b",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseIn"}}},
                },
                "responses": {
                    "201": {
                        "description": "Created",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseOut"}}},
                    },
                    "400": {"description": "Bad Request", "content": ERROR},
                    "413": {"description": HTTP_PHRASES[413], "content": ERROR},  # ninja's default
                },
            }
        },
        "/api/v1/cases/{code}/": {
            "get": {
                "tags": ["Đơn thư"],
                "summary": "Tra cứu một đơn",
                "parameters": [
                    {
                        "in": "path",
                        "name": "code",
                        "required": True,
                        "description": f"Mã đơn {HOSTILE}",
                        "schema": {"type": "string", "examples": ["KH-2026-7F3K9Q"], "maxLength": 20},
                    },
                    {
                        "in": "query",
                        "name": "lang",
                        "required": False,
                        "schema": {"anyOf": [{"type": "string"}, {"type": "null"}], "example": "vi"},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "OK",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CaseOut"}}},
                    },
                    "404": {"description": "Không có đơn nào mang mã này.", "content": ERROR},
                },
            }
        },
        "/api/v1/hits/pixel.gif": {
            "get": {
                "summary": "Ảnh 1×1",
                "responses": {"200": {"description": "OK", "content": {"image/gif": {}}}},
            }
        },
    },
    "components": {
        "schemas": {
            "CaseIn": {
                "type": "object",
                "title": "CaseIn",
                "properties": {
                    "kind": {"type": "string", "enum": ["kien_nghi", "khieu_nai"], "examples": ["khieu_nai"]},
                    "title": {"type": "string", "maxLength": 200},
                    "email": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
                },
                "required": ["kind", "title"],
            },
            "CaseOut": {
                "type": "object",
                "title": "CaseOut",
                "properties": {
                    "code": {"type": "string", "description": f"Mã {HOSTILE}", "examples": ["<b>KH</b>"]},
                    "history": {"type": "array", "items": {"$ref": "#/components/schemas/Step"}},
                },
                "required": ["code"],
            },
            "Step": {
                "type": "object",
                "description": "English docstring of the class",
                "properties": {"status": {"type": "string", "description": "Trạng thái."}},
            },
            "ErrorOut": {
                "type": "object",
                "properties": {"error": {"type": "string", "description": "Lỗi, bằng tiếng Việt."}},
                "required": ["error"],
            },
        }
    },
}


@pytest.fixture
def synthetic(client: Client, site: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(api_docs, "openapi_document", lambda: json.loads(json.dumps(SYNTHETIC)))
    return client.get(URL).content.decode()


def test_everything_from_the_document_is_escaped(synthetic: str) -> None:
    assert "<script>alert" not in synthetic
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    for text in (
        f"Giới thiệu {escaped} với <code>page_size</code>.",  # `code` spans still become <code>
        f"Nhóm {escaped}",
        f"Gửi đơn {escaped}",
        f"Mã đơn {escaped}",
        f"Mã {escaped} Ví dụ: <code>&lt;b&gt;KH&lt;/b&gt;</code>",
    ):
        assert text in synthetic, text
    # A description's paragraphs and its "- " lines as a list
    assert "<p>Dòng một của đoạn một.</p><ul><li>mục <code>a</code></li><li>mục b</li></ul>" in synthetic


def test_an_unusual_document_is_read_whole(synthetic: str) -> None:
    assert 'id="nhom-don-thu"' in synthetic  # the tag's section
    assert 'id="nhom-khac"' in synthetic  # an operation without a tag
    assert synthetic.count('class="api-op"') == 3
    assert 'id="get-api-v1-cases-code"' in synthetic
    assert "<code>image/gif — bất kỳ</code>" in synthetic
    # The request body's fields, the answer's nested array, a class docstring left out
    assert "Các trường của nội dung gửi lên (application/json)" in synthetic
    assert "<code>history[].status</code></th><td>chuỗi</td><td>không</td><td>Trạng thái.</td>" in synthetic
    assert "English docstring" not in synthetic
    # Errors grouped, ninja's English phrase replaced, an endpoint's own meaning kept
    assert '<th scope="row">400, 413</th>' in synthetic
    assert "413: Nội dung gửi lên quá lớn." in synthetic
    assert "404: Không có đơn nào mang mã này." in synthetic
    assert HTTP_PHRASES[413] not in synthetic


def test_the_examples_fill_path_parameters_and_bodies(synthetic: str) -> None:
    lines = example_lines(synthetic)
    assert "curl -sS 'http://testserver/api/v1/cases/KH-2026-7F3K9Q/?lang=vi'" in lines
    assert (
        "curl -sS -X POST -H 'Content-Type: application/json' "
        """--data '{"kind": "khieu_nai", "title": "…"}' http://testserver/api/v1/cases/"""
    ) in lines
    assert "curl -sS -o pixel.gif http://testserver/api/v1/hits/pixel.gif" in lines  # an image to a file


# --- The reader's small parts ---------------------------------------------------------------------------


def test_type_labels_and_limits() -> None:
    reader = Reader({"components": {"schemas": {"Unit": {"type": "object", "title": "Unit"}}}}, "http://x")
    assert reader.type_label({"anyOf": [{"type": "integer"}, {"type": "null"}]}) == "số nguyên hoặc null"
    assert (
        reader.type_label({"type": ["string", "null"], "format": "date"}) == "chuỗi ngày YYYY-MM-DD hoặc null"
    )
    assert reader.type_label({"type": "array", "items": {"$ref": "#/components/schemas/Unit"}}) == (
        "mảng đối tượng Unit"
    )
    assert reader.type_label({"anyOf": [{"type": "integer"}, {"type": "string"}]}) == "số nguyên hoặc chuỗi"
    assert reader.limits({"type": "integer", "minimum": 1, "maximum": 50}) == "từ 1 đến 50"
    assert reader.limits({"type": "string", "maxLength": 40, "pattern": "^[0-9]{4}$"}) == (
        "tối đa 40 ký tự; dạng ^[0-9]{4}$"
    )
    assert reader.limits({"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]}) == "từ 1 trở lên"


def test_rate_text() -> None:
    assert api_docs.rate_text("300/m") == "300 yêu cầu mỗi phút"
    assert api_docs.rate_text("5/d") == "5 yêu cầu mỗi ngày"


# --- The console -------------------------------------------------------------------------------------------


def test_the_console_uses_only_our_own_static_files(client: Client, site: Any) -> None:
    response = client.get(CONSOLE)
    assert response.status_code == 200
    html = response.content.decode()
    found = parsed(html)
    sources = [a.get("src", "") for tag, a in found.tags if tag == "script" and a.get("src")]
    sheets = [a.get("href", "") for tag, a in found.tags if tag == "link" and a.get("rel") == "stylesheet"]
    assert sources == ["/static/ninja/swagger-ui-bundle.js", "/static/ninja/swagger-ui-init.js"]
    assert "/static/ninja/swagger-ui.css" in sheets
    for address in sources + sheets:
        assert address.startswith("/static/"), address
        assert finders.find(address.removeprefix("/static/")), address
    assert "http://" not in html.replace("http://testserver", "") and "https://" not in html
    # No inline script (the policy is script-src 'self'): the one script without src is JSON data.
    inline = [(attrs, text) for attrs, text in found.scripts if not attrs.get("src")]
    assert [attrs.get("type") for attrs, _text in inline] == ["application/json"]
    swagger = json.loads(inline[0][1])
    assert swagger["url"] == reverse("api:openapi-json") == "/api/v1/openapi.json"
    assert swagger["supportedSubmitMethods"] == ["get"]
    assert swagger["validatorUrl"] is None
    # In Vietnamese, with a way back to the readable page
    assert '<html lang="vi">' in html
    assert ("a", {"href": URL}) in found.tags
