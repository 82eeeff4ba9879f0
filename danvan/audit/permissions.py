"""Who may read the audit log: superusers and holders of ``audit.view_auditentry``, and only read —
nobody adds, edits or deletes, superusers included (decision 0014). Wagtail's screens ask the policy
(registered in wagtail_hooks); the queued export asks ``may_read`` when the file is built and when it
is downloaded (decision 0024)."""

from typing import Any

from django.contrib.auth import get_user_model
from wagtail.permission_policies import ModelPermissionPolicy

from .models import AuditEntry

READ_ONLY = frozenset({"view"})


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Only "view" can ever be granted on the log, whoever asks."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        return action in READ_ONLY and bool(super().user_has_permission(user, action))

    def user_has_any_permission(self, user: Any, actions: Any) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions: Any) -> Any:
        wanted = [action for action in actions if action in READ_ONLY]
        if not wanted:
            return get_user_model()._default_manager.none()
        return super().users_with_any_permission(wanted)


policy = ReadOnlyPolicy(AuditEntry)


def may_read(user: Any) -> bool:
    """An active account the policy lets view the log."""
    return bool(user.is_authenticated and user.is_active and policy.user_has_permission(user, "view"))
