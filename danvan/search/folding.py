"""Vietnamese folding, as the search index uses it: the one implementation lives in core
(danvan.core.text), shared with slugs and imports."""

from danvan.core.text import WORD, fold, fold_char, normalise, token_string, words

__all__ = ["WORD", "fold", "fold_char", "normalise", "token_string", "words"]
