"""Editing programmes, targets, indicators, data elements, periods and data sets in the admin."""

from django.utils.translation import gettext_lazy as _
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
