"""Redis is a helper, not a single point of failure (issue 17, decision 0022).

While the cache does not answer, pages and APIs are served uncached (200, never 500), beacons are
counted in the database (visits counted = beacons answered 204), and when it answers again the
counters it buffered before are flushed and no page the outage should have retired is served.
"""

import logging
import os
import socket
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache
from django.test import Client
from redis import RedisError

from danvan.analytics import buffer, services
from danvan.analytics.models import DailyTotals
from danvan.core import failsoft_cache, page_cache, ratelimit

from .test_analytics import BROWSER, beacon

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # nothing listens on port 1: every connection is refused at once
FAILSOFT = "danvan.core.failsoft_cache.FailSoftRedisCache"
TIMEOUTS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


def _point_at(settings: Any, url: str, backend: str = FAILSOFT) -> None:
    """The page cache, Wagtail's lookups, the rate limits and the beacon's buffer all use ``url``."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": backend, "LOCATION": url, "KEY_PREFIX": prefix, "OPTIONS": TIMEOUTS},
    }
    settings.REDIS_URL = url
    settings.DANVAN_STATS_BUFFER = True


@pytest.fixture
def outages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts and ends with no outage remembered (the cache's or the buffer's)."""
    failsoft_cache.reset()
    monkeypatch.setattr(buffer, "_down_until", 0.0)
    yield
    failsoft_cache.reset()


@pytest.fixture
def cache_down(settings: Any, outages: None) -> None:
    _point_at(settings, DEAD)


@pytest.fixture
def danvan_log(caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> pytest.LogCaptureFixture:
    monkeypatch.setattr(logging.getLogger("danvan"), "propagate", True)  # settings keep it off the root
    caplog.set_level(logging.INFO, logger="danvan")
    return caplog


def _pages(article: Any) -> list[str]:
    return [
        "/",
        article.get_parent().url,
        article.url,
        "/search/?q=d%C3%A2n+v%E1%BA%ADn",
        "/api/v1/search/?q=dan+van",
        "/api/v1/search/suggest/?q=da",
        "/api/v1/documents/",
        "/api/v1/stats/visits/",
    ]


def test_without_the_guard_a_dead_redis_is_a_500_on_every_page(
    settings: Any, article: Any, outages: None
) -> None:
    """The control: Django's own Redis backend raises, and the page cache turns that into a 500."""
    url = article.url
    _point_at(settings, DEAD, backend="django.core.cache.backends.redis.RedisCache")
    with pytest.raises(RedisError):
        cache.get("anything")
    assert Client(raise_request_exception=False).get(url).status_code == 500


def test_pages_and_apis_answer_uncached_while_the_cache_is_down(
    client: Client, article: Any, cache_down: None, danvan_log: pytest.LogCaptureFixture
) -> None:
    for _round in range(2):  # nothing is stored, so the second round is as uncached as the first
        for url in _pages(article):
            response = client.get(url)
            assert response.status_code == 200, url
            if not url.startswith("/api/"):
                assert response["X-Danvan-Cache"] == "miss", url
    assert article.title in client.get(article.url).content.decode()
    warnings = [r for r in danvan_log.records if r.name == "danvan.core.failsoft_cache"]
    assert len(warnings) == 1, "one warning per interval, not one per request"
    assert "127.0.0.1:1" in warnings[0].getMessage()


def test_beacons_are_counted_in_the_database(
    client: Client, home: Any, cache_down: None, danvan_log: pytest.LogCaptureFixture
) -> None:
    visitors = [f"{BROWSER} visitor/{n}" for n in range(5)]
    codes = [beacon(client, ua=ua).status_code for ua in visitors]
    codes.append(beacon(client, ua=visitors[0]).status_code)  # the same visitor's second page
    assert codes == [204] * 6
    row = DailyTotals.objects.get()  # in the database at once: no flush was needed
    assert (row.visits, row.visitors, row.page_views) == (5, 5, 6)
    assert client.get("/api/v1/stats/visits/").json() == {"today": 5, "total": 5}
    buffer_warnings = [r for r in danvan_log.records if r.name == "danvan.analytics.buffer"]
    assert len(buffer_warnings) == 1, "once per pause, not once per beacon"


def test_a_dead_cache_is_asked_once_per_pause_not_on_every_call(
    client: Client, article: Any, cache_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(failsoft_cache, "RETRY_AFTER_S", 60.0)
    asked: list[str] = []
    real_get = RedisCache.get

    def counting_get(self: Any, key: Any, default: Any = None, version: Any = None) -> Any:
        asked.append(key)
        return real_get(self, key, default, version)

    monkeypatch.setattr(RedisCache, "get", counting_get)
    for _n in range(5):
        assert client.get(article.url).status_code == 200
        assert client.get("/").status_code == 200
    assert len(asked) == 1, "after the first refusal, the pause answers 'miss' without asking"


def test_rate_limits_let_requests_through_while_the_cache_is_down(rf: Any, cache_down: None) -> None:
    """Nothing can be counted without the shared cache: the limits stay open rather than refuse all."""
    request = rf.post("/", REMOTE_ADDR="203.0.113.9")
    assert [ratelimit.exceeded(request, "comment") for _n in range(8)] == [None] * 8  # the limit is 5/m


def test_when_the_cache_answers_again_the_outage_hooks_run_before_the_operation(
    outages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    steps: list[str] = []
    monkeypatch.setattr(failsoft_cache, "_after_outage", [lambda: steps.append("hook")])
    monkeypatch.setattr(failsoft_cache, "RETRY_AFTER_S", 0.0)
    backend = failsoft_cache.FailSoftRedisCache(DEAD, {"OPTIONS": TIMEOUTS})
    assert backend.get("k", "default") == "default"  # refused: a miss
    assert backend.add("k", 1) is False
    with pytest.raises(ValueError):
        backend.incr("k")  # Django's answer for a missing key
    assert steps == []

    class Answering:  # Redis is back (stands in for the backend's client)
        def get_client(self, key: Any = None, *, write: bool = False) -> Any:
            return self

        def ping(self) -> bool:
            steps.append("ping")
            return True

        def get(self, key: str, default: Any) -> Any:
            steps.append("get")
            return "cached"

    backend.__dict__["_cache"] = Answering()
    assert backend.get("k") == "cached"
    assert backend.get("k") == "cached"
    assert steps == ["ping", "hook", "get", "get"], "hooks once, before the first answer is used"


def test_the_page_cache_retires_every_copy_after_an_outage() -> None:
    assert page_cache.invalidate_here in failsoft_cache._after_outage


class Relay:
    """A TCP relay to the machine's Redis that a test cuts and restores: Redis 'stops' for this
    process only, and the shared Redis keeps running with its keys (as a restart with its append-only
    file would)."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.listener: socket.socket | None = None
        self.open: list[socket.socket] = []

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port))  # SO_REUSEADDR: same port again
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                near, _address = listener.accept()
            except OSError:
                return
            far = socket.create_connection(self.target)
            self.open += [near, far]
            threading.Thread(target=self._pump, args=(near, far), daemon=True).start()
            threading.Thread(target=self._pump, args=(far, near), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def stop(self) -> None:
        """Redis is gone: connections in use are cut, new ones refused."""
        if self.listener is not None:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
            self.listener.close()
            self.listener = None
        for end in self.open:
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            end.close()
        self.open.clear()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI pass 2 sets it)")
def test_a_real_redis_cut_then_restored(
    client: Client, article: Any, settings: Any, outages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = urlsplit(settings.REDIS_URL)
    relay = Relay(real.hostname or "127.0.0.1", real.port or 6379)
    relay.start()
    monkeypatch.setattr(failsoft_cache, "RETRY_AFTER_S", 0.0)  # try again at once once it is back
    _point_at(settings, urlunsplit(real._replace(netloc=f"127.0.0.1:{relay.port}")))
    try:
        # Redis answers: pages are cached, beacons wait in Redis for the scheduler's flush.
        assert client.get(article.url)["X-Danvan-Cache"] == "miss"
        assert client.get(article.url)["X-Danvan-Cache"] == "hit"
        before = [beacon(client, ua=f"{BROWSER} before/{n}").status_code for n in range(3)]
        assert before == [204] * 3
        assert DailyTotals.objects.count() == 0, "buffered in Redis"

        relay.stop()
        for url in _pages(article):
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.get("X-Danvan-Cache") != "hit", url
        during = [beacon(client, ua=f"{BROWSER} during/{n}").status_code for n in range(4)]
        assert during == [204] * 4
        assert DailyTotals.objects.get().visits == 4, "counted straight in the database"
        assert services.flush_buffer() == 0  # cannot reach the buffer; takes nothing away from it
        article.title = "Bài đã sửa trong lúc Redis dừng"
        article.save_revision().publish()  # its page cache invalidation is lost: Redis is away

        relay.start()
        monkeypatch.setattr(buffer, "_down_until", 0.0)  # the buffer's own 30 s pause, over
        response = client.get(article.url)
        assert response.status_code == 200
        assert "Bài đã sửa trong lúc Redis dừng" in response.content.decode(), "no copy from before"
        assert services.flush_buffer() > 0, "the counters buffered before the outage arrive after it"
        row = DailyTotals.objects.get()
        assert (row.visits, row.visitors, row.page_views) == (7, 7, 7)  # = beacons answered 204
    finally:
        relay.stop()


def test_the_beacon_buffer_skips_a_redis_that_times_out_for_a_while(
    settings: Any, outages: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hung Redis (no refusal, just silence) must not cost every beacon its half-second wait."""
    import datetime as dt
    import time

    import redis

    class Hung:
        def pipeline(self, transaction: bool = True) -> Any:
            raise redis.TimeoutError("Timeout reading from socket")

    settings.REDIS_URL, settings.DANVAN_STATS_BUFFER = DEAD, True
    monkeypatch.setattr(buffer, "_client", lambda url: Hung())
    with pytest.raises(buffer.Unavailable):
        buffer.touch_visitor("digest", dt.datetime.now(dt.UTC), dt.timedelta(minutes=30))
    assert buffer._down_until > time.monotonic(), "the next beacons go straight to the database"


def test_the_warning_names_the_server_but_not_its_password(
    outages: None, danvan_log: pytest.LogCaptureFixture
) -> None:
    backend = failsoft_cache.FailSoftRedisCache("redis://:s3cret@127.0.0.1:1/0", {"OPTIONS": TIMEOUTS})
    assert backend.get("k") is None
    (warning,) = [r.getMessage() for r in danvan_log.records if r.name == "danvan.core.failsoft_cache"]
    assert "redis://127.0.0.1:1/0" in warning and "s3cret" not in warning
