"""POST /api/v1/cases/ and GET /api/v1/cases/<code>/ (issue 15, part intake), and their Open311 names
(issue 18): GET /api/v1/services/, GET and POST /api/v1/requests/, GET /api/v1/requests/<ref>/ (a
published answer by its public reference: the tracking code is the sender's secret, never shown there)."""

import datetime as dt
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
    # Over the limit as sent (the schema's maxLength), though 200 once the spaces are trimmed.
    ({"title": " " + "x" * 200}, "title", "dài tối đa 200 ký tự (bạn đã nhập 201)"),
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


@pytest.mark.parametrize("field", ["title", "content", "name", "address", "phone", "email", "unit", "kind"])
def test_a_lone_surrogate_is_refused_not_a_500(client: Client, units: Units, field: str) -> None:
    """JSON may escape half of a UTF-16 pair ("\\ud800"): Python reads it as a character that no
    database, mail or page can encode. It is refused on its field like any other character that is not
    text, and nothing is written."""
    body = json.dumps({**api_data(kind="khieu_nai"), field: "VC-VA\ud800"})  # ASCII: \ud800 escaped
    response = send(client, body)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert counts() == (0, 0, 0)


def test_every_bad_field_is_named_at_once(client: Client, units: Units) -> None:
    response = send(client, {"kind": "x", "title": "", "unit": "KHONG-CO", "email": "sai"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"kind", "title", "content", "unit", "email"}


def test_a_bad_field_is_also_answered_in_the_api_s_one_error_shape(client: Client, units: Units) -> None:
    """Issue 18: beside the old ``errors`` (every message of each field), ``error`` (one sentence) and
    ``fields`` (each field's first message), as every other endpoint answers."""
    response = send(client, {**api_data(), "title": "", "phone": "12", "email": 5})
    assert response.status_code == 400
    body = response.json()
    assert body["errors"] == {
        "email": ["Mục này phải là một chuỗi ký tự."],
        "title": ["Hãy nhập tiêu đề."],
        "phone": ["Số điện thoại chưa đúng, ví dụ: 0912 345 678."],
    }
    assert body["fields"] == {
        "email": "Mục này phải là một chuỗi ký tự.",
        "title": "Hãy nhập tiêu đề.",
        "phone": "Số điện thoại chưa đúng, ví dụ: 0912 345 678.",
    }
    assert body["error"] == "Đơn chưa gửi được: hãy sửa các mục email, title, phone."


@pytest.mark.parametrize(
    ("body", "content_type", "status", "message"),
    [
        ("kind=phan_anh", "application/x-www-form-urlencoded", 415, "Chỉ nhận nội dung JSON"),
        ("{", "application/json", 400, "không phải JSON hợp lệ"),
        (b"\xff\xfe{}", "application/json", 400, "không phải JSON hợp lệ"),
        ("[1, 2]", "application/json", 400, "đối tượng JSON"),
        ("null", "application/json", 400, "đối tượng JSON"),
        ("[" * 100_000, "application/json", 400, "không phải JSON hợp lệ"),  # nested past the stack
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


# --- Open311 GeoReport v2 names (issue 18) -------------------------------------------------------------


def test_the_services_are_the_kinds_of_case(client: Client, db: Any) -> None:
    response = client.get("/api/v1/services/")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["next"], body["previous"]) == (5, 1, None, None)
    assert [row["service_code"] for row in body["results"]] == [
        "kien_nghi",
        "phan_anh",
        "khieu_nai",
        "to_cao",
        "cau_hoi",
    ]
    complaint = body["results"][2]
    description = complaint.pop("description")
    assert complaint == {
        "service_code": "khieu_nai",
        "service_name": "Khiếu nại",
        "metadata": False,
        "type": "realtime",
        "keywords": "khiếu nại, quyết định hành chính, hành vi hành chính",
        "group": "Khiếu nại, tố cáo",
    }
    assert description.startswith("Đề nghị xem xét lại quyết định") and "90 ngày" in description
    assert [row["group"] for row in body["results"]] == [
        "Kiến nghị, phản ánh",
        "Kiến nghị, phản ánh",
        "Khiếu nại, tố cáo",
        "Khiếu nại, tố cáo",
        "Hỏi đáp",
    ]
    second = client.get("/api/v1/services/", {"page": 2, "page_size": 2}).json()
    assert [row["service_code"] for row in second["results"]] == ["khieu_nai", "to_cao"]


PUBLIC_TEXTS = {
    "public_title": "Lắp đèn chiếu sáng tuyến đường liên ấp",
    "public_question": "Người dân đề nghị lắp đèn chiếu sáng trên tuyến đường liên ấp.",
    "public_answer": "Ủy ban nhân dân xã sẽ lắp 12 bộ đèn trong quý I năm 2027.",
}
# What the citizens wrote or were sent: never in the public list.
PRIVATE = (
    "Nguyễn Văn Bí Mật",
    "bimat@example.org",
    "0909123456",
    "đường Kín",
    "Đơn riêng của Bí Mật",
    "Nội dung riêng của đơn",
    "Trả lời riêng gửi ông Bí Mật",
)


@pytest.fixture
def requests_world(units: Units) -> dict[str, Case]:
    """Two published answers (Vĩnh An's suggestion, answered; Phú Lý's feedback, closed, published
    later), one answered but not published, one published then taken down, one still in progress."""
    from .board_factories import at, case

    private = {"title": "Đơn riêng của Bí Mật", "content": "Nội dung riêng của đơn"}
    suggestion = case(
        units.vinh_an,
        code="KN-2026-7F3K9Q",  # a code the private lookup takes (the factory's do not have its shape)
        received=dt.date(2026, 11, 2),
        answered=dt.date(2026, 11, 20),
        kind="kien_nghi",
        status=CaseStatus.ANSWERED,
        answer="Trả lời riêng gửi ông Bí Mật",
        publish_answer=True,
        published_at=at(dt.date(2026, 11, 21), 9),
        **private,
        **PUBLIC_TEXTS,
    )
    feedback = case(
        units.phu_ly,
        received=dt.date(2026, 11, 10),
        answered=dt.date(2026, 11, 24),
        kind="phan_anh",
        status=CaseStatus.CLOSED,
        answer="Trả lời riêng gửi ông Bí Mật",
        publish_answer=True,
        published_at=at(dt.date(2026, 11, 25), 8),
        public_title="Sửa cống thoát nước ấp 2",
        public_question="Cống thoát nước ấp 2 bị tắc.",
        public_answer="Xã đã nạo vét cống ngày 20/11/2026.",
        **private,
    )
    hidden = {
        "unpublished": case(
            units.vinh_an,
            received=dt.date(2026, 11, 3),
            answered=dt.date(2026, 11, 5),
            status=CaseStatus.ANSWERED,
            **private,
            **PUBLIC_TEXTS,
        ),
        "taken_down": case(
            units.vinh_an,
            received=dt.date(2026, 11, 4),
            answered=dt.date(2026, 11, 6),
            status=CaseStatus.ANSWERED,
            publish_answer=False,
            published_at=None,
            **private,
            **PUBLIC_TEXTS,
        ),
        "pending": case(
            units.vinh_an, received=dt.date(2026, 11, 5), status=CaseStatus.IN_PROGRESS, **private
        ),
    }
    Case.objects.update(updated_at=at(dt.date(2026, 11, 26), 7))
    return {"suggestion": suggestion, "feedback": feedback, **hidden}


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["service_request_id"] for row in response.json()["results"]]


def test_the_requests_are_the_published_answers_with_public_fields_only(
    client: Client, requests_world: dict[str, Case]
) -> None:
    suggestion, feedback = requests_world["suggestion"], requests_world["feedback"]
    response = client.get("/api/v1/requests/")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["page"], body["page_size"]) == (2, 1, 100)
    # Newest published first: Phú Lý's (25/11), then Vĩnh An's (21/11), each by its public reference.
    assert [row["service_request_id"] for row in body["results"]] == [
        feedback.answer_ref,
        suggestion.answer_ref,
    ]
    assert body["results"][1] == {
        "service_request_id": suggestion.answer_ref,
        "answer_id": suggestion.answer_ref,
        "status": "answered",
        "status_label": "Đã trả lời",
        "service_code": "kien_nghi",
        "service_name": "Kiến nghị",
        "title": "Lắp đèn chiếu sáng tuyến đường liên ấp",
        "description": "Người dân đề nghị lắp đèn chiếu sáng trên tuyến đường liên ấp.",
        "status_notes": "Ủy ban nhân dân xã sẽ lắp 12 bộ đèn trong quý I năm 2027.",
        "agency_responsible": {"code": "VC-VA", "name": "Xã Vĩnh An"},
        "requested_datetime": "2026-11-02T10:00:00+07:00",
        "updated_datetime": "2026-11-26T07:00:00+07:00",
        "answered_datetime": "2026-11-20T15:00:00+07:00",
        "published_datetime": "2026-11-21T09:00:00+07:00",
        "url": f"http://testserver/tra-loi-cong-dan/{suggestion.answer_ref}/",
    }
    text = response.content.decode()
    for secret in PRIVATE:
        assert secret not in text, secret
    # The tracking codes are the senders' secrets (they open the private lookup): never listed.
    for name in ("suggestion", "feedback"):
        assert requests_world[name].code not in text, name
    for name in ("unpublished", "taken_down", "pending"):
        assert requests_world[name].code not in text, name


def test_the_requests_filter_as_open311_says(client: Client, requests_world: dict[str, Case]) -> None:
    suggestion, feedback = requests_world["suggestion"].answer_ref, requests_world["feedback"].answer_ref
    url = "/api/v1/requests/"
    assert codes(client.get(url, {"service_code": "kien_nghi"})) == [suggestion]
    assert codes(client.get(url, {"service_code": "khieu_nai,phan_anh"})) == [feedback]
    # Open311's closed: every finished status (answered and closed here); open: none of these.
    assert codes(client.get(url, {"status": "closed"})) == [feedback, suggestion]
    assert codes(client.get(url, {"status": "open"})) == []
    assert codes(client.get(url, {"status": "answered"})) == [suggestion]
    assert codes(client.get(url, {"status": "open,answered"})) == [suggestion]
    # Received on 2/11 (Vĩnh An) and 10/11 (Phú Lý): a day counts whole, a moment as it is.
    assert codes(client.get(url, {"start_date": "2026-11-03"})) == [feedback]
    assert codes(client.get(url, {"end_date": "2026-11-02"})) == [suggestion]
    assert codes(client.get(url, {"end_date": "2026-11-02T09:59:59+07:00"})) == []
    assert codes(client.get(url, {"start_date": "2026-11-10T03:00:00Z"})) == [feedback]
    assert codes(client.get(url, {"start_date": "2026-11-10T03:00:01Z"})) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"service_code": "khac"}, "service_code"),
        ({"service_code": "kien_nghi,"}, "service_code"),
        ({"service_code": "kien_nghi, phan_anh"}, "service_code"),
        ({"status": "mo"}, "status"),
        ({"start_date": "31/12/2026"}, "start_date"),
        ({"end_date": "2026-02-30"}, "end_date"),
        ({"start_date": "0001-01-01"}, "start_date"),
        ({"end_date": "9999-12-31T23:00:00-14:00"}, "end_date"),  # past year 9999 in UTC
        ({"start_date": "2026-12-01", "end_date": "2026-11-01"}, "start_date"),
        ({"page_size": "0"}, "page_size"),
    ],
)
def test_a_bad_filter_of_the_requests_is_a_400_naming_it(
    client: Client, requests_world: dict[str, Case], query: dict[str, str], field: str
) -> None:
    response = client.get("/api/v1/requests/", query)
    assert response.status_code == 400
    body = response.json()
    assert list(body["fields"]) == [field] and body["error"]


def test_the_requests_as_csv(client: Client, requests_world: dict[str, Case]) -> None:
    suggestion = requests_world["suggestion"].answer_ref
    response = client.get("/api/v1/requests/", {"format": "csv", "service_code": "kien_nghi"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="tra-loi-cong-dan.csv"'
    assert response["X-Total-Count"] == "1"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text[1:].split("\r\n")
    assert lines[0] == (
        "service_request_id,answer_id,status,status_label,service_code,service_name,title,description,"
        "status_notes,agency_responsible.code,agency_responsible.name,requested_datetime,updated_datetime,"
        "answered_datetime,published_datetime,url"
    )
    assert lines[1] == (
        f"{suggestion},{suggestion},answered,Đã trả lời,kien_nghi,Kiến nghị,"
        "Lắp đèn chiếu sáng tuyến đường liên ấp,"
        "Người dân đề nghị lắp đèn chiếu sáng trên tuyến đường liên ấp.,"
        "Ủy ban nhân dân xã sẽ lắp 12 bộ đèn trong quý I năm 2027.,VC-VA,Xã Vĩnh An,"
        "2026-11-02T10:00:00+07:00,2026-11-26T07:00:00+07:00,2026-11-20T15:00:00+07:00,"
        f"2026-11-21T09:00:00+07:00,http://testserver/tra-loi-cong-dan/{suggestion}/"
    )
    assert lines[2:] == [""]
    for secret in (*PRIVATE, requests_world["suggestion"].code):
        assert secret not in text


def test_posting_a_request_is_posting_a_case(client: Client, units: Units) -> None:
    response = client.post("/api/v1/requests/", json.dumps(api_data()), content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    case = Case.objects.get()
    assert (case.channel, case.kind, case.unit.code, case.citizen_name) == ("api", "phan_anh", "VC-VA", NAME)
    assert body == {
        "code": case.code,
        "service_request_id": case.code,
        "status": "received",
        "url": body["url"],
        "api_url": f"http://testserver/api/v1/cases/{case.code}/",  # the code is looked up there only
        "service_code": "phan_anh",
        "anonymous": False,
        "service_notice": "",
    }
    assert body["url"].endswith(f"/tra-cuu-don/{case.code}/")
    # The same refusals, word for word, under both names.
    bad = json.dumps({**api_data(), "kind": "khac", "title": ""})
    refused = [client.post(url, bad, content_type="application/json") for url in (URL, "/api/v1/requests/")]
    assert [r.status_code for r in refused] == [400, 400]
    assert refused[0].json() == refused[1].json()
    assert client.post("/api/v1/requests/", "kind=x", content_type="text/plain").status_code == 415
    assert Case.objects.count() == 1


def test_a_request_is_a_published_answer_by_its_reference(
    client: Client, requests_world: dict[str, Case]
) -> None:
    suggestion = requests_world["suggestion"]
    response = client.get(f"/api/v1/requests/{suggestion.answer_ref}/")
    assert response.status_code == 200
    listed = client.get("/api/v1/requests/", {"service_code": "kien_nghi"}).json()["results"]
    assert response.json() == listed[0]  # the list's item, field for field
    text = response.content.decode()
    for secret in (*PRIVATE, suggestion.code):
        assert secret not in text, secret
    # The tracking code is no reference here (the sender looks the case up under /cases/, privately).
    by_code = client.get(f"/api/v1/requests/{suggestion.code}/")
    assert by_code.status_code == 404
    assert by_code.json() == {"error": "Không có câu trả lời công bố nào mang mã này."}
    private = client.get(f"{URL}{suggestion.code}/")  # the private lookup, never cached
    assert (
        private.json()["status_notes"] == "Trả lời riêng gửi ông Bí Mật"
        and "no-store" in private["Cache-Control"]
    )
    # Taken down, or never published: no answer under its reference (nor a reference at all).
    taken_down = requests_world["taken_down"]
    services.publish_answer(taken_down, by=None, title="Tiêu đề", question="Hỏi.", answer="Đáp.")
    ref = taken_down.answer_ref
    assert client.get(f"/api/v1/requests/{ref}/").status_code == 200
    services.unpublish_answer(taken_down, by=None)
    assert client.get(f"/api/v1/requests/{ref}/").status_code == 404
    assert requests_world["unpublished"].answer_ref == ""
    assert client.get(f"/api/v1/requests/{'x' * 17}/").status_code == 404  # longer than any reference
