"""Who may see, enter and approve the figures of which unit — the one place that answers it.

The rule (docs/decisions/0009-who-sees-which-figures.md): a user sees the figures of the units they
belong to (a UnitMembership, either role) and of those units' subtrees, nothing else. Data entry
covers the unit and its subtree; approval covers what is strictly below the unit (nobody approves
their own unit's report). Superusers may everything. A portal editor without a membership sees no
figures, whatever Django permissions their group holds. The public sees approved or locked figures
only (the programme API and selectors' ``approved_only``).

Citizens' cases (issue 15) follow the same rule: a user SEES the cases of the units they belong to and
of those units' subtrees (``can_view``, ``visible_units_q(user, field="unit")``); they HANDLE a case
(accept, forward, answer…) when they see it AND hold the Django permission ``feedback.handle_case``
(``can_handle``, ``handlers_of``). Superusers see and handle every case.

Task groups' narrative progress (issue 16): a task group is reported on by its responsible units (none
named: the programme's own unit; ``is_task_unit``), the units whose progress it counts; their reports and milestones are seen as their
figures are (``can_see_task_report``) and written by whoever enters their figures
(``can_report_task``).

Every view, export and API of figures or cases asks this module; none re-implements the rule.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q, QuerySet

from .models import OrgUnit, UnitMembership

# The two roles of a membership, for callers of role_paths() (they do not import the models).
DATA_ENTRY = UnitMembership.Role.DATA_ENTRY.value
APPROVER = UnitMembership.Role.APPROVER.value


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _ancestor_codes(unit: OrgUnit, *, inclusive: bool) -> list[str]:
    codes = [code for code in unit.path.split("/") if code]
    return codes if inclusive else codes[:-1]


def is_superuser(user: Any) -> bool:
    return _active(user) and bool(user.is_superuser)


def _holds(user: Any, unit: OrgUnit, *, role: str | None, inclusive: bool) -> bool:
    """A membership (of ``role``, or any) on the unit's ancestors, the unit itself when ``inclusive``;
    superusers hold every right."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    memberships = UnitMembership.objects.filter(
        user=user, org_unit__code__in=_ancestor_codes(unit, inclusive=inclusive)
    )
    if role is not None:
        memberships = memberships.filter(role=role)
    return memberships.exists()


def can_view(user: Any, unit: OrgUnit) -> bool:
    """Any membership on the unit or an ancestor (superusers: every unit)."""
    return _holds(user, unit, role=None, inclusive=True)


def can_enter(user: Any, unit: OrgUnit) -> bool:
    """Data entry on the unit or an ancestor (superusers may always)."""
    return _holds(user, unit, role=UnitMembership.Role.DATA_ENTRY, inclusive=True)


def can_approve(user: Any, unit: OrgUnit) -> bool:
    """Approver on the unit's PARENT or above: nobody approves their own unit's report."""
    return _holds(user, unit, role=UnitMembership.Role.APPROVER, inclusive=False)


def has_units(user: Any) -> bool:
    """Whether the user works with figures at all: a superuser, or a member of some unit."""
    if not _active(user):
        return False
    return bool(user.is_superuser or UnitMembership.objects.filter(user=user).exists())


def viewable_roots(user: Any) -> list[OrgUnit] | None:
    """The top units whose subtrees the user sees, none nested in another (by path); None: every unit
    (a superuser); an empty list: no unit (anonymous, an editor without membership)."""
    if not _active(user):
        return []
    if user.is_superuser:
        return None
    units = sorted(
        {m.org_unit for m in UnitMembership.objects.filter(user=user).select_related("org_unit")},
        key=lambda u: u.path,
    )
    roots: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(root.path) for root in roots):
            roots.append(unit)
    return roots


def visible_paths(user: Any) -> list[str] | None:
    """The paths of viewable_roots; a unit is visible when its path starts with one. None: all."""
    roots = viewable_roots(user)
    return None if roots is None else [root.path for root in roots]


def visible_units_q(user: Any, field: str = "org_unit") -> Q:
    """A filter for querysets of rows that belong to a unit through ``field`` (``""``: OrgUnit itself)."""
    paths = visible_paths(user)
    if paths is None:
        return Q()
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{lookup: path})
    return condition


def default_unit(user: Any, within: OrgUnit) -> OrgUnit | None:
    """The unit a user's view of ``within``'s figures starts at: ``within`` itself when they see it,
    else their first top unit inside it; None when they see nothing of it."""
    roots = viewable_roots(user)
    if roots is None or any(within.path.startswith(root.path) for root in roots):
        return within
    inside = [root for root in roots if root.path.startswith(within.path)]
    return inside[0] if inside else None


def sees_any_of(user: Any, within: OrgUnit) -> bool:
    return default_unit(user, within) is not None


def role_paths(user: Any, role: str) -> list[str] | None:
    """The paths of the units where the user holds ``role`` (None: a superuser, every unit), for
    checking many units with one query: see covers()."""
    if not _active(user):
        return []
    if user.is_superuser:
        return None
    return list(
        UnitMembership.objects.filter(user=user, role=role)
        .values_list("org_unit__path", flat=True)
        .distinct()
    )


def covers(paths: list[str] | None, unit: OrgUnit, *, strictly: bool = False) -> bool:
    """Whether a unit lies in the subtrees at ``paths`` (role_paths); ``strictly``: below them, as
    approval needs (can_approve)."""
    if paths is None:
        return True
    return any(unit.path.startswith(p) and not (strictly and unit.path == p) for p in paths)


# --- citizens' cases (issue 15) ------------------------------------------------------------------

HANDLE_CASE = "feedback.handle_case"


def may_handle_cases(user: Any) -> bool:
    """Holds the right to handle cases at all (a superuser, or ``feedback.handle_case``); which
    cases still depends on the units: see can_handle()."""
    return _active(user) and bool(user.has_perm(HANDLE_CASE))


def can_handle(user: Any, unit: OrgUnit) -> bool:
    """Sees the unit (can_view) and holds ``feedback.handle_case``; superusers always."""
    return may_handle_cases(user) and can_view(user, unit)


def handlers_of(unit: OrgUnit) -> QuerySet[Any]:
    """The active users who may handle the cases of ``unit``: superusers, and holders of
    ``feedback.handle_case`` (directly or through a group) with a membership on the unit or an
    ancestor. Ordered by name, then username."""
    app_label, codename = HANDLE_CASE.split(".")
    right = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    holds = Q(user_permissions__in=right) | Q(groups__permissions__in=right)
    member = Q(unit_memberships__org_unit__code__in=_ancestor_codes(unit, inclusive=True))
    ids = (
        get_user_model()
        .objects.filter(Q(is_active=True) & (Q(is_superuser=True) | (holds & member)))
        .values("pk")
    )
    return get_user_model().objects.filter(pk__in=ids).order_by("first_name", "last_name", "username")


# --- "Dân vận khéo" models (issue 16) ------------------------------------------------------------

SCORE_MODEL = "emulation.add_councilscore"
DECIDE_MODEL = "emulation.change_skilfulmodel"


def can_see_models(user: Any, unit: OrgUnit) -> bool:
    """The models of a unit are seen as its figures are (can_view)."""
    return can_view(user, unit)


def can_register_model(user: Any, unit: OrgUnit) -> bool:
    """A model is registered for a unit by whoever enters its figures (can_enter)."""
    return can_enter(user, unit)


def _above(user: Any, unit: OrgUnit, permission: str) -> bool:
    """``permission`` and a membership on the unit's PARENT or above: nobody judges their own unit's
    model. Superusers may always."""
    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return bool(user.has_perm(permission)) and _holds(user, unit, role=None, inclusive=False)


def can_score_model(user: Any, unit: OrgUnit) -> bool:
    """A council member: ``emulation.add_councilscore`` on a unit above the model's unit."""
    return _above(user, unit, SCORE_MODEL)


def can_decide_model(user: Any, unit: OrgUnit) -> bool:
    """Starts the review, recognises, refuses or revokes: ``emulation.change_skilfulmodel`` on a unit
    above the model's unit."""
    return _above(user, unit, DECIDE_MODEL)


# --- task groups' narrative progress and milestones (issue 16) -----------------------------------


def is_task_unit(unit: OrgUnit, responsible: Iterable[OrgUnit]) -> bool:
    """Whether ``unit`` reports on a task group whose responsible units are ``responsible`` (a group
    naming none: the programme's own unit — programmes.selectors.task_responsible). The same units
    whose milestones and figures the group's progress counts (programmes.progress): a unit that is
    not responsible has nothing there to report on."""
    return unit.pk in {u.pk for u in responsible}


def can_see_task_report(user: Any, unit: OrgUnit, responsible: Iterable[OrgUnit]) -> bool:
    """A unit's progress reports and milestones are seen as its figures are (can_view)."""
    return is_task_unit(unit, responsible) and can_view(user, unit)


def can_report_task(user: Any, unit: OrgUnit, responsible: Iterable[OrgUnit]) -> bool:
    """A unit's narrative progress, evidence and milestones are written by whoever enters its
    figures (can_enter), for the task groups it reports on (is_task_unit)."""
    return is_task_unit(unit, responsible) and can_enter(user, unit)
