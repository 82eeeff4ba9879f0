"""Consultations in Wagtail's admin: drafts, and the comments staff publish or reject."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.log_actions import log

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet

from . import selectors, services
from .models import Comment, Draft


class DraftIndexView(IndexView):
    def get_base_queryset(self) -> QuerySet[Draft]:
        # The counts in the list come from one query, not one per row.
        return selectors.with_comment_counts(super().get_base_queryset())


class DraftViewSet(ModelViewSet):
    model = Draft
    name = "du_thao"
    url_prefix = "du-thao"
    icon = "doc-full-inverse"
    menu_label = _("Dự thảo")
    index_view_class = DraftIndexView
    copy_view_enabled = False
    list_display = [
        "title",
        Column("state", label=_("Trạng thái"), accessor=lambda d: d.state().label),
        "opens_on",
        "closes_on",
        "published",
        Column("published_count", label=_("Ý kiến đã đăng"), sort_key="published_count"),
        Column("pending_count", label=_("Ý kiến chờ duyệt"), sort_key="pending_count"),
    ]
    list_filter = ["published", "issuer"]
    search_fields = ["title", "summary"]
    form_fields = [
        "title",
        "summary",
        "body",
        "issuer",
        "drafting_unit",
        "opens_on",
        "closes_on",
        "file",
        "published",
        "outcome",
    ]


class CommentIndexView(IndexView):
    def get_add_url(self) -> None:
        return None  # comments arrive through the public form only


class CommentCreateView(CreateView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        raise PermissionDenied(_("Ý kiến chỉ được gửi qua trang góp ý."))


class CommentEditView(EditView):
    @transaction.atomic
    def save_instance(self) -> Comment:
        comment: Comment = self.form.instance
        if "status" not in self.form.changed_data:
            saved: Comment = super().save_instance()
            return saved
        # A decision on the comment: the service records who took it, and when.
        services.moderate_comment(comment=comment, status=comment.status, moderator=self.request.user)
        log(instance=comment, action="wagtail.edit", user=self.request.user)
        return comment


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "y_kien_gop_y"
    url_prefix = "y-kien-gop-y"
    icon = "comment"
    menu_label = _("Ý kiến góp ý")
    index_view_class = CommentIndexView
    add_view_class = CommentCreateView
    edit_view_class = CommentEditView
    copy_view_enabled = False
    inspect_view_enabled = True
    ordering = "-created_at"
    list_display = ["__str__", "draft", "status", "created_at", "moderated_by"]
    list_filter = ["status", "draft"]
    search_fields = ["author_name", "body"]
    panels = [
        FieldPanel("draft", read_only=True),
        FieldPanel("author_name", read_only=True),
        FieldPanel("email", read_only=True),
        FieldPanel("organisation", read_only=True),
        FieldPanel("body", read_only=True),
        FieldPanel("status"),
        FieldPanel("response"),
    ]


class ConsultationsGroup(ViewSetGroup):
    menu_label = _("Lấy ý kiến")
    menu_icon = "comment"
    menu_order = 260
    items = (DraftViewSet, CommentViewSet)


@register("register_admin_viewset")
def register_consultations() -> ConsultationsGroup:
    return ConsultationsGroup()
