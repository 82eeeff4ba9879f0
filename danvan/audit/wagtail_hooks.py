"""The audit log's screens in Wagtail's admin (admin_log) and its read-only permission policy."""

from wagtail.permissions import register_permission_policy

from danvan.core.hooks import register

from .admin_log import AuditEntryViewSet
from .models import AuditEntry
from .permissions import policy

register_permission_policy(AuditEntry, policy, exact_class=True)


@register("register_admin_viewset")
def register_audit_log() -> AuditEntryViewSet:
    return AuditEntryViewSet()
