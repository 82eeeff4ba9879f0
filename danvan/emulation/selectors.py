"""Reads on “Dân vận khéo” models (issue 16). Sections: registry · gallery (public list, API)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any
from typing import Any as _Any

from django.db.models import Prefetch, QuerySet
from django.db.models import Q as _Q
from django.db.models import QuerySet as _QuerySet

from danvan.core.text import fold as _fold
from danvan.documents import selectors as documents_selectors
from danvan.orgunits import permissions as _permissions

from .models import CouncilScore as _CouncilScore
from .models import Criterion as _Criterion
from .models import ModelPhoto, ModelStatus, SkilfulModel
from .models import SkilfulModel as _SkilfulModel

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────


def staff_models(
    user: _Any,
    *,
    year: int | None = None,
    field: str = "",
    status: str = "",
    unit: _Any = None,
    search: str = "",
) -> "_QuerySet[_SkilfulModel]":
    """The models of the units the user sees (can_view), filtered; ``unit`` includes its subtree;
    ``search`` matches without accents."""
    rows = _SkilfulModel.objects.filter(_permissions.visible_units_q(user, field="unit")).select_related(
        "unit"
    )
    if year:
        rows = rows.filter(year=year)
    if field:
        rows = rows.filter(field=field)
    if status:
        rows = rows.filter(status=status)
    if unit is not None:
        rows = rows.filter(unit__path__startswith=unit.path)
    for word in _fold(search).split()[:8]:
        rows = rows.filter(_Q(folded_text__contains=word))
    return rows.order_by("-year", "title", "pk")


def visible_model(user: _Any, pk: int) -> _SkilfulModel | None:
    """The model if the user sees its unit; None otherwise (a 404: not revealed)."""
    return (
        _SkilfulModel.objects.filter(_permissions.visible_units_q(user, field="unit"), pk=pk)
        .select_related("unit", "level", "decision", "created_by")
        .first()
    )


def active_criteria() -> "_QuerySet[_Criterion]":
    return _Criterion.objects.filter(active=True).order_by("position", "pk")


def score_table(model: _SkilfulModel) -> dict[str, _Any]:
    """The council's scores: one row per member with the score per active criterion, and the mean
    per criterion."""
    criteria = list(active_criteria())
    rows: dict[int, dict[str, _Any]] = {}
    for score in _CouncilScore.objects.filter(model=model).select_related("member"):
        row = rows.setdefault(
            score.member_id,
            {"member": score.member.get_full_name() or score.member.username, "scores": {}, "comment": ""},
        )
        row["scores"][score.criterion_id] = score.score
        row["comment"] = row["comment"] or score.comment
    table = [
        {
            "member": row["member"],
            "cells": [row["scores"].get(c.pk) for c in criteria],
            "comment": row["comment"],
        }
        for row in rows.values()
    ]
    means = []
    for i, _c in enumerate(criteria):
        values = [r["cells"][i] for r in table if r["cells"][i] is not None]
        means.append(round(sum(values) / len(values), 2) if values else None)
    return {"criteria": criteria, "rows": table, "means": means}


def member_scores(model: _SkilfulModel, member: _Any) -> dict[int, _Any]:
    return dict(_CouncilScore.objects.filter(model=model, member=member).values_list("criterion_id", "score"))


# ─── gallery (helper "gallery") ─────────────────────────────────────────────────────────────────
# The public gallery and the API show recognised models only (docs/parts/emulation-gallery.md): a
# model under review may yet be refused, and a refused or revoked one must not look endorsed.
PUBLIC_STATUSES: tuple[str, ...] = (ModelStatus.RECOGNISED,)


@dataclass(frozen=True)
class GalleryFilters:
    field: str = ""
    unit_code: str = ""
    year: int | None = None
    level_code: str = ""


def public_models(filters: GalleryFilters | None = None) -> QuerySet[SkilfulModel]:
    """The models anyone may see, with what a card or an API row shows (unit, level, the photos
    with their images and renditions: a constant number of queries however many models)."""
    qs = SkilfulModel.objects.filter(published=True, status__in=PUBLIC_STATUSES)
    if filters is not None:
        if filters.field:
            qs = qs.filter(field=filters.field)
        if filters.unit_code:
            qs = qs.filter(unit__code=filters.unit_code)
        if filters.year is not None:
            qs = qs.filter(year=filters.year)
        if filters.level_code:
            qs = qs.filter(level__code=filters.level_code)
    return qs.select_related("unit", "level")


def with_photos(qs: QuerySet[SkilfulModel]) -> QuerySet[SkilfulModel]:
    photos = ModelPhoto.objects.select_related("image").prefetch_related("image__renditions")
    return qs.prefetch_related(Prefetch("photos", queryset=photos))


MAX_PK = 2**63 - 1  # a bigger number in a URL is no model (and would overflow the database's integer)


def public_model(pk: int) -> SkilfulModel | None:
    if not 0 < pk <= MAX_PK:
        return None
    return with_photos(public_models()).filter(pk=pk).first()


def public_model_exists(pk: int) -> bool:
    if not 0 < pk <= MAX_PK:
        return False
    return public_models().filter(pk=pk).exists()


def gallery_choices() -> dict[str, Any]:
    """What the gallery's filters offer, read from the data: the units with public models (today's
    and former ones, the latter marked), the years, and the recognition levels (OrgLevel rows)."""
    qs = public_models()
    units = [
        (code, name, valid_to)
        for code, name, valid_to in qs.values_list("unit__code", "unit__name", "unit__valid_to")
        .distinct()
        .order_by("unit__name", "unit__code")
    ]
    levels = list(
        qs.exclude(level=None)
        .values_list("level__code", "level__name")
        .distinct()
        .order_by("level__rank", "level__name")
    )
    years = sorted(set(qs.values_list("year", flat=True)), reverse=True)
    return {"units": units, "levels": levels, "years": years}


def decision_document(model: SkilfulModel) -> Any:
    """The recognition decision as the library's document (its public page), or None."""
    if model.decision_id is None:
        return None
    return documents_selectors.document_detail(model.decision_id)


def models_to_index() -> QuerySet[SkilfulModel]:
    return public_models()


def models_last_modified() -> dt.datetime | None:
    """When the register of models last changed: the newest model added or edited, recognised or not
    (a model leaving the public list is an edit too). One MAX over a small table; the open-data
    catalogue's date and the API's Last-Modified (core.datasets)."""
    from django.db.models import Max

    at: dt.datetime | None = SkilfulModel.objects.aggregate(at=Max("updated_at"))["at"]
    return at
