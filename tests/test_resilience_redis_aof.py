"""A Redis crash loses no accepted count (issue 17, decision 0025).

The Redis that ``make serve`` ships (deploy/redis.conf) writes every change to its append-only file
before it answers. Here a Redis of the test's own is started from that file (in a temporary folder,
on a free port), beacons from distinct visitors are buffered in it, it is killed with SIGKILL
halfway — no shutdown, no snapshot — and restarted from the same folder; beacons sent while it is
down are counted in the database. After the flush, every beacon answered 204 is one visit in the
database. The control runs the same with ``--appendonly no``: the counters buffered before the
crash are gone, so the test can tell the two apart.
"""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client

from danvan.analytics import buffer, services
from danvan.analytics.models import DailyTotals
from danvan.core import failsoft_cache

from .test_analytics import BROWSER, beacon
from .test_resilience_cache import _point_at

pytestmark = [
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="no redis-server binary on this machine"),
    pytest.mark.django_db,
]

CONF = Path(__file__).resolve().parent.parent / "deploy" / "redis.conf"
BEFORE, DURING, AFTER = 40, 10, 30  # beacons before the kill, while Redis is down, after its restart


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class OwnRedis:
    """redis-server with deploy/redis.conf, its folder and port overridden on the command line."""

    def __init__(self, folder: Path, extra: list[str]) -> None:
        self.folder, self.port, self.extra = folder, _free_port(), extra
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [
            "redis-server",
            str(CONF),
            *("--dir", str(self.folder), "--port", str(self.port), "--bind", "127.0.0.1"),
            *("--unixsocket", "", "--daemonize", "no", "--logfile", str(self.folder / "redis.log")),
            *self.extra,
        ]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        import redis

        client = redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)
        deadline = time.monotonic() + 15
        while True:  # until it answers — after reading its files (LOADING is an error too)
            try:
                if client.ping():
                    return
            except redis.RedisError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.folder / "redis.log").read_text(errors="replace")[-2000:]
                    raise RuntimeError(f"redis-server did not start:\n{log}") from None
                time.sleep(0.05)
            finally:
                client.close()

    def kill(self) -> None:
        """A crash: SIGKILL, so Redis writes nothing more (no snapshot, no final sync)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def folder() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="danvan-redis-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@dataclass
class Outcome:
    statuses: Counter[int]
    buffered_before_the_crash: int  # visits waiting in Redis when it was killed
    counted: int  # visits in the database after the flush

    @property
    def answered_204(self) -> int:
        return self.statuses[204]


def _crash_and_restart(
    folder: Path, extra: list[str], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> Outcome:
    redis_server = OwnRedis(folder, extra)
    redis_server.start()
    # After a refusal, try Redis again on the next call (the production pauses of 2 and 30 s would
    # only make the restarted Redis wait for its first beacon).
    monkeypatch.setattr(buffer, "RETRY_AFTER_S", 0.0)
    monkeypatch.setattr(failsoft_cache, "RETRY_AFTER_S", 0.0)
    monkeypatch.setattr(buffer, "_down_until", 0.0)
    failsoft_cache.reset()
    _point_at(settings, redis_server.url)
    client = Client(raise_request_exception=False)
    statuses: Counter[int] = Counter()
    visitor = iter(range(10**6))

    def send(n: int) -> None:
        for _n in range(n):
            statuses[beacon(client, ua=f"{BROWSER} visitor/{next(visitor)}").status_code] += 1

    try:
        send(BEFORE)
        buffered = sum(
            n for name, n in buffer.pending().items() if name.split(services.SEP)[::2] == ["t", "visits"]
        )
        redis_server.kill()
        send(DURING)
        redis_server.start()  # the same folder: what it kept is read back
        send(AFTER)
        services.flush_buffer()
    finally:
        redis_server.kill()
        failsoft_cache.reset()
    counted = DailyTotals.objects.aggregate(n=Sum("visits"))["n"] or 0
    return Outcome(statuses, buffered, counted)


def test_a_redis_crash_loses_no_accepted_count(
    home: Any, folder: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    outcome = _crash_and_restart(folder, [], settings, monkeypatch)
    assert not [s for s in outcome.statuses if s >= 500], outcome.statuses
    assert outcome.buffered_before_the_crash == BEFORE, "the first beacons waited in Redis, not the database"
    assert outcome.answered_204 == BEFORE + DURING + AFTER
    assert outcome.counted == outcome.answered_204
    assert list((folder / "appendonlydir").glob("danvan.aof.*")), "deploy/redis.conf's append-only file"


def test_without_the_append_only_file_the_crash_loses_the_buffered_counts(
    home: Any, folder: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control: the same crash with ``--appendonly no`` loses every count buffered before it."""
    outcome = _crash_and_restart(folder, ["--appendonly", "no"], settings, monkeypatch)
    assert not [s for s in outcome.statuses if s >= 500], outcome.statuses
    assert outcome.buffered_before_the_crash == BEFORE
    assert outcome.answered_204 == BEFORE + DURING + AFTER
    assert outcome.counted == outcome.answered_204 - outcome.buffered_before_the_crash
