"""Vietnamese alphabetical order, in Python and in both databases (docs/decisions/0008).

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y: "Tân" comes before
"Trị" (â is a letter after a, before b), "Đ" after every "D". Tones only break ties, in dictionary
order: ngang, huyền, hỏi, ngã, sắc, nặng. Code points order neither: â (U+00E2) sorts after r.

``Vietnamese("name")`` orders a queryset that way: SQLite gets a "vi" collation registered on each
connection (below, backed by sort_key), PostgreSQL uses its ICU collation "vi-x-icu".
"""

import unicodedata
from functools import lru_cache
from typing import Any

from django.db.models.functions import Collate

# Latin letters outside Vietnamese (f j w z) keep their English places.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: 100 + rank for rank, letter in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = "\u0306\u0302\u031b"  # breve (ă), circumflex (â ê ô), horn (ơ ư)

POSTGRESQL_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vi"


def _char_key(char: str) -> tuple[int, int, int]:
    """(letter rank, tone rank, case) of one character."""
    lower = char.lower()
    case = 0 if char == lower else 1
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[:1], decomposed[1:]
    letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _LETTER_MARKS))
    tone = next((_TONE_RANK[m] for m in marks if m in _TONE_RANK), 0)
    if letter in _LETTER_RANK:
        return _LETTER_RANK[letter], tone, case
    if base.isdigit():
        return 50 + int(base) if base.isascii() else 60, tone, case
    if base.isspace():
        return 1, 0, 0
    if not base.isalnum():
        return 2 + min(ord(base), 40), 0, 0  # punctuation: before digits and letters
    return 200 + ord(base), tone, case  # other scripts: after the Latin alphabet


@lru_cache(maxsize=8192)
def sort_key(text: str) -> tuple[Any, ...]:
    """Letters first, then tones, then case; the text itself last so that the order is total."""
    keys = [_char_key(c) for c in unicodedata.normalize("NFC", text or "")]
    return (
        tuple(k[0] for k in keys),
        tuple(k[1] for k in keys),
        tuple(k[2] for k in keys),
        text or "",
    )


def compare(left: str | None, right: str | None) -> int:
    a, b = sort_key(left or ""), sort_key(right or "")
    return (a > b) - (a < b)


def register_sqlite_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    """connection_created receiver: SQLite learns the "vi" collation on every new connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, compare)


class Vietnamese(Collate):
    """``order_by(Vietnamese("name"))``: the column in Vietnamese alphabetical order."""

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, SQLITE_COLLATION)

    def as_sql(self, compiler: Any, connection: Any, *args: Any, **extra_context: Any) -> Any:
        if connection.vendor == "postgresql":
            extra_context.setdefault("collation", connection.ops.quote_name(POSTGRESQL_COLLATION))
        elif connection.vendor != "sqlite":
            return compiler.compile(self.get_source_expressions()[0])  # no such collation: plain order
        return super().as_sql(compiler, connection, *args, **extra_context)
