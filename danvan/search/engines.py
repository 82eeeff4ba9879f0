"""The database-specific half of search: which rows contain the words, in each database's own index.

Both engines answer the same questions with the same meaning, so results are identical:

- ``everything(units)``: a SQL condition on the document alias ``d``: every unit (a folded word, or
  a phrase of folded words) occurs somewhere in the document.
- ``tier(units, n)``: the matching documents split into ranking tiers that do not overlap —
  1 every unit in the title; 2 some but not every unit in the title; 3 none in the title, some in
  the lead; 4 only in the body. Each is one indexed lookup, so a page of results reads only the
  tiers it needs.
- ``title_prefix(words, prefix)``: titles with every word and a word starting with ``prefix``.

Units contain letters and digits only (``query.parse``), so nothing a reader types can reach the
database's query syntax: each word is still quoted, and passed as a parameter.
"""

from dataclasses import dataclass
from typing import Literal

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


TIERS = (1, 2, 3, 4)


class Engine:
    """Each method returns the FROM and WHERE of a query over documents aliased ``d``."""

    #: SQL function giving the 1-based position of a substring (0 when absent).
    position_function = "instr"

    def everything(self, units: list[str]) -> Sql:
        raise NotImplementedError

    def tier(self, units: list[str], number: int) -> Sql:
        raise NotImplementedError

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        raise NotImplementedError

    def contains(self, column: str, needle: str) -> Sql:
        """``needle`` (" dan van ") within a stored word string: the same test on every database."""
        return Sql(f"{self.position_function}(d.{column}, %s) > 0", (needle,))

    def session_settings(self, purpose: Literal["search", "suggest"]) -> list[str]:
        """Statements to run first, inside the same transaction (empty: no transaction needed)."""
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

    def everything(self, units: list[str]) -> Sql:
        return self._from(FTS, self._join(units, "all"))

    def tier(self, units: list[str], number: int) -> Sql:
        every, some = self._join(units, "all"), self._join(units, "any")
        if number == 1:  # the titles' own index: short lists
            return self._from(self.TITLE_FTS, every)
        expression = {
            2: f"({every} AND folded_title : {some}) NOT folded_title : {every}",
            3: f"({every} AND folded_lead : {some}) NOT folded_title : {some}",
            4: f"{every} NOT {{folded_title folded_lead}} : {some}",
        }[number]
        return self._from(FTS, expression)

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        parts = [self._phrase(w) for w in words] + [self._phrase(prefix) + "*"]
        return self._from(self.TITLE_FTS, " AND ".join(parts))


class PostgresEngine(Engine):
    """Generated ``tsvector`` columns with the ``vi_unaccent`` configuration and GIN indexes."""

    position_function = "strpos"
    CONFIG = "vi_unaccent"

    @staticmethod
    def _lexeme(word: str) -> str:
        return "'" + word.replace("'", "") + "'"

    def _vector(self, column: str, units: list[str], mode: Mode) -> Sql:
        terms = ["(" + " <-> ".join(self._lexeme(w) for w in unit.split()) + ")" for unit in units]
        query = f" {'&' if mode == 'all' else '|'} ".join(terms)
        return Sql(f"d.{column} @@ to_tsquery('{self.CONFIG}', %s)", (query,))

    def _lead_has_some(self, units: list[str]) -> Sql:
        # The lead has no index of its own: its stored words are short and kept in the row.
        tests = [self.contains("folded_lead", f" {unit} ") for unit in units]
        return Sql(" OR ".join(f"({t.sql})" for t in tests), tuple(p for t in tests for p in t.params))

    @staticmethod
    def _from(condition: Sql) -> Sql:
        return Sql(f"{TABLE} d WHERE {condition.sql}", condition.params)

    def everything(self, units: list[str]) -> Sql:
        return self._from(self._vector("search_vector", units, "all"))

    def tier(self, units: list[str], number: int) -> Sql:
        every = self._vector("search_vector", units, "all")
        title_every = self._vector("title_vector", units, "all")
        title_some = self._vector("title_vector", units, "any")
        if number == 1:
            return self._from(title_every)
        if number == 2:
            return self._from(every & title_some & ~title_every)
        if number == 3:
            return self._from(every & ~title_some & self._lead_has_some(units))
        return self._from(every & ~title_some & ~self._lead_has_some(units))

    def title_prefix(self, words: list[str], prefix: str) -> Sql:
        query = " & ".join([self._lexeme(w) for w in words] + [self._lexeme(prefix) + ":*"])
        return self._from(Sql(f"d.title_vector @@ to_tsquery('{self.CONFIG}', %s)", (query,)))

    def session_settings(self, purpose: Literal["search", "suggest"]) -> list[str]:
        # Reading a row's search_vector means fetching it from TOAST (~10 µs). When many rows match,
        # the planner would rather scan the table, or walk the date index, testing each row's
        # vector; the GIN bitmap (no re-check for plain words) then the short rows is always
        # cheaper. Suggestions keep index scans: newest titles first by walking the date index,
        # testing the short in-row title_vector, is their best plan.
        settings = ["SET LOCAL enable_seqscan = off", "SET LOCAL max_parallel_workers_per_gather = 0"]
        return settings + (["SET LOCAL enable_indexscan = off"] if purpose == "search" else [])


def engine() -> Engine:
    return PostgresEngine() if connection.vendor == "postgresql" else SqliteEngine()
