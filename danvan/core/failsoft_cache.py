"""The shared cache as a helper, never a single point of failure (issue 17, decision 0022).

``FailSoftRedisCache`` is Django's Redis backend with every operation guarded: when Redis does not
answer (refused, timed out, loading, out of memory…) the operation answers as if the key were
missing — ``get`` gives the default, ``add`` False, ``incr`` Django's own "key not found" ValueError,
writes do nothing — so the page cache, Wagtail's lookups and the rate limits carry on uncached and
no caller needs a ``try``. A failure opens a short pause (``RETRY_AFTER_S``) in which Redis is not
asked at all, so a dead or unreachable Redis costs nothing per request; the first operation after
the pause tries again. A warning is logged at most once every ``WARN_EVERY_S`` seconds per process,
and once when the cache answers again.

While Redis was unreachable, writes were lost — among them the page cache's "everything changed"
(``page_cache.invalidate``). Functions given to ``after_outage`` run when this process sees the
cache answer again (the page cache retires every copy it may still hold from before).
"""

import logging
import re
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis import RedisError

logger = logging.getLogger(__name__)

RETRY_AFTER_S = 2.0  # after a failure, answer "miss" without asking Redis for this long
WARN_EVERY_S = 60.0  # at most one warning per process in this time while the cache fails

_after_outage: list[Callable[[], object]] = []


def after_outage(function: Callable[[], object]) -> None:
    """Run ``function`` (in this process) when the cache answers again after failing."""
    if function not in _after_outage:
        _after_outage.append(function)


class _Health:
    """One process's view of one cache server: shared by the backend objects of all threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.warned_at: float | None = None

    def skipping(self) -> bool:
        return time.monotonic() < self.retry_at

    def failed(self, location: str, exc: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + RETRY_AFTER_S
            warn = self.warned_at is None or now - self.warned_at >= WARN_EVERY_S
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "Cache %s unavailable (%s): pages served uncached, counts go to the database", location, exc
            )

    def answered(self, location: str) -> None:
        with self.lock:
            if self.down_since is None:
                return
            down_for = time.monotonic() - self.down_since
            self.down_since = None
            self.warned_at = None
        logger.warning("Cache %s answers again after %.1f s", location, down_for)
        for function in list(_after_outage):
            try:
                function()
            except Exception:  # one hook's failure must not fail the request that noticed
                logger.exception("After the cache outage: %r failed", function)


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def health(location: str) -> _Health:
    state = _health.get(location)  # every cache operation asks: no lock once it exists
    if state is None:
        with _health_lock:
            state = _health.setdefault(location, _Health())
    return state


def _shown(server: str) -> str:
    """The servers as logged: without a password (redis://:secret@host:6379/0 → redis://host:6379/0)."""
    shown = []
    for url in re.split("[;,]", server):
        parts = urlsplit(url)
        host = parts.hostname or ""
        netloc = f"[{host}]" if ":" in host else host
        shown.append(urlunsplit(parts._replace(netloc=f"{netloc}:{parts.port}" if parts.port else netloc)))
    return ",".join(shown)


def reset() -> None:
    """Forget every outage (tests)."""
    with _health_lock:
        _health.clear()


class FailSoftRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = _shown(server if isinstance(server, str) else ",".join(server))

    def _guarded(self, fallback: Any, operation: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        state = health(self._location)
        if state.skipping():
            return fallback
        try:
            if state.down_since is not None:
                # Back? A PING first, then the after-outage functions, then the operation: a page read
                # now must not be the copy an invalidation lost during the outage should have retired.
                self._cache.get_client(None, write=True).ping()
                state.answered(self._location)
            return operation(*args, **kwargs)
        except RedisError as exc:
            state.failed(self._location, exc)
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys: Any, version: int | None = None) -> Any:
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key: Any, version: int | None = None) -> Any:
        return self._guarded(False, super().has_key, key, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> Any:
        return self._guarded(False, super().add, key, value, timeout, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> Any:
        return self._guarded(list(data), super().set_many, data, timeout, version)  # the keys not stored

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> Any:
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key: Any, version: int | None = None) -> Any:
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._guarded(None, super().delete_many, keys, version)

    def clear(self) -> Any:
        return self._guarded(False, super().clear)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        missing = object()
        result = self._guarded(missing, super().incr, key, delta, version)
        if result is missing:  # every key is missing while the cache is away: Django's answer for one
            raise ValueError(f"Key '{key}' not found (cache unavailable).")
        return result
