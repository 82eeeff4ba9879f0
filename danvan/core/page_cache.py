"""The shared cache of anonymous pages.

Anonymous pages are identical for every visitor (theme, date and counter are applied in the
browser), so one rendered copy per URL serves everybody. Any publishing change bumps a
generation number, which retires every cached copy at once on every worker.

While the cache does not answer (``core.failsoft_cache``), every read here is a miss: pages are
served uncached, and an ``invalidate`` made meanwhile is lost — so when the cache answers again, this
process retires every copy the cache may still hold from before the outage.
"""

import hashlib
import time

from django.core.cache import cache

from . import failsoft_cache, frontcache

GENERATION_KEY = "danvan:pagecache:generation"


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = time.time_ns()
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY, value)
    return int(value)


def invalidate() -> None:
    """Retire every cached page here and at the front caches."""
    invalidate_here()
    frontcache.purge_all()


def invalidate_here() -> None:
    """Retire every copy in this cache only (a page's own change bans its copies at the front by tag)."""
    cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


failsoft_cache.after_outage(invalidate_here)


def key_for(host: str, full_path: str) -> str:
    # Hashed: URLs may be long or contain characters some cache backends refuse in keys.
    digest = hashlib.sha256(f"{host}\n{full_path}".encode()).hexdigest()
    return f"danvan:page:{generation()}:{digest}"
