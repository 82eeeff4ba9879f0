"""Demo users for the reporting workflow: a commune's data entry and the district's approver.

Staff with access to Wagtail's admin through a group; idempotent. Their password is chosen per
install, as the admin's is: DANVAN_DEMO_PASSWORD (or settings.DEMO_USER_PASSWORD) when set, else a
random one, printed once by load_demo when the users are created. A fixed password printed by every
install would open every install's demo accounts. Existing users keep their password.
"""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from danvan.orgunits import permissions, selectors, services

GROUP = "Nhập và duyệt số liệu chương trình"
# (username, full name, unit code, role)
USERS = [
    ("xa.phuly", "Cán bộ nhập số liệu xã Phú Lý", "VC-PL", permissions.DATA_ENTRY),
    ("huyen.vinhcuu", "Ban Dân vận Huyện ủy Vĩnh Cửu", "VC", permissions.APPROVER),
]
PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    *(
        ("programmes", f"{action}_{model}")
        for model in ("datavalue", "submission")
        for action in ("view", "add", "change")
    ),
    *(
        ("programmes", f"view_{model}")
        for model in ("programme", "dataset", "dataelement", "indicator", "period")
    ),
]


def configured_password() -> str:
    """The operator's chosen demo password, or "" when none is set."""
    return os.environ.get("DANVAN_DEMO_PASSWORD") or str(getattr(settings, "DEMO_USER_PASSWORD", "") or "")


def new_demo_password() -> str:
    """The password for demo users about to be created: the configured one, else a random one
    (20 characters, past the project's 14-character minimum)."""
    return configured_password() or secrets.token_urlsafe(15)


@transaction.atomic
def load_demo_users(*, password: str) -> list[str]:
    """Create the missing demo users (after load_programmes) with ``password``; returns the usernames
    created. Users that exist keep their password."""
    group, _ = Group.objects.get_or_create(name=GROUP)
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            group.permissions.add(permission)
    user_model = get_user_model()
    created = []
    for username, full_name, unit_code, role in USERS:
        unit = selectors.unit_by_code(unit_code)
        if unit is None:
            continue  # the programme demo is not loaded
        user = user_model.objects.filter(username=username).first()
        if user is None:
            first, _, last = full_name.rpartition(" ")
            user = user_model.objects.create_user(
                username, password=password, first_name=first, last_name=last, is_staff=True
            )
            created.append(username)
        user.groups.add(group)
        services.grant_role(user, unit, role)
    return created
