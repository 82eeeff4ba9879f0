"""The public API's documentation (issue 18, decision 0030): ``/api/v1/docs/`` and ``/api/v1/docs/thu/``.

``/api/v1/docs/`` (``api_docs``) is a server-rendered page in the portal's look, built from the same
OpenAPI document ``/api/v1/openapi.json`` serves (``danvan.api.api.get_openapi_schema()``), so it cannot
drift from the code: per tag, each operation with its parameters, request body, answers, the fields
of its JSON answer and an example ``curl`` line, after what every endpoint shares (docs/api.md in
short). It needs no JavaScript and shows the same to every anonymous visitor.

``/api/v1/docs/thu/`` (``api_console``) is the Swagger UI django-ninja ships, from our own static files
(no CDN, no inline script, so the site's policy ``script-src 'self'`` holds); it only tries GETs.

On the site's floor beside ``danvan.api``: it reads the whole API, which no app may import.
"""

import functools
import json
import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from http.client import responses as HTTP_PHRASES
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from ninja.responses import NinjaJSONEncoder

from danvan.api import api
from danvan.core.dates import seconds_until_midnight
from danvan.core.slugs import vietnamese_slugify

JsonDict = dict[str, Any]
METHODS = ("get", "head", "post", "put", "patch", "delete")
PLACES = {"query": "truy vấn", "path": "đường dẫn", "header": "tiêu đề", "cookie": "cookie"}
MAX_FIELD_DEPTH = 3  # results[].successors[].kind: deep enough for every answer, and no cycle


def status_meaning(code: int) -> str:
    meanings = {
        200: _("Thành công."),
        201: _("Đã tạo."),
        204: _("Thành công, không có nội dung."),
        304: _("Không đổi từ lần hỏi trước (If-None-Match)."),
        400: _("Yêu cầu không hợp lệ: tham số hoặc nội dung sai."),
        401: _("Cần đăng nhập."),
        403: _("Không được phép."),
        404: _("Không có dữ liệu này, hoặc trang đã quá trang cuối."),
        405: _("Địa chỉ này không nhận phương thức ấy."),
        409: _("Xung đột với trạng thái hiện tại của dữ liệu."),
        413: _("Nội dung gửi lên quá lớn."),
        415: _("Kiểu nội dung không được nhận (cần application/json)."),
        429: _("Quá nhiều yêu cầu: chờ số giây trong tiêu đề Retry-After."),
    }
    return meanings.get(code, "")


def rich_text(text: str) -> SafeString:
    """A description as HTML: escaped first, then `code` spans, paragraphs at blank lines, a line
    starting with "- " a list item. Nothing else of Markdown: the text is the API's own, but escaped."""
    blocks: list[str] = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{_inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append(f"<p>{_inline(' '.join(lines))}</p>")
    return mark_safe("".join(blocks))  # noqa: S308 - every piece of text went through escape()


def described(text: str, example: Any) -> SafeString:
    """A parameter's or field's description, and its example if the schema gives one."""
    html = _inline(" ".join(line.strip() for line in (text or "").splitlines()))
    if example is not None:
        shown = example if isinstance(example, str) else json.dumps(example, ensure_ascii=False)
        html += f"{' ' if html else ''}{escape(_('Ví dụ:'))} <code>{escape(shown)}</code>"
    return mark_safe(html)  # noqa: S308 - the text and the example went through escape()


def _inline(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text)))


# --- What the page shows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Parameter:
    name: str
    place: str
    type: str
    required: bool
    default: str
    limits: str
    description: SafeString


@dataclass(frozen=True)
class FieldRow:
    name: str
    type: str
    required: bool
    description: SafeString


@dataclass(frozen=True)
class Answer:
    statuses: str
    contents: list[str]
    meanings: list[str]
    error: bool


@dataclass(frozen=True)
class Fields:
    caption: str
    rows: list[FieldRow]


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: SafeString
    parameters: list[Parameter]
    body_types: list[str]
    body_required: bool
    answers: list[Answer]
    fields: list[Fields]
    examples: list[str]


@dataclass
class Section:
    name: str
    anchor: str
    description: SafeString
    operations: list[Operation] = field(default_factory=list)


class Reader:
    """Reads an OpenAPI 3.x document into what the page lists."""

    def __init__(self, schema: Mapping[str, Any], base_url: str) -> None:
        self.schema = schema
        self.components: Mapping[str, Any] = schema.get("components", {}).get("schemas", {})
        self.base_url = base_url.rstrip("/")

    # --- schemas

    def resolve(self, node: Any) -> JsonDict:
        seen: set[str] = set()
        while isinstance(node, Mapping) and "$ref" in node:
            ref = str(node["$ref"])
            if ref in seen:
                break
            seen.add(ref)
            node = self.components.get(ref.rsplit("/", 1)[-1], {})
        return dict(node) if isinstance(node, Mapping) else {}

    @staticmethod
    def ref_name(node: Any) -> str:
        if isinstance(node, Mapping) and "$ref" in node:
            return str(node["$ref"]).rsplit("/", 1)[-1]
        return ""

    def options(self, node: Any) -> list[Any]:
        """The alternatives of anyOf/oneOf (a single allOf is its one entry), else the node itself."""
        node = node if isinstance(node, Mapping) else {}
        for key in ("anyOf", "oneOf"):
            if isinstance(node.get(key), list):
                return list(node[key])
        if isinstance(node.get("allOf"), list) and len(node["allOf"]) == 1:
            return self.options(node["allOf"][0])
        if isinstance(node.get("type"), list):
            return [{**node, "type": kind} for kind in node["type"]]
        return [node]

    def type_label(self, node: Any) -> str:
        choices = self.options(node)
        if len(choices) > 1 or choices[0] is not node:
            nullable = any(self.resolve(c).get("type") == "null" for c in choices)
            labels = [self.type_label(c) for c in choices if self.resolve(c).get("type") != "null"]
            label = _(" hoặc ").join(dict.fromkeys(labels)) or "null"
            return _("%(t)s hoặc null") % {"t": label} if nullable and labels else label
        name = self.ref_name(node)
        target = self.resolve(node)
        kind = target.get("type")
        if "const" in target:
            return json.dumps(target["const"], ensure_ascii=False)
        if kind == "array":
            return _("mảng %(t)s") % {"t": self.type_label(target.get("items", {}))}
        if kind == "object" or "properties" in target:
            title = str(target.get("title") or name)
            extra = target.get("additionalProperties")
            if not target.get("properties") and isinstance(extra, Mapping) and extra:
                return _("đối tượng {tên: %(t)s}") % {"t": self.type_label(extra)}
            return _("đối tượng %(n)s") % {"n": title} if title else _("đối tượng")
        if kind == "string":
            formats = {
                "date": _("chuỗi ngày YYYY-MM-DD"),
                "date-time": _("chuỗi thời điểm ISO 8601"),
                "uri": _("chuỗi địa chỉ URL"),
                "email": _("chuỗi thư điện tử"),
                "binary": _("tệp"),
            }
            return formats.get(str(target.get("format", "")), _("chuỗi"))
        names = {
            "integer": _("số nguyên"),
            "number": _("số"),
            "boolean": _("true hoặc false"),
            "null": "null",
        }
        return names.get(str(kind), _("bất kỳ"))

    def limits(self, node: Any) -> str:
        found: list[str] = []
        for choice in self.options(node):
            target = self.resolve(choice)
            low, high = target.get("minimum"), target.get("maximum")
            if low is not None and high is not None:
                found.append(_("từ %(a)s đến %(b)s") % {"a": low, "b": high})
            elif low is not None:
                found.append(_("từ %(a)s trở lên") % {"a": low})
            elif high is not None:
                found.append(_("tối đa %(b)s") % {"b": high})
            if "exclusiveMinimum" in target:
                found.append(_("lớn hơn %(a)s") % {"a": target["exclusiveMinimum"]})
            if "exclusiveMaximum" in target:
                found.append(_("nhỏ hơn %(b)s") % {"b": target["exclusiveMaximum"]})
            if "minLength" in target:
                found.append(_("ít nhất %(n)s ký tự") % {"n": target["minLength"]})
            if "maxLength" in target:
                found.append(_("tối đa %(n)s ký tự") % {"n": target["maxLength"]})
            if "maxItems" in target:
                found.append(_("tối đa %(n)s mục") % {"n": target["maxItems"]})
            if "pattern" in target:
                found.append(_("dạng %(p)s") % {"p": target["pattern"]})
            if isinstance(target.get("enum"), list):
                values = ", ".join(json.dumps(v, ensure_ascii=False).strip('"') for v in target["enum"])
                found.append(_("một trong: %(v)s") % {"v": values})
        return "; ".join(dict.fromkeys(found))

    def fields(
        self, node: Any, prefix: str = "", depth: int = 0, seen: frozenset[str] = frozenset()
    ) -> list[FieldRow]:
        """The fields of an object schema, nested objects and arrays of objects as ``a.b`` / ``a[].b``."""
        target = self.resolve(node)
        required = set(target.get("required", []))
        rows: list[FieldRow] = []
        for name, prop in (target.get("properties") or {}).items():
            resolved = self.resolve(prop)
            # Only the field's own words: a nested schema's description is its class's (English) docstring.
            description = described(str(prop.get("description") or ""), self.example_value(prop, resolved))
            rows.append(FieldRow(prefix + name, self.type_label(prop), name in required, description))
            if depth + 1 >= MAX_FIELD_DEPTH:
                continue
            for choice in self.options(prop):
                inner, mark = self.resolve(choice), ""
                if inner.get("type") == "array":
                    choice, inner, mark = inner.get("items", {}), self.resolve(inner.get("items", {})), "[]"
                ref = self.ref_name(choice)
                if inner.get("properties") and ref not in seen:
                    rows.extend(self.fields(choice, f"{prefix}{name}{mark}.", depth + 1, seen | {ref}))
                    break
        return rows

    # --- operations

    def parameter(self, raw: Mapping[str, Any]) -> Parameter:
        raw = self.resolve(raw)
        node = raw.get("schema", {})
        target = self.resolve(node)
        default = ""
        if "default" in target:
            value = target["default"]
            default = '""' if value == "" else json.dumps(value, ensure_ascii=False).strip('"')
        return Parameter(
            name=str(raw.get("name", "")),
            place=PLACES.get(str(raw.get("in", "")), str(raw.get("in", ""))),
            type=self.type_label(node),
            required=bool(raw.get("required")),
            default=default,
            limits=self.limits(node),
            description=described(
                str(raw.get("description") or target.get("description") or ""),
                self.example_value(raw, target),
            ),
        )

    def answers(self, responses: Mapping[str, Any]) -> tuple[list[Answer], list[Fields]]:
        answers: list[Answer] = []
        fields: list[Fields] = []
        errors: dict[str, list[int]] = {}
        for status in sorted(responses, key=lambda s: (len(str(s)), str(s))):
            response = self.resolve(responses[status])
            code = int(status) if str(status).isdigit() else 0
            content = response.get("content") or {}
            contents = [f"{kind} — {self.type_label(c.get('schema', {}))}" for kind, c in content.items()]
            if code >= 400:
                errors.setdefault(" | ".join(contents), []).append(code)
                continue
            answers.append(Answer(str(status), contents, [self.meaning(code, response)], False))
            json_body = content.get("application/json", {}).get("schema")
            if json_body is not None and self.resolve(json_body).get("properties"):
                caption = _("Các trường của câu trả lời %(s)s (JSON)") % {"s": status}
                fields.append(Fields(caption, self.fields(json_body)))
        for signature, codes in errors.items():
            meanings = [f"{c}: {self.meaning(c, self.resolve(responses[str(c)]))}" for c in codes]
            contents = signature.split(" | ") if signature else []
            answers.append(Answer(", ".join(map(str, codes)), contents, meanings, True))
        return answers, fields

    @staticmethod
    def meaning(code: int, response: Mapping[str, Any]) -> str:
        """The answer's own description, unless it is HTTP's English phrase (ninja's default)."""
        text = str(response.get("description") or "")
        if text and text not in (HTTP_PHRASES.get(code), "Unknown Status Code"):
            return text
        return status_meaning(code) or text

    @staticmethod
    def example_value(raw: Mapping[str, Any], target: Mapping[str, Any]) -> Any:
        if "example" in raw:
            return raw["example"]
        if isinstance(raw.get("examples"), Mapping):
            for example in raw["examples"].values():
                if isinstance(example, Mapping) and "value" in example:
                    return example["value"]
        if isinstance(target.get("examples"), list) and target["examples"]:
            return target["examples"][0]
        if "example" in target:
            return target["example"]
        return None

    def body_example(self, node: Any) -> Any:
        target = self.resolve(node)
        if isinstance(target.get("examples"), list) and target["examples"]:
            return target["examples"][0]
        if "example" in target:
            return target["example"]
        if target.get("type") == "array":
            return [self.body_example(target.get("items", {}))]
        if target.get("properties"):
            required = set(target.get("required", []))
            body: JsonDict = {}
            for name, prop in target["properties"].items():
                value = self.example_value({}, self.resolve(prop))
                if name in required or value is not None:
                    body[name] = value if value is not None else self.body_example(prop)
            return body
        choices = [c for c in self.options(target) if self.resolve(c).get("type") != "null"]
        if choices and choices[0] is not target:
            return self.body_example(choices[0])
        if isinstance(target.get("enum"), list) and target["enum"]:
            return target["enum"][0]
        placeholders = {"string": "…", "integer": 1, "number": 1, "boolean": False, "object": {}}
        return placeholders.get(str(target.get("type")), "…")

    def examples(
        self, method: str, path: str, raw_params: Sequence[Any], operation: Mapping[str, Any]
    ) -> list[str]:
        query: list[tuple[str, str]] = []
        url_path = path
        for raw in raw_params:
            raw = self.resolve(raw)
            target = self.resolve(raw.get("schema", {}))
            value = self.example_value(raw, target)
            name = str(raw.get("name", ""))
            if raw.get("in") == "path":
                if value is None:
                    value = 1 if target.get("type") == "integer" else "{" + name + "}"
                url_path = url_path.replace("{" + name + "}", str(value))
            elif raw.get("in") == "query":
                if value is None and name == "page_size" and isinstance(target.get("maximum"), int):
                    value = min(5, target["maximum"])
                if value is None and raw.get("required"):
                    value = target.get("default", "…")
                if value is not None and value != "":
                    query.append((name, str(value).lower() if isinstance(value, bool) else str(value)))
        url = self.base_url + url_path
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query)
        lines: list[str] = []
        if method == "get":
            kinds = list((operation.get("responses", {}).get("200") or {}).get("content", {}))
            if kinds and not any(k == "application/json" or k.startswith("text/") for k in kinds):
                # An image or a file: to a file named as the address ends, not to the terminal.
                name = path.rstrip("/").rsplit("/", 1)[-1] or "tep"
                lines.append(f"curl -sS -o {shlex.quote(name)} {shlex.quote(url)}")
            else:
                lines.append(f"curl -sS {shlex.quote(url)}")
            if "text/csv" in kinds:
                joiner = "&" if "?" in url else "?"
                lines.append(f"curl -sS -OJ {shlex.quote(url + joiner + 'format=csv')}")
            return lines
        command = f"curl -sS -X {method.upper()}"
        content = self.resolve(operation.get("requestBody", {})).get("content") or {}
        if "application/json" in content:
            body = content["application/json"]
            example = body.get("example")
            if example is None:
                example = self.body_example(body.get("schema", {}))
            data = json.dumps(example, ensure_ascii=False)
            command += f" -H 'Content-Type: application/json' --data {shlex.quote(data)}"
        elif content:
            command += f" -H {shlex.quote('Content-Type: ' + next(iter(content)))} --data-binary @tep"
        return [f"{command} {shlex.quote(url)}"]

    def sections(self) -> list[Section]:
        named = {
            str(tag.get("name")): str(tag.get("description") or "")
            for tag in self.schema.get("tags", [])
            if isinstance(tag, Mapping)
        }
        sections: dict[str, Section] = {}
        for path, item in (self.schema.get("paths") or {}).items():
            shared = list(item.get("parameters", []))
            for method in METHODS:
                operation = item.get(method)
                if not isinstance(operation, Mapping):
                    continue
                tag = (operation.get("tags") or [_("Khác")])[0]
                if tag not in sections:
                    sections[tag] = Section(
                        tag, "nhom-" + vietnamese_slugify(tag), rich_text(named.get(tag, ""))
                    )
                raw_params = shared + list(operation.get("parameters", []))
                body = self.resolve(operation.get("requestBody", {}))
                answers, fields = self.answers(operation.get("responses") or {})
                body_fields = [
                    Fields(
                        _("Các trường của nội dung gửi lên (%(t)s)") % {"t": kind}, self.fields(c["schema"])
                    )
                    for kind, c in (body.get("content") or {}).items()
                    if isinstance(c, Mapping) and self.resolve(c.get("schema", {})).get("properties")
                ]
                sections[tag].operations.append(
                    Operation(
                        method=method.upper(),
                        path=str(path),
                        anchor=vietnamese_slugify(f"{method} {path}".replace("/", " ")),
                        summary=str(operation.get("summary") or ""),
                        description=rich_text(str(operation.get("description") or "")),
                        parameters=[self.parameter(p) for p in raw_params],
                        body_types=list((body.get("content") or {}).keys()),
                        body_required=bool(body.get("required")),
                        answers=answers,
                        fields=body_fields + fields,
                        examples=self.examples(method, str(path), raw_params, operation),
                    )
                )
        return list(sections.values())


# --- Limits, from the settings ------------------------------------------------------------------------


def rate_text(rate: str) -> str:
    """ "300/m" → "300 yêu cầu mỗi phút" (the forms core.ratelimit.parse_rate reads)."""
    count, _slash, unit = rate.partition("/")
    units = {"s": _("giây"), "m": _("phút"), "h": _("giờ"), "d": _("ngày")}
    return _("%(n)s yêu cầu mỗi %(u)s") % {"n": count, "u": units.get(unit, unit)}


def rate_limits() -> list[tuple[str, str]]:
    """(what is counted, the limit) for the API's limits in ``DANVAN_RATE_LIMITS``."""
    limits: Mapping[str, str] = settings.DANVAN_RATE_LIMITS
    scopes = [
        ("api", _("Mọi yêu cầu GET (và HEAD) dưới /api/v1/, theo địa chỉ IP")),
        ("api_write", _("Mọi yêu cầu khác (POST…) dưới /api/v1/, theo địa chỉ IP")),
        ("search_api", _("Thêm riêng cho /api/v1/search/")),
        ("search_suggest", _("Thêm riêng cho /api/v1/search/suggest/")),
        ("case", _("Thêm riêng cho việc gửi đơn (POST /api/v1/cases/, cùng với biểu mẫu trên trang)")),
        ("case_lookup", _("Thêm riêng cho việc tra cứu đơn theo mã")),
    ]
    return [(label, rate_text(limits[scope])) for scope, label in scopes if scope in limits]


# --- Views ----------------------------------------------------------------------------------------------


def _cacheable(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """The same page for every anonymous visitor (no cookie is set): a shared cache may keep it until
    midnight at most, as the portal's pages (the header shows today's date). A signed-in editor's copy
    may carry Wagtail's user bar: private."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        patch_cache_control(response, private=True)
    else:
        max_age = min(settings.DANVAN_PAGE_CACHE_SECONDS, seconds_until_midnight())
        patch_cache_control(response, public=True, max_age=max_age)
    return response


@functools.cache
def _document_text() -> str:
    # ninja builds the document anew at each call (~0.1 s for a few routers): once per process is
    # enough, the routes do not change while it runs.
    return json.dumps(api.get_openapi_schema(), cls=NinjaJSONEncoder)


def openapi_document() -> JsonDict:
    """The document exactly as ``/api/v1/openapi.json`` serves it (JSON: status codes as strings)."""
    document: JsonDict = json.loads(_document_text())
    return document


def openapi_url() -> str:
    return reverse("api:openapi-json")


@require_safe
def reference(request: HttpRequest) -> HttpResponse:
    schema = openapi_document()
    base = request.build_absolute_uri("/").rstrip("/")
    reader = Reader(schema, base)
    sections = reader.sections()
    info = schema.get("info", {})
    errors = (
        reader.fields({"$ref": "#/components/schemas/ErrorOut"}) if "ErrorOut" in reader.components else []
    )
    context = {
        "title": info.get("title", ""),
        "version": info.get("version", ""),
        "description": rich_text(str(info.get("description", ""))),
        "base_url": f"{base}/api/v1/",
        "openapi_url": openapi_url(),
        "openapi_version": schema.get("openapi", ""),
        "sections": sections,
        "operation_count": sum(len(s.operations) for s in sections),
        "error_fields": errors,
        "rate_limits": rate_limits(),
        "example_base": base,
    }
    return _cacheable(request, render(request, "api_docs/reference.html", context))


@require_safe
def console(request: HttpRequest) -> HttpResponse:
    """Swagger UI on the same document. Only GETs can be tried: a POST from here would send a real
    case to the agency."""
    swagger_settings = {
        "url": openapi_url(),
        "layout": "BaseLayout",
        # Without deep links, an operation's path is text, not a link inside its summary's button
        # (axe: nested-interactive, serious).
        "deepLinking": False,
        "supportedSubmitMethods": ["get"],
        "validatorUrl": None,  # else Swagger UI asks validator.swagger.io, another site
        "defaultModelsExpandDepth": 0,
    }
    context = {
        "swagger_settings": swagger_settings,
        "openapi_url": openapi_url(),
        "docs_url": reverse("api_docs"),
    }
    return _cacheable(request, render(request, "api_docs/console.html", context))
