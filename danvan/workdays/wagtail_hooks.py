"""The calendar in Wagtail's admin (Settings menu): special days and years, edited through the
services so every change moves open deadlines and is audited; a home-page panel flags a year nobody
has reviewed yet."""

from typing import Any

from django import forms
from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse
from django.template.context import Context
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet

from danvan.core.dates import today_in_vietnam
from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from . import admin_views, selectors, services
from .models import CalendarDay, CalendarYear


class DayForm(forms.ModelForm[CalendarDay]):
    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("date") and data.get("kind"):
            problem = services.day_problem(data["date"], data["kind"], data.get("name", ""))
            if problem is not None:
                raise forms.ValidationError(problem)
        return data

    def validate_unique(self) -> None:
        pass  # one row per date: saving an existing date replaces that day (services.set_day)


class DayCreateView(generic.CreateView):
    def form_valid(self, form: DayForm) -> HttpResponse:
        self.form = form
        data = form.cleaned_data
        self.object = services.set_day(data["date"], data["kind"], data["name"], by=self.request.user)
        response: HttpResponse = self.save_action()
        return response


class DayEditView(generic.EditView):
    def form_valid(self, form: DayForm) -> HttpResponse:
        self.form = form
        data = form.cleaned_data
        old_date = CalendarDay.objects.get(pk=form.instance.pk).date
        if old_date != data["date"]:
            services.remove_day(old_date, by=self.request.user)
        self.object = services.set_day(data["date"], data["kind"], data["name"], by=self.request.user)
        response: HttpResponse = self.save_action()
        return response


class DayDeleteView(generic.DeleteView):
    def delete_action(self) -> None:
        services.remove_day(self.object.date, by=self.request.user)


class CalendarDayViewSet(ModelViewSet):
    model = CalendarDay
    name = "lich_ngay_nghi"
    url_prefix = "lich-ngay-nghi"
    icon = "date"
    menu_label = gettext_lazy("Lịch ngày nghỉ, làm bù")
    add_to_settings_menu = True
    menu_order = 700
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = DayCreateView
    edit_view_class = DayEditView
    delete_view_class = DayDeleteView
    list_display = [
        Column("date", label=gettext_lazy("Ngày"), accessor=lambda d: f"{d.date:%d/%m/%Y}"),
        "kind",
        "name",
        "source",
    ]
    list_filter = ["kind", "source"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["-date"]
    form_fields = ["date", "kind", "name"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm[CalendarDay]]:
        return modelform_factory(
            CalendarDay, form=DayForm, formfield_callback=self.formfield_for_dbfield, fields=self.form_fields
        )


class YearForm(forms.ModelForm[CalendarYear]):
    reviewed = forms.BooleanField(
        label=gettext_lazy("Xác nhận đã rà soát lịch năm này"),
        required=False,
        help_text=gettext_lazy(
            "Đánh dấu khi đã đối chiếu các ngày lễ, nghỉ bù, làm bù với thông báo lịch nghỉ của Chính phủ."
        ),
    )

    def __init__(self, *args: Any, for_user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewed"].initial = bool(self.instance.pk and self.instance.reviewed_at)

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if not services.FIRST_YEAR <= year <= services.LAST_YEAR:
            raise forms.ValidationError(
                _("Năm phải trong khoảng %(a)s–%(b)s.") % {"a": services.FIRST_YEAR, "b": services.LAST_YEAR}
            )
        return year


class YearSaveMixin:
    request: Any
    object: Any

    def form_valid(self, form: YearForm) -> HttpResponse:
        self.form = form
        data = form.cleaned_data
        year = data.get("year") or self.object.year
        if selectors.calendar_year(year) is None:
            services.seed_year(year, by=self.request.user)
        row = selectors.calendar_year(year)
        assert row is not None  # seeded just above
        if data["reviewed"] and row.reviewed_at is None:
            row = services.mark_reviewed(year, by=self.request.user, note=data["note"])
        elif row.note != data["note"]:
            row.note = data["note"]
            row.save(update_fields=["note"])
        self.object = row
        response: HttpResponse = self.save_action()  # type: ignore[attr-defined] # from the Wagtail view
        return response


class YearDeleteView(generic.DeleteView):
    """Deleting a year drops its rows: its deadlines count the statutory days again, unreviewed."""

    def delete_action(self) -> None:
        services.delete_year(self.object.year, by=self.request.user)


class YearCreateView(YearSaveMixin, generic.CreateView):
    pass


class YearEditView(YearSaveMixin, generic.EditView):
    pass


def _reviewed(row: CalendarYear) -> str:
    if row.reviewed_at is None:
        return _("Chưa rà soát")
    who = row.reviewed_by.get_username() if row.reviewed_by else "—"
    return _("Đã rà soát %(d)s (%(u)s)") % {"d": f"{row.reviewed_at:%d/%m/%Y}", "u": who}


class CalendarYearViewSet(ModelViewSet):
    model = CalendarYear
    name = "lich_nam"
    url_prefix = "lich-nam"
    icon = "calendar"
    menu_label = gettext_lazy("Rà soát lịch theo năm")
    add_to_settings_menu = True
    menu_order = 701
    copy_view_enabled = False
    inspect_view_enabled = False
    add_view_class = YearCreateView
    delete_view_class = YearDeleteView
    edit_view_class = YearEditView
    list_display = [
        "year",
        Column("reviewed", label=gettext_lazy("Rà soát"), accessor=_reviewed),
        "note",
    ]
    ordering = ["-year"]
    form_fields = ["year", "note"]

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm[CalendarYear]]:
        fields = ["note"] if for_update else ["year", "note"]
        return modelform_factory(
            CalendarYear, form=YearForm, formfield_callback=self.formfield_for_dbfield, fields=fields
        )


class ImportMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_import(request.user)  # the page's own check: no link to a refusal


class CalendarImportViewSet(ViewSet):
    name = "lich_nhap_tep"
    url_prefix = "lich-nhap-tep"
    icon = "upload"
    menu_label = gettext_lazy("Nhập lịch ngày nghỉ từ tệp")
    menu_item_class = ImportMenuItem
    add_to_settings_menu = True
    menu_order = 702

    def get_urlpatterns(self) -> list[URLPattern]:
        return [path("", admin_views.import_page, name="index")]


@register("register_admin_viewset")
def register_calendar_import() -> CalendarImportViewSet:
    return CalendarImportViewSet()


@register("register_admin_viewset")
def register_calendar_days() -> CalendarDayViewSet:
    return CalendarDayViewSet()


@register("register_admin_viewset")
def register_calendar_years() -> CalendarYearViewSet:
    return CalendarYearViewSet()


class UnreviewedCalendarPanel(Component):
    """Tells staff that a year's deadlines count on a calendar nobody has checked yet."""

    name = "unreviewed_calendar"
    order = 90

    def __init__(self, years: list[int], can_edit: bool) -> None:
        self.years = years
        self.can_edit = can_edit

    def render_html(self, parent_context: Context | None = None) -> str:
        years = ", ".join(str(year) for year in self.years)
        text = _(
            "Lịch ngày nghỉ năm %(y)s chưa được rà soát: thời hạn giải quyết đơn thư đang tính theo "
            "ngày lễ theo luật, có thể thiếu ngày nghỉ bù, làm bù do Chính phủ công bố."
        ) % {"y": years}
        link = ""
        if self.can_edit:
            link = format_html(' <a href="{}">{}</a>', reverse("lich_nam:index"), _("Rà soát lịch"))
        return str(
            format_html(
                '<section class="panel w-panel help-block help-warning" aria-label="{}"><p>{}{}</p></section>',
                _("Lịch ngày làm việc"),
                text,
                link,
            )
        )


@register("construct_homepage_panels")
def unreviewed_calendar_panel(request: Any, panels: list[Any]) -> None:
    years = selectors.unreviewed_years(today_in_vietnam())
    if years:
        user = request.user
        can_edit = user.is_superuser or user.has_perm("workdays.change_calendaryear")
        panels.append(UnreviewedCalendarPanel(years, can_edit))
