"""Editing programmes, targets, indicators, data elements, periods and data sets in the admin."""

from typing import Any

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from .models import (
    DataElement,
    DataSet,
    ElementRule,
    Indicator,
    Period,
    Programme,
    ReportingWindow,
    Target,
    TaskGroup,
    TaskItem,
)


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    name = "chuong_trinh"
    url_prefix = "chuong-trinh/danh-sach"
    icon = "doc-full"
    menu_label = _("Chương trình")
    list_display = ["code", "title", "year", "issued_on"]
    search_fields = ["code", "title"]
    form_fields = [
        "code",
        "title",
        "issuer",
        "issued_on",
        "year",
        "motto",
        "parent_resolution",
        "document",
        "root_unit",
    ]


class TargetViewSet(ModelViewSet):
    model = Target
    name = "muc_tieu"
    url_prefix = "chuong-trinh/muc-tieu"
    icon = "success"
    menu_label = _("Mục tiêu")
    list_display = ["programme", "indicator", "comparator", "value", "scope", "aspirational"]
    list_filter = ["programme", "aspirational"]
    form_fields = [
        "programme",
        "indicator",
        "comparator",
        "value",
        "scope",
        "aspirational",
        "max_weak_units",
        "sort_order",
    ]


class TaskGroupViewSet(ModelViewSet):
    model = TaskGroup
    name = "nhom_nhiem_vu"
    url_prefix = "chuong-trinh/nhiem-vu"
    icon = "list-ul"
    menu_label = _("Nhóm nhiệm vụ")
    list_display = ["programme", "sort_order", "title"]
    list_filter = ["programme"]
    form_fields = ["programme", "sort_order", "title", "responsible", "progress_note"]


class TargetChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # django-stubs: ModelChoiceField[Target]
    """A target named with its programme and scope: "42-CTr/HU — Đoàn viên… (Đoàn TNCS…) > 45"."""

    def label_from_instance(self, obj: Any) -> str:
        scope = f" ({obj.scope.name})" if obj.scope_id else ""
        return (
            f"{obj.programme.code} — {obj.indicator.name}{scope} {obj.comparator} {obj.value.normalize():f}%"
        )


class TaskGroupChoice(forms.ModelChoiceField):  # type: ignore[type-arg]  # django-stubs: ModelChoiceField[TaskGroup]
    """A task group named with its programme: several programmes may have a group "Công tác dân tộc…"."""

    def label_from_instance(self, obj: Any) -> str:
        return _task_group_label(obj)


class TaskItemForm(forms.ModelForm[TaskItem]):
    """The targets offered are those of the programmes that have task groups; once the item exists,
    only its own programme's. ``TaskItem.clean`` refuses a target of another programme either way."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        targets = Target.objects.select_related("programme", "indicator", "scope").order_by(
            "-programme__year", "programme__code", "sort_order", "pk"
        )
        if self.instance.pk and self.instance.task_group_id:
            targets = targets.filter(programme_id=self.instance.task_group.programme_id)
        else:
            targets = targets.filter(programme__task_groups__isnull=False).distinct()
        self.fields["target"].queryset = targets  # type: ignore[attr-defined]  # a ModelChoiceField
        groups = TaskGroup.objects.select_related("programme").order_by(
            "-programme__year", "programme__code", "sort_order", "pk"
        )
        self.fields["task_group"].queryset = groups  # type: ignore[attr-defined]  # a ModelChoiceField


def _task_group_label(group: TaskGroup) -> str:
    return f"{group.programme.code} — {group.title[:60]}"


class TaskItemViewSet(ModelViewSet):
    """The measurable items of the task groups (decision 0021): a target with a weight, or a milestone
    with a due date; the dashboard and the reports compute each group's progress from them."""

    model = TaskItem
    name = "hang_muc_nhiem_vu"
    url_prefix = "chuong-trinh/hang-muc"
    icon = "list-ol"
    menu_label = _("Hạng mục đo tiến độ")
    list_display = [
        Column("task_group", label=_("nhóm nhiệm vụ"), accessor=lambda i: _task_group_label(i.task_group)),
        "kind",
        Column("title", label=_("hạng mục"), accessor=str),
        "weight",
        Column(
            "due_on", label=_("hạn hoàn thành"), accessor=lambda i: f"{i.due_on:%d/%m/%Y}" if i.due_on else ""
        ),
    ]
    list_filter = ["kind", "task_group__programme"]
    ordering = ["task_group__programme", "task_group__sort_order", "sort_order", "pk"]
    form_fields = ["task_group", "kind", "target", "title", "due_on", "weight", "sort_order"]

    def get_queryset(self, request: Any) -> Any:
        return TaskItem.objects.select_related("task_group__programme", "target__indicator", "target__scope")

    def formfield_for_dbfield(self, db_field: Any, **kwargs: Any) -> forms.Field | None:
        if db_field.name == "target":
            kwargs.setdefault("form_class", TargetChoice)
        elif db_field.name == "task_group":
            kwargs.setdefault("form_class", TaskGroupChoice)
        return super().formfield_for_dbfield(db_field, **kwargs)

    def get_form_class(self, for_update: bool = False) -> type[forms.ModelForm[TaskItem]]:
        return modelform_factory(
            TaskItem,
            form=TaskItemForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    name = "chi_tieu"
    url_prefix = "chuong-trinh/chi-tieu"
    icon = "decimal"
    menu_label = _("Chỉ tiêu")
    list_display = ["key", "name", "kind"]
    form_fields = [
        "key",
        "name",
        "kind",
        "numerator",
        "denominator",
        "rating_element",
        "threshold",
        "org_types",
    ]


class DataElementViewSet(ModelViewSet):
    model = DataElement
    name = "chi_so"
    url_prefix = "chuong-trinh/chi-so"
    icon = "form"
    menu_label = _("Chỉ số thu thập")
    list_display = ["code", "name", "value_type"]
    form_fields = ["code", "name", "value_type", "description"]


class ElementRuleViewSet(ModelViewSet):
    """The checks between elements (members ≤ eligible…) that both the entry form and the import apply."""

    model = ElementRule
    name = "quy_tac"
    url_prefix = "chuong-trinh/quy-tac"
    icon = "tasks"
    menu_label = _("Quy tắc kiểm tra số liệu")
    list_display = ["left", "comparator", "right", "message"]
    list_filter = ["left"]
    form_fields = ["left", "comparator", "right", "message"]


class PeriodViewSet(ModelViewSet):
    model = Period
    name = "ky_bao_cao"
    url_prefix = "chuong-trinh/ky"
    icon = "date"
    menu_label = _("Kỳ báo cáo")
    list_display = ["code", "period_type", "start", "end"]
    form_fields = ["code"]


class DataSetViewSet(ModelViewSet):
    model = DataSet
    name = "bieu_mau"
    url_prefix = "chuong-trinh/bieu-mau"
    icon = "clipboard-list"
    menu_label = _("Biểu mẫu báo cáo")
    list_display = ["code", "name", "period_type", "programme"]
    form_fields = ["code", "name", "period_type", "programme", "elements", "org_types"]


class ReportingWindowViewSet(ModelViewSet):
    model = ReportingWindow
    name = "thoi_han"
    url_prefix = "chuong-trinh/thoi-han"
    icon = "time"
    menu_label = _("Thời hạn báo cáo")
    list_display = ["data_set", "period", "opens_on", "closes_on"]
    form_fields = ["data_set", "period", "opens_on", "closes_on"]


class ProgrammeGroup(ViewSetGroup):
    menu_label = _("Chương trình, chỉ tiêu")
    menu_icon = "doc-full-inverse"
    menu_order = 240
    items = (
        ProgrammeViewSet,
        TargetViewSet,
        TaskGroupViewSet,
        TaskItemViewSet,
        IndicatorViewSet,
        DataElementViewSet,
        ElementRuleViewSet,
        PeriodViewSet,
        DataSetViewSet,
        ReportingWindowViewSet,
    )


@register("register_admin_viewset")
def _register() -> ViewSetGroup:
    return ProgrammeGroup()
