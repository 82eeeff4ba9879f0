"""Reads on citizens' cases (issue 15). Sections as in services.py: clocks · intake (public lookup) ·
handling (staff lists) · board, answers and dialogue."""

# ─── clocks (helper "clocks") ────────────────────────────────────────────────────────────────────
# The clocks' reads live in clocks.py; these are the doors the other parts call (docs/parts/clocks.md).
import datetime as dt
from collections.abc import Iterable, Sequence

from . import clocks


def case_deadlines(case_id: int, today: dt.date) -> list[clocks.DeadlineView]:
    """Every deadline of one case (open and finished) with its rule, dates and words, for its page."""
    return clocks.deadline_views([case_id], today)


def next_clocks(case_ids: Iterable[int], today: dt.date) -> dict[int, clocks.ClockStatus]:
    """For a page of cases: each case's earliest open deadline as days left and words ("Còn 3 ngày
    làm việc", "Hết hạn hôm nay", "Quá hạn 2 ngày"), in a fixed number of queries."""
    return clocks.next_clocks(case_ids, today)


def clock_statuses(items: Sequence[tuple[dt.date, str]], today: dt.date) -> list[clocks.ClockStatus]:
    """Days left and words for many (due_on, rule unit) pairs on one calendar."""
    return clocks.clock_statuses(items, today)


# ─── intake (helper "intake") ────────────────────────────────────────────────────────────────────


# ─── handling (helper "handling") ────────────────────────────────────────────────────────────────


# ─── board, answers and dialogue (helper "board") ────────────────────────────────────────────────
