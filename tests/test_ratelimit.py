"""Rate limits per client address (issue 14): the comment form, the search API and page, the CSP
report endpoint; the address believed from X-Forwarded-For only behind a trusted proxy."""

import json
import logging
from typing import Any

import pytest
from django.conf import settings as live_settings
from django.test import Client

from danvan.consultations.models import Comment
from danvan.core.ratelimit import parse_rate

from .test_consultations import DraftFactory, comment_url, form_data

pytestmark = pytest.mark.django_db
TOO_MANY = "Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn."


def test_rates_read_as_count_per_window() -> None:
    assert parse_rate("5/m") == (5, 60)
    assert parse_rate("30/s") == (30, 1) and parse_rate("100/h") == (100, 3600)
    with pytest.raises(ValueError, match="expected"):
        parse_rate("5 per minute")
    # The limits issue 14 names, and issue 15's case form already has its own.
    limits = live_settings.DANVAN_RATE_LIMITS
    assert (limits["comment"], limits["search_api"], limits["case"], limits["csp_report"]) == (
        "5/m",
        "60/m",
        "5/m",
        "30/m",
    )


def test_five_comments_a_minute_then_429_in_vietnamese_and_nothing_stored(site: Any) -> None:
    draft = DraftFactory.create()
    client = Client(REMOTE_ADDR="203.0.113.5")
    codes = [client.post(comment_url(draft), form_data(body=f"Ý kiến {n}")).status_code for n in range(6)]
    assert codes == [303, 303, 303, 303, 303, 429]
    assert Comment.objects.count() == 5
    refused = client.post(comment_url(draft), form_data())
    assert refused.status_code == 429
    html = refused.content.decode()
    assert TOO_MANY in html and "<h1>Quá nhiều yêu cầu</h1>" in html
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "no-cache" in refused["Cache-Control"]
    assert client.get(comment_url(draft)).status_code == 200  # reading the form is not limited


def test_other_addresses_keep_their_own_allowance(site: Any) -> None:
    draft = DraftFactory.create()
    first = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        first.post(comment_url(draft), form_data())
    assert first.post(comment_url(draft), form_data()).status_code == 429
    assert Client(REMOTE_ADDR="203.0.113.6").post(comment_url(draft), form_data()).status_code == 303


def test_a_forwarded_for_header_is_believed_only_from_a_trusted_proxy(site: Any, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "search_api": "2/m"}
    url = "/api/v1/search/?q=dan"

    def ask(remote: str, forwarded: str) -> int:
        return Client(REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded).get(url).status_code

    # A direct client that makes up a new header each time is still one address.
    assert [ask("198.51.100.7", f"192.0.2.{n}") for n in range(3)] == [200, 200, 429]
    # Behind the trusted proxy, each forwarded address is a client of its own ...
    settings.DANVAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert [ask("10.0.0.2", "192.0.2.50") for _ in range(3)] == [200, 200, 429]
    assert ask("10.0.0.2", "192.0.2.51") == 200
    # ... and the nearest untrusted hop counts: a visitor cannot prepend a fresh address.
    assert ask("10.0.0.2", "1.2.3.4, 192.0.2.50") == 429


def test_the_search_api_answers_429_json_in_vietnamese(site: Any, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {
        **settings.DANVAN_RATE_LIMITS,
        "search_api": "3/m",
        "search_suggest": "1/m",
    }
    client = Client(REMOTE_ADDR="203.0.113.9")
    codes = [client.get("/api/v1/search/?q=dan").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get("/api/v1/search/?q=van")
    body = json.loads(refused.content)
    assert refused["Content-Type"] == "application/json"
    assert body["error"].startswith(TOO_MANY) and body["retry_after"] == int(refused["Retry-After"])
    # The suggestions have their own allowance.
    assert [client.get("/api/v1/search/suggest/?q=d").status_code for _ in range(2)] == [200, 429]


def test_the_search_page_counts_only_what_the_page_cache_did_not_answer(site: Any, settings: Any) -> None:
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "search_page": "2/m"}
    client = Client(REMOTE_ADDR="203.0.113.10")
    same = [client.get("/search/?q=dan").status_code for _ in range(5)]
    assert same == [200] * 5  # one miss, then cache hits that never reach the view
    assert client.get("/search/?q=van").status_code == 200  # second miss
    refused = client.get("/search/?q=xa")
    assert refused.status_code == 429 and TOO_MANY in refused.content.decode()
    assert client.get("/search/?q=xa").status_code == 429  # the refusal was not cached as a page


def _report(**fields: str) -> bytes:
    return json.dumps({"csp-report": fields}).encode()


def test_the_csp_report_endpoint_logs_directive_and_address_without_query(
    client: Client, db: Any, caplog: Any
) -> None:
    response = client.post(
        "/api/v1/csp-reports/",
        _report(
            **{
                "document-uri": "http://localhost/search/?q=nguyen+van+an",
                "violated-directive": "script-src-elem",
                "effective-directive": "script-src-elem",
                "blocked-uri": "https://evil.example/x.js?session=abc",
            }
        ),
        content_type="application/csp-report",
    )
    assert response.status_code == 204
    (record,) = [r for r in caplog.records if r.name == "danvan.security.csp"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert message == (
        "CSP violation: script-src-elem blocked https://evil.example/x.js on http://localhost/search/"
    )


def test_the_csp_report_endpoint_refuses_garbage_large_bodies_gets_and_floods(
    client: Client, db: Any, settings: Any
) -> None:
    url = "/api/v1/csp-reports/"
    assert client.get(url).status_code == 405
    assert client.post(url, b"not json", content_type="application/csp-report").status_code == 400
    big = _report(**{"blocked-uri": "inline", "x": "a" * 9000})
    assert client.post(url, big, content_type="application/csp-report").status_code == 413
    settings.DANVAN_RATE_LIMITS = {**settings.DANVAN_RATE_LIMITS, "csp_report": "2/m"}
    flood = Client(REMOTE_ADDR="203.0.113.77")
    small = _report(**{"blocked-uri": "inline", "violated-directive": "script-src"})
    codes = [flood.post(url, small, content_type="application/csp-report").status_code for _ in range(3)]
    assert codes == [204, 204, 429]


def test_the_csp_report_endpoint_takes_json_too_and_its_schema_says_both(client: Client, db: Any) -> None:
    """Browsers send application/csp-report; application/json (what a schema's fuzzer can write) is
    read the same way, and a report without the "csp-report" wrapper is the report itself."""
    url = "/api/v1/csp-reports/"
    small = _report(**{"blocked-uri": "inline", "violated-directive": "script-src"})
    assert client.post(url, small, content_type="application/json").status_code == 204
    assert (
        client.post(url, json.dumps({"blocked-uri": "eval"}), content_type="application/json").status_code
        == 204
    )
    assert (
        client.post(url, b"", content_type="application/csp-report").status_code == 204
    )  # nothing: an empty report
    for garbage in (b"[1]", b'"x"', b'{"csp-report": 5}'):
        refused = client.post(url, garbage, content_type="application/csp-report")
        assert (refused.status_code, refused.json()) == (400, {"error": "Báo cáo không đúng định dạng."})
    big = client.post(url, _report(x="a" * 9000), content_type="application/json")
    assert big.json() == {"error": "Báo cáo quá lớn."}
    operation = client.get("/api/v1/openapi.json").json()["paths"][url]["post"]
    content = operation["requestBody"]["content"]
    assert set(content) == {"application/csp-report", "application/json"}
    assert content["application/json"]["schema"]["properties"]["csp-report"]["type"] == "object"
    assert {"204", "400", "413", "429"} <= set(operation["responses"])


def test_the_decorator_is_ready_for_the_case_form_counting_only_posts(rf: Any, site: Any) -> None:
    from django.http import HttpRequest, HttpResponse

    from danvan.core.ratelimit import rate_limited

    @rate_limited("case", methods=("POST",))
    def case_form(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    def call(method: str) -> HttpResponse:
        request = getattr(rf, method)("/phan-anh/", REMOTE_ADDR="203.0.113.40")
        return case_form(request)

    assert [call("get").status_code for _ in range(8)] == [200] * 8  # reading the form is free
    assert [call("post").status_code for _ in range(6)] == [200] * 5 + [429]
    refused = call("post")
    assert TOO_MANY in refused.content.decode() and refused["Retry-After"].isdigit()
