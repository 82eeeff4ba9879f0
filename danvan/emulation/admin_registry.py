"""Admin screens of “Dân vận khéo” models (issue 16): the list, registration, a model's page with its
action forms, the council's scoring form, evidence downloads, editing a model (its fields, evidence
and photos added later, evidence removed), and the weighted criteria.

Views translate HTTP to selectors and services: a model of a unit the user does not see is a 404;
a step its status does not allow or a missing reason → 400 with the page and the message; somebody
changed the model since the form was loaded → 409; no right → 403.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from danvan.core import files
from danvan.core.dates import parse_date
from danvan.core.events import announce
from danvan.core.hooks import register
from danvan.core.pagination import paginate
from danvan.core.viewsets import ModelViewSet
from danvan.documents import selectors as documents
from danvan.orgunits import permissions
from danvan.orgunits import selectors as orgunits

from . import selectors, services, workflow
from .evidence import MAX_EVIDENCE_FILES, MAX_PHOTOS
from .forms_registry import EVIDENCE_SLOTS, PHOTO_SLOTS, AddFilesForm, EditForm, RegisterForm, ScoreForm
from .models import Criterion, ModelEvidence, ModelField, ModelStatus, SkilfulModel

MENU_HOOK = "register_emulation_menu_item"
PER_PAGE = 50


def may_use(user: Any) -> bool:
    return permissions.has_units(user)


class RegistryMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return may_use(request.user)


def _refused(request: HttpRequest, message: str) -> HttpResponse:
    return TemplateResponse(request, "emulation/admin/forbidden.html", {"message": message}, status=403)


def _model_or_404(request: HttpRequest, pk: int) -> SkilfulModel:
    model = selectors.visible_model(request.user, pk)
    if model is None:
        raise Http404
    return model


# --- the list ------------------------------------------------------------------------------------


def model_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_use(user):
        return _refused(request, _("Bạn chưa được phân công ở đơn vị nào nên không xem được mô hình."))
    get = request.GET
    field = get.get("field", "") if get.get("field", "") in ModelField.values else ""
    status = get.get("status", "") if get.get("status", "") in ModelStatus.values else ""
    raw_year = get.get("year", "").strip()
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else None
    units = list(orgunits.units_for_admin().filter(permissions.visible_units_q(user, field="")))
    unit_code = get.get("unit", "").strip()
    unit = next((u for u in units if u.code == unit_code), None)
    if unit_code and unit is None:
        raise Http404
    search = get.get("q", "")[:200]
    rows = selectors.staff_models(user, year=year, field=field, status=status, unit=unit, search=search)
    page = paginate(request, rows, per_page=PER_PAGE)
    query = get.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "fields": ModelField.choices,
        "statuses": ModelStatus.choices,
        "units": units,
        "chosen": {"field": field, "status": status, "unit": unit_code, "q": search, "year": year or ""},
        "query": query.urlencode(),
        "may_register": any(permissions.can_register_model(user, u) for u in units[:200]),
    }
    return TemplateResponse(request, "emulation/admin/list.html", context)


# --- registration --------------------------------------------------------------------------------


def model_register(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_use(user):
        return _refused(request, _("Bạn chưa được phân công ở đơn vị nào."))
    units = [
        u
        for u in orgunits.units_for_admin().filter(permissions.visible_units_q(user, field=""))
        if permissions.can_register_model(user, u)
    ]
    if not units:
        return _refused(request, _("Bạn không có quyền đăng ký mô hình cho đơn vị nào."))
    form = RegisterForm(request.POST or None, request.FILES or None, units=units)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            unit = next(u for u in units if u.code == data["unit"])
            evidence = [
                (upload.name or "", upload, upload.size or 0)
                for i in range(1, EVIDENCE_SLOTS + 1)
                if (upload := data.get(f"evidence_{i}"))
            ]
            photos = [
                (upload.name or "", upload, upload.size or 0, data.get(f"caption_{i}", ""))
                for i in range(1, PHOTO_SLOTS + 1)
                if (upload := data.get(f"photo_{i}"))
            ]
            try:
                model = services.register_model(
                    title=data["title"],
                    unit=unit,
                    field=data["field"],
                    level=data.get("level"),
                    year=data["year"],
                    description=data["description"],
                    results=data["results"],
                    by=user,
                    evidence=evidence,
                    photos=photos,
                )
            except PermissionDenied as denied:
                return _refused(request, str(denied))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã đăng ký mô hình “%(title)s”.") % {"title": model.title})
                return HttpResponseRedirect(reverse("emulation_model", args=[model.pk]))
        status = 400
    return TemplateResponse(request, "emulation/admin/register.html", {"form": form}, status=status)


# --- one model -----------------------------------------------------------------------------------


DECISION_SEARCH_MAX = 100


def _decision_choices(request: HttpRequest, steps: list[Any]) -> dict[str, Any]:
    """What the recognise and refuse forms offer: the library's newest decisions, narrowed by
    ``?tim=`` (no accents needed), and where to add one when the library has none."""
    if not any(step.action in ("recognise", "refuse") for step in steps):
        return {}
    search = str(request.GET.get("tim", ""))[:DECISION_SEARCH_MAX].strip()
    return {
        "decisions": documents.recent_decisions(search),
        "decision_search": search,
        "library_has_decisions": documents.has_decisions(),
        "may_add_document": request.user.has_perm("documents.add_legaldocument"),
        "add_document_url": reverse("van_ban:add"),
    }


def _page(
    request: HttpRequest, model: SkilfulModel, *, problems: list[str] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    may_decide = permissions.can_decide_model(user, model.unit)
    steps = workflow.allowed(model.status) if may_decide else []
    context = {
        "model": model,
        "evidence": list(model.evidence.all()),
        "photos": list(model.photos.select_related("image")),
        "table": selectors.score_table(model),
        "events": [
            (event, workflow.EVENT_LABELS.get(event.action, event.action))
            for event in model.events.select_related("actor")
        ],
        "steps": steps,
        "may_score": model.status == ModelStatus.UNDER_REVIEW
        and permissions.can_score_model(user, model.unit),
        "may_edit": services.may_edit(user, model),
        "problems": problems or [],
        **_decision_choices(request, steps),
    }
    return TemplateResponse(request, "emulation/admin/model.html", context, status=status)


def model_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_use(request.user):
        raise Http404
    return _page(request, _model_or_404(request, pk))


def _perform(request: HttpRequest, model: SkilfulModel, action: str, version: int) -> str:
    post, by = request.POST, request.user
    reason = str(post.get("reason", ""))[:20_000]
    if action == "review":
        services.start_review(model, by=by, expected_version=version, reason=reason)
        return _("Đã đưa mô hình ra hội đồng thẩm định.")
    if action in ("recognise", "refuse"):
        raw_day = str(post.get("decided_on", "")).strip()
        day = parse_date(raw_day)
        if raw_day and day is None:
            raise ValidationError(_("Ngày quyết định không hợp lệ (ngày/tháng/năm)."))
        raw_decision = str(post.get("decision", "")).strip()
        decision = None
        if raw_decision:
            if raw_decision.isdigit() and len(raw_decision) < 19:
                decision = documents.decision_by_pk(int(raw_decision))
            if decision is None:
                raise ValidationError(_("Quyết định đã chọn không có trong thư viện văn bản; hãy chọn lại."))
        if action == "recognise":
            services.recognise_model(
                model, by=by, decision=decision, decided_on=day, reason=reason, expected_version=version
            )
            return _("Đã công nhận mô hình.")
        services.refuse_model(
            model, by=by, decision=decision, decided_on=day, reason=reason, expected_version=version
        )
        return _("Đã ghi không công nhận mô hình.")
    if action == "revoke":
        raw_day = str(post.get("on", "")).strip()
        day = parse_date(raw_day)
        if raw_day and day is None:
            raise ValidationError(_("Ngày thu hồi không hợp lệ (ngày/tháng/năm)."))
        services.revoke_model(model, by=by, reason=reason, on=day, expected_version=version)
        return _("Đã thu hồi công nhận mô hình.")
    raise ValidationError(_("Thao tác không hợp lệ."))


def _conflict(request: HttpRequest, model: SkilfulModel, message: str) -> HttpResponse:
    return TemplateResponse(
        request, "emulation/admin/conflict.html", {"model": model, "message": message}, status=409
    )


def _version(request: HttpRequest) -> int | None:
    raw = str(request.POST.get("version", "")).strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def model_action(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST" or not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    if not permissions.can_decide_model(request.user, model.unit):
        return _refused(request, _("Bạn không có quyền quyết định về mô hình của đơn vị này."))
    version = _version(request)
    if version is None:
        return _page(request, model, problems=[_("Biểu mẫu thiếu phiên bản; hãy tải lại trang.")], status=400)
    try:
        done = _perform(request, model, str(request.POST.get("action", "")), version)
    except services.ModelConflict as conflict:
        return _conflict(request, model, str(conflict))
    except PermissionDenied as denied:
        return _refused(request, str(denied))
    except ValidationError as error:
        model.refresh_from_db()
        return _page(request, model, problems=[str(m) for m in error.messages], status=400)
    messages.success(request, done)
    return HttpResponseRedirect(reverse("emulation_model", args=[model.pk]))


def model_score(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    if not permissions.can_score_model(request.user, model.unit):
        return _refused(request, _("Bạn không có quyền chấm điểm mô hình của đơn vị này."))
    criteria = list(selectors.active_criteria())
    form = ScoreForm(
        request.POST or None,
        criteria=criteria,
        initial_scores=selectors.member_scores(model, request.user),
    )
    status = 200
    if request.method == "POST":
        version = _version(request)
        if version is None:
            form.add_error(None, _("Biểu mẫu thiếu phiên bản; hãy tải lại trang."))
        elif form.is_valid():
            try:
                services.score_model(
                    model,
                    member=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    expected_version=version,
                )
            except services.ModelConflict as conflict:
                return _conflict(request, model, str(conflict))
            except PermissionDenied as denied:
                return _refused(request, str(denied))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Đã lưu điểm của bạn."))
                return HttpResponseRedirect(reverse("emulation_model", args=[model.pk]))
        status = 400
    context = {"model": model, "form": form, "criteria": criteria}
    return TemplateResponse(request, "emulation/admin/score.html", context, status=status)


def model_evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse | FileResponse:
    if not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    item = ModelEvidence.objects.filter(model=model, pk=evidence_id).first()
    if item is None:
        raise Http404
    response = files.serve_stored(item.file, content_type=item.content_type, name=files.safe_name(item.name))
    announce(
        "skilful_model.evidence_download", request=request, actor=request.user, target=model, detail=item.name
    )
    return response


# --- editing a model: its fields, files added later, evidence removed ------------------------------


def _edit_page(
    request: HttpRequest,
    model: SkilfulModel,
    *,
    form: EditForm | None = None,
    files_form: AddFilesForm | None = None,
    problems: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    editable = services.editable_fields(user, model)
    photos = list(model.photos.select_related("image"))
    if form is None:
        form = EditForm(model=model, editable=editable, photos=photos)
    may_change_files = services.may_change_files(user, model)
    if files_form is None and may_change_files:
        files_form = AddFilesForm()
    context = {
        "model": model,
        "form": form,
        "files_form": files_form if may_change_files else None,
        "evidence": list(model.evidence.all()),
        "photos": photos,
        "only_published": editable == ("published",),
        "limits": {"evidence": MAX_EVIDENCE_FILES, "photos": MAX_PHOTOS},
        "problems": problems or [],
    }
    return TemplateResponse(request, "emulation/admin/edit.html", context, status=status)


def _edit_refusal(request: HttpRequest, model: SkilfulModel) -> HttpResponse:
    return _refused(
        request,
        _("Bạn không được sửa mô hình “%(title)s” khi nó đang ở trạng thái “%(status)s”.")
        % {"title": model.title, "status": model.get_status_display()},
    )


def model_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    editable = services.editable_fields(request.user, model)
    if not editable:
        return _edit_refusal(request, model)
    if request.method != "POST":
        return _edit_page(request, model)
    photos = list(model.photos.select_related("image"))
    form = EditForm(request.POST, model=model, editable=editable, photos=photos)
    version = _version(request)
    if version is None:
        form.add_error(None, _("Biểu mẫu thiếu phiên bản; hãy tải lại trang."))
    elif form.is_valid():
        try:
            changed = services.edit_model(
                model,
                by=request.user,
                changes=form.changes(),
                captions=form.captions(),
                expected_version=version,
            )
        except services.ModelConflict as conflict:
            return _conflict(request, model, str(conflict))
        except PermissionDenied as denied:
            return _refused(request, str(denied))
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if changed:
                messages.success(request, _("Đã lưu thay đổi: %(what)s.") % {"what": ", ".join(changed)})
            else:
                messages.info(request, _("Không có gì thay đổi."))
            return HttpResponseRedirect(reverse("emulation_model", args=[model.pk]))
    return _edit_page(request, model, form=form, status=400)


def model_add_files(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST" or not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    if not services.may_edit(request.user, model):
        return _edit_refusal(request, model)
    files_form = AddFilesForm(request.POST, request.FILES)
    problems: list[str] = []
    version = _version(request)
    if version is None:
        problems.append(_("Biểu mẫu thiếu phiên bản; hãy tải lại trang."))
    elif files_form.is_valid():
        try:
            added = services.add_files(
                model,
                by=request.user,
                evidence=files_form.evidence(),
                photos=files_form.photos(),
                expected_version=version,
            )
        except services.ModelConflict as conflict:
            return _conflict(request, model, str(conflict))
        except PermissionDenied as denied:
            return _refused(request, str(denied))
        except ValidationError as error:
            problems.extend(error.messages)
        else:
            messages.success(request, _("Đã bổ sung %(n)s tệp.") % {"n": added})
            return HttpResponseRedirect(reverse("emulation_model_edit", args=[model.pk]))
    model.refresh_from_db()
    return _edit_page(request, model, files_form=files_form, problems=problems, status=400)


def model_remove_evidence(request: HttpRequest, pk: int, evidence_id: int) -> HttpResponse:
    if request.method != "POST" or not may_use(request.user):
        raise Http404
    model = _model_or_404(request, pk)
    if not services.may_edit(request.user, model):
        return _edit_refusal(request, model)
    version = _version(request)
    if version is None:
        return _edit_page(
            request, model, problems=[_("Biểu mẫu thiếu phiên bản; hãy tải lại trang.")], status=400
        )
    try:
        name = services.remove_evidence(model, evidence_id, by=request.user, expected_version=version)
    except services.ModelConflict as conflict:
        return _conflict(request, model, str(conflict))
    except PermissionDenied as denied:
        return _refused(request, str(denied))
    except ValidationError as error:
        model.refresh_from_db()
        return _edit_page(request, model, problems=list(error.messages), status=400)
    messages.success(request, _("Đã gỡ tài liệu minh chứng “%(name)s”.") % {"name": name})
    return HttpResponseRedirect(reverse("emulation_model_edit", args=[model.pk]))


@register("register_admin_urls")
def register_registry_urls() -> list[URLPattern]:
    return [
        path("dan-van-kheo/", model_list, name="emulation_model_list"),
        path("dan-van-kheo/dang-ky/", model_register, name="emulation_model_register"),
        path("dan-van-kheo/<int:pk>/", model_page, name="emulation_model"),
        path("dan-van-kheo/<int:pk>/xu-ly/", model_action, name="emulation_model_action"),
        path("dan-van-kheo/<int:pk>/cham-diem/", model_score, name="emulation_model_score"),
        path("dan-van-kheo/<int:pk>/sua/", model_edit, name="emulation_model_edit"),
        path("dan-van-kheo/<int:pk>/bo-sung-tep/", model_add_files, name="emulation_model_add_files"),
        path(
            "dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/go/",
            model_remove_evidence,
            name="emulation_model_remove_evidence",
        ),
        path(
            "dan-van-kheo/<int:pk>/minh-chung/<int:evidence_id>/",
            model_evidence,
            name="emulation_model_evidence",
        ),
    ]


@register("register_admin_menu_item")
def emulation_menu() -> SubmenuMenuItem:
    return SubmenuMenuItem(
        gettext_lazy("Dân vận khéo"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="pick",
        name="dan-van-kheo",
        order=360,
    )


@register(MENU_HOOK)
def register_model_list_menu_item() -> MenuItem:
    return RegistryMenuItem(
        gettext_lazy("Danh sách mô hình"),
        reverse("emulation_model_list"),
        name="danh-sach-mo-hinh",
        icon_name="list-ul",
        order=100,
    )


# --- criteria ------------------------------------------------------------------------------------


class CriterionViewSet(ModelViewSet):
    model = Criterion
    name = "tieu_chi_tham_dinh"
    url_prefix = "tieu-chi-dan-van-kheo"
    icon = "tasks"
    menu_label = gettext_lazy("Tiêu chí thẩm định")
    add_to_admin_menu = False
    list_display = ["name", "weight", "max_score", "position", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    form_fields = ["name", "description", "weight", "max_score", "position", "active"]


criteria_viewset = CriterionViewSet()


@register("register_admin_viewset")
def register_criteria() -> CriterionViewSet:
    return criteria_viewset


@register(MENU_HOOK)
def register_criteria_menu_item() -> MenuItem:
    item: MenuItem = criteria_viewset.get_menu_item(order=900)
    return item
