"""Writes on “Dân vận khéo” models (issue 16). Sections: registry (register, review, score,
recognise, revoke; a decision feeds the ``skilful_mobilisation`` figure, decision 0020) · gallery."""

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from danvan.core import page_cache
from danvan.core.dates import today_in_vietnam
from danvan.core.events import announce
from danvan.core.files import safe_name
from danvan.core.slugs import vietnamese_slugify
from danvan.core.text import fold
from danvan.orgunits import permissions
from danvan.programmes import selectors as programmes
from danvan.programmes import services as figures
from danvan.search import services as search

from . import selectors, workflow
from .evidence import CONTENT_TYPES, check_evidence
from .models import (
    TITLE_MAX_CHARS,
    CouncilScore,
    Criterion,
    ModelEvent,
    ModelEvidence,
    ModelField,
    ModelPhoto,
    ModelStatus,
    SkilfulModel,
)

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────


REASON_MAX_CHARS = 5_000
TEXT_MAX_CHARS = 20_000
CAPTION_MAX_CHARS = 300


class ModelConflict(Exception):
    """Somebody else changed the model since the form was loaded: nothing was changed."""

    def __init__(self, model: SkilfulModel) -> None:
        super().__init__(
            _(
                "Mô hình “%(title)s” vừa được người khác thay đổi; thao tác của bạn chưa được lưu. Hãy tải lại trang."
            )
            % {"title": model.title}
        )
        self.model = model


def _clean(value: str, *, required: bool, label: str, limit: int) -> str:
    cleaned = "".join(c for c in (value or "") if c in "\n\t" or c >= " ").replace("\r", "").strip()
    if required and not cleaned:
        raise ValidationError(_("Hãy ghi %(label)s.") % {"label": label})
    if len(cleaned) > limit:
        raise ValidationError(_("%(label)s dài quá %(limit)s ký tự.") % {"label": label, "limit": limit})
    return cleaned


def _folded(model: SkilfulModel) -> str:
    return fold(" ".join([model.title, model.description, model.results, model.unit.name]))


def _unique_slug(title: str) -> str:
    base = (vietnamese_slugify(title) or "mo-hinh")[:70].strip("-") or "mo-hinh"
    slug, n = base, 1
    while SkilfulModel.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _record(
    model: SkilfulModel, action: str, *, by: Any, from_status: str, to_status: str, reason: str
) -> None:
    ModelEvent.objects.create(
        model=model,
        at=timezone.now(),
        actor=by if getattr(by, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
    )


def register_model(
    *,
    title: str,
    unit: Any,
    field: str,
    level: Any,
    year: int,
    description: str,
    results: str,
    by: Any,
    evidence: Iterable[tuple[str, IO[bytes], int]] = (),
    photos: Iterable[tuple[str, IO[bytes], int, str]] = (),
) -> SkilfulModel:
    """Register a model for ``unit`` (status “registered”). ``evidence``: (name, file, size) each;
    ``photos``: (name, file, size, caption). Every file is checked by content before anything is
    saved; ValidationError (Vietnamese) and nothing saved otherwise."""
    if not permissions.can_register_model(by, unit):
        raise PermissionDenied(_("Bạn không có quyền đăng ký mô hình cho đơn vị này."))
    title = _clean(title, required=True, label=_("tên mô hình"), limit=TITLE_MAX_CHARS)
    description = _clean(description, required=True, label=_("mô tả"), limit=TEXT_MAX_CHARS)
    results = _clean(results, required=True, label=_("kết quả đo được"), limit=TEXT_MAX_CHARS)
    if field not in ModelField.values:
        raise ValidationError(_("Lĩnh vực không hợp lệ."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError(_("Năm không hợp lệ."))
    files = []
    for name, upload, size in evidence:
        files.append((safe_name(name), upload, size, check_evidence(upload, size=size)))
    images = []
    for name, upload, size, caption in photos:
        kind = check_evidence(upload, size=size)
        if kind not in ("jpeg", "png"):
            raise ValidationError(_("Ảnh “%(name)s” phải là JPEG hoặc PNG.") % {"name": safe_name(name)})
        text = _clean(caption, required=True, label=_("chú thích ảnh"), limit=CAPTION_MAX_CHARS)
        images.append((safe_name(name), upload, text))
    with transaction.atomic():
        model = SkilfulModel(
            title=title,
            slug=_unique_slug(title),
            unit=unit,
            field=field,
            level=level,
            year=int(year),
            description=description,
            results=results,
            status=ModelStatus.REGISTERED,
            created_by=by if getattr(by, "pk", None) else None,
        )
        model.folded_text = _folded(model)
        model.save()
        for name, upload, size, kind in files:
            upload.seek(0)
            item = ModelEvidence(model=model, name=name, content_type=CONTENT_TYPES[kind], size=size)
            item.file.save(name, File(upload, name=name), save=False)
            item.save()
        image_model = get_image_model()
        for position, (name, upload, text) in enumerate(images):
            upload.seek(0)
            image = image_model(title=text[:255])
            image.file.save(name, File(upload, name=name), save=False)
            image.save()
            ModelPhoto.objects.create(model=model, image=image, caption=text, position=position)
        _record(model, "register", by=by, from_status="", to_status=ModelStatus.REGISTERED, reason="")
        announce("skilful_model.register", actor=by, target=model, detail=model.title)
    return model


FEED_SOURCES = {"recognise": "recognition", "refuse": "refusal", "revoke": "revocation"}


def _on_recognition_changed(model: SkilfulModel, *, action: str, by: Any, reason: str) -> None:
    """Feed the indicator ``settings.DANVAN_SKILFUL_INDICATOR`` (inside the step's transaction) after a
    recognition, refusal or revocation (decision 0020). The unit's value for the model's year is
    computed from the registry, never toggled: 1 if the unit has at least one recognised model that
    year, else 0 — a second recognised model changes nothing, revoking one of two keeps 1. Written only
    when the indicator's element is automatic and the unit is in the indicator's scope; the figure then
    follows the approval rules of the others (``programmes.services.write_decided_value``)."""
    indicator = programmes.indicator_by_key(settings.DANVAN_SKILFUL_INDICATOR)
    element = indicator.rating_element if indicator is not None else None
    if indicator is None or element is None or not element.automatic:
        return
    if not programmes.applies_to(indicator, model.unit):
        return
    recognised = SkilfulModel.objects.filter(
        unit=model.unit, year=model.year, status=ModelStatus.RECOGNISED
    ).exists()
    step = {
        "recognise": _("công nhận"),
        "refuse": _("không công nhận"),
        "revoke": _("thu hồi công nhận"),
    }[action]
    decision = f" ({model.decision.symbol})" if action != "revoke" and model.decision is not None else ""
    note = _("Quyết định %(step)s mô hình “%(title)s”%(decision)s") % {
        "step": step,
        "title": model.title,
        "decision": decision,
    }
    if reason:
        note += f" — {reason}"
    figures.write_decided_value(
        element=element,
        year=model.year,
        org_unit=model.unit,
        value=recognised,
        by=by,
        reason=note,
        source=FEED_SOURCES[action],
    )


def _step(
    model: SkilfulModel,
    action: str,
    *,
    by: Any,
    expected_version: int | None,
    reason: str = "",
    apply: Callable[[SkilfulModel], list[str]] | None = None,
) -> SkilfulModel:
    step = workflow.STEPS[action]
    with transaction.atomic():
        locked = SkilfulModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
        if not permissions.can_decide_model(by, locked.unit):
            raise PermissionDenied(_("Bạn không có quyền quyết định về mô hình của đơn vị này."))
        if expected_version is not None and locked.version != expected_version:
            raise ModelConflict(locked)
        if not workflow.may(action, locked.status):
            raise ValidationError(
                _("Mô hình đang ở trạng thái “%(status)s”: không thể %(step)s.")
                % {"status": locked.get_status_display(), "step": str(step.label).lower()}
            )
        from_status = locked.status
        fields = apply(locked) if apply else []
        locked.status = step.to
        locked.save(update_fields=["status", "updated_at", *fields])
        SkilfulModel.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        _record(locked, action, by=by, from_status=from_status, to_status=step.to, reason=reason)
        if action in FEED_SOURCES:  # a decision: recognised, refused or revoked (decision 0020)
            _on_recognition_changed(locked, action=action, by=by, reason=reason)
        announce(f"skilful_model.{action}", actor=by, target=locked, detail=locked.title)
    model.refresh_from_db()
    return model


def start_review(
    model: SkilfulModel, *, by: Any, expected_version: int | None = None, reason: str = ""
) -> SkilfulModel:
    note = _clean(reason, required=False, label=_("ghi chú"), limit=REASON_MAX_CHARS)
    return _step(model, "review", by=by, expected_version=expected_version, reason=note)


def recognise_model(
    model: SkilfulModel,
    *,
    by: Any,
    decision: Any,
    decided_on: dt.date | None,
    reason: str = "",
    expected_version: int | None = None,
) -> SkilfulModel:
    note = _clean(reason, required=False, label=_("ghi chú"), limit=REASON_MAX_CHARS)
    day = decided_on or today_in_vietnam()

    def apply(locked: SkilfulModel) -> list[str]:
        locked.decision = decision
        locked.decided_on = day
        return ["decision", "decided_on"]

    return _step(model, "recognise", by=by, expected_version=expected_version, reason=note, apply=apply)


def refuse_model(
    model: SkilfulModel,
    *,
    by: Any,
    reason: str,
    decision: Any = None,
    decided_on: dt.date | None = None,
    expected_version: int | None = None,
) -> SkilfulModel:
    note = _clean(reason, required=True, label=_("lý do không công nhận"), limit=REASON_MAX_CHARS)
    day = decided_on or today_in_vietnam()

    def apply(locked: SkilfulModel) -> list[str]:
        locked.decision = decision
        locked.decided_on = day
        return ["decision", "decided_on"]

    return _step(model, "refuse", by=by, expected_version=expected_version, reason=note, apply=apply)


def revoke_model(
    model: SkilfulModel,
    *,
    by: Any,
    reason: str,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> SkilfulModel:
    note = _clean(reason, required=True, label=_("lý do thu hồi"), limit=REASON_MAX_CHARS)
    day = on or today_in_vietnam()

    def apply(locked: SkilfulModel) -> list[str]:
        locked.revoked_on = day
        locked.revoked_reason = note
        return ["revoked_on", "revoked_reason"]

    return _step(model, "revoke", by=by, expected_version=expected_version, reason=note, apply=apply)


def weighted_score(model: SkilfulModel) -> Decimal | None:
    """Σ over active criteria of weight × (mean of the members' scores on it / max score) / Σ weights
    × 100, rounded to 2 places; None before any score. Criteria nobody scored count as 0."""
    criteria = list(Criterion.objects.filter(active=True))
    total_weight = sum((c.weight for c in criteria), Decimal(0))
    rows = list(CouncilScore.objects.filter(model=model, criterion__active=True))
    if not rows or not total_weight:
        return None
    by_criterion: dict[int, list[Decimal]] = {}
    for row in rows:
        by_criterion.setdefault(row.criterion_id, []).append(row.score)
    acc = Decimal(0)
    for c in criteria:
        values = by_criterion.get(c.pk)
        if values and c.max_score:
            acc += c.weight * (sum(values, Decimal(0)) / len(values)) / Decimal(c.max_score)
    return (acc / total_weight * 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score_model(
    model: SkilfulModel,
    *,
    member: Any,
    scores: Mapping[int, Any],
    comment: str = "",
    expected_version: int | None = None,
) -> SkilfulModel:
    """A council member's scores ({criterion id: value}); a second scoring replaces the member's
    earlier one per criterion. The model must be under review; the weighted total is stored."""
    note = _clean(comment, required=False, label=_("nhận xét"), limit=REASON_MAX_CHARS)
    criteria = {c.pk: c for c in Criterion.objects.filter(active=True)}
    values: dict[int, Decimal] = {}
    for key, raw in scores.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            raise ValidationError(_("Tiêu chí không tồn tại hoặc không còn dùng."))
        try:
            value = Decimal(str(raw))
        except ArithmeticError as exc:
            raise ValidationError(_("Điểm phải là một số.")) from exc
        if not value.is_finite() or value < 0 or value > criterion.max_score:
            raise ValidationError(
                _("Điểm tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion.name, "max": criterion.max_score}
            )
        values[criterion.pk] = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if not values:
        raise ValidationError(_("Hãy chấm ít nhất một tiêu chí."))
    with transaction.atomic():
        locked = SkilfulModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
        if not permissions.can_score_model(member, locked.unit):
            raise PermissionDenied(_("Bạn không có quyền chấm điểm mô hình của đơn vị này."))
        if expected_version is not None and locked.version != expected_version:
            raise ModelConflict(locked)
        if locked.status != ModelStatus.UNDER_REVIEW:
            raise ValidationError(
                _("Mô hình đang ở trạng thái “%(status)s”: chỉ chấm điểm khi đang thẩm định.")
                % {"status": locked.get_status_display()}
            )
        for criterion_id, value in values.items():
            CouncilScore.objects.update_or_create(
                model=locked,
                member=member,
                criterion_id=criterion_id,
                defaults={"score": value, "comment": note},
            )
        locked.score = weighted_score(locked)
        locked.save(update_fields=["score", "updated_at"])
        SkilfulModel.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        _record(locked, "score", by=member, from_status=locked.status, to_status=locked.status, reason=note)
        announce("skilful_model.score", actor=member, target=locked, detail=locked.title)
    model.refresh_from_db()
    return model


# ─── gallery (helper "gallery") ─────────────────────────────────────────────────────────────────
SEARCH_KIND = "skilful_model"  # search.models.SearchDocument.Kind.SKILFUL_MODEL


def model_slug(model: SkilfulModel) -> str:
    """The model's address word: its own slug, else one made from the title (đ → d by table)."""
    return model.slug or slugify(fold(model.title))[:80].strip("-") or "mo-hinh"


def model_url(model: SkilfulModel) -> str:
    return reverse("skilful_model_detail", kwargs={"pk": model.pk, "slug": model_slug(model)})


def _url_prefix(model_id: int) -> str:
    return reverse("skilful_model_list") + f"{model_id}-"


def index_model(model: SkilfulModel) -> None:
    """Put a public model into the site search (title, description, results), or take it out; the
    cached public pages (the gallery, the search results) are retired either way."""
    page_cache.invalidate()
    search.remove_items_under(kind=SEARCH_KIND, url_prefix=_url_prefix(model.pk))  # an old slug too
    is_public = model.published and model.status in selectors.PUBLIC_STATUSES
    if not is_public:
        return
    search.index_item(
        kind=SEARCH_KIND,
        url=model_url(model),
        title=model.title,
        lead=model.description,
        body=f"{model.results} {model.unit.name} {model.get_field_display()}",
        date=model.updated_at,
    )


def unindex_model(model_id: int) -> None:
    page_cache.invalidate()
    search.remove_items_under(kind=SEARCH_KIND, url_prefix=_url_prefix(model_id))


def reindex_models() -> int:
    """Every public model into the search index again (``rebuild_search_index``)."""
    count = 0
    for model in selectors.models_to_index():
        index_model(model)
        count += 1
    return count


# === SECTION editing: changing a registered model, adding evidence and photos later (issue 16) ===
