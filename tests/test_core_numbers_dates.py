"""The one date parser and the one thousands grouping every app uses (danvan.core)."""

import datetime as dt
from decimal import Decimal

import pytest

from danvan.core.dates import parse_date
from danvan.core.numbers import count_vi, group_thousands


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("18/04/2024", dt.date(2024, 4, 18)),
        (" 2024-04-18 ", dt.date(2024, 4, 18)),
        ("01/02/2024", dt.date(2024, 2, 1)),  # day first: 1 February, never 2 January
        ("04/18/2024", None),  # month first is not a date here
        ("31/02/2024", None),
        ("١٨/٠٤/٢٠٢٤", None),  # Arabic-Indic digits are not read as numbers
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_day_first_or_iso(raw: str | None, expected: dt.date | None) -> None:
    assert parse_date(raw) == expected


def test_group_thousands_puts_dots_between_thousands() -> None:
    assert group_thousands(1234567) == "1.234.567"
    assert group_thousands(999) == "999"
    assert group_thousands(Decimal("1000.4")) == "1.000"


def test_count_vi_keeps_decimals_after_a_comma() -> None:
    assert count_vi(Decimal("12345")) == "12.345"
    assert count_vi(Decimal("12.50")) == "12,5"
    assert count_vi(None) == "—"


def test_the_api_reads_iso_only() -> None:
    from danvan.core.dates import ISO_ONLY

    assert parse_date("2025-06-30", ISO_ONLY) == dt.date(2025, 6, 30)
    assert parse_date("30/06/2025", ISO_ONLY) is None
