"""Reads on “Dân vận khéo” models (issue 16). Sections: registry · gallery (public list, API)."""

# ─── registry (helper "registry") ───────────────────────────────────────────────────────────────

from typing import Any as _Any

from django.db.models import Q as _Q
from django.db.models import QuerySet as _QuerySet

from danvan.core.text import fold as _fold
from danvan.orgunits import permissions as _permissions

from .models import CouncilScore as _CouncilScore
from .models import Criterion as _Criterion
from .models import SkilfulModel as _SkilfulModel


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
