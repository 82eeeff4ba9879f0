"""The checks between elements of one unit and period (members ≤ eligible population…), kept as data
(ElementRule) and applied here, once, for both the entry form (services.save_values) and the file
import (exchange): an officer who adds, changes or deletes a rule in the admin changes both.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from danvan.core.numbers import group_thousands

from .models import ElementRule, RuleComparator

# The entry message when the rule has none of its own: "<left> … <right>", then " (bound)." is added.
DEFAULT_MESSAGES = {
    RuleComparator.LTE.value: gettext_noop("%(left)s không được lớn hơn %(right)s"),
    RuleComparator.GTE.value: gettext_noop("%(left)s không được nhỏ hơn %(right)s"),
    RuleComparator.EQ.value: gettext_noop("%(left)s phải bằng %(right)s"),
}
# What the import says about a broken rule, after "Dòng N: ": what the two values are.
FINDINGS = {
    RuleComparator.LTE.value: gettext_noop("%(a)s (%(x)s) lớn hơn %(b)s (%(y)s) của đơn vị %(u)s kỳ %(p)s"),
    RuleComparator.GTE.value: gettext_noop("%(a)s (%(x)s) nhỏ hơn %(b)s (%(y)s) của đơn vị %(u)s kỳ %(p)s"),
    RuleComparator.EQ.value: gettext_noop("%(a)s (%(x)s) khác %(b)s (%(y)s) của đơn vị %(u)s kỳ %(p)s"),
}


@dataclass(frozen=True)
class Violation:
    """A rule that the values of one unit and period break, with both values."""

    rule: ElementRule
    left_value: Decimal
    right_value: Decimal

    @property
    def left(self) -> str:
        return self.rule.left.code

    @property
    def right(self) -> str:
        return self.rule.right.code

    @property
    def message(self) -> str:
        """The entry form's sentence, next to the left element's input: the rule's own words (or
        words made from the two names) and the value compared with, as the screen shows numbers."""
        text = self.rule.message.strip().rstrip(".")
        if not text:
            right = self.rule.right.name
            text = _(DEFAULT_MESSAGES[self.rule.comparator]) % {
                "left": self.rule.left.name,
                "right": right[:1].lower() + right[1:],
            }
        return f"{text} ({group_thousands(self.right_value)})."

    def finding(self, unit: str, period: str) -> str:
        """The import's clause: "số đoàn viên, hội viên (1200) lớn hơn số người trong độ tuổi (1000)
        của đơn vị VC-PL-DOAN kỳ 2023"."""
        return _(FINDINGS[self.rule.comparator]) % {
            "a": self.rule.left.name.lower(),
            "x": f"{self.left_value:.0f}",
            "b": self.rule.right.name.lower(),
            "y": f"{self.right_value:.0f}",
            "u": unit,
            "p": period,
        }


def active_rules() -> list[ElementRule]:
    """Every rule with its two elements, in a stable order (load once, check many units)."""
    return list(ElementRule.objects.select_related("left", "right").order_by("pk"))


def element_codes(rules: Iterable[ElementRule]) -> set[str]:
    """The codes of the elements that the rules compare (their values are needed to check them)."""
    return {code for rule in rules for code in (rule.left.code, rule.right.code)}


def violations(
    values: Mapping[str, Decimal | None],
    rules: Iterable[ElementRule] | None = None,
    *,
    touched: Collection[str] | None = None,
) -> list[Violation]:
    """The rules broken by ``values`` (element code → value) of one unit and period.

    A rule with a value missing on either side (absent or None) is not checked: there is nothing to
    compare yet. ``touched``: the codes being written now; a rule that involves none of them is left
    alone (it was accepted when its values were). ``rules``: defaults to every rule in the database.
    """
    found = []
    for rule in active_rules() if rules is None else rules:
        if touched is not None and rule.left.code not in touched and rule.right.code not in touched:
            continue
        left, right = values.get(rule.left.code), values.get(rule.right.code)
        if left is None or right is None or rule.holds(left, right):
            continue
        found.append(Violation(rule, left, right))
    return found
