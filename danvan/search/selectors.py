"""Reads of the search index: matching, ranking and snippets.

Ranking, the same on every database (``engines`` finds the rows, this module orders them):

1. how many of the query's words and phrases are in the title;
2. the words side by side, as typed, in the title (or else in the lead);
3. how many are in the lead;
4. how many words typed with accents appear with exactly those accents in the title or lead
   ("bán" before "ban");
5. newest first; then the newest document.

Tiers (``engines.TIERS``: every word in the title, then the others) put documents in order of the
first key before any row is read, so a page of results reads only the tiers it needs; within a tier
the keys are computed on at most ``RANK_WINDOW`` documents, the tier's most recently indexed
(decision 0023): the index hands them over in that order and stops. Below ``COUNT_LIMIT`` matches
this changes nothing; beyond it, an older document can rank below a newer one with a weaker key of
the same tier. Counting stops at ``COUNT_LIMIT``: beyond it the count is "more than" and no further
pages are offered (as Elasticsearch's ``track_total_hits`` and ``max_result_window``; 100 pages of
10 is more than anyone reads, and it bounds the work).
"""

import datetime as dt
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Every SQL string below is built from constants and the engines' fragments; all values, the
# reader's words included, are passed as parameters (hence the S608 exemptions).
from danvan.core.text import fold

from .engines import TABLE, TIERS, Engine, Sql, engine
from .models import SearchDocument
from .query import MAX_TERMS, ParsedQuery

COUNT_LIMIT = 1_000
# Documents ranked per tier at most, the most recently indexed; one more than COUNT_LIMIT, so that
# the windows' sizes tell an exact count from "more than".
RANK_WINDOW = COUNT_LIMIT + 1
# PostgreSQL reads a tier's newest matches by ranges of ids (_newest_by_id_ranges): the first range,
# and the margin on the next ones' size (1.5: half as many more ids as the density seen predicts).
FIRST_ID_RANGE = 16 * RANK_WINDOW
ID_RANGE_MARGIN = 1.5
# A tier whose every range costs a long index read (PostgreSQL's body words) sizes its first range
# by the planner's estimate of its matches, within these bounds (times FIRST_ID_RANGE).
ESTIMATED_FIRST_RANGE_MAX = 4
SNIPPET_CHARS = 220
SUGGEST_MIN_PREFIX = 2
SUGGEST_WINDOW = 1_000
# What a hit shows (title, link, kind, date, snippet), not the other stored forms of the text.
LINK_FIELDS = ("url", "page__url_path")  # _url: a page's own URL comes from its tree path
HIT_FIELDS = ("title", "kind", "date", "lead", "body", "folded_lead", "folded_body", *LINK_FIELDS)
NEWEST_FIRST = "CASE WHEN d.date IS NULL THEN 1 ELSE 0 END, d.date DESC, d.id DESC"


@dataclass
class SearchHit:
    title: str
    url: str
    kind: str
    kind_label: str
    date: dt.datetime | None
    snippet: SafeString


@dataclass
class SearchResults:
    count: int
    hits: list[SearchHit]
    count_exact: bool = True


@lru_cache(maxsize=1024)  # compiled once per query word, not once per candidate row
def _word_pattern(folded_words: str) -> re.Pattern[str]:
    return re.compile(
        r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in folded_words.split()) + r"(?![^\W_])"
    )


def _local_midnight(day: dt.date) -> object:
    """The start of ``day`` in Asia/Ho_Chi_Minh, as the database stores datetimes (SQLite: UTC text)."""
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return connection.ops.adapt_datetimefield_value(moment)


def _filters(
    *,
    root_path: str,
    kind: str | None,
    category_id: int | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> Sql:
    # This site's pages (tree paths are [0-9A-Z] only), and the items every site shares (the document
    # library, the published answers to citizens, the recognised “Dân vận khéo” models).
    conditions: list[str] = ["(d.path LIKE %s OR d.kind IN ('document', 'answer', 'skilful_model'))"]
    params: list[object] = [root_path + "%"]
    if kind:
        conditions.append("d.kind = %s")
        params.append(kind)
    if category_id:
        conditions.append("d.category_id = %s")
        params.append(category_id)
    dated = _dates(date_from, date_to)
    if dated.sql:
        conditions.append(dated.sql)
        params.extend(dated.params)
    return Sql(" AND ".join(conditions), tuple(params))


def _dates(date_from: dt.date | None, date_to: dt.date | None) -> Sql:
    """The date filters' condition (empty without them): whole days in Viet Nam."""
    conditions: list[str] = []
    params: list[object] = []
    if date_from:
        conditions.append("d.date >= %s")
        params.append(_local_midnight(date_from))
    if date_to:
        conditions.append("d.date < %s")
        params.append(_local_midnight(date_to + dt.timedelta(days=1)))
    return Sql(" AND ".join(conditions), tuple(params))


def _ordering(eng: Engine, query: ParsedQuery, units: list[str]) -> Sql:
    def hits(column: str) -> Sql:
        tests = [eng.contains(column, f" {unit} ") for unit in units]
        return Sql(
            " + ".join(f"(CASE WHEN {t.sql} THEN 1 ELSE 0 END)" for t in tests),
            tuple(p for t in tests for p in t.params),
        )

    keys = [Sql(hits("folded_title").sql + " DESC", hits("folded_title").params)]
    if query.implicit_phrase:
        needle = f" {query.implicit_phrase} "
        title, lead = eng.contains("folded_title", needle), eng.contains("folded_lead", needle)
        keys.append(
            Sql(
                f"(CASE WHEN {title.sql} THEN 2 WHEN {lead.sql} THEN 1 ELSE 0 END) DESC",
                title.params + lead.params,
            )
        )
    keys.append(Sql(hits("folded_lead").sql + " DESC", hits("folded_lead").params))
    accented = list(dict.fromkeys(w for w in query.accented if w != fold(w)))[:MAX_TERMS]
    if accented:
        tests = [
            (eng.contains("exact_title", f" {w} "), eng.contains("exact_lead", f" {w} ")) for w in accented
        ]
        keys.append(
            Sql(
                " + ".join(f"(CASE WHEN {t.sql} OR {le.sql} THEN 1 ELSE 0 END)" for t, le in tests) + " DESC",
                tuple(p for t, le in tests for p in t.params + le.params),
            )
        )
    keys.append(Sql(NEWEST_FIRST))
    return Sql(", ".join(k.sql for k in keys), tuple(p for k in keys for p in k.params))


@contextmanager
def _session(eng: Engine, purpose: Literal["search", "suggest"]) -> Iterator[Any]:
    """A cursor; inside a transaction only when the engine has settings to make for it.

    (On SQLite a transaction would be a needless write lock: the project opens them IMMEDIATE.)
    """
    statements = eng.session_settings(purpose)
    with transaction.atomic() if statements else nullcontext(), connection.cursor() as cursor:
        if statements:  # one round trip
            cursor.execute("; ".join(statements))
        yield cursor


def _id_range(cursor: Any, dated: Sql) -> tuple[int, int] | None:
    """The smallest and largest id among the documents of the date filters (None: there are none).

    A condition every matching document meets anyway; the indexes, which hand documents over by id,
    then skip the ids outside it instead of testing each of their rows' dates — ids follow
    publishing, so a range of years is a narrow range of ids.
    """
    cursor.execute(f"SELECT MIN(d.id), MAX(d.id) FROM {TABLE} d WHERE {dated.sql}", dated.params)  # noqa: S608 - constants and bound dates
    low, high = cursor.fetchone()
    return None if low is None else (int(low), int(high))


def _newest_by_id_ranges(cursor: Any, matches: Sql, top: int, first: int | None = None) -> list[int]:
    """The ``RANK_WINDOW`` largest ids among ``matches`` (``SELECT d.id FROM … WHERE …``), read by
    ranges of ids from the newest down, so that the database visits the rows of the first matches
    only (decision 0029).

    PostgreSQL's GIN index hands over every match of a word, in no useful order: finding the newest
    1,001 of "nong thon moi" (23,000 bodies) visited the table block of all 23,000. Given a range
    of ids too, the planner ANDs the index's bitmap with the primary key's and visits the matches in
    the range alone. The first range is ``first`` ids (``FIRST_ID_RANGE``); each next one, below the last, is
    sized by the density of matches seen so far (with a margin) to complete the window, and the
    last has no lower bound. The ranges do not overlap and go down, so the answer is exactly the
    newest ``RANK_WINDOW`` — the same as one ORDER BY id DESC LIMIT over every match.
    """
    found: list[int] = []
    high, width = top, first or FIRST_ID_RANGE
    while True:
        low = high - width
        bound: tuple[str, tuple[int, ...]] = (
            ("d.id > %s AND d.id <= %s", (low, high)) if low > 0 else ("d.id <= %s", (high,))
        )
        cursor.execute(
            f"{matches.sql} AND {bound[0]} ORDER BY d.id DESC LIMIT %s",
            (*matches.params, *bound[1], RANK_WINDOW - len(found)),
        )
        found += [row[0] for row in cursor.fetchall()]
        if len(found) >= RANK_WINDOW or low <= 0:
            return found
        covered = top - low
        # Where the matches seen so far say the window would be complete; none seen: much further.
        reach = (RANK_WINDOW - len(found)) * covered / len(found) * ID_RANGE_MARGIN if found else covered * 16
        high, width = low, max(width, math.ceil(reach))


def _first_id_range(cursor: Any, eng: Engine, number: int, matches: Sql, top: int) -> int:
    """``FIRST_ID_RANGE``, or for a tier the engine estimates, the range where the estimated
    density of matches puts the window (with the margin), within ``ESTIMATED_FIRST_RANGE_MAX``
    times that: one long index read instead of two when the estimate is right, a bounded range of
    rows visited when it is not."""
    estimate = eng.estimated_matches(cursor, number, matches)
    if estimate is None:
        return FIRST_ID_RANGE
    reach = math.ceil(top * RANK_WINDOW * ID_RANGE_MARGIN / max(estimate, 1))
    return min(max(reach, FIRST_ID_RANGE), ESTIMATED_FIRST_RANGE_MAX * FIRST_ID_RANGE)


def _ranked_ids(
    cursor: Any,
    eng: Engine,
    units: list[str],
    base: Sql,
    ordering: Sql,
    *,
    offset: int,
    limit: int,
    ids_between: tuple[int, int] | None = None,
) -> tuple[int, list[int]]:
    """The number of matches (up to ``COUNT_LIMIT + 1``) and one page of document ids, reading the
    tiers in order.

    Each tier ranks at most its ``RANK_WINDOW`` most recently indexed documents that pass the
    filters: the index hands them over in that order and stops, where ranking all of a common
    word's tier ("dân vận" in 19,000 titles of 250,000) read every one of those rows. The windows'
    sizes are the count: a tier is read for it even when the page is full, unless the tiers before
    already hold more than ``COUNT_LIMIT`` (no separate COUNT over the whole index).
    """
    total = 0
    ids: list[int] = []
    skip, need = offset, limit
    top = 0
    if eng.reads_by_id_ranges:  # read first: a tier's settings may turn off the index scan it needs
        cursor.execute(f"SELECT MAX(id) FROM {TABLE}")  # noqa: S608 - a constant
        top = int(cursor.fetchone()[0] or 0)
    for number in TIERS:
        if total > COUNT_LIMIT:
            break
        source = eng.tier(units, number)
        column = eng.id_column(number)
        if ids_between and column:
            source = Sql(f"{source.sql} AND {column} BETWEEN %s AND %s", (*source.params, *ids_between))
        for statement in eng.tier_settings(number):
            cursor.execute(statement)
        window = (
            f"SELECT d.id FROM {source.sql} AND {base.sql} "  # noqa: S608 - fragments are the engine's SQL, words are bound parameters
            f"ORDER BY {eng.newest_first(number)} LIMIT %s"
        )
        window_params = (*source.params, *base.params, RANK_WINDOW)
        if need == 0:  # the page is full: only the tier's size is wanted, in whatever order
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {source.sql} AND {base.sql} LIMIT %s) AS window_ids",  # noqa: S608 - as above
                window_params,
            )
            total += int(cursor.fetchone()[0])
            continue
        if eng.reads_by_id_ranges:
            matches = Sql(f"SELECT d.id FROM {source.sql} AND {base.sql}", source.params + base.params)  # noqa: S608 - as above
            newest = _newest_by_id_ranges(
                cursor, matches, top, _first_id_range(cursor, eng, number, matches, top)
            )
            if not newest:
                continue
            among = eng.id_in(newest)
            cursor.execute(
                f"SELECT d.id, %s FROM {TABLE} d WHERE {among.sql} "  # noqa: S608 - constants and the engine's SQL
                f"ORDER BY {ordering.sql} LIMIT %s",
                (len(newest), *among.params, *ordering.params, skip + need),
            )
        else:
            cursor.execute(
                f"SELECT d.id, COUNT(*) OVER () FROM ({window}) AS window_ids "  # noqa: S608 - as above
                f"JOIN {TABLE} d ON d.id = window_ids.id ORDER BY {ordering.sql} LIMIT %s",
                (*window_params, *ordering.params, skip + need),
            )
        fetched = cursor.fetchall()
        total += int(fetched[0][1]) if fetched else 0
        rows = [row[0] for row in fetched]
        if len(rows) <= skip:  # the whole tier lies before this page
            skip -= len(rows)
            continue
        taken = rows[skip : skip + need]
        ids.extend(taken)
        need -= len(taken)
        skip = 0
    return total, ids


def search(
    query: ParsedQuery,
    *,
    root_path: str,
    kind: str | None = None,
    category_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    offset: int = 0,
    limit: int = 10,
) -> SearchResults:
    if query.empty:
        return SearchResults(count=0, hits=[])
    eng = engine()
    units = [*query.terms, *query.phrases]
    base = _filters(
        root_path=root_path, kind=kind, category_id=category_id, date_from=date_from, date_to=date_to
    )
    ordering = _ordering(eng, query, units)
    with _session(eng, "search") as cursor:
        ids_between = None
        dated = _dates(date_from, date_to)
        if dated.sql and all(eng.id_column(number) for number in TIERS):
            ids_between = _id_range(cursor, dated)
            if ids_between is None:  # nothing at all in those days
                return SearchResults(count=0, hits=[])
        count, ids = _ranked_ids(
            cursor, eng, units, base, ordering, offset=offset, limit=limit, ids_between=ids_between
        )
    documents = SearchDocument.objects.select_related("page").only(*HIT_FIELDS).in_bulk(ids)
    hits = [_hit(documents[i], query) for i in ids if i in documents]
    return SearchResults(count=min(count, COUNT_LIMIT), hits=hits, count_exact=count <= COUNT_LIMIT)


def _hit(doc: SearchDocument, query: ParsedQuery) -> SearchHit:
    return SearchHit(
        title=doc.title,
        url=_url(doc),
        kind=doc.kind,
        kind_label=str(SearchDocument.Kind(doc.kind).label),
        date=doc.date,
        snippet=snippet(_snippet_source(doc, query), query),
    )


def snippet(text: str, query: ParsedQuery, *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of the original text around the first match, matched words in <mark>."""
    folded = fold(text)  # same length as text, so positions carry over (folded once per hit)
    spans: list[tuple[int, int]] = []
    for unit in [*query.phrases, *query.terms]:
        spans += [m.span() for m in _word_pattern(unit).finditer(folded)]
    spans = _merge_adjacent(sorted(spans), text)
    focus = _word_pattern(query.implicit_phrase).search(folded) if query.implicit_phrase else None
    anchor = focus.start() if focus else (spans[0][0] if spans else 0)
    start = max(0, anchor - length // 3)
    end = min(len(text), start + length)
    if start > 0:
        start = text.rfind(" ", 0, start) + 1
    pieces: list[str] = []
    cursor = start
    for a, b in spans:
        if a < cursor or b > end:
            continue
        pieces.append(escape(text[cursor:a]))
        pieces.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    pieces.append(escape(text[cursor:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped above


def _merge_adjacent(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Join overlapping spans and those separated only by spaces: one <mark> for "Đồng Nai"."""
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and (a <= merged[-1][1] or not text[merged[-1][1] : a].strip()):
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _snippet_source(doc: SearchDocument, query: ParsedQuery) -> str:
    """The lead or body text to quote: where the words appear together, else where any appears.

    Decided on the stored word strings (``folded_lead``, ``folded_body``: the words of the folded
    text between single spaces, so " dan van " is in them exactly where ``_word_pattern`` finds the
    words in the folded text), so that only the text quoted is folded — once, by ``snippet``.
    """
    fields = ((doc.lead, doc.folded_lead), (doc.body, doc.folded_body))
    if query.implicit_phrase:
        needle = f" {query.implicit_phrase} "
        for text, words in fields:
            if needle in words:
                return text
    units = [*query.phrases, *query.terms]
    for text, words in fields:
        if any(f" {unit} " in words for unit in units):
            return text
    return doc.lead or doc.body or doc.title


def suggest(query: ParsedQuery, *, root_path: str, limit: int = 8) -> list[dict[str, Any]]:
    """Titles with every typed word, the last one possibly unfinished (a prefix); newest first.

    The newest ``SUGGEST_WINDOW`` documents are read first, by the date index, testing each title's
    stored words: a short prefix ("da", "kh") matches most titles, and asking the full-text index
    for all of them to keep the newest 8 was what cost the time. When the window holds ``limit``
    suggestions they are exactly the newest (everything outside it is older); otherwise the words
    are rare among recent titles, and the full-text index, whose answer is then short, finds them.
    """
    words = query.all_words
    if not words or (len(words) == 1 and len(words[0]) < SUGGEST_MIN_PREFIX):
        return []  # one letter alone would match nearly every title
    eng = engine()
    *whole, last = words
    base = _filters(root_path=root_path, kind=None, category_id=None, date_from=None, date_to=None)
    with _session(eng, "suggest") as cursor:
        ids = _recent_suggestions(cursor, eng, whole, last, base, limit)
        if len(ids) < limit:
            source = eng.title_prefix(whole, last)
            cursor.execute(
                f"SELECT d.id FROM {source.sql} AND {base.sql} "  # noqa: S608 - fragments are the engine's SQL, words are bound parameters
                f"ORDER BY {NEWEST_FIRST} LIMIT %s",
                (*source.params, *base.params, limit),
            )
            ids = [row[0] for row in cursor.fetchall()]
    documents = SearchDocument.objects.select_related("page").only("title", *LINK_FIELDS).in_bulk(ids)
    return [{"title": documents[i].title, "url": _url(documents[i])} for i in ids if i in documents]


def _recent_suggestions(
    cursor: Any, eng: Engine, whole: list[str], last: str, base: Sql, limit: int
) -> list[int]:
    """Suggestions among the newest ``SUGGEST_WINDOW`` dated documents (fewer than ``limit``: unsure)."""
    tests = [eng.contains("folded_title", f" {word} ") for word in whole]
    tests.append(eng.contains("folded_title", f" {last}"))  # a word that begins with the prefix
    title = Sql(" AND ".join(t.sql for t in tests), tuple(p for t in tests for p in t.params))
    cursor.execute(
        f"SELECT d.id FROM (SELECT w.id, w.date, w.path, w.kind, w.folded_title FROM {TABLE} w "  # noqa: S608 - constants and the engine's SQL, words are bound parameters
        "WHERE w.date IS NOT NULL ORDER BY w.date DESC, w.id DESC LIMIT %s) d "
        f"WHERE {title.sql} AND {base.sql} ORDER BY d.date DESC, d.id DESC LIMIT %s",
        (SUGGEST_WINDOW, *title.params, *base.params, limit),
    )
    return [row[0] for row in cursor.fetchall()]


def _url(doc: SearchDocument) -> str:
    if doc.page is not None:
        return doc.page.url or ""
    return doc.url or ""
