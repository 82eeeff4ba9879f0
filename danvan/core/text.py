"""Vietnamese text folding: the same key for "Đồng Nai", "dong nai", "ĐỒNG NAI" and NFD input.

Unicode decomposition strips tones and vowel marks, but đ/Đ (a stroked letter, not a letter plus a
mark) must be mapped to d explicitly.
"""

import re
import unicodedata
from functools import lru_cache

# Letters and digits (not "_"): the same words SQLite FTS5's unicode61 tokenizer sees.
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """One character folded to one character, so positions in folded text match the original."""
    lower = char.lower()
    if lower == "đ":
        return "d"
    base = unicodedata.normalize("NFD", lower)[:1]
    return base if len(lower) == 1 and base else lower[:1] or char


def normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character: folding stays in C after that."""

    def __missing__(self, codepoint: int) -> str:
        folded = fold_char(chr(codepoint))
        self[codepoint] = folded
        return folded


_FOLD_TABLE = _FoldTable()


_MARKS = re.compile("[\u0300-\u036f]+")  # the combining marks Vietnamese (and most Latin) uses


def fold(text: str) -> str:
    """Lower-case, tone-less, đ→d text of the same length as ``normalise(text)``."""
    nfc = normalise(text)
    # Fast path, all in C: decompose, drop the marks. It is only right when it keeps the length
    # (every character was a base letter plus such marks); otherwise fold character by character.
    fast = _MARKS.sub("", unicodedata.normalize("NFD", nfc)).lower().replace("đ", "d")
    return fast if len(fast) == len(nfc) else nfc.translate(_FOLD_TABLE)


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def token_string(text: str, *, folded: bool = True) -> str:
    """The words of ``text`` between single spaces, with a space at each end: " dong nai ".

    Stored for matching: both databases index these words as they are, and a word or phrase is
    found with a plain substring test for " dan van " — identical on SQLite and PostgreSQL.
    ``folded=False`` keeps the accents (lower case, NFC), to rank exact-accent matches first.
    """
    source = fold(text) if folded else normalise(text).lower()
    found = WORD.findall(source)
    return f" {' '.join(found)} " if found else ""
