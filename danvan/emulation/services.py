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
from .evidence import CONTENT_TYPES, MAX_EVIDENCE_FILES, MAX_PHOTOS, check_evidence
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


CheckedEvidence = tuple[str, IO[bytes], int, str]  # safe name, file, size, kind
CheckedPhoto = tuple[str, IO[bytes], str]  # safe name, file, caption


def _checked_files(
    evidence: Iterable[tuple[str, IO[bytes], int]],
    photos: Iterable[tuple[str, IO[bytes], int, str]],
    *,
    have_evidence: int,
    have_photos: int,
) -> tuple[list[CheckedEvidence], list[CheckedPhoto]]:
    """Every file checked by content and size, the counts against the limits (with what the model
    already holds); ValidationError (Vietnamese) at the first bad one, nothing saved."""
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
    _check_counts(have_evidence, len(files), have_photos, len(images))
    return files, images


def _check_counts(have_evidence: int, new_evidence: int, have_photos: int, new_photos: int) -> None:
    if have_evidence + new_evidence > MAX_EVIDENCE_FILES:
        raise ValidationError(
            _("Mỗi mô hình có tối đa %(limit)s tài liệu minh chứng; mô hình này đã có %(have)s.")
            % {"limit": MAX_EVIDENCE_FILES, "have": have_evidence}
        )
    if have_photos + new_photos > MAX_PHOTOS:
        raise ValidationError(
            _("Mỗi mô hình có tối đa %(limit)s ảnh; mô hình này đã có %(have)s.")
            % {"limit": MAX_PHOTOS, "have": have_photos}
        )


def _save_files(
    model: SkilfulModel, files: list[CheckedEvidence], images: list[CheckedPhoto], *, first_position: int = 0
) -> tuple[list[ModelEvidence], list[ModelPhoto]]:
    saved_files = []
    for name, upload, size, kind in files:
        upload.seek(0)
        item = ModelEvidence(model=model, name=name, content_type=CONTENT_TYPES[kind], size=size)
        item.file.save(name, File(upload, name=name), save=False)
        item.save()
        saved_files.append(item)
    saved_photos = []
    image_model = get_image_model()
    for position, (name, upload, text) in enumerate(images, start=first_position):
        upload.seek(0)
        image = image_model(title=text[:255])
        image.file.save(name, File(upload, name=name), save=False)
        image.save()
        saved_photos.append(
            ModelPhoto.objects.create(model=model, image=image, caption=text, position=position)
        )
    return saved_files, saved_photos


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
    files, images = _checked_files(evidence, photos, have_evidence=0, have_photos=0)
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
        _save_files(model, files, images)
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
    """Recognise a model under review by ``decision``, a decision of the documents library (needed:
    ValidationError without one); ``decided_on`` defaults to the decision's issue date."""
    note = _clean(reason, required=False, label=_("ghi chú"), limit=REASON_MAX_CHARS)
    day = decided_on or getattr(decision, "issued_on", None) or today_in_vietnam()

    def apply(locked: SkilfulModel) -> list[str]:
        # checked after the version and the status (under the lock): a stale form is a conflict first
        if decision is None:
            raise ValidationError(
                _(
                    "Hãy chọn quyết định công nhận trong thư viện văn bản: mô hình được công nhận theo một quyết định."
                )
            )
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
    day = decided_on or getattr(decision, "issued_on", None) or today_in_vietnam()

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

CONTENT_FIELDS = ("title", "field", "level", "year", "description", "results", "published")
UNDECIDED = (ModelStatus.REGISTERED, ModelStatus.UNDER_REVIEW)


def editable_fields(user: Any, model: SkilfulModel) -> tuple[str, ...]:
    """What ``user`` may change of ``model`` now: everything while it is registered (whoever
    registers for its unit, or a decider) and, for a decider, under review; after the decision only
    whether it shows on the portal (a decider; the photos' captions too). Empty: nothing."""
    may_decide = permissions.can_decide_model(user, model.unit)
    if model.status == ModelStatus.REGISTERED and (
        may_decide or permissions.can_register_model(user, model.unit)
    ):
        return CONTENT_FIELDS
    if model.status == ModelStatus.UNDER_REVIEW and may_decide:
        return CONTENT_FIELDS
    if model.status not in UNDECIDED and may_decide:
        return ("published",)
    return ()


def may_edit(user: Any, model: SkilfulModel) -> bool:
    return bool(editable_fields(user, model))


def may_change_files(user: Any, model: SkilfulModel) -> bool:
    """Evidence and photos are added, and evidence removed, while the model is not decided, by
    those who may change its content."""
    return model.status in UNDECIDED and editable_fields(user, model) == CONTENT_FIELDS


def _field_label(name: str) -> str:
    field: Any = SkilfulModel._meta.get_field(name)
    return str(field.verbose_name)


def _refuse_control_characters(value: str, label: str) -> None:
    if any(c < " " and c not in "\n\r\t" for c in value) or "\x7f" in value:
        raise ValidationError(
            _("%(label)s có ký tự điều khiển không in được; hãy gõ lại.") % {"label": label.capitalize()}
        )


def _cleaned_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name in ("title", "description", "results"):
            label = _field_label(name)
            _refuse_control_characters(str(value or ""), label)
            limit = TITLE_MAX_CHARS if name == "title" else TEXT_MAX_CHARS
            clean[name] = _clean(str(value or ""), required=True, label=label, limit=limit)
        elif name == "field":
            if value not in ModelField.values:
                raise ValidationError(_("Lĩnh vực không hợp lệ."))
            clean[name] = value
        elif name == "year":
            try:
                year = int(value)
            except (TypeError, ValueError) as exc:
                raise ValidationError(_("Năm không hợp lệ.")) from exc
            if not 2000 <= year <= 2100:
                raise ValidationError(_("Năm không hợp lệ."))
            clean[name] = year
        elif name == "level":
            related: Any = SkilfulModel._meta.get_field("level").remote_field.model
            if value is not None and not isinstance(value, related):
                raise ValidationError(_("Cấp công nhận không hợp lệ."))
            clean[name] = value
        elif name == "published":
            clean[name] = bool(value)
        else:
            raise ValidationError(_("Không sửa được mục “%(name)s”.") % {"name": name})
    return clean


def edit_model(
    model: SkilfulModel,
    *,
    by: Any,
    changes: Mapping[str, Any],
    captions: Mapping[int, str] | None = None,
    expected_version: int | None = None,
) -> list[str]:
    """Change what ``by`` may change of ``model`` (editable_fields) and its photos' captions
    ({photo id: text}); returns the labels of what changed (empty: nothing did, nothing written).
    A stale version → ModelConflict; no right → PermissionDenied; bad or refused values →
    ValidationError (Vietnamese); nothing half-written. An "edit" event names what changed."""
    clean = _cleaned_changes(changes)
    texts: dict[int, str] = {}
    for photo_id, caption in (captions or {}).items():
        _refuse_control_characters(str(caption or ""), _("chú thích ảnh"))
        texts[int(photo_id)] = _clean(
            str(caption or ""), required=True, label=_("chú thích ảnh"), limit=CAPTION_MAX_CHARS
        )
    with transaction.atomic():
        locked = SkilfulModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
        allowed = editable_fields(by, locked)
        if not allowed:
            raise PermissionDenied(
                _("Bạn không được sửa mô hình này khi nó đang ở trạng thái “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        if expected_version is not None and locked.version != expected_version:
            raise ModelConflict(locked)
        changed = [name for name, value in clean.items() if getattr(locked, name) != value]
        refused = [name for name in changed if name not in allowed]
        if refused:
            raise ValidationError(
                _(
                    "Mô hình đã có quyết định: chỉ còn đổi được việc hiện trên cổng và chú thích ảnh (không đổi được %(names)s)."
                )
                % {"names": ", ".join(_field_label(n) for n in refused)}
            )
        photos = {p.pk: p for p in ModelPhoto.objects.filter(model=locked, pk__in=list(texts))}
        if len(photos) != len(texts):
            raise ValidationError(_("Ảnh không thuộc mô hình này."))
        recaptioned = [photos[pk] for pk, text in texts.items() if photos[pk].caption != text]
        labels = [_field_label(name) for name in changed]
        if recaptioned:
            labels.append(_("chú thích ảnh"))
        if not labels:
            return []
        before = {name: str(getattr(locked, name)) for name in changed}
        for name in changed:
            setattr(locked, name, clean[name])
        fields = list(changed)
        if "title" in changed and locked.status in UNDECIDED:  # never public yet: a new address is free
            locked.slug = _unique_slug(locked.title)
            fields.append("slug")
        if {"title", "description", "results"} & set(changed):
            locked.folded_text = _folded(locked)
            fields.append("folded_text")
        for photo in recaptioned:
            photo.caption = texts[photo.pk]
            photo.save(update_fields=["caption"])
        # Saved even when only captions changed: updated_at moves, the save signal re-indexes it
        # (services.index_model) and retires the cached public pages.
        locked.save(update_fields=["updated_at", *fields])
        SkilfulModel.objects.filter(pk=locked.pk).update(version=F("version") + 1)
        summary = ", ".join(labels)
        _record(locked, "edit", by=by, from_status=locked.status, to_status=locked.status, reason=summary)
        announce(
            "skilful_model.edit",
            actor=by,
            target=locked,
            changes={name: [before[name], str(clean[name])] for name in changed},
            detail=f"{locked.title}: {summary}",
        )
    model.refresh_from_db()
    return labels


def _locked_for_files(model: SkilfulModel, *, by: Any, expected_version: int | None) -> SkilfulModel:
    locked = SkilfulModel.objects.select_for_update().select_related("unit").get(pk=model.pk)
    if not may_change_files(by, locked):
        if locked.status not in UNDECIDED:
            raise ValidationError(
                _(
                    "Mô hình đang ở trạng thái “%(status)s”: đã có quyết định nên không thêm, bớt tệp được nữa."
                )
                % {"status": locked.get_status_display()}
            )
        raise PermissionDenied(_("Bạn không được thêm, bớt tệp của mô hình này."))
    if expected_version is not None and locked.version != expected_version:
        raise ModelConflict(locked)
    return locked


def add_files(
    model: SkilfulModel,
    *,
    by: Any,
    evidence: Iterable[tuple[str, IO[bytes], int]] = (),
    photos: Iterable[tuple[str, IO[bytes], int, str]] = (),
    expected_version: int | None = None,
) -> int:
    """Add evidence files and photos to a model not yet decided, checked as at registration (by
    content and size, the counts against the limits); each file an event. Returns how many were
    added; ValidationError and nothing saved at the first bad one."""
    evidence, photos = list(evidence), list(photos)
    if not evidence and not photos:
        raise ValidationError(_("Hãy chọn ít nhất một tệp hoặc một ảnh để bổ sung."))
    files, images = _checked_files(
        evidence,
        photos,
        have_evidence=ModelEvidence.objects.filter(model=model).count(),
        have_photos=ModelPhoto.objects.filter(model=model).count(),
    )
    with transaction.atomic():
        locked = _locked_for_files(model, by=by, expected_version=expected_version)
        # counted again under the lock: two additions at once do not pass the limit together
        _check_counts(
            ModelEvidence.objects.filter(model=locked).count(),
            len(files),
            ModelPhoto.objects.filter(model=locked).count(),
            len(images),
        )
        last = ModelPhoto.objects.filter(model=locked).order_by("-position").first()
        saved_files, saved_photos = _save_files(
            locked, files, images, first_position=(last.position + 1) if last else 0
        )
        for item in saved_files:
            _record(
                locked,
                "evidence_add",
                by=by,
                from_status=locked.status,
                to_status=locked.status,
                reason=item.name,
            )
            announce(
                "skilful_model.evidence_add", actor=by, target=locked, detail=f"{locked.title}: {item.name}"
            )
        for photo in saved_photos:
            _record(
                locked,
                "photo_add",
                by=by,
                from_status=locked.status,
                to_status=locked.status,
                reason=photo.caption,
            )
            announce(
                "skilful_model.photo_add", actor=by, target=locked, detail=f"{locked.title}: {photo.caption}"
            )
        SkilfulModel.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
    model.refresh_from_db()
    return len(saved_files) + len(saved_photos)


def remove_evidence(
    model: SkilfulModel, evidence_id: int, *, by: Any, expected_version: int | None = None
) -> str:
    """Remove one evidence file of a model not yet decided (its stored file too, once the removal is
    committed); returns its name. Logged as an event."""
    with transaction.atomic():
        locked = _locked_for_files(model, by=by, expected_version=expected_version)
        item = ModelEvidence.objects.filter(model=locked, pk=evidence_id).first()
        if item is None:
            raise ValidationError(_("Tài liệu minh chứng này không còn (có thể đã được gỡ)."))
        name, stored = item.name, item.file
        storage, path = stored.storage, stored.name
        item.delete()
        SkilfulModel.objects.filter(pk=locked.pk).update(version=F("version") + 1, updated_at=timezone.now())
        _record(
            locked, "evidence_remove", by=by, from_status=locked.status, to_status=locked.status, reason=name
        )
        announce("skilful_model.evidence_remove", actor=by, target=locked, detail=f"{locked.title}: {name}")
        if path:
            transaction.on_commit(lambda: storage.delete(path))
    model.refresh_from_db()
    return name
