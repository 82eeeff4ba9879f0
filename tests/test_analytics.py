"""Visit statistics: what is counted, what is not, and bad input."""

import datetime as dt
import json
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.request import Request, urlopen

import pytest
from django.db import connection
from django.test import Client

from danvan.analytics import services
from danvan.analytics.api import PIXEL
from danvan.analytics.models import DailyBreakdown, DailyPageViews, DailySalt, DailyTotals, VisitorState
from danvan.analytics.selectors import visit_counts
from danvan.core.dates import VIETNAM

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
PHONE = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def beacon(
    client: Client, path: str = "/", *, ua: str = BROWSER, ip: str = "203.0.113.7", **extra: Any
) -> Any:
    return client.post(
        "/api/v1/hits/",
        data=json.dumps({"path": path, "referrer": extra.pop("referrer", "")}),
        content_type="application/json",
        HTTP_USER_AGENT=ua,
        REMOTE_ADDR=ip,
        **extra,
    )


def totals() -> tuple[int, int, int]:
    services.flush_buffer()  # with Redis, hits wait there until the scheduler's flush
    row = DailyTotals.objects.first()
    return (row.visits, row.visitors, row.page_views) if row else (0, 0, 0)


@pytest.mark.django_db
class TestCounting:
    def test_a_page_view_counts_a_visit_today_and_in_total(self, client: Client, home: Any) -> None:
        assert beacon(client).status_code == 204
        assert visit_counts() == {"today": 1, "total": 1}
        assert client.get("/api/v1/stats/visits/").json() == {"today": 1, "total": 1}
        services.flush_buffer()
        assert DailyPageViews.objects.get(path="/").views == 1

    def test_more_pages_within_30_minutes_are_page_views_not_visits(self, client: Client, home: Any) -> None:
        for _ in range(3):
            beacon(client)
        assert totals() == (1, 1, 3)

    def test_a_gap_over_30_minutes_starts_a_new_visit(self, db: Any) -> None:
        start = dt.datetime(2026, 11, 26, 9, 0, tzinfo=VIETNAM)
        hit = services.Hit(path="/", ip="198.51.100.1", user_agent=BROWSER)
        assert services.record_hit(hit, now=start) is True
        assert services.record_hit(hit, now=start + dt.timedelta(minutes=29)) is False
        assert (
            services.record_hit(hit, now=start + dt.timedelta(minutes=58)) is False
        )  # 29 min after the last
        assert services.record_hit(hit, now=start + dt.timedelta(minutes=89)) is True  # 31 min gap
        assert totals() == (2, 1, 4)  # 2 visits, 1 visitor, 4 page views

    def test_today_is_the_vietnamese_calendar_day(self, db: Any) -> None:
        hit = services.Hit(path="/", ip="198.51.100.2", user_agent=BROWSER)
        services.record_hit(hit, now=dt.datetime(2026, 11, 26, 23, 50, tzinfo=VIETNAM))
        services.record_hit(hit, now=dt.datetime(2026, 11, 27, 0, 5, tzinfo=VIETNAM))  # 17:05 UTC
        services.flush_buffer()
        days = dict(DailyTotals.objects.values_list("day", "visits"))
        assert days == {dt.date(2026, 11, 26): 1, dt.date(2026, 11, 27): 1}

    def test_distinct_visitors_and_breakdowns(self, client: Client, home: Any) -> None:
        beacon(client, ua=BROWSER, referrer="https://www.google.com/search?q=dan+van")
        beacon(client, ua=PHONE, referrer="")
        beacon(client, ua=PHONE, referrer="http://testserver/")  # same visitor: a page view only
        assert totals() == (2, 2, 3)
        services.flush_buffer()
        referrers = dict(DailyBreakdown.objects.filter(dimension="referrer").values_list("value", "visits"))
        devices = dict(DailyBreakdown.objects.filter(dimension="device").values_list("value", "visits"))
        assert referrers == {"google.com": 1, services.DIRECT: 1}
        assert devices == {"desktop": 1, "mobile": 1}

    def test_routable_sub_pages_are_counted(self, client: Client, home: Any) -> None:
        assert beacon(client, "/luu-tru/2023/3/").status_code == 204
        assert beacon(client, "/search/").status_code == 204
        services.flush_buffer()
        assert DailyPageViews.objects.count() == 2

    def test_published_pages_count_at_once_and_unpublished_ones_stop(
        self, client: Client, category: Any, article: Any
    ) -> None:
        assert beacon(client, article.url).status_code == 204
        article.unpublish()
        assert beacon(client, article.url).status_code == 400
        article.save_revision().publish()
        assert beacon(client, article.url).status_code == 204

    def test_no_raw_ip_is_stored(self, client: Client, home: Any, settings: Any) -> None:
        settings.DANVAN_STATS_BUFFER = False
        beacon(client, ip="192.0.2.55")
        stored = " ".join(
            str(v)
            for model in (DailySalt, VisitorState, DailyTotals, DailyPageViews, DailyBreakdown)
            for row in model.objects.values()
            for v in row.values()
        )
        assert "192.0.2.55" not in stored
        assert VisitorState.objects.count() == 1

    def test_visitor_keys_are_forgotten_after_48_hours(self, db: Any, settings: Any) -> None:
        settings.DANVAN_STATS_BUFFER = False  # with Redis, the keys expire there by themselves
        old = dt.datetime(2026, 11, 20, 9, 0, tzinfo=VIETNAM)
        services.record_hit(services.Hit(path="/", ip="198.51.100.3", user_agent=BROWSER), now=old)
        assert services.forget_old_visitors(now=old + dt.timedelta(hours=47)) == 0
        assert services.forget_old_visitors(now=old + dt.timedelta(hours=49)) == 1
        assert VisitorState.objects.count() == 0 and DailyTotals.objects.get().visits == 1


@pytest.mark.django_db
class TestNotCounted:
    @pytest.mark.parametrize(
        "ua",
        [
            "",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/126.0 Safari/537.36",
            "curl/8.5.0",
            "python-requests/2.32",
            "facebookexternalhit/1.1",
        ],
    )
    def test_robots(self, client: Client, home: Any, ua: str) -> None:
        assert beacon(client, ua=ua).status_code == 204
        assert totals() == (0, 0, 0)

    @pytest.mark.parametrize("header", ["HTTP_SEC_PURPOSE", "HTTP_PURPOSE"])
    def test_prefetches(self, client: Client, home: Any, header: str) -> None:
        assert beacon(client, **{header: "prefetch"}).status_code == 204
        assert totals() == (0, 0, 0)

    def test_head_requests_and_the_pixel(self, client: Client, home: Any) -> None:
        assert client.head("/api/v1/hits/pixel.gif?path=/", HTTP_USER_AGENT=BROWSER).status_code == 200
        assert totals() == (0, 0, 0)
        response = client.get("/api/v1/hits/pixel.gif", {"path": "/"}, HTTP_USER_AGENT=BROWSER)
        assert response.status_code == 200 and response["Content-Type"] == "image/gif"
        assert totals() == (1, 1, 1)

    def test_staff_previews(self, client: Client, home: Any, django_user_model: Any) -> None:
        editor = django_user_model.objects.create_user("bientap", password="x", is_staff=True)
        client.force_login(editor)
        assert beacon(client).status_code == 204
        assert totals() == (0, 0, 0)


@pytest.mark.django_db
class TestBadInput:
    @pytest.mark.parametrize(
        "body",
        [
            "không phải json",
            "[1, 2]",
            '{"path": 42}',
            '{"path": "/", "referrer": 7}',
            '{"path": "/khong-co-trang-nay/"}',
            '{"path": "https://example.com/"}',
            '{"path": "//example.com/"}',
            '{"path": "/\\u0000"}',
            '{"path": "/' + "a" * 400 + '"}',
            "{}",
        ],
    )
    def test_refused_with_400_and_nothing_counted(self, client: Client, home: Any, body: str) -> None:
        response = client.post(
            "/api/v1/hits/", data=body, content_type="application/json", HTTP_USER_AGENT=BROWSER
        )
        assert response.status_code == 400
        assert response.json()["error"]
        assert totals() == (0, 0, 0)

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("không phải json", "Nội dung gửi lên không phải JSON hợp lệ."),
            ("[1, 2]", 'Nội dung gửi lên cần có dạng {"path": "/..."}.'),
            ('{"path": "/", "referrer": 7}', 'Nội dung gửi lên cần có dạng {"path": "/..."}.'),
            ('{"path": 42}', "Đường dẫn không phải một trang của cổng thông tin này."),
            ("{}", "Đường dẫn không phải một trang của cổng thông tin này."),
            ('{"path": "/", "x": "' + "a" * 2100 + '"}', "Nội dung gửi lên quá lớn."),
        ],
    )
    def test_each_refusal_says_why(self, client: Client, home: Any, body: str, message: str) -> None:
        response = client.post(
            "/api/v1/hits/", data=body, content_type="application/json", HTTP_USER_AGENT=BROWSER
        )
        assert (response.status_code, response.json()) == (400, {"error": message})

    def test_a_huge_body_is_refused_before_it_is_read(self, client: Client, home: Any) -> None:
        body = json.dumps({"path": "/", "padding": "x" * 5000})
        response = client.post(
            "/api/v1/hits/", data=body, content_type="application/json", HTTP_USER_AGENT=BROWSER
        )
        assert response.status_code == 400 and totals() == (0, 0, 0)

    def test_cross_site_posts_are_refused(self, client: Client, home: Any) -> None:
        refused = beacon(client, HTTP_SEC_FETCH_SITE="cross-site")
        assert refused.status_code == 400
        assert refused.json() == {"error": "Chỉ nhận lượt xem từ chính cổng thông tin."}
        assert totals() == (0, 0, 0)
        assert beacon(client, HTTP_SEC_FETCH_SITE="none").status_code == 204  # typed in the address bar

    def test_the_pixel_refuses_what_is_not_a_page_and_is_never_cached(
        self, client: Client, home: Any
    ) -> None:
        for query in ({}, {"path": "/khong-co-trang-nay/"}, {"path": "https://example.com/"}):
            response = client.get("/api/v1/hits/pixel.gif", query, HTTP_USER_AGENT=BROWSER)
            assert response.status_code == 400, query
            assert response.json() == {"error": "Đường dẫn không phải một trang của cổng thông tin này."}
        response = client.get("/api/v1/hits/pixel.gif", {"path": "/"}, HTTP_USER_AGENT=BROWSER)
        assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")
        assert "Access-Control-Allow-Origin" not in response  # per visitor: not a public, shared answer
        assert response.content == PIXEL and PIXEL.startswith(b"GIF89a")

    def test_other_methods(self, client: Client, home: Any) -> None:
        assert client.get("/api/v1/hits/").status_code == 405
        assert client.post("/api/v1/stats/visits/").status_code == 405
        assert client.post("/api/v1/hits/pixel.gif?path=/").status_code == 405
        assert totals() == (0, 0, 0)

    def test_the_numbers_are_never_cached(self, client: Client, home: Any) -> None:
        response = client.get("/api/v1/stats/visits/")
        assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")


def test_the_schema_declares_the_body_the_204_and_the_image(client: Client, db: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    beacon_op = paths["/api/v1/hits/"]["post"]
    body = beacon_op["requestBody"]["content"]["application/json"]["schema"]
    assert body["required"] == ["path"]
    assert {name: field["type"] for name, field in body["properties"].items()} == {
        "path": "string",
        "referrer": "string",
    }
    assert "content" not in beacon_op["responses"]["204"]
    assert {"400", "429"} <= set(beacon_op["responses"])
    pixel = paths["/api/v1/hits/pixel.gif"]["get"]
    assert list(pixel["responses"]["200"]["content"]) == ["image/gif"]
    visits = paths["/api/v1/stats/visits/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert visits["schema"] == {"$ref": "#/components/schemas/VisitsOut"}

    def test_beacons_are_rate_limited_per_visitor(self, client: Client, home: Any, settings: Any) -> None:
        settings.DANVAN_HITS_PER_MINUTE = 3
        codes = [beacon(client).status_code for _ in range(5)]
        assert codes == [204, 204, 204, 429, 429]
        assert totals() == (1, 1, 3)
        assert beacon(client, ua=PHONE).status_code == 204  # another visitor is not limited


@pytest.mark.django_db
class TestClientAddress:
    def test_forwarded_for_is_ignored_from_untrusted_peers(self, client: Client, home: Any) -> None:
        beacon(client, ip="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
        beacon(client, ip="203.0.113.9", HTTP_X_FORWARDED_FOR="2.2.2.2")
        assert totals()[1] == 1  # one visitor: the spoofable header changed nothing

    def test_forwarded_for_is_used_behind_a_trusted_proxy(
        self, client: Client, home: Any, settings: Any
    ) -> None:
        settings.DANVAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
        beacon(client, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 10.0.0.3")
        beacon(client, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="2.2.2.2")
        assert totals()[1] == 2


def test_the_about_page_explains_the_definitions(client: Client, db: Any) -> None:
    html = client.get("/thong-ke-truy-cap/").content.decode()
    assert "30 phút" in html and "48 giờ" in html and "Asia/Ho_Chi_Minh" in html


@pytest.mark.django_db(transaction=True)
def test_200_visitors_16_at_a_time_against_a_live_server(live_server: Any) -> None:
    from danvan.core.services import ensure_root_and_site

    _root, site = ensure_root_and_site()  # the live server flushed the database
    site.hostname, site.port = "localhost", int(live_server.url.rsplit(":", 1)[1])
    site.save()
    before = visit_counts()

    def send(n: int) -> int:
        request = Request(
            live_server.url + "/api/v1/hits/",
            data=json.dumps({"path": "/"}).encode(),
            headers={"Content-Type": "application/json", "User-Agent": f"{BROWSER} visitor/{n}"},
            method="POST",
        )
        with urlopen(request, timeout=30) as response:
            return int(response.status)

    with ThreadPoolExecutor(max_workers=16) as pool:
        codes = list(pool.map(send, range(200)))
    assert codes == [204] * 200
    after = visit_counts()
    assert (after["today"] - before["today"], after["total"] - before["total"]) == (200, 200)
    assert connection.vendor in ("sqlite", "postgresql")


needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI pass 2 sets it)"
)


@needs_redis
@pytest.mark.django_db
class TestRedisBuffer:
    def test_hits_wait_in_redis_and_the_counter_still_sees_them(self, client: Client, home: Any) -> None:
        beacon(client)
        beacon(client, ua=PHONE)
        assert DailyTotals.objects.count() == 0, "buffered, not yet in the database"
        assert visit_counts() == {"today": 2, "total": 2}
        assert services.flush_buffer() > 0
        assert DailyTotals.objects.get().visits == 2
        assert visit_counts() == {"today": 2, "total": 2}, "a flush neither loses nor doubles"
        assert services.flush_buffer() == 0

    def test_a_flush_that_died_is_finished_once(self, client: Client, home: Any) -> None:
        from danvan.analytics import buffer

        beacon(client)
        batches = list(buffer.batches())  # renamed to flushing:<id>, then the process "dies"
        assert len(batches) == 1
        batch_id, counts = batches[0]
        services.flush_buffer()  # the next round applies the left-over batch
        assert DailyTotals.objects.get().page_views == 1
        # a batch applied but not deleted (died after the commit) is deleted, not applied again
        buffer._call("hset", buffer._key(f"flushing:{batch_id}"), mapping={k: v for k, v in counts.items()})
        services.flush_buffer()
        assert DailyTotals.objects.get().page_views == 1

    def test_redis_down_counts_in_the_database(
        self, client: Client, home: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from danvan.analytics import buffer

        monkeypatch.setattr(buffer, "_down_until", 0.0)  # put back afterwards: later tests use Redis
        settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
        assert beacon(client).status_code == 204
        assert client.get("/api/v1/stats/visits/").json() == {"today": 1, "total": 1}
        assert DailyTotals.objects.get().visits == 1
        assert buffer._down_until > 0, "the next hits skip Redis for a while instead of waiting"


@pytest.mark.django_db
class TestPagesThatSendTheBeacon:
    def test_the_comment_form_of_a_published_draft_is_counted(self, client: Client, home: Any) -> None:
        from .test_consultations import DraftFactory, comment_url

        draft = DraftFactory.create()
        hidden = DraftFactory.create(published=False)
        assert client.get(comment_url(draft)).status_code == 200
        assert beacon(client, comment_url(draft)).status_code == 204
        assert beacon(client, comment_url(hidden)).status_code == 400
        services.flush_buffer()
        assert list(DailyPageViews.objects.values_list("path", flat=True)) == [comment_url(draft)]

    def test_the_404_page_tells_the_script_not_to_send_it(self, client: Client, home: Any) -> None:
        html = client.get("/khong-co-trang-nay/").content.decode()
        assert '<meta name="danvan-count" content="off">' in html
        assert 'content="off"' not in client.get("/").content.decode()
