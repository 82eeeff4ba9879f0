"""The admin's model viewsets, with Wagtail's date pickers on every date field."""

from typing import Any

from django import forms
from django.db import models
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput


class ModelViewSet(WagtailModelViewSet):
    """Wagtail's ModelViewSet builds a `form_fields` form with Django's plain widgets: a bare text box
    showing the date in ISO. Here date fields get Wagtail's picker, in the format the server reads."""

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", AdminDateTimeInput)
        elif isinstance(db_field, models.DateField):
            kwargs.setdefault("widget", AdminDateInput)
        return super().formfield_for_dbfield(db_field, **kwargs)  # type: ignore[no-any-return]
