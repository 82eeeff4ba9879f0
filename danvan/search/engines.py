"""The database-specific half of search: which rows contain the words, in each database's own index.

Both engines answer the same questions with the same meaning, so results are identical:

- ``tier(units, n)``: the matching documents split into two ranking tiers that do not overlap —
  1 every unit in the title; 2 the others (some or none in the title, the rest in the lead or body).
  Each is one indexed lookup that the index can hand over most recently indexed first, so a page
  of results reads only the tiers it needs, and only a bounded part of each (``newest_first``).
- ``title_prefix(words, prefix)``: titles with every word and a word starting with ``prefix``.

Units contain letters and digits only (``query.parse``), so nothing a reader types can reach the
database's query syntax: each word is still quoted, and passed as a parameter.
"""

import json
from dataclasses import dataclass
from typing import Any, Literal

from django.db import connection

TABLE = "danvan_search_searchdocument"
FTS = "danvan_search_fts"
Mode = Literal["all", "any"]


@dataclass(frozen=True)
class Sql:
    sql: str
    params: tuple[object, ...] = ()

    def __and__(self, other: "Sql") -> "Sql":
        return Sql(f"({self.sql}) AND ({other.sql})", self.params + other.params)

    def __invert__(self) -> "Sql":
        return Sql(f"NOT ({self.sql})", self.params)


TIERS = (1, 2)


class Engine:
    """Each method returns the FROM and WHERE of a query over documents aliased ``d``."""

    #: Whether a tier's newest matches are read by ranges of ids (``selectors._newest_by_id_ranges``)
    #: rather than by one ORDER BY id DESC LIMIT that the index itself stops early.
    reads_by_id_ranges = False

    #: SQL function giving the 1-based position of a substring (0 when absent).
    position_function = "instr"

    def tier(self, units: list[str], number: int) -> Sql:
        raise NotImplementedError

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        raise NotImplementedError

    def newest_first(self, number: int) -> str:
        """ORDER BY for a tier's most recently indexed documents (largest id first), in the order its
        index gives them, so that taking the first N stops early instead of reading every match."""
        return "d.id DESC"

    def id_column(self, number: int) -> str | None:
        """The document id as the tier's index can narrow it to a range (None: a range would not
        help the index and could lead the planner astray)."""
        return "d.id"

    def id_in(self, ids: list[int]) -> Sql:
        """``d.id`` is one of ``ids``."""
        return Sql(f"d.id IN ({', '.join(['%s'] * len(ids))})", tuple(ids))

    def estimated_matches(self, cursor: Any, number: int, matches: Sql) -> int | None:
        """The planner's estimate of a tier's matches, for the tiers where it sizes the first range of
        ids (None: not estimated; ``selectors._first_id_range``)."""
        return None

    def contains(self, column: str, needle: str) -> Sql:
        """``needle`` (" dan van ") within a stored word string: the same test on every database."""
        return Sql(f"{self.position_function}(d.{column}, %s) > 0", (needle,))

    def session_settings(self, purpose: Literal["search", "suggest"]) -> list[str]:
        """Statements to run first, inside the same transaction (empty: no transaction needed)."""
        return []

    def tier_settings(self, number: int) -> list[str]:
        """Statements to run before reading a tier, in the session's transaction."""
        return []


class SqliteEngine(Engine):
    """FTS5 tables (migration 0002) drive the query: their rowid is the document id."""

    TITLE_FTS = f"{FTS}_title"

    @staticmethod
    def _phrase(unit: str) -> str:
        return '"' + unit.replace('"', "") + '"'

    def _join(self, units: list[str], mode: Mode) -> str:
        return "(" + f" {'AND' if mode == 'all' else 'OR'} ".join(self._phrase(u) for u in units) + ")"

    @staticmethod
    def _from(table: str, expression: str) -> Sql:
        return Sql(f"{table} JOIN {TABLE} d ON d.id = {table}.rowid WHERE {table} MATCH %s", (expression,))

    def tier(self, units: list[str], number: int) -> Sql:
        every = self._join(units, "all")
        if number == 1:  # the titles' own index: short lists
            return self._from(self.TITLE_FTS, every)
        # Rows with every word but not all of them in the title: a dense part of the matches, which
        # FTS5 streams and stops early. (Splitting it by title and lead, as before, meant testing
        # every match's positions to find the few with some words in the title.)
        return self._from(FTS, f"{every} NOT folded_title : {every}")

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        parts = [self._phrase(w) for w in words] + [self._phrase(prefix) + "*"]
        return self._from(self.TITLE_FTS, " AND ".join(parts))

    def newest_first(self, number: int) -> str:
        # FTS5 walks its lists by rowid (= d.id), backwards when asked: the planner only sees that
        # through the FTS table's own rowid.
        return f"{self.id_column(number)} DESC"

    def id_column(self, number: int) -> str:
        return f"{self.TITLE_FTS if number == 1 else FTS}.rowid"  # FTS5 seeks to a rowid range


class PostgresEngine(Engine):
    """Generated ``tsvector`` columns with the ``vi_unaccent`` configuration and GIN indexes."""

    position_function = "strpos"
    CONFIG = "vi_unaccent"
    # GIN hands over every match unordered: the newest 1,001 of a common word meant visiting the
    # table row of each match; by ranges of ids, the planner ANDs the GIN bitmap with the primary
    # key's and visits the newest matches only (decision 0029).
    reads_by_id_ranges = True

    @staticmethod
    def _lexeme(word: str) -> str:
        return "'" + word.replace("'", "") + "'"

    def _vector(self, column: str, units: list[str], mode: Mode) -> Sql:
        terms = ["(" + " <-> ".join(self._lexeme(w) for w in unit.split()) + ")" for unit in units]
        query = f" {'&' if mode == 'all' else '|'} ".join(terms)
        return Sql(f"d.{column} @@ to_tsquery('{self.CONFIG}', %s)", (query,))

    @staticmethod
    def _from(condition: Sql) -> Sql:
        return Sql(f"{TABLE} d WHERE {condition.sql}", condition.params)

    def tier(self, units: list[str], number: int) -> Sql:
        title_every = self._vector("title_vector", units, "all")
        if number == 1:
            return self._from(title_every)
        return self._from(self._vector("search_vector", units, "all") & ~title_every)

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        if words:
            # GIN finds a prefix by the union of every lexeme it begins: "m" is most of them, and
            # that union cost 22 ms for "nong thon m" (19 titles). Suggestions reach this query
            # only when the whole words are rare among recent titles, so their own lists are short:
            # GIN for them, and the prefix tested in the row, as in the recent window (" m").
            query = " & ".join(self._lexeme(w) for w in words)
            title = Sql(f"d.title_vector @@ to_tsquery('{self.CONFIG}', %s)", (query,))
            return self._from(title & self.contains("folded_title", f" {prefix}"))
        query = self._lexeme(prefix) + ":*"
        return self._from(Sql(f"d.title_vector @@ to_tsquery('{self.CONFIG}', %s)", (query,)))

    def id_in(self, ids: list[int]) -> Sql:
        return Sql("d.id = ANY(%s)", (ids,))  # one array parameter, however many ids

    def estimated_matches(self, cursor: Any, number: int, matches: Sql) -> int | None:
        # The body tier: each range read decodes the GIN lists of common words (~12 ms for four), so
        # a first range that holds the window saves one. Its statistics (most common lexemes) give a
        # fair estimate; the title tier's do not (short titles' words go together: "dong nai",
        # estimated 323, is in 7,432) and its index reads are cheap.
        if number == TIERS[0]:
            return None
        cursor.execute(f"EXPLAIN (FORMAT JSON) {matches.sql}", matches.params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return int(plan[0]["Plan"]["Plan Rows"])

    def session_settings(self, purpose: Literal["search", "suggest"]) -> list[str]:
        # No sequential scans, no parallel workers: the queries read bounded windows of an index.
        return ["SET LOCAL enable_seqscan = off", "SET LOCAL max_parallel_workers_per_gather = 0"]

    def id_column(self, number: int) -> str | None:
        # Finding the ids of a range of dates reads that many rows (the date index holds no id), and
        # with a range of ids the planner would rather test each row's vector, from TOAST, than
        # read the GIN bitmap.
        return None

    def tier_settings(self, number: int) -> list[str]:
        # Both tiers are read by ranges of ids: the GIN bitmap ANDed with the primary key's. Walking
        # an index instead and testing each row would fetch search_vector from TOAST (~10 µs a row),
        # which the planner does not count. Set once, before the first tier, for the transaction
        # (and after the largest id is read, by an index-only scan that this turns off too).
        return ["SET LOCAL enable_indexscan = off"] if number == TIERS[0] else []


def engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
