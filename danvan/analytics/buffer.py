"""Counters buffered in Redis between flushes (only with REDIS_URL; ``enabled()``).

Keys, under ``settings.DANVAN_STATS_REDIS_PREFIX``:
- ``v:<visitor digest>``: when the visitor was last seen (expires after 48 hours);
- ``pending``: a hash of named counters (see ``services._increments``) that hits add to;
- ``flushing:<batch id>``: ``pending`` renamed by a flush, deleted once applied.
"""

import datetime as dt
import logging
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_S = 0.5
RETRY_AFTER_S = 30.0  # after a failure, go straight to the database for this long
_down_until = 0.0


class Unavailable(Exception):
    """Redis did not answer: the caller writes to the database instead."""


def enabled() -> bool:
    return bool(settings.REDIS_URL) and settings.DANVAN_STATS_BUFFER


@lru_cache(maxsize=4)
def _client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S)


def _key(name: str) -> str:
    return f"{settings.DANVAN_STATS_REDIS_PREFIX}{name}"


@contextmanager
def _guard() -> Iterator[Any]:
    """The Redis client; any Redis failure becomes Unavailable, and a refused connection or a
    time-out makes the next RETRY_AFTER_S seconds skip Redis (no half-second wait on every hit
    meanwhile)."""
    import redis

    global _down_until
    if time.monotonic() < _down_until:
        raise Unavailable("Redis failed recently")
    try:
        yield _client(settings.REDIS_URL)
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        _down_until = time.monotonic() + RETRY_AFTER_S
        # Once per pause, not once per hit: an outage under load would otherwise flood the log.
        logger.warning(
            "Redis unavailable (%s): visits counted straight in the database for %d s", exc, RETRY_AFTER_S
        )
        raise Unavailable(str(exc)) from exc
    except redis.RedisError as exc:
        logger.warning("Redis refused the visit counters (%s): counted in the database", exc)
        raise Unavailable(str(exc)) from exc


def _call(method: str, *args: Any, **kwargs: Any) -> Any:
    with _guard() as client:
        return getattr(client, method)(*args, **kwargs)


def touch_visitor(digest: str, now: dt.datetime, gap: dt.timedelta) -> tuple[bool, bool, int]:
    """(a new visit, a new visitor today, beacons this minute), in one round trip.

    SET … GET is atomic, so two tabs cannot both be first; the minute's counter expires by itself.
    """
    minute = int(now.timestamp()) // 60
    with _guard() as client:
        pipe = client.pipeline(transaction=False)
        pipe.incr(_key(f"r:{digest}:{minute}"))
        pipe.expire(_key(f"r:{digest}:{minute}"), 120)
        pipe.set(_key(f"v:{digest}"), f"{now.timestamp():.3f}", ex=48 * 3600, get=True)
        minute_hits, _expire, previous = pipe.execute()
    if previous is None:
        return True, True, int(minute_hits)
    return now.timestamp() - float(previous) > gap.total_seconds(), False, int(minute_hits)


def add(counts: dict[str, int]) -> None:
    with _guard() as client:
        pipe = client.pipeline(transaction=True)
        for name, n in counts.items():
            pipe.hincrby(_key("pending"), name, n)
        pipe.execute()


def pending() -> dict[str, int]:
    """Counters not yet in the database (the live hash only: a batch being flushed is in neither)."""
    if not enabled():
        return {}
    try:
        raw = _call("hgetall", _key("pending"))
    except Unavailable:
        return {}
    return {k.decode(): int(v) for k, v in raw.items()}


def batches() -> Iterator[tuple[str, dict[str, int]]]:
    """Batches to apply: those a crashed flush left behind, then the live hash renamed now."""
    if not enabled():
        return
    import redis

    try:
        with _guard() as client:
            found = [
                k.decode().rsplit(":", 1)[1] for k in client.scan_iter(match=_key("flushing:*"), count=100)
            ]
            batch_id = uuid.uuid4().hex
            try:
                client.rename(_key("pending"), _key(f"flushing:{batch_id}"))
                found.append(batch_id)
            except redis.ResponseError:  # no pending counters
                pass
            loaded = [(b, client.hgetall(_key(f"flushing:{b}"))) for b in found]
    except Unavailable:
        return  # the next round retries; nothing was removed
    for b, raw in loaded:
        yield b, {k.decode(): int(v) for k, v in raw.items()}


def done(batch_id: str) -> None:
    try:
        _call("delete", _key(f"flushing:{batch_id}"))
    except Unavailable:
        pass  # left for the next flush, which will see it was applied
