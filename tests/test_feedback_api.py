"""POST /api/v1/cases/ and GET /api/v1/cases/<code>/ (issue 15, part intake)."""

import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from danvan.feedback import services
from danvan.feedback.models import Case, CaseAttachment, CaseEvent, CaseStatus
from danvan.feedback.services import record_event

from .intake_factories import ADDRESS, EMAIL, NAME, PHONE, Units, api_data, intake_units

URL = "/api/v1/cases/"


@pytest.fixture
def units(db: Any) -> Units:
    return intake_units()


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseAttachment.objects.count(), CaseEvent.objects.count()


def send(client: Client, data: Any, content_type: str = "application/json") -> Any:
    body = data if isinstance(data, str | bytes) else json.dumps(data, ensure_ascii=False)
    return client.post(URL, body, content_type=content_type)


def test_a_case_sent_as_json_is_created_and_answered_201(
    client: Client, units: Units, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, api_data(kind="kien_nghi", phone=None))
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get()
    assert re.match(r"^KN-\d{4}-[23456789A-Z]{6}$", case.code)
    assert body["code"] == body["service_request_id"] == case.code
    assert body["status"] == "received"
    assert body["url"].endswith(f"/tra-cuu-don/{case.code}/")
    assert (case.channel, case.kind, case.unit.code, case.citizen_name) == ("api", "kien_nghi", "VC-VA", NAME)
    assert CaseEvent.objects.get().action == "received"
    assert len(mail.outbox) == 1 and case.code in mail.outbox[0].body


def test_an_anonymous_denunciation_through_the_api_is_taken_as_feedback(client: Client, units: Units) -> None:
    response = send(client, api_data(kind="to_cao", name=None, address=None))
    assert response.status_code == 201
    body = response.json()
    assert body["code"].startswith("PA-") and body["anonymous"] is True
    assert "thông tin phản ánh" in body["service_notice"]
    assert Case.objects.get().kind == "phan_anh"


BAD = [
    ({"kind": "khac"}, "kind", "Loại đơn không đúng"),
    ({"kind": None}, "kind", "Hãy chọn loại đơn."),
    ({"title": ""}, "title", "Hãy nhập tiêu đề."),
    ({"title": "x" * 100_000}, "title", "dài tối đa 200"),
    ({"title": "a\x00b"}, "title", "ký tự điều khiển"),
    ({"title": 12}, "title", "chuỗi ký tự"),
    ({"content": None}, "content", "Hãy nhập nội dung đơn."),
    ({"content": "<b>x</b>\x1b"}, "content", "ký tự điều khiển"),
    ({"content": ["a", "b"]}, "content", "chuỗi ký tự"),
    ({"unit": "KHONG-CO"}, "unit", "Không có đơn vị mang mã này"),
    ({"unit": "VC-TA"}, "unit", "nay không còn"),
    ({"unit": None}, "unit", "Hãy chọn đơn vị"),
    ({"email": "sai", "phone": None}, "email", "thư điện tử chưa đúng"),
    ({"email": None, "phone": None}, "email", "thư điện tử hoặc số điện thoại"),
    ({"phone": "12"}, "phone", "Số điện thoại chưa đúng"),
    ({"name": "x" * 1000}, "name", "dài tối đa 200"),
    ({"address": {"a": 1}}, "address", "chuỗi ký tự"),
    ({"second_time": "yes"}, "second_time", "true hoặc false"),
    ({"kind": "khieu_nai", "name": None}, "name", "họ tên"),
]


@pytest.mark.parametrize(("changes", "field", "message"), BAD, ids=[str(i) for i in range(len(BAD))])
def test_each_bad_field_is_named_in_vietnamese_and_nothing_is_written(
    client: Client, units: Units, changes: dict[str, Any], field: str, message: str
) -> None:
    before = counts()
    data = {**api_data(), **changes}
    response = send(client, {k: v for k, v in data.items() if v is not None})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert any(message in text for text in errors[field]), errors
    assert counts() == before


def test_every_bad_field_is_named_at_once(client: Client, units: Units) -> None:
    response = send(client, {"kind": "x", "title": "", "unit": "KHONG-CO", "email": "sai"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "title", "content", "unit", "email"}


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ("kind=phan_anh", "application/x-www-form-urlencoded", 415, "Chỉ nhận nội dung JSON"),
        ("{", "application/json", 400, "không phải JSON hợp lệ"),
        (b"\xff\xfe{}", "application/json", 400, "không phải JSON hợp lệ"),
        ("[1, 2]", "application/json", 400, "đối tượng JSON"),
        ("null", "application/json", 400, "đối tượng JSON"),
    ],
)
def test_a_body_that_is_not_a_json_object_is_refused(
    client: Client, units: Units, body: Any, content_type: str, status: int, message: str
) -> None:
    response = send(client, body, content_type)
    assert response.status_code == status and message in response.json()["error"]
    assert counts() == (0, 0, 0)


def test_a_body_over_the_limit_is_413(client: Client, units: Units) -> None:
    response = send(client, api_data(content="x" * 300_000))
    assert response.status_code == 413 and "quá lớn" in response.json()["error"]
    assert counts() == (0, 0, 0)


def test_the_api_needs_no_csrf_token_and_only_takes_post(units: Units) -> None:
    client = Client(enforce_csrf_checks=True)
    assert send(client, api_data()).status_code == 201
    assert client.get(URL).status_code == 405


def test_the_api_is_rate_limited(client: Client, units: Units, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "case": "1/m"}
    assert send(client, api_data()).status_code == 201
    response = send(client, api_data())
    assert response.status_code == 429 and "quá nhiều yêu cầu" in response.json()["error"]


def test_the_detail_shows_the_public_fields_only(client: Client, units: Units) -> None:
    case = services.submit_case(
        kind="khieu_nai",
        title="Khiếu nại về cấp sổ đỏ",
        content="Nội dung riêng tư của người khiếu nại",
        unit=units.vinh_an,
        citizen_name=NAME,
        email=EMAIL,
        phone=PHONE,
        address=ADDRESS,
    )
    record_event(case, action="accepted", to_status="accepted", public_note="Đã thụ lý.")
    record_event(case, action="note", public=False, reason="Ghi chú nội bộ của cán bộ Lê Văn Tám")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, answer="Đã cấp sổ.")
    response = client.get(f"{URL}{case.code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["service_request_id"] == case.code and body["status"] == "closed"
    assert body["service_code"] == "khieu_nai" and body["service_name"] == "Khiếu nại"
    assert body["agency_responsible"] == {"code": "VC-VA", "name": "Xã Vĩnh An"}
    assert body["title"] == "Khiếu nại về cấp sổ đỏ" and body["status_notes"] == "Đã cấp sổ."
    assert [(e["status"], e["description"], e["note"]) for e in body["history"]] == [
        ("received", "Đã tiếp nhận đơn", ""),
        ("accepted", "Đã thụ lý đơn", "Đã thụ lý."),
    ]
    text = response.content.decode()
    for secret in (NAME, EMAIL, "345 678", "Hùng Vương", "Lê Văn Tám", "riêng tư"):
        assert secret not in text


def test_an_unknown_code_is_a_404_in_json(client: Client, units: Units) -> None:
    for code in ("PA-2026-ABCDEF", "khong-co", "%3Cscript%3E"):
        response = client.get(f"{URL}{code}/")
        assert response.status_code == 404
        assert response.json() == {"error": "Không có đơn nào mang mã này."}


def test_the_detail_says_by_when_the_agency_must_act(client: Client, units: Units) -> None:
    """Open311's expected_datetime: the end of the last day of the running clock. A complaint received
    on Wednesday 2/12/2026 must be accepted or refused within 10 days: counting from Thursday 3/12
    the tenth day is Saturday 12/12, a rest day, so the period ends on Monday 14/12 (Art. 147–148)."""
    import datetime as dt

    from danvan.core.dates import VIETNAM

    case = services.submit_case(
        kind="khieu_nai",
        title="Khiếu nại về đền bù",
        content="Nội dung",
        unit=units.vinh_an,
        citizen_name=NAME,
        phone=PHONE,
        address=ADDRESS,
        received_at=dt.datetime(2026, 12, 2, 10, 0, tzinfo=VIETNAM),
    )
    body = client.get(f"{URL}{case.code}/").json()
    assert (body["expected_datetime"], body["expected_step"]) == ("2026-12-14T23:59:59+07:00", "Thụ lý")
    page = client.get(f"/tra-cuu-don/{case.code}/").content.decode()
    assert "Thụ lý chậm nhất ngày 14/12/2026" in page
    # Once no clock runs (the case answered), there is nothing to expect.
    case.deadlines.update(state="met")
    Case.objects.filter(pk=case.pk).update(next_due_on=None, status=CaseStatus.ANSWERED)
    body = client.get(f"{URL}{case.code}/").json()
    assert (body["expected_datetime"], body["expected_step"]) == (None, "")
