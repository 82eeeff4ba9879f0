"""admin_rules: the legal clocks' rules as editable rows (menu "Đơn thư" → "Quy tắc thời hạn").

A rule used by a deadline is not deleted (deadlines keep the rule that produced them): a change of law is a new row
with its ``valid_from``; an internal target is switched on or off with ``active``. Editing a row
recomputes the open deadlines it produced."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from . import clocks, services
from .models import DeadlineRule


class RuleEditView(generic.EditView):
    def form_valid(self, form: forms.ModelForm[DeadlineRule]) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)
        services.recompute_rule_deadlines(form.instance.pk)
        return response


class RuleDeleteView(generic.DeleteView):
    """Only a rule no deadline was computed from may be deleted (a row typed by mistake)."""

    def refused(self) -> HttpResponse | None:
        if not clocks.rule_in_use(self.object.pk):
            return None
        messages.error(
            self.request,
            _(
                "Quy tắc đã dùng để tính thời hạn, không xóa được: hãy bỏ chọn “đang áp dụng” hoặc thêm quy tắc mới."
            ),
        )
        return redirect(self.edit_url_name, self.object.pk)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = self.refused() or super().get(request, *args, **kwargs)
        return response

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = self.refused() or super().post(request, *args, **kwargs)
        return response


class DeadlineRuleViewSet(ModelViewSet):
    model = DeadlineRule
    name = "quy_tac_thoi_han"
    url_prefix = "don-thu/quy-tac-thoi-han"
    icon = "time"
    menu_label = _("Quy tắc thời hạn")
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_view_class = RuleEditView
    delete_view_class = RuleDeleteView
    list_display = [
        "key",
        "kind",
        "step",
        Column("amount", label=_("Thời hạn"), accessor=lambda r: f"{r.amount} {r.get_unit_display()}"),
        "source",
        Column("valid_from", label=_("Áp dụng từ"), accessor=lambda r: f"{r.valid_from:%d/%m/%Y}"),
        BooleanColumn("active", label=_("Đang áp dụng")),
        BooleanColumn("needs_review", label=_("Cần rà soát")),
    ]
    list_filter = ["kind", "active", "needs_review"]
    search_fields = ["key", "source", "note"]
    search_backend_name = None
    ordering = ["kind", "key", "-valid_from"]
    form_fields = [
        "key",
        "kind",
        "step",
        "amount",
        "unit",
        "source",
        "valid_from",
        "active",
        "needs_review",
        "note",
    ]


rules_viewset = DeadlineRuleViewSet()


@register("register_admin_viewset")
def register_rules() -> DeadlineRuleViewSet:
    return rules_viewset


@register("register_feedback_menu_item")
def rules_menu_item() -> MenuItem:
    item: MenuItem = rules_viewset.get_menu_item(order=900)
    return item
