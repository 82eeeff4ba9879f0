"""The cases' JSON API (issue 15), named after Open311 GeoReport v2 where its fields fit
(docs/parts/intake.md): ``POST /api/v1/cases/`` sends a case, ``GET /api/v1/cases/<code>/`` shows
what its lookup page shows. The POST checks the fields with the page's own form class.
"""

import datetime as dt
import json
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from danvan.core.dates import VIETNAM
from danvan.core.ratelimit import rate_limited

from . import selectors, services
from .forms import CaseForm
from .models import Channel
from .tasks import lookup_url

# Enough for the longest content (20,000 characters, each up to six bytes as a JSON \u escape).
MAX_BODY_BYTES = 160 * 1024
TEXT_KEYS = ("kind", "title", "content", "unit", "name", "email", "phone", "address")


def _json(data: dict[str, Any], status: int) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def _error(message: str, status: int) -> JsonResponse:
    return _json({"error": message}, status)


@csrf_exempt  # no cookie is read or set: nothing a forged cross-site request could borrow
@require_POST
@rate_limited("case")
def case_create(request: HttpRequest) -> JsonResponse:
    if request.content_type != "application/json":
        return _error(_("Chỉ nhận nội dung JSON (Content-Type: application/json)."), 415)
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY_BYTES:
        return _error(_("Yêu cầu quá lớn (tối đa %(kb)s KB).") % {"kb": MAX_BODY_BYTES // 1024}, 413)
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        return _error(_("Yêu cầu quá lớn (tối đa %(kb)s KB).") % {"kb": MAX_BODY_BYTES // 1024}, 413)
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _error(_("Nội dung yêu cầu không phải JSON hợp lệ (mã UTF-8)."), 400)
    if not isinstance(data, dict):
        return _error(_("Nội dung yêu cầu phải là một đối tượng JSON {…}."), 400)
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
    if not form.is_valid() or errors:
        for name, messages in form.errors.items():
            if name not in errors:
                errors[name] = [str(message) for message in messages]
        return _json({"errors": errors}, 400)
    case = services.submit_case(**form.case_data(), channel=Channel.API)
    return _json(
        {
            "code": case.code,
            "service_request_id": case.code,
            "status": case.status,
            "url": lookup_url(case.code),
            "api_url": request.build_absolute_uri(reverse("case_api_detail", kwargs={"code": case.code})),
            "service_code": case.kind,
            "anonymous": case.anonymous,
            "service_notice": (str(services.ANONYMOUS_NOTE) if case.anonymous else ""),
        },
        201,
    )


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
        "requested_datetime": found.received_at.isoformat(),
        "updated_datetime": found.updated_at.isoformat(),
        "history": [
            {
                "datetime": event.at.isoformat(),
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


@never_cache
@require_safe
@rate_limited("case_lookup")  # against guessing codes
def case_detail(request: HttpRequest, code: str) -> JsonResponse:
    found = selectors.public_case(code)
    if found is None:
        return _error(_("Không có đơn nào mang mã này."), 404)
    return _json(public_json(found), 200)


urlpatterns = [
    path("api/v1/cases/", case_create, name="case_api"),
    path("api/v1/cases/<str:code>/", case_detail, name="case_api_detail"),
]
