"""Dates in forms are shown and read day first (dd/mm/yyyy), in Vietnamese and English alike.

Every date field an editor types into goes through a render → post-unchanged round trip for each
day 01–31: the value the widget shows must parse back to the same day, never to a swapped month.
"""

import datetime as dt
import re
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from danvan.core.dates import VIETNAM
from danvan.portal.models import ArticlePage

LANGUAGES = ["vi", "en"]
DAYS = range(1, 32)  # August has 31 days: every day number an editor can type


def _admin_date_fields() -> dict[str, forms.Field]:
    """Every date and date-time field on the forms of the project's admin viewsets, by "model.field"."""
    reverse("wagtailadmin_home")  # the admin's URLs register the viewsets
    found: dict[str, forms.Field] = {}
    for viewset in viewsets.viewsets:
        if not isinstance(viewset, ModelViewSet) or not viewset.model.__module__.startswith("danvan."):
            continue
        form_class = viewset.get_form_class()
        for name, field in form_class.base_fields.items():
            try:
                model_field = viewset.model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field (e.g. "reviewed"): judged by its form field
                is_date = isinstance(field, forms.DateField | forms.DateTimeField)
            else:
                is_date = isinstance(model_field, models.DateField)  # DateTimeField is a DateField too
            if is_date:
                found[f"{viewset.model._meta.label_lower}.{name}"] = field
    return found


def _page_date_fields() -> dict[str, forms.Field]:
    form_class = ArticlePage.get_edit_handler().get_form_class()
    return {
        f"portal.articlepage.{name}": form_class.base_fields[name]
        for name in ("date", "go_live_at", "expire_at")
    }


# The date fields editors use, written out by hand so that the discovery above cannot miss one.
EXPECTED_ADMIN_FIELDS = {
    "documents.legaldocument.issued_on",
    "documents.legaldocument.effective_on",
    "consultations.draft.opens_on",
    "consultations.draft.closes_on",
    "orgunits.orgunit.valid_from",
    "orgunits.orgunit.valid_to",
    "orgunits.succession.effective_on",
    "programmes.programme.issued_on",
    "programmes.taskitem.due_on",
    "programmes.reportingwindow.opens_on",
    "programmes.reportingwindow.closes_on",
    "workdays.calendarday.date",
    "feedback.deadlinerule.valid_from",
    "feedback.dialoguesession.held_on",
}


@pytest.fixture(scope="module")
def admin_fields() -> dict[str, forms.Field]:
    return _admin_date_fields()


def _shown_value(field: forms.Field, name: str, value: Any) -> str:
    """What the rendered <input> holds, as the browser would post it back."""
    html = field.widget.render(name, field.prepare_value(value))
    match = re.search(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*\bvalue="([^"]*)"', html)
    assert match, html
    return match.group(1)


def test_every_admin_date_field_is_found(admin_fields: dict[str, forms.Field]) -> None:
    assert EXPECTED_ADMIN_FIELDS <= set(admin_fields)


def test_admin_date_fields_get_wagtails_date_picker(admin_fields: dict[str, forms.Field]) -> None:
    for label, field in {**admin_fields, **_page_date_fields()}.items():
        expected = AdminDateTimeInput if isinstance(field, forms.DateTimeField) else AdminDateInput
        assert isinstance(field.widget, expected), f"{label}: {type(field.widget).__name__}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("day", DAYS)
def test_admin_dates_survive_a_round_trip_for_every_day(
    admin_fields: dict[str, forms.Field], language: str, day: int
) -> None:
    original = dt.date(2025, 8, day)
    with translation.override(language):
        for label, field in admin_fields.items():
            value: Any = original
            if isinstance(field, forms.DateTimeField):
                value = dt.datetime(2025, 8, day, 9, 30, tzinfo=VIETNAM)
            shown = _shown_value(field, "f", value)
            assert shown.startswith(f"{day:02d}/08/2025"), f"{label}: {shown}"
            assert field.clean(shown) == value, f"{label}: {shown}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("day", DAYS)
def test_page_dates_survive_a_round_trip_for_every_day(language: str, day: int) -> None:
    # 23:30 in Hồ Chí Minh City is 16:30 UTC the same day; 00:15 is 17:15 UTC the day before.
    for hour, minute in ((0, 15), (23, 30)):
        original = dt.datetime(2025, 12, day, hour, minute, tzinfo=VIETNAM)
        with translation.override(language), timezone.override(VIETNAM):
            for label, field in _page_date_fields().items():
                shown = _shown_value(field, "f", original)
                assert shown == f"{day:02d}/12/2025 {hour:02d}:{minute:02d}", label
                assert field.clean(shown) == original, f"{label}: {shown}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dates_from_the_issue_are_read_day_first(language: str) -> None:
    date_field = forms.DateField(widget=AdminDateInput)
    datetime_field = forms.DateTimeField(widget=AdminDateTimeInput)
    with translation.override(language), timezone.override(VIETNAM):
        assert date_field.clean("05/08/2025") == dt.date(2025, 8, 5)
        assert date_field.clean("05/11/2026") == dt.date(2026, 11, 5)
        assert date_field.clean("18/04/2024") == dt.date(2024, 4, 18)
        assert datetime_field.clean("18/04/2024 10:00") == dt.datetime(2024, 4, 18, 10, 0, tzinfo=VIETNAM)
        assert datetime_field.clean("13/12/2026 08:00") == dt.datetime(2026, 12, 13, 8, 0, tzinfo=VIETNAM)
        # ISO is read too, for pasted values and scripts.
        assert date_field.clean("2024-04-18") == dt.date(2024, 4, 18)
        assert datetime_field.clean("2026-12-13 08:00") == dt.datetime(2026, 12, 13, 8, 0, tzinfo=VIETNAM)
        # Month first is not a format we read: 12/31 has no 31st month.
        with pytest.raises(forms.ValidationError):
            date_field.clean("12/31/2025")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_widget_shows_what_the_parser_reads_first(language: str) -> None:
    """One setting: Wagtail's widget formats are the first input format of every language."""
    with translation.override(language):
        assert settings.WAGTAIL_DATE_FORMAT == formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"
        assert settings.WAGTAIL_DATETIME_FORMAT == formats.get_format("DATETIME_INPUT_FORMATS")[0]
        assert settings.WAGTAIL_TIME_FORMAT == formats.get_format("TIME_INPUT_FORMATS")[0]
        assert "%m/%d/%Y" not in formats.get_format("DATE_INPUT_FORMATS")


def test_vietnamese_weeks_start_on_monday_in_the_date_picker() -> None:
    with translation.override("vi"):
        assert AdminDateInput().get_config()["dayOfWeekStart"] == 1
