"""Numbers as Vietnamese readers write them: a dot between thousands, a comma before decimals.

Django's `vi` locale has no grouping, so every page, report and message groups here, once.
"""

from decimal import Decimal


def group_thousands(value: int | float | Decimal) -> str:
    """1234567 → "1.234.567"; a fraction is rounded to a whole number first."""
    return f"{value:,.0f}".replace(",", ".")


def count_vi(value: Decimal | int | None) -> str:
    """A count with a dot for thousands ('12.345'), decimals (rare) after a comma; "—" for none."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return group_thousands(value)
    return format(value.normalize(), "f").replace(".", ",")
