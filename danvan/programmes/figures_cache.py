"""The dashboard's computed figures, kept per programme, unit and period (decision 0028).

A dashboard shows a period and its 12-period trend; working out a period's results reads every value
of every unit in view (4.4 million values for the nation's 33,000 units over 12 months). Each
period's figures are kept once computed, stamped with:

- the **structure generation**: bumped when anything but a value or a report changes (units, targets,
  indicators, data sets, task groups, milestones…);
- the **period's generation**: bumped when a value or a report of that period changes;
- the **day** they were computed (a milestone becomes overdue with the date).

An entry is fresh while its stamp equals the current one. Generations live in the shared cache; a
missing one is started from the clock, so it never equals a stamp written before it was lost. While
the cache does not answer (``core.failsoft_cache``), every read is a miss: figures are computed as
before, never served stale from a lost generation.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction

from danvan.core.dates import today_in_vietnam

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

VERSION = 2  # bumped when what an entry holds changes shape
STRUCTURE_KEY = "danvan:figures:structure"
TIMEOUT = 60 * 60 * 24 * 7  # a week: an entry not read for that long is dropped


def _period_key(period_id: int) -> str:
    return f"danvan:figures:period:{period_id}"


Stamp = tuple[int, int, str]


def stamps(period_ids: Iterable[int]) -> tuple[dict[int, Stamp], bool]:
    """The current stamp of each period (two cache reads whatever the number of periods), and whether
    the cache keeps them (False while it does not answer: nothing can be kept or found then)."""
    ids = list(period_ids)
    keys = [STRUCTURE_KEY, *(_period_key(pk) for pk in ids)]
    found: dict[str, Any] = cache.get_many(keys)
    kept = True
    missing = {key: time.time_ns() for key in keys if found.get(key) is None}
    if missing:
        for key, value in missing.items():
            cache.add(key, value, timeout=None)
        found.update(
            {key: value for key, value in cache.get_many(list(missing)).items() if value is not None}
        )
        for key, value in missing.items():
            if key not in found:  # the cache does not answer: a generation nothing was stamped with
                found[key] = value
                kept = False
    day = today_in_vietnam().isoformat()
    return {pk: (int(found[STRUCTURE_KEY]), int(found[_period_key(pk)]), day) for pk in ids}, kept


def _bump(keys: list[str]) -> None:
    """Now, and again once the change commits: a request that read the first new generation before
    the commit may have computed from the data as it was, and kept that under it."""

    def run() -> None:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), timeout=None)

    run()
    transaction.on_commit(run)


def structure_changed() -> None:
    """Every kept figure is out of date (after the change commits)."""
    _bump([STRUCTURE_KEY])


def periods_changed(period_ids: Iterable[int]) -> None:
    """The kept figures of these periods are out of date (after the change commits)."""
    keys = sorted({_period_key(pk) for pk in period_ids})
    if keys:
        _bump(keys)


@dataclass
class Entry:
    stamp: Stamp
    computed_at: dt.datetime
    figures: Any


# Two entries per period: the targets' results ("results", small: what a trend reads) and the rest of
# what the period's own page shows ("detail": a row per child unit, the task groups).
RESULTS, DETAIL = "results", "detail"


def _entry_key(programme_id: int, unit_id: int, period_id: int, kind: str) -> str:
    return f"danvan:figures:v{VERSION}:{programme_id}:{unit_id}:{period_id}:{kind}"


def load(programme_id: int, unit_id: int, period_ids: Iterable[int], kind: str) -> dict[int, Entry]:
    """The kept entries of this kind, fresh or not, by period."""
    keys = {_entry_key(programme_id, unit_id, pk, kind): pk for pk in period_ids}
    found = cache.get_many(list(keys))
    return {keys[key]: entry for key, entry in found.items() if isinstance(entry, Entry)}


def store(programme_id: int, unit_id: int, entries: dict[tuple[int, str], Entry]) -> None:
    """Keep entries given by (period, kind)."""
    cache.set_many(
        {_entry_key(programme_id, unit_id, pk, kind): e for (pk, kind), e in entries.items()}, timeout=TIMEOUT
    )


def _refresh_key(programme_id: int, unit_id: int) -> str:
    return f"danvan:figures:refreshing:{programme_id}:{unit_id}"


def claim_refresh(programme_id: int, unit_id: int) -> bool:
    """True for the first caller in 15 minutes (the refresh is then queued once, not per request)."""
    return bool(cache.add(_refresh_key(programme_id, unit_id), 1, timeout=15 * 60))


def release_refresh(programme_id: int, unit_id: int) -> None:
    cache.delete(_refresh_key(programme_id, unit_id))
