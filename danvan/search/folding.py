"""Vietnamese text folding: the same key for "Đồng Nai", "dong nai", "ĐỒNG NAI" and NFD input.

Unicode decomposition strips tones and vowel marks, but đ/Đ (a stroked letter, not a letter plus a
mark) must be mapped to d explicitly.
"""

import re
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)


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


def fold(text: str) -> str:
    """Lower-case, tone-less, đ→d text of the same length as ``normalise(text)``."""
    return "".join(fold_char(c) for c in normalise(text))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))
