"""Turning what a reader typed into search terms, whatever it contains."""

import re
from dataclasses import dataclass, field

from danvan.core.text import WORD, fold, normalise

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
PHRASE = re.compile(r'"([^"]+)"')


@dataclass
class ParsedQuery:
    text: str  # the query as shown back to the reader (NFC, trimmed, shortened)
    terms: list[str] = field(default_factory=list)  # folded single words
    phrases: list[str] = field(default_factory=list)  # folded multi-word phrases, words joined by one space
    accented: list[str] = field(default_factory=list)  # the words as typed (lower case, NFC)

    @property
    def empty(self) -> bool:
        return not (self.terms or self.phrases)

    @property
    def implicit_phrase(self) -> str | None:
        """The unquoted words in the order typed: finding them together ranks and snips first."""
        return " ".join(self.terms) if len(self.terms) > 1 else None

    @property
    def all_words(self) -> list[str]:
        return self.terms + [w for p in self.phrases for w in p.split()]


def parse(raw: str | None) -> ParsedQuery:
    """Words and quoted phrases; punctuation, FTS operators and unbalanced quotes are plain text."""
    text = " ".join(normalise(raw or "").split())[:MAX_QUERY_CHARS]
    parsed = ParsedQuery(text=text)
    rest = text
    for phrase in PHRASE.findall(text):
        folded_words = WORD.findall(fold(phrase))
        if len(folded_words) > 1:
            parsed.phrases.append(" ".join(folded_words))
        else:
            parsed.terms.extend(folded_words)
        parsed.accented.extend(WORD.findall(phrase.lower()))
    rest = PHRASE.sub(" ", text)
    parsed.terms.extend(WORD.findall(fold(rest)))
    parsed.accented.extend(WORD.findall(rest.lower()))
    parsed.terms = list(dict.fromkeys(parsed.terms))[:MAX_TERMS]
    parsed.phrases = parsed.phrases[:MAX_TERMS]
    return parsed
