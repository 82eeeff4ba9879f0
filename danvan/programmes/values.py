"""What a typed or imported value means: one parser per value type, used by the entry form (through
services.save_values) and the file import alike, so the two accept the same words and say the same
thing about the rest.

Each parser takes the raw text and returns the number to store, or raises ``ValueError`` whose text
is the Vietnamese reason, written as a clause ("giá trị “12a” không phải là số"): the import puts it
after "Dòng N: ", the entry screen makes a sentence of it (``as_sentence``).
"""

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from danvan.core import text as folding

from .models import RATING_CODES, DataElement, Rating

MAX_COUNT = 10**12 - 1  # DataValue.value: 14 digits, 2 of them decimals
WHOLE = re.compile(r"^[0-9]+$")
THOUSANDS = re.compile(r"^-?[0-9]{1,3}([., \u00a0][0-9]{3})+$")
NUMBER = re.compile(r"^-?[0-9]+([.,][0-9]+)?$")


def fold(text: str) -> str:
    """Lower case without accents ("Hoàn thành TỐT" → "hoan thanh tot"; đ → d), spaces squeezed."""
    return " ".join(folding.fold(text).split())


# Every word is stored folded: "Có", "co", "CÓ" and "có" are the same answer.
BOOLEAN_WORDS: dict[str, int] = {
    "1": 1,
    "0": 0,
    "co": 1,  # có
    "khong": 0,  # không
    "yes": 1,
    "no": 0,
    "true": 1,
    "false": 0,
}
RATING_WORDS: dict[str, int] = {str(int(rating)): int(rating) for rating in Rating}  # 1 … 5
RATING_WORDS.update({code: int(rating) for code, rating in RATING_CODES.items()})
RATING_WORDS.update({fold(str(rating.label)): int(rating) for rating in Rating})
RATING_WORDS.update({"xuat sac": 5, "tot": 4, "hoan thanh": 3, "khong hoan thanh": 2, "yeu": 1})


def parse_count(raw: str) -> Decimal:
    """A whole number from 0, written without separators ("1250")."""
    text = raw.strip()
    if WHOLE.match(text):
        number = int(text)
        if number > MAX_COUNT:
            raise ValueError(_("giá trị “%(v)s” quá lớn") % {"v": raw})
        return Decimal(number)
    if THOUSANDS.match(text):
        raise ValueError(
            _(
                "“%(v)s” có dấu phân cách hàng nghìn; hãy ghi số liền, không dấu chấm, dấu phẩy hay khoảng trắng (ví dụ 1234)"
            )
            % {"v": raw}
        )
    if NUMBER.match(text):
        if text.startswith("-"):
            raise ValueError(_("giá trị “%(v)s” là số âm; số lượng phải từ 0 trở lên") % {"v": raw})
        raise ValueError(_("giá trị “%(v)s” có phần thập phân; số lượng phải là số nguyên") % {"v": raw})
    raise ValueError(_("giá trị “%(v)s” không phải là số") % {"v": raw})


def parse_rating(raw: str) -> Decimal:
    """1 … 5, a code (good), or the rating's name with or without accents."""
    found = RATING_WORDS.get(fold(raw))
    if found is None:
        raise ValueError(
            _(
                "xếp loại “%(v)s” không có; dùng 1 (yếu kém) đến 5 (hoàn thành xuất sắc), excellent, good, "
                "completed, not_completed, weak hoặc tên xếp loại"
            )
            % {"v": raw}
        )
    return Decimal(found)


def parse_boolean(raw: str) -> Decimal:
    """1 for yes (1, có, yes, true), 0 for no (0, không, no, false), in any case, with or without accents."""
    found = BOOLEAN_WORDS.get(fold(raw))
    if found is None:
        raise ValueError(
            _("giá trị “%(v)s” không dùng được cho chỉ số có/không; dùng 1/0, có/không, yes/no") % {"v": raw}
        )
    return Decimal(found)


PARSERS: dict[str, Callable[[str], Decimal]] = {
    DataElement.ValueType.COUNT.value: parse_count,
    DataElement.ValueType.RATING.value: parse_rating,
    DataElement.ValueType.BOOLEAN.value: parse_boolean,
}


def parse(value_type: str, raw: str) -> Decimal:
    """The stored number for ``raw`` as a value of ``value_type``, or ValueError with the reason."""
    return PARSERS[value_type](raw)


def as_sentence(reason: str) -> str:
    """ "giá trị “x” không phải là số" → "Giá trị “x” không phải là số." (for a message on its own)."""
    return f"{capfirst(reason)}."
