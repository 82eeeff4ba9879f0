"""Staff handling of citizens' cases in Wagtail's admin: the case list, a case's page with its action
forms, attachments, and the response templates (issue 15).

The views translate HTTP to selectors and services: a case outside the units the user sees is a 404
(its existence is not revealed); a step the status does not allow or a missing reason → 400 with the
page and the message; somebody changed the case since the form was loaded → 409; seeing a case
without the right to handle it → 403 on an action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem

from danvan.core import files
from danvan.core.dates import parse_date, today_in_vietnam
from danvan.core.hooks import register
from danvan.core.pagination import paginate
from danvan.core.viewsets import ModelViewSet
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import selectors, services, workflow
from .models import CaseAttachment, CaseKind, CaseStatus, ResponseTemplate

if TYPE_CHECKING:
    from .models import Case

PER_PAGE = 50
DUE_FILTERS = {"overdue": gettext_lazy("Quá hạn"), "week": gettext_lazy("Đến hạn trong tuần này")}
# Steps whose form starts from a response template (?mau=<id>), and the field the template fills.
# Attachments sent with their own content type; any other checked kind goes out as plain bytes.
SERVED_AS_IS = ("application/pdf", "image/jpeg", "image/png")
TEMPLATE_STEPS = {"answer": "answer", "refuse": "reason"}


def may_use(user: Any) -> bool:
    """The case screens: anybody with a unit (they see its cases); handling is checked per case."""
    return permissions.has_units(user)


class CasesMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_use(request.user)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return TemplateResponse(request, "feedback/admin/cases/forbidden.html", {"message": message}, status=403)


# --- the list ------------------------------------------------------------------------------------


def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_use(user):
        return _refused(request, _("Bạn chưa được phân công ở đơn vị nào nên không xem được đơn thư."))
    today = today_in_vietnam()
    get = request.GET
    status = get.get("status", "") if get.get("status", "") in CaseStatus.values else ""
    kind = get.get("kind", "") if get.get("kind", "") in CaseKind.values else ""
    due = get.get("due", "") if get.get("due", "") in DUE_FILTERS else ""
    units = list(orgunits.units_for_admin().filter(permissions.visible_units_q(user, field="")))
    unit_code = get.get("unit", "").strip()
    unit = next((u for u in units if u.code == unit_code), None)
    if unit_code and unit is None:
        raise Http404  # a unit the user does not see (or none): not revealed
    search = get.get("q", "")[:200]
    cases = selectors.staff_cases(
        user,
        today=today,
        status=status,
        kind=kind,
        unit=unit,
        due=due,
        mine=get.get("mine") == "1",
        search=search,
    )
    page = paginate(request, cases, per_page=PER_PAGE)
    # Reversed once, not per row: the list renders 50 rows per request.
    prefix = reverse("feedback_case_list")
    kinds, statuses = dict(CaseKind.choices), dict(CaseStatus.choices)
    # Days left in each rule's own unit (working days for a working-days rule), one calendar load.
    clocks = selectors.next_clocks([case.pk for case in page.object_list], today)
    rows = [
        {
            "case": case,
            "url": f"{prefix}{case.pk}/",
            "kind": kinds.get(case.kind, case.kind),
            "status": statuses.get(case.status, case.status),
            "assignee": (case.assignee.get_full_name() or case.assignee.username) if case.assignee else "—",
            "days": clocks[case.pk].words if case.pk in clocks else "",
            "overdue": case.pk in clocks and clocks[case.pk].overdue,
        }
        for case in page.object_list
    ]
    query = get.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "rows": rows,
        "statuses": CaseStatus.choices,
        "kinds": CaseKind.choices,
        "dues": list(DUE_FILTERS.items()),
        "units": units,
        "chosen": {"status": status, "kind": kind, "due": due, "unit": unit_code, "q": search},
        "mine": get.get("mine") == "1",
        "query": query.urlencode(),
    }
    return TemplateResponse(request, "feedback/admin/cases/list.html", context)


# --- one case ------------------------------------------------------------------------------------


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = selectors.visible_case(request.user, pk)
    if case is None:
        raise Http404
    return case


def _publish_url(case: Case) -> str:
    # The board helper builds the publishing screen; until it exists the link is left out.
    try:
        return reverse("feedback_case_publish", kwargs={"pk": case.pk})
    except NoReverseMatch:
        return ""


def _page(
    request: HttpRequest,
    case: Case,
    *,
    problems: list[str] | None = None,
    posted: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    handler = permissions.can_handle(user, case.unit)
    steps = workflow.allowed(case.status) if handler else []
    today = today_in_vietnam()
    views = selectors.case_deadlines(case.pk, today)
    clock_words = {view.id: view.words for view in views}
    next_clock = next((view.status for view in views if view.status is not None), None)
    # What each step's form shows: what was posted (after an error), or a chosen template's text.
    values: dict[str, dict[str, str]] = {step.action: {} for step in steps}
    for key, value in (posted or {}).items():
        action, _colon, field = key.partition(":")
        if action in values:
            values[action][field] = value
    chosen = selectors.response_template(request.GET.get("mau"))
    template_for = request.GET.get("buoc", "answer")
    if chosen is not None and template_for in TEMPLATE_STEPS and template_for in values and not posted:
        values[template_for][TEMPLATE_STEPS[template_for]] = chosen.body
    actions = [step.action for step in steps]
    templates = {
        action: selectors.response_templates(case.kind, action)
        for action in TEMPLATE_STEPS
        if action in actions
    }
    forms_ = [
        {"step": step, "values": values[step.action], "templates": templates.get(step.action, [])}
        for step in steps
    ]
    context = {
        "case": case,
        "handler": handler,
        "history": [
            {"event": event, "label": workflow.action_label(event.action, event.to_status)}
            for event in selectors.case_history(case)
        ],
        "deadlines": [
            {
                "deadline": deadline,
                "step": workflow.deadline_step_label(deadline.step),
                "words": clock_words.get(deadline.pk, ""),
            }
            for deadline in selectors.case_deadline_rows(case)
        ],
        "attachments": list(CaseAttachment.objects.filter(case=case).only("pk", "name", "size")),
        "merged": list(case.merged_cases.only("pk", "code", "title")),
        "duplicates": (
            selectors.possible_duplicates(case, user=user)
            if case.status in (CaseStatus.RECEIVED, CaseStatus.FORWARDED)
            else []
        ),
        "handlers": list(permissions.handlers_of(case.unit)) if "assign" in actions else [],
        "forward_units": (
            list(
                orgunits.units_for_admin()
                .filter(pk__in=orgunits.active_unit_ids(today))
                .exclude(pk=case.unit_id)
            )
            if "forward" in actions
            else []
        ),
        "forms": forms_,
        "problems": problems or [],
        "days": next_clock.words if next_clock else "",
        "overdue": bool(next_clock and next_clock.overdue),
        "publish_url": _publish_url(case) if case.status in (CaseStatus.ANSWERED, CaseStatus.CLOSED) else "",
        "today": today,
    }
    return TemplateResponse(request, "feedback/admin/cases/case.html", context, status=status)


def case_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_use(request.user):
        raise Http404
    return _page(request, _case_or_404(request, pk))


def _posted_int(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _perform(request: HttpRequest, case: Case, action: str, version: int | None) -> str:
    """Run the step; the Vietnamese message of success. Raises what the services raise."""
    post = request.POST
    user = request.user
    reason = post.get(f"{action}:reason", "")
    on = None
    if post.get(f"{action}:on", "").strip():
        on = parse_date(post.get(f"{action}:on"))
        if on is None:
            raise ValidationError(_("Ngày không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/01/2027."))
    common: dict[str, Any] = {"by": user, "expected_version": version, "on": on}
    if action == "accept":
        services.accept_case(case, reason=reason, complex=post.get("accept:complex") == "1", **common)
        return _("Đã thụ lý đơn.")
    if action == "refuse":
        services.refuse_case(case, reason=reason, **common)
        return _("Đã ghi nhận không thụ lý đơn.")
    if action == "forward":
        code = post.get("forward:unit", "").strip()
        to_unit = orgunits.unit_by_code(code) if code else None
        if to_unit is None or not to_unit.active_on(today_in_vietnam()):
            raise ValidationError(_("Hãy chọn đơn vị có thẩm quyền nhận đơn."))
        services.forward_case(case, to_unit=to_unit, reason=reason, **common)
        return _("Đã chuyển đơn đến %(unit)s.") % {"unit": to_unit.name}
    if action == "assign":
        chosen = _posted_int(request, "assign:user")
        to_user = permissions.handlers_of(case.unit).filter(pk=chosen).first() if chosen else None
        if to_user is None:
            raise ValidationError(_("Hãy chọn người xử lý trong danh sách."))
        services.assign_case(case, to_user=to_user, reason=reason, **common)
        return _("Đã giao người xử lý.")
    if action == "start":
        services.start_case(case, reason=reason, **common)
        return _("Đã bắt đầu giải quyết.")
    if action == "answer":
        services.answer_case(case, answer=post.get("answer:answer", ""), reason=reason, **common)
        return _("Đã lưu câu trả lời.")
    if action == "close":
        services.close_case(case, reason=reason, **common)
        return _("Đã kết thúc đơn.")
    if action == "extend":
        services.extend_case(case, reason=reason, **common)
        return _("Đã gia hạn.")
    if action == "suspend":
        services.suspend_case(case, reason=reason, **common)
        return _("Đã tạm đình chỉ việc giải quyết.")
    if action == "resume":
        services.resume_case(case, reason=reason, **common)
        return _("Đã tiếp tục giải quyết.")
    if action == "withdraw":
        services.withdraw_case(case, reason=reason, **common)
        return _("Đã ghi nhận rút đơn.")
    if action == "merge":
        named = post.get("merge:keep", "").strip()[:20]
        keep = (
            selectors.visible_case(user, int(named))
            if named.isdigit() and len(named) < 10
            else selectors.visible_case_by_code(user, named)
        )
        if keep is None:
            raise ValidationError(_("Không tìm thấy đơn để gộp vào."))
        services.merge_cases(
            keep, case, reason=reason, keep_version=_posted_int(request, "merge:keep_version"), **common
        )
        return _("Đã gộp đơn %(other)s vào đơn %(keep)s.") % {"other": case.code, "keep": keep.code}
    raise ValidationError(_("Thao tác không hợp lệ."))


def case_action(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST" or not may_use(request.user):
        raise Http404  # POST only; a GET names nothing
    case = _case_or_404(request, pk)
    action = request.POST.get("action", "")
    posted = {key: str(value)[:25_000] for key, value in request.POST.items() if ":" in key}
    if not permissions.can_handle(request.user, case.unit):
        return _refused(request, _("Bạn xem được đơn này nhưng không có quyền xử lý đơn của đơn vị này."))
    version = _posted_int(request, "version")
    if version is None:
        return _page(request, case, problems=[_("Biểu mẫu thiếu phiên bản; hãy tải lại trang.")], status=400)
    try:
        done = _perform(request, case, action, version)
    except services.CaseConflict as conflict:
        return TemplateResponse(
            request,
            "feedback/admin/cases/conflict.html",
            {"case": case, "message": str(conflict)},
            status=409,
        )
    except PermissionDenied as denied:
        return _refused(request, str(denied))
    except ValidationError as error:
        case.refresh_from_db()
        return _page(request, case, problems=[str(m) for m in error.messages], posted=posted, status=400)
    messages.success(request, done)
    if selectors.visible_case(request.user, case.pk) is None:  # forwarded out of the user's units
        return HttpResponseRedirect(reverse("feedback_case_list"))
    return HttpResponseRedirect(reverse("feedback_case", args=[case.pk]))


def case_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse | FileResponse:
    if not may_use(request.user):
        raise Http404
    case = _case_or_404(request, pk)
    attachment = CaseAttachment.objects.filter(case=case, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    # Checked by content at intake; other kinds (GIF, WebP) go out as plain bytes, as before.
    served = attachment.content_type in SERVED_AS_IS
    return files.serve_stored(
        attachment.file,
        content_type=attachment.content_type if served else "application/octet-stream",
        name=files.safe_name(attachment.name),
    )


@register("register_admin_urls")
def register_case_urls() -> list[URLPattern]:
    return [
        path("don-thu/", case_list, name="feedback_case_list"),
        path("don-thu/<int:pk>/", case_page, name="feedback_case"),
        path("don-thu/<int:pk>/xu-ly/", case_action, name="feedback_case_action"),
        path(
            "don-thu/<int:pk>/tep/<int:attachment_id>/",
            case_attachment,
            name="feedback_case_attachment",
        ),
    ]


@register("register_feedback_menu_item")
def register_case_list_menu_item() -> MenuItem:
    return CasesMenuItem(
        gettext_lazy("Danh sách đơn thư"),
        reverse("feedback_case_list"),
        name="danh-sach-don",
        icon_name="list-ul",
        order=100,
    )


# --- response templates --------------------------------------------------------------------------


class ResponseTemplateViewSet(ModelViewSet):
    model = ResponseTemplate
    name = "mau_tra_loi"
    url_prefix = "mau-tra-loi"
    icon = "doc-full"
    menu_label = gettext_lazy("Mẫu trả lời")
    add_to_admin_menu = False
    list_display = ["title", "kind", "action", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["title", "body"]
    form_fields = ["title", "kind", "action", "body", "active"]

    def formfield_for_dbfield(self, db_field: Any, **kwargs: Any) -> forms.Field | None:
        if db_field.name == "action":  # the steps whose forms offer templates
            steps = [("", _("Mọi bước")), *((a, str(workflow.STEPS[a].label)) for a in TEMPLATE_STEPS)]
            return forms.ChoiceField(choices=steps, required=False, label=db_field.verbose_name.capitalize())
        return super().formfield_for_dbfield(db_field, **kwargs)


response_templates = ResponseTemplateViewSet()


@register("register_admin_viewset")
def register_response_templates() -> ResponseTemplateViewSet:
    return response_templates


@register("register_feedback_menu_item")
def register_response_template_menu_item() -> MenuItem:
    item: MenuItem = response_templates.get_menu_item(order=900)
    return item
