"""Direct dialogue sessions in the admin ("Đơn thư" → "Đối thoại trực tiếp", "Câu hỏi đối thoại"),
and the page of a session's cases where staff link a case to it by its code.

Every screen is limited to the sessions of units the user sees (orgunits.permissions): another
unit's session is a 404, and the unit drop-down offers only the units the user sees. Who asked a
question stays in the admin; the public pages never show it.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic

from danvan.core.hooks import register
from danvan.core.viewsets import ModelViewSet
from danvan.orgunits import permissions

from . import selectors, services
from .models import DialogueQuestion, DialogueSession

SESSION_CHANGE = "feedback.change_dialoguesession"


def _visible(user: Any, model: type[Any]) -> QuerySet[Any]:
    field = "unit" if model is DialogueSession else "session__unit"
    rows: QuerySet[Any] = model._default_manager.filter(permissions.visible_units_q(user, field=field))
    return rows


class ScopedObject:
    """Edit, delete, history and usage of one row: only rows of units the user sees (else 404)."""

    request: HttpRequest
    model: Any

    def get_object(self, queryset: Any = None) -> Any:
        pk = self.kwargs.get("pk")  # type: ignore[attr-defined]  # a Django view's kwargs
        found = _visible(self.request.user, self.model).filter(pk=pk).first()
        if found is None:
            raise Http404
        return found


class ScopedForm:
    """The unit (or session) drop-down offers only what the user sees."""

    request: HttpRequest

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]  # the Wagtail view's
        user = self.request.user
        if "unit" in form.fields:
            form.fields["unit"].queryset = form.fields["unit"].queryset.filter(
                permissions.visible_units_q(user, field="")
            )
        if "session" in form.fields:
            form.fields["session"].queryset = _visible(user, DialogueSession)
        return form


class ScopedIndex(generic.IndexView):
    def get_base_queryset(self) -> QuerySet[Any]:
        rows: QuerySet[Any] = super().get_base_queryset()
        return rows.filter(pk__in=_visible(self.request.user, self.model).values("pk"))


class ScopedCreate(ScopedForm, generic.CreateView):
    pass


class ScopedEdit(ScopedObject, ScopedForm, generic.EditView):
    pass


class ScopedDelete(ScopedObject, generic.DeleteView):
    pass


class ScopedHistory(ScopedObject, generic.HistoryView):
    pass


class ScopedUsage(ScopedObject, generic.UsageView):
    pass


class ScopedViewSet(ModelViewSet):
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False
    index_view_class = ScopedIndex
    add_view_class = ScopedCreate
    edit_view_class = ScopedEdit
    delete_view_class = ScopedDelete
    history_view_class = ScopedHistory
    usage_view_class = ScopedUsage


class DialogueSessionViewSet(ScopedViewSet):
    model = DialogueSession
    name = "doi_thoai_truc_tiep"
    url_prefix = "doi-thoai-truc-tiep"
    icon = "group"
    menu_label = gettext_lazy("Đối thoại trực tiếp")
    list_display = [
        "title",
        "held_on",
        "unit",
        "leader",
        "published",
        TitleColumn(
            "cases",
            label=gettext_lazy("Đơn thư, câu hỏi"),
            accessor=lambda s: _("Xem, liên kết đơn thư"),
            get_url=lambda s: reverse("feedback_dialogue_cases", kwargs={"pk": s.pk}),
        ),
    ]
    list_filter = ["published"]  # a unit filter would list every unit, also those the user does not see
    search_fields = ["title", "leader", "topics"]
    ordering = ["-held_on", "-pk"]
    form_fields = [
        "held_on",
        "unit",
        "title",
        "leader",
        "location",
        "topics",
        "attendance",
        "minutes",
        "published",
    ]


class DialogueQuestionViewSet(ScopedViewSet):
    model = DialogueQuestion
    name = "cau_hoi_doi_thoai"
    url_prefix = "cau-hoi-doi-thoai"
    icon = "help"
    menu_label = gettext_lazy("Câu hỏi đối thoại")
    list_display = ["__str__", "session", "position", "answered_by"]
    list_filter: list[str] = []  # a session filter would name other units' sessions
    search_fields = ["question", "answer"]
    ordering = ["session", "position", "pk"]
    form_fields = ["session", "position", "asked_by", "question", "answer", "answered_by"]


session_viewset = DialogueSessionViewSet()
question_viewset = DialogueQuestionViewSet()


@register("register_admin_viewset")
def _viewsets() -> list[ModelViewSet]:
    return [session_viewset, question_viewset]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args: Any, permission: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request: HttpRequest) -> bool:
        return bool(request.user.has_perm(self.permission))


@register("register_feedback_menu_item")
def _session_menu() -> MenuItem:
    return PermissionMenuItem(
        gettext_lazy("Đối thoại trực tiếp"),
        reverse(session_viewset.get_url_name("index")),
        icon_name="group",
        order=400,
        permission="feedback.view_dialoguesession",
    )


@register("register_feedback_menu_item")
def _question_menu() -> MenuItem:
    return PermissionMenuItem(
        gettext_lazy("Câu hỏi đối thoại"),
        reverse(question_viewset.get_url_name("index")),
        icon_name="help",
        order=410,
        permission="feedback.view_dialoguequestion",
    )


@require_http_methods(["GET", "POST"])
def session_cases(request: HttpRequest, pk: int) -> HttpResponse:
    """A session's questions and cases; POST links a case by its code (``code``) or unlinks one
    (``unlink`` = the case's id). Both need the right to change sessions and to see the case."""
    user = request.user
    if not user.has_perm("feedback.view_dialoguesession"):
        raise PermissionDenied
    session = _visible(user, DialogueSession).select_related("unit").filter(pk=pk).first()
    if session is None:
        raise Http404
    error = ""
    status = 200
    if request.method == "POST":
        if not user.has_perm(SESSION_CHANGE):
            raise PermissionDenied
        if request.POST.get("unlink"):
            case = selectors.visible_case(user, _int(request.POST.get("unlink")))
            if case is None or case.dialogue_id != session.pk:
                raise Http404
            services.unlink_case_from_dialogue(case, by=user)
            messages.success(request, _("Đã bỏ liên kết đơn %(code)s.") % {"code": case.code})
            return redirect(reverse("feedback_dialogue_cases", kwargs={"pk": session.pk}))
        code = request.POST.get("code", "").strip()[:40]
        case = selectors.visible_case_by_code(user, code) if code else None
        if case is None:
            error = _("Không tìm thấy đơn có mã “%(code)s” trong các đơn vị bạn được xem.") % {"code": code}
            status = 400
        else:
            services.link_case_to_dialogue(session, case, by=user)
            messages.success(request, _("Đã liên kết đơn %(code)s với buổi đối thoại.") % {"code": case.code})
            return redirect(reverse("feedback_dialogue_cases", kwargs={"pk": session.pk}))
    return TemplateResponse(
        request,
        "feedback/dialogue/admin_session_cases.html",
        {
            "session": session,
            "questions": list(session.questions.order_by("position", "pk")),
            "cases": selectors.dialogue_cases(session),
            "error": error,
            "may_change": user.has_perm(SESSION_CHANGE),
            "edit_url": reverse(session_viewset.get_url_name("edit"), args=[session.pk]),
            "add_question_url": reverse(question_viewset.get_url_name("add")),
        },
        status=status,
    )


def _int(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        raise Http404 from None


@register("register_admin_urls")
def _urls() -> list[URLPattern]:
    return [path("doi-thoai-truc-tiep/<int:pk>/don-thu/", session_cases, name="feedback_dialogue_cases")]
