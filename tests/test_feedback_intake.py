"""The citizens' case form, its services and the lookup by tracking code (issue 15, part intake)."""

import re
import smtplib
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danvan.feedback import intake, selectors, services, tasks
from danvan.feedback.models import Case, CaseAttachment, CaseEvent, CaseKind, CaseStatus
from danvan.feedback.services import record_event

from .factories import jpeg_bytes
from .intake_factories import (
    ADDRESS,
    EMAIL,
    NAME,
    PDF_BYTES,
    PHONE,
    Units,
    intake_units,
    page_data,
    png_bytes,
    started,
)

CODE = re.compile(r"^PA-\d{4}-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{6}$")


@pytest.fixture
def units(site: Any) -> Units:
    return intake_units()


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), CaseAttachment.objects.count(), CaseEvent.objects.count()


def post(client: Client, data: dict[str, Any]) -> Any:
    return client.post("/gui-don/", data)


# --- helpers ---------------------------------------------------------------------------------------


def test_codes_have_the_kind_the_year_and_six_unambiguous_characters() -> None:
    codes = {intake.new_code(CaseKind.PHAN_ANH, 2026) for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE.match(code) for code in codes)
    assert intake.new_code(CaseKind.TO_CAO, 2027).startswith("TC-2027-")
    assert not set("".join(code[8:] for code in codes)) & set("01OIL")


def test_a_code_is_read_however_the_citizen_types_it() -> None:
    assert intake.normalise_code(" pa 2026 7f3k9q ") == "PA-2026-7F3K9Q"
    assert intake.normalise_code("PA-2026-7F3K9Q") == "PA-2026-7F3K9Q"
    assert intake.normalise_code("PA-2026-7F3K9O") == ""  # O is not in the alphabet
    assert intake.normalise_code("XX-2026-7F3K9Q") == ""
    assert intake.normalise_code("<script>") == ""


def test_the_contact_key_is_the_email_else_the_phone_digits_with_a_leading_zero() -> None:
    assert intake.contact_key("Ngoc@Example.VN ", "0912") == "ngoc@example.vn"
    assert intake.contact_key("", "+84 912 345 678") == "0912345678"
    assert intake.contact_key("", "84912345678") == "0912345678"
    assert intake.contact_key("", "0912.345.678") == "0912345678"


def test_a_collision_draws_another_code(units: Units, monkeypatch: pytest.MonkeyPatch) -> None:
    first = services.submit_case(
        kind="phan_anh", title="a", content="b", unit=units.vinh_an, phone="0912345678"
    )
    drawn = iter([first.code, first.code, "PA-2026-ABCDEF"])
    monkeypatch.setattr(intake, "new_code", lambda kind, year: next(drawn))
    second = services.submit_case(
        kind="phan_anh", title="a", content="b", unit=units.vinh_an, phone="0912345678"
    )
    assert second.code == "PA-2026-ABCDEF"


def test_the_picker_lists_todays_units_and_finds_them_without_accents(units: Units) -> None:
    names = [unit.name for unit in selectors.units_for_picker(intake_today())]
    assert names == ["Huyện Vĩnh Cửu", "Xã Phú Lý", "Xã Vĩnh An"]  # not the merged one, not the future one
    assert [u.code for u in selectors.units_for_picker(intake_today(), "vinh an")] == ["VC-VA"]
    assert [u.code for u in selectors.units_for_picker(intake_today(), "PHU LY")] == ["VC-PL"]
    # The parent's name counts too: the communes of Huyện Vĩnh Cửu are found by "vinh".
    assert [u.code for u in selectors.units_for_picker(intake_today(), "vinh")] == ["VC", "VC-PL", "VC-VA"]
    assert [u.code for u in selectors.units_for_picker(intake_today(), "cửu phú")] == ["VC-PL"]
    assert selectors.units_for_picker(intake_today(), "tan an") == []


def intake_today() -> Any:
    from danvan.core.dates import today_in_vietnam

    return today_in_vietnam()


# --- the form, happy path --------------------------------------------------------------------------


def test_the_form_page_offers_every_kind_with_its_legal_note_and_todays_units(
    client: Client, units: Units
) -> None:
    response = client.get("/gui-don/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    html = response.content.decode()
    for label in ("Kiến nghị", "Phản ánh", "Khiếu nại", "Tố cáo", "Câu hỏi"):
        assert label in html
    assert "90 ngày" in html
    assert "được xem là thông tin phản ánh" in html
    assert 'value="VC-VA"' in html and 'value="VC-TA"' not in html and 'value="VC-MOI"' not in html
    assert "<script>" not in html.split("</head>")[1]  # no inline script in the body


def test_the_unit_filter_works_without_javascript(client: Client, units: Units) -> None:
    html = client.get("/gui-don/", {"tim": "vinh an"}).content.decode()
    assert 'value="VC-VA" selected' in html and 'value="VC-PL"' not in html  # the one match, chosen
    html = client.get("/gui-don/", {"tim": "không có"}).content.decode()
    assert "Không có đơn vị nào khớp" in html and 'value="VC-PL"' in html


def test_a_citizen_sends_a_case_and_gets_its_code(
    client: Client, units: Units, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, page_data())
    assert response.status_code == 303
    case = Case.objects.get()
    assert CODE.match(case.code)
    assert response["Location"] == f"/tra-cuu-don/{case.code}/?moi=1"
    assert (case.kind, case.status, case.unit, case.channel) == ("phan_anh", "received", units.vinh_an, "web")
    assert (case.citizen_name, case.email, case.phone, case.address) == (NAME, EMAIL, PHONE, ADDRESS)
    assert case.contact_key == EMAIL
    assert (
        case.folded_text
        == "den duong ap 3 bi hong\nden duong truoc so 12 ap 3 da tat hai tuan, buoi toi rat toi va nguy hiem."
    )
    assert not case.anonymous and not case.second_time
    event = CaseEvent.objects.get()
    assert (event.case, event.action, event.to_status, event.public) == (case, "received", "received", True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL] and case.code in message.subject and case.code in message.body
    assert f"/tra-cuu-don/{case.code}/" in message.body

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert case.code in html and "Hãy ghi lại" in html and "Đèn đường ấp 3 bị hỏng" in html
    for secret in (NAME, EMAIL, "912", "Hùng Vương", "nguy hiểm"):
        assert secret not in html


def test_the_case_is_saved_before_the_mail_and_a_failing_mail_loses_nothing(
    client: Client,
    units: Units,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts: list[int] = []

    def broken(*args: Any, **kwargs: Any) -> int:
        attempts.append(Case.objects.count())  # the case is already there when the mail is tried
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(tasks, "send_mail", broken)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, page_data())
    assert response.status_code == 303
    assert attempts == [1] * tasks.MAX_ATTEMPTS  # retried, then given up
    assert Case.objects.count() == 1


def test_a_mail_that_fails_once_is_sent_on_the_retry(units: Units, monkeypatch: pytest.MonkeyPatch) -> None:
    case = services.submit_case(
        kind="cau_hoi", title="Hỏi", content="Nội dung", unit=units.vinh_an, email=EMAIL
    )
    real = mail.send_mail
    failures = iter([smtplib.SMTPException("busy")])

    def flaky(*args: Any, **kwargs: Any) -> int:
        failure = next(failures, None)
        if failure:
            raise failure
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "send_mail", flaky)
    result = tasks.send_case_receipt.enqueue(case_id=case.pk)
    assert result.return_value == "retrying"
    assert len(mail.outbox) == 1 and case.code in mail.outbox[0].body


def test_retries_wait_longer_each_time() -> None:
    assert [tasks.retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 4, 16, 64]


def test_the_database_queue_defers_a_retry(
    units: Units, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    case = services.submit_case(
        kind="cau_hoi", title="Hỏi", content="Nội dung", unit=units.vinh_an, email=EMAIL
    )
    monkeypatch.setattr(tasks, "send_mail", lambda *a, **k: (_ for _ in ()).throw(smtplib.SMTPException("x")))
    assert tasks.send_case_receipt.call(case_id=case.pk, attempt=2) == "retrying"
    queued = DBTaskResult.objects.get()
    assert queued.args_kwargs["kwargs"] == {"case_id": case.pk, "attempt": 3}
    assert queued.run_after is not None


def test_files_are_kept_with_their_kind_size_and_name(
    client: Client, units: Units, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo, scan = jpeg_bytes(60, 40), PDF_BYTES
    files = [
        SimpleUploadedFile("đèn hỏng.jpg", photo, "image/jpeg"),
        SimpleUploadedFile("biên bản.pdf", scan, "application/pdf"),
    ]
    response = post(client, page_data(attachments=files))
    assert response.status_code == 303
    rows = list(CaseAttachment.objects.order_by("pk"))
    assert [(r.name, r.content_type, r.size) for r in rows] == [
        ("đèn hỏng.jpg", "image/jpeg", len(photo)),
        ("biên bản.pdf", "application/pdf", len(scan)),
    ]
    assert all(
        "đèn" not in str(r.file.name) and "biên" not in str(r.file.name) for r in rows
    )  # a random stored name
    # In the private folder, which /media/ never serves: only staff get them, through their view.
    for row in rows:
        assert str(row.file.name).startswith("rieng/don-thu/")
        assert client.get(f"/media/{row.file.name}").status_code == 404


def test_a_complaint_may_be_marked_second_time(client: Client, units: Units) -> None:
    assert post(client, page_data(kind="khieu_nai", second_time="on")).status_code == 303
    assert Case.objects.get().second_time is True


def test_second_time_means_nothing_outside_complaints(client: Client, units: Units) -> None:
    assert post(client, page_data(kind="kien_nghi", second_time="on")).status_code == 303
    assert Case.objects.get().second_time is False


def test_an_anonymous_denunciation_is_taken_as_feedback_and_the_citizen_is_told(
    client: Client, units: Units
) -> None:
    response = post(client, page_data(kind="to_cao", name="", address=""))
    assert response.status_code == 303
    case = Case.objects.get()
    assert (case.kind, case.anonymous) == ("phan_anh", True)
    assert case.code.startswith("PA-")
    html = client.get(response["Location"]).content.decode()
    assert "được xem là thông tin phản ánh" in html


def test_a_signed_denunciation_stays_a_denunciation(client: Client, units: Units) -> None:
    assert post(client, page_data(kind="to_cao")).status_code == 303
    case = Case.objects.get()
    assert (case.kind, case.anonymous, case.code[:3]) == ("to_cao", False, "TC-")


# --- bad input: a Vietnamese message, 400, nothing written -------------------------------------------

HOSTILE = [
    ({"unit": ""}, "Hãy chọn đơn vị nhận đơn."),
    ({"unit": "KHONG-CO"}, "Không có đơn vị mang mã này"),
    ({"unit": "VC-TA"}, "nay không còn"),
    ({"unit": "VC-MOI"}, "nay không còn"),
    ({"unit": "<b>x</b>"}, "Không có đơn vị mang mã này"),
    ({"kind": ""}, "Hãy chọn loại đơn."),
    ({"kind": "khac"}, "Loại đơn không đúng"),
    ({"title": ""}, "Hãy nhập tiêu đề."),
    ({"title": "   "}, "Hãy nhập tiêu đề."),
    ({"title": "x" * 100_000}, "dài tối đa 200 ký tự"),
    ({"title": "Đèn\x00hỏng"}, "ký tự điều khiển"),
    ({"title": "Đèn\nhỏng"}, "ký tự điều khiển"),
    ({"title": "Đèn \u202ehỏng"}, "ký tự điều khiển"),
    ({"content": ""}, "Hãy nhập nội dung đơn."),
    ({"content": "x" * 100_000}, "dài tối đa 20000 ký tự"),
    ({"content": "Nội dung\x1b[31m đỏ"}, "ký tự điều khiển"),
    ({"name": "x" * 100_000}, "dài tối đa 200 ký tự"),
    ({"name": "Ngọc\x07"}, "ký tự điều khiển"),
    ({"email": "khong-phai-email"}, "thư điện tử chưa đúng"),
    ({"email": "x" * 100_000 + "@example.vn"}, "thư điện tử"),
    ({"email": "", "phone": ""}, "thư điện tử hoặc số điện thoại"),
    ({"phone": "abc"}, "Số điện thoại chưa đúng"),
    ({"phone": "<script>alert(1)</script>"}, "dài tối đa 20 ký tự"),
    ({"address": "x" * 100_000}, "dài tối đa 300 ký tự"),
    ({"address": "ấp 3\x00"}, "ký tự điều khiển"),
    ({"kind": "khieu_nai", "name": ""}, "phải ghi rõ họ tên"),
    ({"kind": "khieu_nai", "address": ""}, "phải ghi rõ địa chỉ"),
]


@pytest.mark.parametrize(("changes", "message"), HOSTILE, ids=[str(i) for i in range(len(HOSTILE))])
def test_bad_input_shows_the_form_again_and_writes_nothing(
    client: Client, units: Units, changes: dict[str, str], message: str
) -> None:
    before = counts()
    response = post(client, page_data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before


def test_html_typed_in_is_shown_as_text_never_rendered(client: Client, units: Units) -> None:
    response = post(client, page_data(title="<script>alert(1)</script>", content=""))
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    response = post(client, page_data(title="<img src=x onerror=alert(1)>"))
    status = client.get(response["Location"]).content.decode()
    assert "<img src=x" not in status and "&lt;img src=x onerror=alert(1)&gt;" in status


FILES = [
    ([("anh.jpg", b"MZ\x90\x00 not an image at all")], "không phải ảnh"),
    ([("anh.jpg", png_bytes())], "không khớp với đuôi tên tệp"),
    ([("tai-lieu.pdf", jpeg_bytes(20, 20))], "không khớp với đuôi tên tệp"),
    (
        [("anh.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
        "không phải ảnh",
    ),
    ([("anh.jpg", b"\xff\xd8\xff\xe0<html><script>alert(1)</script>")], "không phải ảnh"),
    ([("anh.jpg", b"\xff\xd8\xff\xe0 broken jpeg")], "Không đọc được ảnh"),
    ([("rong.pdf", b"")], "rỗng"),
    ([(f"anh{n}.png", png_bytes()) for n in range(6)], "tối đa 5 tệp"),
]


@pytest.mark.parametrize(("files", "message"), FILES, ids=[str(i) for i in range(len(FILES))])
def test_files_that_lie_or_are_too_many_are_refused(
    client: Client, units: Units, files: list[tuple[str, bytes]], message: str
) -> None:
    before = counts()
    uploads = [SimpleUploadedFile(name, content) for name, content in files]
    response = post(client, page_data(attachments=uploads))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "hãy chọn lại tệp đính kèm" in response.content.decode()
    assert counts() == before


def test_a_file_over_10_mb_is_refused(client: Client, units: Units) -> None:
    before = counts()
    big = SimpleUploadedFile("scan.pdf", PDF_BYTES + b"0" * (10 * 2**20))
    response = post(client, page_data(attachments=[big]))
    assert response.status_code == 400
    assert "mỗi tệp tối đa 10 MB" in response.content.decode()
    assert counts() == before


# --- anti-spam --------------------------------------------------------------------------------------

REFUSED = "Không gửi được đơn. Xin kiểm tra lại các mục và gửi lại sau ít phút."


@pytest.mark.parametrize(
    "changes",
    [
        {"website": "http://spam.example"},
        {"started": 1},
        {"started": "giả"},
        {"started": ""},
        {"started": 2 * 86400},
    ],
    ids=["honeypot", "too-fast", "forged", "missing", "expired"],
)
def test_programs_are_refused_without_saying_why(
    client: Client, units: Units, changes: dict[str, Any]
) -> None:
    if isinstance(changes.get("started"), int):  # seconds ago, signed now
        changes = {"started": started(changes["started"])}
    before = counts()
    response = post(client, page_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert REFUSED in html
    assert "quá nhanh" not in html and "Đừng điền" not in html.split('aria-hidden="true"')[0]
    assert counts() == before


def test_the_form_is_rate_limited_per_address(client: Client, units: Units, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "case": "2/m"}
    assert post(client, page_data()).status_code == 303
    assert post(client, page_data()).status_code == 303
    response = post(client, page_data())
    assert response.status_code == 429 and "quá nhiều yêu cầu" in response.content.decode()
    assert Case.objects.count() == 2
    assert client.get("/gui-don/").status_code == 200  # reading the form does not count


# --- lookup -----------------------------------------------------------------------------------------


def test_the_status_page_shows_public_history_and_the_answer_but_no_person(
    client: Client, units: Units
) -> None:
    case = services.submit_case(
        kind="khieu_nai",
        title="Khiếu nại quyết định thu hồi đất",
        content="Nội dung riêng tư",
        unit=units.vinh_an,
        citizen_name=NAME,
        email=EMAIL,
        phone=PHONE,
        address=ADDRESS,
        second_time=True,
    )
    record_event(
        case, action="accepted", to_status="accepted", public_note="Đã thụ lý, giao phòng Tài nguyên."
    )
    record_event(case, action="note", public=False, reason="Cán bộ Lê Văn Tám ghi chú nội bộ")
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ANSWERED, answer="Giữ nguyên quyết định số 12.")
    html = client.get(f"/tra-cuu-don/{case.code}/").content.decode()
    assert "Khiếu nại quyết định thu hồi đất" in html and "Xã Vĩnh An" in html and "Đã trả lời" in html
    assert "Đã thụ lý đơn" in html and "Đã thụ lý, giao phòng Tài nguyên." in html
    assert "Giữ nguyên quyết định số 12." in html and "lần hai" in html
    for secret in (NAME, EMAIL, "345 678", "Hùng Vương", "Lê Văn Tám", "Nội dung riêng tư"):
        assert secret not in html


def test_the_answer_waits_until_the_case_is_answered(client: Client, units: Units) -> None:
    case = services.submit_case(
        kind="cau_hoi", title="Hỏi", content="c", unit=units.vinh_an, phone="0912345678"
    )
    Case.objects.filter(pk=case.pk).update(answer="Bản nháp trả lời")
    assert "Bản nháp trả lời" not in client.get(f"/tra-cuu-don/{case.code}/").content.decode()


def test_the_lookup_form_sends_a_known_code_to_its_page(client: Client, units: Units) -> None:
    case = services.submit_case(
        kind="cau_hoi", title="Hỏi", content="c", unit=units.vinh_an, phone="0912345678"
    )
    response = client.get("/tra-cuu-don/", {"ma": case.code.lower().replace("-", " ")})
    assert response.status_code == 302 and response["Location"] == f"/tra-cuu-don/{case.code}/"
    assert client.get("/tra-cuu-don/").status_code == 200


def test_an_unknown_code_is_a_vietnamese_404(client: Client, units: Units) -> None:
    response = client.get("/tra-cuu-don/PA-2026-ABCDEF/")
    assert response.status_code == 404 and "Không có đơn nào mang mã" in response.content.decode()
    response = client.get("/tra-cuu-don/<script>/")
    assert response.status_code == 404 and "<script>" not in response.content.decode()
    response = client.get("/tra-cuu-don/", {"ma": "PA-2026-ABCDEF"})
    assert response.status_code == 404 and "Không tìm thấy đơn" in response.content.decode()
    response = client.get("/tra-cuu-don/", {"ma": "abc"})
    assert response.status_code == 400 and "chưa đúng dạng" in response.content.decode()


def test_guessing_codes_is_rate_limited(client: Client, units: Units, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "case_lookup": "3/m"}
    for _n in range(3):
        assert client.get("/tra-cuu-don/PA-2026-ABCDEF/").status_code == 404
    assert client.get("/tra-cuu-don/PA-2026-ABCDEF/").status_code == 429
    assert client.get("/tra-cuu-don/", {"ma": "PA-2026-ABCDEG"}).status_code == 429


def test_a_failure_midway_leaves_no_case_no_file_row_no_event(
    units: Units, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("clock failed")

    monkeypatch.setattr(services, "sync_deadlines", broken)
    upload = SimpleUploadedFile("a.png", png_bytes())
    checked = intake.check_attachment(upload, name="a.png", size=upload.size or 0)
    with pytest.raises(RuntimeError):
        services.submit_case(
            kind="phan_anh",
            title="t",
            content="c",
            unit=units.vinh_an,
            phone="0912345678",
            attachments=[checked],
        )
    assert counts() == (0, 0, 0)


def test_no_mail_is_queued_without_an_email_address(
    client: Client, units: Units, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert post(client, page_data(email="")).status_code == 303
    assert callbacks == [] and mail.outbox == []
    assert Case.objects.get().contact_key == "0912345678"


def test_the_filter_text_is_escaped(client: Client, units: Units) -> None:
    html = client.get("/gui-don/", {"tim": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
