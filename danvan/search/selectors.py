"""Reads of the search index: matching, ranking and snippets."""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .folding import fold
from .models import SearchDocument
from .query import ParsedQuery

CANDIDATE_LIMIT = 1000
SNIPPET_CHARS = 220
# Weights: a word in the title counts more than in the lead, which counts more than in the body.
TITLE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT, ACCENT_BONUS, PHRASE_BONUS = 10.0, 4.0, 1.0, 0.5, 8.0


@dataclass
class SearchHit:
    title: str
    url: str
    kind: str
    kind_label: str
    date: dt.datetime | None
    snippet: SafeString
    score: float


@dataclass
class SearchResults:
    count: int
    hits: list[SearchHit]


@lru_cache(maxsize=1024)  # compiled once per query word, not once per candidate row
def _word_pattern(folded_words: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in folded_words.split()) + r"(?!\w)")


def _filters(
    query: ParsedQuery,
    *,
    root_path: str,
    kind: str | None,
    category_id: int | None,
    date_from: dt.date | None,
    date_to: dt.date | None,
) -> Q:
    q = Q(path__startswith=root_path)
    for word in query.all_words:  # every word somewhere; precise word/phrase checks follow in Python
        q &= Q(folded_title__contains=word) | Q(folded_lead__contains=word) | Q(folded_body__contains=word)
    if kind:
        q &= Q(kind=kind)
    if category_id:
        q &= Q(category_id=category_id)
    if date_from:
        q &= Q(date__date__gte=date_from)
    if date_to:
        q &= Q(date__date__lte=date_to)
    return q


def _score(doc: SearchDocument, query: ParsedQuery) -> float:
    fields = (
        (doc.folded_title, TITLE_WEIGHT),
        (doc.folded_lead, LEAD_WEIGHT),
        (doc.folded_body, BODY_WEIGHT),
    )
    score = 0.0
    for unit in [*query.terms, *query.phrases]:
        pattern = _word_pattern(unit)
        found = [weight for text, weight in fields if pattern.search(text)]
        if not found:
            return 0.0  # every word and phrase must match as a whole word
        score += max(found)
    if query.implicit_phrase:  # the words side by side, as typed, beat the same words scattered
        pattern = _word_pattern(query.implicit_phrase)
        together = [weight for text, weight in fields if pattern.search(text)]
        if together:
            score += (PHRASE_BONUS + max(together)) * len(query.terms)
    original = f"{doc.title} {doc.lead} {doc.body}".lower()
    for word in query.accented:
        if word != fold(word) and re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", original):
            score += ACCENT_BONUS  # typed with accents and found exactly so: rank above folded matches
    return score


def snippet(text: str, query: ParsedQuery, *, length: int = SNIPPET_CHARS) -> SafeString:
    """A window of the original text around the first match, matched words in <mark>."""
    folded = fold(text)  # same length as text, so positions carry over
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
    candidates = SearchDocument.objects.filter(
        _filters(
            query,
            root_path=root_path,
            kind=kind,
            category_id=category_id,
            date_from=date_from,
            date_to=date_to,
        )
    ).select_related("page")[:CANDIDATE_LIMIT]
    scored = [(score, doc) for doc in candidates if (score := _score(doc, query)) > 0]
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)
    scored.sort(key=lambda pair: (pair[0], pair[1].date or epoch), reverse=True)
    hits = []
    for score, doc in scored[offset : offset + limit]:
        source = _snippet_source(doc, query)
        hits.append(
            SearchHit(
                title=doc.title,
                url=doc.page.url if doc.page else "",
                kind=doc.kind,
                kind_label=str(SearchDocument.Kind(doc.kind).label),
                date=doc.date,
                snippet=snippet(source or doc.lead or doc.body, query),
                score=score,
            )
        )
    return SearchResults(count=len(scored), hits=hits)


def _snippet_source(doc: SearchDocument, query: ParsedQuery) -> str:
    """The lead or body text to quote: where the words appear together, else where any appears."""
    fields = ((doc.lead, doc.folded_lead), (doc.body, doc.folded_body))
    if query.implicit_phrase:
        pattern = _word_pattern(query.implicit_phrase)
        for text, folded in fields:
            if pattern.search(folded):
                return text
    for text, folded in fields:
        if _matches_any(folded, query):
            return text
    return doc.lead or doc.body or doc.title


def _matches_any(folded_text: str, query: ParsedQuery) -> bool:
    return any(_word_pattern(unit).search(folded_text) for unit in [*query.phrases, *query.terms])


def suggest(query: ParsedQuery, *, root_path: str, limit: int = 8) -> list[dict[str, Any]]:
    """Titles containing every typed word (the last one may be unfinished), newest first."""
    if query.empty:
        return []
    q = Q(path__startswith=root_path)
    for word in query.all_words:
        q &= Q(folded_title__contains=word)
    docs = SearchDocument.objects.filter(q).select_related("page").order_by("-date")[:limit]
    return [{"title": d.title, "url": d.page.url if d.page else ""} for d in docs]
