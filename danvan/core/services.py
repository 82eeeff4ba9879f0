"""Writes of the core app: the page tree's root and the default Site, the Site's public address, the
pages' draft → review → publish workflow, and each Site's own staff groups and collection."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from danvan.core import roles

# A server bound to every interface has no address a visitor could use: absolute links then name
# the machine itself, and DANVAN_BASE_URL gives the real address.
WILDCARD_HOSTS = {"0.0.0.0", "::", "[::]"}  # noqa: S104 - names the wildcard, binds nothing


class InvalidSiteAddress(ValueError):
    pass


@dataclass(frozen=True)
class SiteAddress:
    hostname: str
    port: int


def parse_site_address(base_url: str) -> SiteAddress:
    """``http://portal.example.vn:8080`` → (portal.example.vn, 8080); the default port of the scheme
    when none is given (Wagtail writes http://host for 80 and https://host for 443)."""
    try:
        parts = urlsplit(base_url.strip())
        port = parts.port
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidSiteAddress(
            _("Địa chỉ trang web không hợp lệ: %(url)s (cần dạng http://ten-may:cong).") % {"url": base_url}
        )
    hostname = parts.hostname
    if hostname in WILDCARD_HOSTS or f"[{hostname}]" in WILDCARD_HOSTS:
        hostname = "127.0.0.1"
    if port is None:
        port = 443 if parts.scheme == "https" else 80
    return SiteAddress(hostname=hostname, port=port)


def set_default_site_address(*, base_url: str) -> Site | None:
    """Give the default Site the configured public address; None when there is no Site yet.

    Page URLs (canonical, og:url, feeds, sitemap) are built from the Site's hostname and port.
    """
    address = parse_site_address(base_url)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (address.hostname, address.port):
        site.hostname, site.port = address.hostname, address.port
        site.full_clean(validate_unique=False)
        site.save()
    return site


WAGTAIL_PLACEHOLDER_ADDRESS = ("localhost", 80)  # the Site Wagtail's first migration creates


def ensure_root_and_site() -> tuple[Page, Site]:
    """The page tree's root, the root Collection, the default Locale and Site — a flushed database lacks them."""
    locale, _ = Locale.objects.get_or_create(language_code="vi")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name=roles.ROOT_COLLECTION)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title=roles.ROOT_TITLE, slug="root", locale=locale, live=True))
    # The configured address (make run sets DANVAN_BASE_URL from HOST/PORT), never a placeholder:
    # absolute links in feeds, the sitemap and canonical tags are built from it.
    address = parse_site_address(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname=address.hostname, port=address.port, root_page=root, is_default_site=True
        )
    elif (site.hostname, site.port) == WAGTAIL_PLACEHOLDER_ADDRESS:
        site.hostname, site.port = address.hostname, address.port
        site.save()
    return root, site


def ensure_moderation_workflow(home: Page) -> None:
    """Draft → review → publish: the pages under ``home`` go through a moderators' approval task,
    unless ``home`` or one of its ancestors already has a workflow."""
    if WorkflowPage.objects.filter(page__in=[home, *home.get_ancestors()]).exists():
        return
    moderators = roles.ensure_moderators_group()
    workflow, _created = Workflow.objects.get_or_create(name=roles.WORKFLOW)
    _ensure_approval_task(workflow, roles.APPROVAL_TASK, [moderators])
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})


def _ensure_approval_task(workflow: Workflow, task_name: str, groups: list[Group]) -> None:
    """Give ``workflow`` one approval task decided by ``groups``, unless it has a task already."""
    # WorkflowTask's ParentalKey makes `workflow.workflow_tasks.create()` an unsaved in-memory row:
    # a workflow without tasks publishes on submission. Write the link through its own manager.
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.create(name=task_name)
        task.groups.set(groups)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


@dataclass(frozen=True)
class SiteStaff:
    """What one portal's staff work in: its two groups and its collection of images and documents."""

    editors: Group
    approvers: Group
    collection: Collection


# Rights on the site's page tree, by group: editors write drafts and send them for review; approvers
# also publish and unlock. Both upload and choose images and documents of the site's collection and
# edit the site's settings (decision 0015).
EDITOR_PAGE_RIGHTS = ("add_page", "change_page", "lock_page")
APPROVER_PAGE_RIGHTS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
COLLECTION_RIGHTS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)


def _site_groups(site: Site) -> QuerySet[Group]:
    """Groups holding rights on exactly this site's root page (the tree root's groups excluded)."""
    return Group.objects.filter(page_permissions__page=site.root_page_id).order_by("pk").distinct()


def _new_group(name: str, site: Site) -> Group:
    """A new group, never an existing one of the same name: two Sites may share a name, and a group
    found by name could hold the other Site's rights."""
    if Group.objects.filter(name=name).exists():
        name = f"{name} ({site.hostname}:{site.port})"
    group: Group = Group.objects.create(name=name)
    return group


@transaction.atomic
def ensure_site_staff(site: Site) -> SiteStaff:
    """Give ``site`` its editors' and approvers' groups and its own collection, each holding rights on
    that site only (page tree, collection, site settings), and, when its home page has no workflow of
    its own, a review workflow its approvers decide. Idempotent: rights already held stay, missing ones are added;
    a group or collection an administrator renamed is found by its rights, not by its name."""
    if site.root_page.is_root():
        raise ValueError(
            _(
                "Trang %(site)s bắt đầu từ gốc cây trang: cần một trang chủ riêng trước khi tách biên tập viên."
            )
            % {"site": site}
        )
    label = site.site_name or site.hostname
    on_root = _site_groups(site)
    publishers = on_root.filter(page_permissions__permission__codename="publish_page")
    approvers = publishers.first() or _new_group(_("Người duyệt bài — %(site)s") % {"site": label}, site)
    editors = on_root.filter(page_permissions__permission__codename="change_page").exclude(
        pk__in=publishers
    ).first() or _new_group(_("Biên tập viên — %(site)s") % {"site": label}, site)
    root_collection = Collection.get_first_root_node()
    collection = (
        Collection.objects.filter(
            group_permissions__group=editors, group_permissions__permission__codename="add_image"
        )
        .exclude(depth=1)
        .order_by("path")
        .first()
    )
    if collection is None:
        collection = root_collection.add_child(name=label)
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    change_identity = Permission.objects.get(content_type__app_label="core", codename="change_siteidentity")
    for group, page_rights in ((editors, EDITOR_PAGE_RIGHTS), (approvers, APPROVER_PAGE_RIGHTS)):
        group.permissions.add(access_admin)
        for codename in page_rights:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=site.root_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        for app_label, codename in COLLECTION_RIGHTS:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
            )
        GroupSitePermission.objects.get_or_create(group=group, site=site, permission=change_identity)
    _ensure_site_workflow(site.root_page, approvers, label)
    return SiteStaff(editors=editors, approvers=approvers, collection=collection)


def _ensure_site_workflow(home: Page, approvers: Group, label: str) -> None:
    """Draft → review → publish for the site's pages, decided by its approvers (and the installation's
    moderators, who may publish anywhere already), unless ``home`` has a workflow of its own. The
    workflow Wagtail puts on the tree's root would send every Site's pages to the installation's
    moderators alone: the site's own replaces it below ``home``."""
    if WorkflowPage.objects.filter(page=home).exists():
        return
    workflow = Workflow.objects.create(name=f"{roles.WORKFLOW} — {label}")
    _ensure_approval_task(
        workflow, f"{roles.APPROVAL_TASK} — {label}", [approvers, roles.ensure_moderators_group()]
    )
    WorkflowPage.objects.create(page=home, workflow=workflow)


def child_collection(parent: Collection, name: str) -> Collection:
    """The child of ``parent`` called ``name``, created if missing; one of that name directly under the
    root collection (put there before Sites had their own) is moved under ``parent`` instead."""
    found = parent.get_children().filter(name=name).first()
    if found is not None:
        return found
    root = Collection.get_first_root_node()
    earlier = root.get_children().filter(name=name).exclude(pk=parent.pk).first()
    if earlier is not None:
        earlier.move(parent, pos="last-child")
        return Collection.objects.get(pk=earlier.pk)
    created: Collection = parent.add_child(name=name)
    return created
