"""What the audit log listens to (connected in AuditConfig.ready, decision 0014):

- ``core.events.security_event``: what other apps announce (lockouts, second factor, the report
  workflow, imports…);
- Django's sign-in signals: login, logout, failed login (only the username typed is kept);
- changes of rights: a user's groups and permissions, a group's permissions, Wagtail's page and
  collection permissions of a group; groups created and deleted;
- Wagtail's own log (PageLogEntry, ModelLogEntry): every create, edit, delete, publish, unpublish,
  lock, move, copy and workflow step done in the admin, mirrored here with the changed fields: for
  objects with revisions, the difference between the revision and the one before; for others, the
  difference pre_save/post_save found while the same request saved the object.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext as _
from modelcluster.fields import ParentalKey
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    ModelLogEntry,
    Page,
    PageLogEntry,
    Revision,
)

from .context import Pending, pending_changes
from .services import record

# --- what others announce ------------------------------------------------------------------------


def on_security_event(
    sender: Any,
    action: str,
    request: HttpRequest | None = None,
    actor: Any = None,
    target: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    detail: str = "",
    **kwargs: Any,
) -> None:
    record(action, request=request, actor=actor, target=target, changes=changes, detail=detail)


# --- signing in and out ---------------------------------------------------------------------------


def on_login(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record("auth.login", request=request, actor=user, target=user)


def on_logout(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    record("auth.logout", request=request, actor=user, target=user)


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """Only the name typed, and only when it names an account: people do type their password in the
    name box, and a stranger's guesses are nobody's name (the address says enough)."""
    user_model = get_user_model()
    typed = str(credentials.get(user_model.USERNAME_FIELD) or credentials.get("username") or "")
    account = (
        user_model._default_manager.filter(**{user_model.USERNAME_FIELD: typed}).first() if typed else None
    )
    if account is None:
        record("auth.login_failed", request=request, detail=_("Tên đăng nhập không có trong hệ thống"))
    else:
        record("auth.login_failed", request=request, actor_name=account.get_username(), target=account)


# --- rights ---------------------------------------------------------------------------------------


def _names(rows: models.QuerySet[Any]) -> list[str]:
    if rows.model is Permission:
        return sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows.select_related("content_type"))
    if rows.model is Group:
        return sorted(g.name for g in rows)
    return sorted(u.get_username() for u in rows)


def _m2m_receiver(field: str) -> Any:
    """A receiver for one many-to-many field of rights (``groups``, ``user_permissions``,
    ``permissions``): one entry per object whose rights changed, with the names before and after."""

    def receiver(
        sender: Any,
        instance: models.Model,
        action: str,
        reverse: bool,
        model: type[models.Model],
        pk_set: set[Any] | None,
        **kwargs: Any,
    ) -> None:
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        if not reverse:
            current = _names(getattr(instance, field).all())
            if action == "pre_clear":
                _record_rights(instance, field, current, [])
                return
            touched = set(_names(model._default_manager.filter(pk__in=pk_set or set())))
            if action == "post_add":
                _record_rights(instance, field, sorted(set(current) - touched), current)
            else:
                _record_rights(instance, field, sorted(set(current) | touched), current)
            return
        # group.user_set.add(user), permission.group_set.remove(group)…: the owners on the other side
        # each gained or lost ``instance``.
        owners = model._default_manager.filter(
            **({field: instance.pk} if action == "pre_clear" else {"pk__in": pk_set or set()})
        )
        name = _names(type(instance)._default_manager.filter(pk=instance.pk))
        for owner in owners:
            current = _names(getattr(owner, field).all())
            if action == "post_add":
                _record_rights(owner, field, sorted(set(current) - set(name)), current)
            elif action == "post_remove":
                _record_rights(owner, field, sorted(set(current) | set(name)), current)
            else:
                _record_rights(owner, field, current, sorted(set(current) - set(name)))

    return receiver


def _record_rights(owner: models.Model, field: str, before: list[str], after: list[str]) -> None:
    if before == after:
        return
    kind = "group" if isinstance(owner, Group) else "user"
    verb = "groups" if field == "groups" else "permissions"
    record(f"{kind}.{verb}", target=owner, changes={field: [before, after]})


def _group_permission_receiver(kind: str, *, deleted: bool) -> Any:
    """Wagtail's page or collection permission of a group, given (saved) or taken away (deleted)."""

    def receiver(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
        if raw:
            return
        place = instance.page if kind == "page_permission" else instance.collection
        right = f"{instance.permission.codename} @ {place}"
        group = Group.objects.filter(pk=instance.group_id).first()  # gone when the group is deleted
        record(
            f"group.{kind}",
            target=group,
            content_type=ContentType.objects.get_for_model(Group),
            object_id=str(instance.group_id),
            changes={kind: [right, None] if deleted else [None, right]},
        )

    return receiver


def on_group_saved(sender: Any, instance: Group, created: bool, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw:
        record("group.create", target=instance)


def on_group_deleted(sender: Any, instance: Group, **kwargs: Any) -> None:
    record("group.delete", target=instance)


# --- Wagtail's log ---------------------------------------------------------------------------------

# Saved all the time, or kept by other means (the report workflow announces; pages and snippets
# with revisions are compared revision to revision): no pre_save diff for these.
UNTRACKED_APPS = {
    "audit",
    "analytics",
    "danvan_search",  # the search index, rebuilt on every publish
    "sessions",
    "contenttypes",
    "admin",
    "axes",
    "otp_totp",
    "otp_static",
    "django_tasks",
    "django_tasks_database",
    "taggit",
    "wagtailsearch",
    "wagtailembeds",
    "wagtailredirects",
    "wagtailadmin",  # editing sessions, pinged every few seconds while a page is open
    "accounts",  # lockouts, second factor, sessions: the accounts app announces what matters
}
UNTRACKED_MODELS = {
    "programmes.datavalue",
    "programmes.datavaluechange",
    "programmes.submission",
    "programmes.submissionevent",
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
    "wagtailusers.userprofile",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.grouppagepermission",  # recorded by their own receivers, with the group
    "wagtailcore.groupcollectionpermission",
    "wagtailcore.pageviewrestriction",  # Wagtail logs it as page.view_restriction.*
}
# Fields that change by themselves (timestamps, counters, tree bookkeeping).
UNTRACKED_FIELDS = {"last_login", "updated_at", "created_at", "latest_revision", "file_hash", "file_size"}


def _tracked(instance: models.Model) -> bool:
    return _tracked_model(type(instance))


@functools.cache
def _tracked_model(model: type[models.Model]) -> bool:
    """Worth a diff: not busy, not kept otherwise, not a page or a page's inline child (the page's
    revision says what changed), not a rendition."""
    meta = model._meta
    if meta.app_label in UNTRACKED_APPS or meta.label_lower in UNTRACKED_MODELS:
        return False
    if issubclass(model, Page | Revision) or (meta.model_name or "").endswith("rendition"):
        return False
    return not any(
        isinstance(f, ParentalKey) and isinstance(f.related_model, type) and issubclass(f.related_model, Page)
        for f in meta.concrete_fields
    )


def _fields(instance: models.Model, update_fields: Any) -> list[models.Field[Any, Any]]:
    fields = [
        f
        for f in instance._meta.concrete_fields
        if not f.primary_key
        and f.name not in UNTRACKED_FIELDS
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    return fields


def before_save(
    sender: Any, instance: models.Model, raw: bool = False, update_fields: Any = None, **kw: Any
) -> None:
    if raw or pending_changes.get() is None or not _tracked(instance) or instance._state.adding:
        return
    fields = _fields(instance, update_fields)
    old = sender._base_manager.filter(pk=instance.pk).values(*[f.attname for f in fields]).first()
    instance._audit_before = old  # type: ignore[attr-defined] # kept on the instance until post_save


def after_save(
    sender: Any,
    instance: models.Model,
    created: bool,
    raw: bool = False,
    update_fields: Any = None,
    **kw: Any,
) -> None:
    pending = pending_changes.get()
    if raw or pending is None or not _tracked(instance):
        return
    old: dict[str, Any] | None = instance.__dict__.pop("_audit_before", None)
    if not created and old is None:
        return
    diff = {}
    for f in _fields(instance, update_fields):
        new = getattr(instance, f.attname)
        before = None if created or old is None else old.get(f.attname)
        if created and new in (None, ""):
            continue
        if created or before != new:
            diff[f.name] = [before, new]
    if not diff:
        return
    content_type = ContentType.objects.get_for_model(instance, for_concrete_model=False)
    saved = pending.setdefault(
        (content_type.pk, str(instance.pk)), Pending(name=str(instance), created=created)
    )
    saved.name = str(instance)
    for name, (before, new) in diff.items():
        saved.changes[name] = [saved.changes[name][0], new] if name in saved.changes else [before, new]


def _revision_changes(revision_id: int | None) -> dict[str, Any] | None:
    """The fields a revision changed from the one before it (same object)."""
    if revision_id is None:
        return None
    revision = Revision.objects.filter(pk=revision_id).first()
    if revision is None:
        return None
    previous = (
        Revision.objects.filter(
            base_content_type_id=revision.base_content_type_id,
            object_id=revision.object_id,
            pk__lt=revision.pk,
        )
        .order_by("-pk")
        .first()
    )
    before: dict[str, Any] = previous.content if previous is not None else {}
    ignored = UNTRACKED_FIELDS | {
        "pk",
        "id",
        "path",
        "depth",
        "numchild",
        "url_path",
        "draft_title",
        "live",
        "live_revision",
        "has_unpublished_changes",
        "first_published_at",
        "last_published_at",
        "latest_revision_created_at",
        "go_live_at",
        "expire_at",
        "expired",
        "locked",
        "locked_at",
        "locked_by",
        "owner",
        "content_type",
        "translation_key",
        "wagtail_admin_comments",
        "comments",
        "alias_of",
    }
    changes = {
        name: [_readable(before.get(name)), _readable(value)]
        for name, value in revision.content.items()
        if name not in ignored and before.get(name) != value
    }
    return changes or None


def _readable(value: Any) -> Any:
    """A StreamField's JSON text as data, so the log shows its words unescaped."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _kind(entry: Any) -> str:
    if isinstance(entry, PageLogEntry):
        return "page"
    return kind_of(entry.content_type.model_class() if entry.content_type_id else None)


def kind_of(model: type[models.Model] | None) -> str:
    """The first part of an action's code for changes to ``model``: user, group or object."""
    if model is not None and issubclass(model, get_user_model()):
        return "user"
    if model is Group:
        return "group"
    return "object"


def on_wagtail_log(sender: Any, instance: Any, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Mirror one of Wagtail's log entries (both tables keep it; ours is the one nobody may edit)."""
    if not created or raw:
        return
    kind = _kind(instance)
    verb = instance.action.removeprefix("wagtail.")
    object_id = str(instance.object_id)
    changes = None
    pending = pending_changes.get()
    if pending is not None and instance.content_type_id:
        saved = pending.pop((instance.content_type_id, object_id), None)
        changes = saved.changes if saved is not None else None
    if kind == "group" and verb in ("create", "delete"):
        return  # on_group_saved / on_group_deleted record these, admin or not
    if changes is None and verb in ("edit", "publish", "revert", "create") and instance.revision_id:
        changes = _revision_changes(instance.revision_id)
    if verb in ("publish", "create") and kind == "page" and changes and len(changes) > 20:
        changes = None  # a whole new page: its title is in the entry, its body in the revision
    detail = ""
    if verb not in ("create", "edit", "delete", "publish", "unpublish", "lock", "unlock"):
        try:
            detail = str(instance.message)
        except Exception:
            detail = ""
    record(
        f"{kind}.{verb}",
        # Wagtail's user column has no constraint: the account may be gone already.
        actor=get_user_model()._default_manager.filter(pk=instance.user_id).first()
        if instance.user_id
        else None,
        content_type=instance.content_type,
        object_id=object_id,
        object_repr=instance.label,
        changes=changes,
        detail=detail,
        at=instance.timestamp,
    )


def connect() -> None:
    from django.contrib.auth import signals as auth_signals
    from django.db.models import signals

    from danvan.core.events import security_event

    user_model = get_user_model()
    security_event.connect(on_security_event, dispatch_uid="audit.security_event")
    auth_signals.user_logged_in.connect(on_login, dispatch_uid="audit.login")
    auth_signals.user_logged_out.connect(on_logout, dispatch_uid="audit.logout")
    auth_signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit.login_failed")
    signals.m2m_changed.connect(
        _m2m_receiver("groups"),
        sender=user_model.groups.through,
        dispatch_uid="audit.user_groups",
        weak=False,
    )
    signals.m2m_changed.connect(
        _m2m_receiver("user_permissions"),
        sender=user_model.user_permissions.through,
        dispatch_uid="audit.user_permissions",
        weak=False,
    )
    signals.m2m_changed.connect(
        _m2m_receiver("permissions"),
        sender=Group.permissions.through,
        dispatch_uid="audit.group_permissions",
        weak=False,
    )
    for model, kind in (
        (GroupPagePermission, "page_permission"),
        (GroupCollectionPermission, "collection_permission"),
    ):
        signals.post_save.connect(
            _group_permission_receiver(kind, deleted=False),
            sender=model,
            dispatch_uid=f"audit.{kind}.save",
            weak=False,
        )
        signals.post_delete.connect(
            _group_permission_receiver(kind, deleted=True),
            sender=model,
            dispatch_uid=f"audit.{kind}.delete",
            weak=False,
        )
    signals.post_save.connect(on_group_saved, sender=Group, dispatch_uid="audit.group_saved")
    signals.post_delete.connect(on_group_deleted, sender=Group, dispatch_uid="audit.group_deleted")
    signals.pre_save.connect(before_save, dispatch_uid="audit.before_save")
    signals.post_save.connect(after_save, dispatch_uid="audit.after_save")
    for log_model in (PageLogEntry, ModelLogEntry):
        signals.post_save.connect(
            on_wagtail_log, sender=log_model, dispatch_uid=f"audit.{log_model.__name__}"
        )
