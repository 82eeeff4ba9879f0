"""The admin's built-in groups and workflow, found by what they do rather than by their names.

Wagtail's first migration creates them with English names ("Moderators", "Editors",
"Moderators approval"); core/migrations/0003 renames them to the Vietnamese ones below. Code never
looks a group up by name: an administrator may rename it again in the admin.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import GroupPagePermission, Page

MODERATORS = "Người duyệt bài"
EDITORS = "Biên tập viên"
WORKFLOW = "Quy trình duyệt bài"
APPROVAL_TASK = "Lãnh đạo duyệt bài"
ROOT_TITLE = "Gốc"
ROOT_COLLECTION = "Gốc"


def moderators_group() -> Group | None:
    """The group allowed to publish anywhere in the page tree (publish right on the root page)."""
    return (
        Group.objects.filter(
            page_permissions__page__depth=1, page_permissions__permission__codename="publish_page"
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def ensure_moderators_group() -> Group:
    """The moderators' group; on a database without Wagtail's initial data, create it."""
    group = moderators_group()
    if group is not None:
        return group
    group, _ = Group.objects.get_or_create(name=MODERATORS)
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=group, page=root, permission=Permission.objects.get(codename=codename)
        )
    return group
