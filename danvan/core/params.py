"""Reading numbers from query strings: anything odd falls back to a default, never to an error."""

MAX_DIGITS = 6


def bounded_int(raw: str | None, default: int, *, low: int, high: int) -> int:
    """A whole number typed in ASCII digits, clamped to [low, high]; anything else is ``default``.

    ``str.isdigit`` alone would let "²" through (a digit that ``int`` refuses) and "１２" (full-width);
    only ASCII 0-9 are page numbers.
    """
    if raw and raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS:
        return min(max(int(raw), low), high)
    return default
