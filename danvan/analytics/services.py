"""Counting page views and visits. Every write is one atomic upsert; nothing is read then written."""

import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from danvan.core.dates import today_in_vietnam

from . import buffer
from .models import DailySalt, FlushedBatch, VisitorState

try:
    import fcntl
except ImportError:  # not on POSIX: SQLite's own waiting only
    fcntl = None  # type: ignore[assignment]  # the module is absent here, so the name holds None

VISIT_GAP = dt.timedelta(minutes=30)
KEEP_VISITOR_KEYS = dt.timedelta(hours=48)
DIRECT = "(trực tiếp)"
INTERNAL = "(từ chính trang này)"


@dataclass(frozen=True)
class Hit:
    path: str
    ip: str
    user_agent: str
    referrer: str = ""  # the page's document.referrer, as the browser gave it
    host: str = ""  # this site's host, so that moving between its pages is not a referral
    device: str = "desktop"


_salts: dict[dt.date, str] = {}  # this process's copy; a day's salt never changes once made


def _salt(day: dt.date) -> str:
    if day in _salts:
        return _salts[day]
    salt = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if salt is None:
        DailySalt.objects.get_or_create(day=day, defaults={"salt": secrets.token_hex(32)})
        salt = DailySalt.objects.values_list("salt", flat=True).get(day=day)
    if len(_salts) > 4:
        _salts.clear()
    _salts[day] = salt
    return salt


def visitor_key(ip: str, user_agent: str, day: dt.date) -> str:
    return hashlib.sha256(f"{_salt(day)}|{ip}|{user_agent}".encode()).hexdigest()


def referrer_domain(referrer: str, host: str) -> str | None:
    """The referring site's domain; None when the visitor came from this site itself."""
    try:
        domain = (urlsplit(referrer).hostname or "").lower()
    except ValueError:
        domain = ""
    if not domain:
        return DIRECT
    if domain == host.split(":")[0].lower():
        return None
    return domain.removeprefix("www.")[:200]


def _upsert(table: str, keys: dict[str, object], counts: dict[str, int]) -> None:
    columns = [*keys, *counts]
    updates = ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in counts)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "  # noqa: S608 - table and columns are constants, values bound
            f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}",
            [*keys.values(), *counts.values()],  # type: ignore[list-item]  # dates, strings, ints
        )


class RateLimited(Exception):
    """More than DANVAN_HITS_PER_MINUTE beacons from one visitor in a minute: nothing is counted."""


def _touch_visitor(key: str, day: dt.date, now: dt.datetime) -> tuple[bool, bool]:
    """(a new visit, a new visitor today), decided by one upsert, so two tabs cannot both win.

    The same statement keeps the visitor's count of this minute's beacons: over the limit, the
    caller's transaction is rolled back (nothing counted, the minute's count stays at the limit).
    """
    adapt = connection.ops.adapt_datetimefield_value
    table = VisitorState._meta.db_table
    minute = int(now.timestamp()) // 60
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (digest, day, last_seen, hits_in_visit, hits_today, minute, minute_hits) "  # noqa: S608 - the table name is the model's, values bound
            "VALUES (%s, %s, %s, 1, 1, %s, 1) ON CONFLICT (digest) DO UPDATE SET "
            f"hits_in_visit = CASE WHEN {table}.last_seen < %s THEN 1 ELSE {table}.hits_in_visit + 1 END, "
            f"hits_today = {table}.hits_today + 1, last_seen = excluded.last_seen, "
            f"minute_hits = CASE WHEN {table}.minute = excluded.minute THEN {table}.minute_hits + 1 ELSE 1 END, "
            "minute = excluded.minute "
            "RETURNING hits_in_visit, hits_today, minute_hits",
            [key, day, adapt(now), minute, adapt(now - VISIT_GAP)],
        )
        hits_in_visit, hits_today, minute_hits = cursor.fetchone()
    if minute_hits > settings.DANVAN_HITS_PER_MINUTE:
        raise RateLimited
    return hits_in_visit == 1, hits_today == 1


SEP = "\x1f"  # between the parts of a buffered counter's name; clean_path refuses control characters


def _increments(hit: Hit, day: dt.date, new_visit: bool, new_visitor: bool) -> dict[str, int]:
    """What one page view adds, as named counters: t|day|field, p|day|path, b|day|dimension|value."""
    d = day.isoformat()
    counts = {
        SEP.join(("t", d, "page_views")): 1,
        SEP.join(("t", d, "visits")): int(new_visit),
        SEP.join(("t", d, "visitors")): int(new_visitor),
        SEP.join(("p", d, hit.path)): 1,
    }
    if new_visit:
        source = referrer_domain(hit.referrer, hit.host) or INTERNAL
        counts[SEP.join(("b", d, "referrer", source))] = 1
        counts[SEP.join(("b", d, "device", hit.device))] = 1
    return {name: n for name, n in counts.items() if n or name.startswith("t" + SEP)}


def _apply(counts: dict[str, int]) -> None:
    """Add named counters to the daily tables (inside the caller's transaction)."""
    totals: dict[str, dict[str, int]] = {}
    for name, n in sorted(counts.items()):
        kind, day, *rest = name.split(SEP)
        if kind == "t":  # the three columns together: an inserted row needs all of them
            totals.setdefault(day, {"page_views": 0, "visits": 0, "visitors": 0})[rest[0]] += n
        elif kind == "p":
            _upsert("analytics_dailypageviews", {"day": day, "path": rest[0]}, {"views": n})
        elif kind == "b":
            _upsert(
                "analytics_dailybreakdown",
                {"day": day, "dimension": rest[0], "value": rest[1]},
                {"visits": n},
            )
    for day, fields in totals.items():
        _upsert("analytics_dailytotals", {"day": day}, fields)


def record_hit(hit: Hit, *, now: dt.datetime | None = None) -> bool:
    """Count one page view; returns whether it started a new visit. Raises RateLimited.

    With Redis (``buffer.enabled()``) the counters go to Redis and ``flush_buffer`` moves them to
    the database on a schedule; when Redis does not answer, straight to the database.
    """
    now = now or timezone.now()
    day = today_in_vietnam(now)
    digest = visitor_key(hit.ip, hit.user_agent, day)
    if buffer.enabled():
        try:
            new_visit, new_visitor, minute_hits = buffer.touch_visitor(digest, now, VISIT_GAP)
            if minute_hits > settings.DANVAN_HITS_PER_MINUTE:
                raise RateLimited
            buffer.add(_increments(hit, day, new_visit, new_visitor))
            return new_visit
        except buffer.Unavailable:  # logged by the buffer, once per pause
            pass
    with _writers_queue(), transaction.atomic():
        new_visit, new_visitor = _touch_visitor(digest, day, now)
        _apply(_increments(hit, day, new_visit, new_visitor))
    return new_visit


_lock_file: dict[
    int, int
] = {}  # pid → descriptor: a forked worker must open its own (flock is per open file)


@contextmanager
def _writers_queue() -> Iterator[None]:
    """On SQLite, beacons from all workers take turns on a file lock before writing.

    SQLite lets one writer in at a time and makes the others sleep and retry in steps of 1, 2, 5,
    10 … ms, which made the slowest beacons wait 30-40 ms under load; waiting on a file lock, a
    worker wakes the moment the one before it is done.
    """
    if connection.vendor != "sqlite" or fcntl is None:
        yield
        return
    pid = os.getpid()
    if pid not in _lock_file:
        _lock_file.clear()
        _lock_file[pid] = os.open(settings.VAR_DIR / "analytics-writers.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fd = _lock_file[pid]
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def flush_buffer() -> int:
    """Move the counters buffered in Redis into the database; returns how many were applied.

    Each batch is renamed away from the live key first, applied in one transaction that also
    records the batch's id, then deleted: a crash before the commit leaves the batch for the next
    flush, a crash after it leaves an id that says "already applied". Nothing is lost or doubled.
    """
    applied = 0
    for batch_id, counts in buffer.batches():
        with transaction.atomic():
            _batch, created = FlushedBatch.objects.get_or_create(batch_id=batch_id)
            if created:
                _apply(counts)
                applied += len(counts)
        buffer.done(batch_id)
    return applied


def forget_old_visitors(*, now: dt.datetime | None = None) -> int:
    """Delete visitor keys and salts older than 48 hours (the scheduler calls this)."""
    now = now or timezone.now()
    deleted, _ = VisitorState.objects.filter(last_seen__lt=now - KEEP_VISITOR_KEYS).delete()
    DailySalt.objects.filter(day__lt=today_in_vietnam(now) - dt.timedelta(days=2)).delete()
    FlushedBatch.objects.filter(flushed_at__lt=now - KEEP_VISITOR_KEYS).delete()
    return deleted
