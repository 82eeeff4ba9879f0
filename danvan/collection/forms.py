"""The data entry grid: one input per (unit, element) cell of a report, plus a comment per warned cell.

The form only collects text; every rule (whole numbers, bounds, the 30% warning) is the service's, so
that the screen and the import cannot disagree. Service errors are put back next to their inputs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.programmes.selectors import Rating, ValueType
from danvan.programmes.services import Cell, EntryInvalid, ReportLayout

if TYPE_CHECKING:
    from danvan.orgunits.models import OrgUnit
    from danvan.programmes.models import DataElement, DataValue


def value_name(unit: OrgUnit, element: DataElement) -> str:
    return f"v:{unit.code}:{element.code}"  # ':' never occurs in a code


def comment_name(unit: OrgUnit, element: DataElement) -> str:
    return f"c:{unit.code}:{element.code}"


def _display(value: Any) -> str:
    return "" if value is None else str(int(value))  # counts are whole; ratings 1..5; booleans 0/1


def _automatic_text(current: DataValue | None) -> str:
    """An automatic (yes/no) cell as read: "Có", "Không", or "Không" with the reason it has no value."""
    if current is None:
        return str(_("Không (chưa có quyết định)"))
    return str(_("Có")) if current.value else str(_("Không"))


class EntryForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self,
        layout: ReportLayout,
        stored: dict[Cell, DataValue],
        *args: Any,
        editable: bool = True,
        warned: set[Cell] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.layout = layout
        self.warned = set(warned or ())
        self.summary: list[tuple[str, str]] = []
        self.fields["version"].initial = layout.submission.version
        self.stored = stored
        for unit, element in layout.cells():
            if element.automatic:
                continue  # written from decisions: shown, never typed (decision 0020)
            cell = (element.code, unit.code)
            current = stored.get(cell)
            label = f"{unit.name} — {element.name}"
            attrs = {"aria-label": label, "disabled": not editable}
            field: forms.Field
            if element.value_type == ValueType.COUNT:
                field = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.TextInput(
                        attrs={**attrs, "inputmode": "numeric", "size": 8, "autocomplete": "off"}
                    ),
                )
            elif element.value_type == ValueType.RATING:
                choices = [("", _("— chưa chọn —")), *((str(r.value), r.label) for r in Rating)]
                field = forms.CharField(
                    label=label, required=False, widget=forms.Select(choices=choices, attrs=attrs)
                )
            else:
                choices = [("", _("— chưa chọn —")), ("1", _("Có")), ("0", _("Không"))]
                field = forms.CharField(
                    label=label, required=False, widget=forms.Select(choices=choices, attrs=attrs)
                )
            field.initial = _display(current.value) if current else ""
            self.fields[value_name(unit, element)] = field
            comment = forms.CharField(
                label=_("Ghi chú lý do thay đổi: %(cell)s") % {"cell": label},
                required=False,
                widget=forms.TextInput(attrs={"disabled": not editable}),
            )
            comment.initial = current.comment if current else ""
            self.fields[comment_name(unit, element)] = comment

    def posted(self, prefix: str) -> dict[Cell, str]:
        """Raw posted text per cell (the service validates it)."""
        found = {}
        for unit, element in self.layout.cells():
            name = value_name(unit, element) if prefix == "v" else comment_name(unit, element)
            if element.automatic and name not in self.data:
                continue  # not on the page; sent anyway (a crafted request), the service refuses it
            found[(element.code, unit.code)] = str(self.data.get(name, ""))
        return found

    def add_entry_errors(self, error: EntryInvalid) -> None:
        """Each message next to its input, and into `summary` as (text, anchor of the input)."""
        by_cell = {(e.code, u.code): (u, e) for u, e in self.layout.cells()}
        self.warned |= error.warnings
        for cell, messages in error.cells.items():
            if cell in by_cell and value_name(*by_cell[cell]) not in self.fields:  # an automatic cell
                for message in messages:
                    self.add_error(None, message)
                    self.summary.append((f"{error.labels.get(cell, '')}: {message}", ""))
            elif cell in by_cell:
                unit, element = by_cell[cell]
                name = value_name(unit, element)
                for message in messages:
                    self.add_error(name, message)
                    self.summary.append((f"{error.labels.get(cell, '')}: {message}", self[name].id_for_label))
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-error"
        for message in error.general:
            self.add_error(None, message)
            self.summary.append((message, ""))

    def rows(self) -> list[dict[str, Any]]:
        """For the template: per unit, its cells in column order (None where an element does not apply)."""
        rows = []
        for unit in self.layout.units:
            cells: list[dict[str, Any] | None] = []
            for element in self.layout.elements:
                if element.pk not in self.layout.applies.get(unit.pk, set()):
                    cells.append(None)
                    continue
                cell = (element.code, unit.code)
                if element.automatic:
                    current = self.stored.get(cell)
                    cells.append({"automatic": True, "value": _automatic_text(current), "element": element})
                    continue
                comment = self[comment_name(unit, element)]
                cells.append(
                    {
                        "field": self[value_name(unit, element)],
                        "comment": comment,
                        "show_comment": cell in self.warned or bool(comment.value()),
                    }
                )
            rows.append({"unit": unit, "cells": cells})
        return rows
