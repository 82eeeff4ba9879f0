"""Numbers and symbols of Vietnamese documents (số, ký hiệu).

Party documents: ``<number>-<kind>/<issuer>``, e.g. ``42-CTr/HU``, ``13-NQ/HU``, ``05-KL/TW``.
State documents: ``<number>/<kind>-<issuer>``, optionally with the year: ``123/QĐ-UBND``,
``15/2023/QĐ-UBND``, ``10/2022/TT-BNV``. Codes are letters (đ/Đ included) and may contain
hyphens in the issuer part (``UBMTTQ-VN``).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danvan.core.text import fold

CODE = r"[A-ZĐa-zđ]+"
ISSUER = r"[A-ZĐa-zđ]+(?:-[A-ZĐa-zđ]+)*"
PARTY = re.compile(rf"^(?P<number>\d{{1,5}})-(?P<kind>{CODE})/(?P<issuer>{ISSUER})$")
STATE = re.compile(rf"^(?P<number>\d{{1,5}})/(?:(?P<year>\d{{4}})/)?(?P<kind>{CODE})-(?P<issuer>{ISSUER})$")


def party_symbol(number: str, kind: str, issuer: str) -> str:
    return f"{number}-{kind}/{issuer}"


def state_symbol(number: str, kind: str, issuer: str, year: int | None = None) -> str:
    return f"{number}/{year}/{kind}-{issuer}" if year else f"{number}/{kind}-{issuer}"


def validate_symbol(symbol: str, *, system: str) -> None:
    pattern = PARTY if system == "party" else STATE
    if not pattern.match(symbol):
        example = "42-CTr/HU" if system == "party" else "123/QĐ-UBND"
        raise ValidationError(
            _("Số, ký hiệu “%(symbol)s” không đúng mẫu; văn bản loại này viết như %(example)s.")
            % {"symbol": symbol, "example": example}
        )


def symbol_key(text: str) -> str:
    """A symbol reduced to its letters and digits, folded: "42-CTr/HU", "42 ctr hu", "42/CTr" → "42ctrhu"/"42ctr"."""
    return re.sub(r"[^0-9a-z]", "", fold(text))


def symbol_slug(symbol: str) -> str:
    """For URLs: "42-CTr/HU" → "42-ctr-hu", "123/QĐ-UBND" → "123-qd-ubnd"."""
    return re.sub(r"[^0-9a-z]+", "-", fold(symbol)).strip("-") or "van-ban"
