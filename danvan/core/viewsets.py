"""The admin's model viewsets: Wagtail's date pickers on every date field, and drop-downs of people and
of named things (units, kinds…) in Vietnamese alphabetical order."""

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from wagtail.admin.viewsets.model import ModelViewSet as WagtailModelViewSet
from wagtail.admin.widgets import AdminDateInput, AdminDateTimeInput

from .collation import Vietnamese


def vietnamese_choices(model: type[models.Model]) -> models.QuerySet[Any] | None:
    """The rows of ``model`` in Vietnamese order for a drop-down: people by given name (tên), then
    family name (họ), then username; anything with a ``name`` by that name; otherwise None."""
    manager = model._default_manager
    if model is get_user_model():
        return manager.order_by(Vietnamese("first_name"), Vietnamese("last_name"), "username")
    if any(field.name == "name" for field in model._meta.get_fields()):
        return manager.order_by(Vietnamese("name"), "pk")
    return None


class ModelViewSet(WagtailModelViewSet):
    """Wagtail's ModelViewSet builds a `form_fields` form with Django's plain widgets: a bare text box
    showing the date in ISO. Here date fields get Wagtail's picker, in the format the server reads."""

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
        if isinstance(db_field, models.DateTimeField):
            kwargs.setdefault("widget", AdminDateTimeInput)
        elif isinstance(db_field, models.DateField):
            kwargs.setdefault("widget", AdminDateInput)
        elif isinstance(db_field, models.ForeignKey | models.ManyToManyField):
            ordered = vietnamese_choices(db_field.related_model)
            if ordered is not None:
                kwargs.setdefault("queryset", ordered)
        field: forms.Field | None = super().formfield_for_dbfield(db_field, **kwargs)
        return field
