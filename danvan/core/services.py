"""Writes of the core app: the page tree's root and the default Site, the Site's public address, and the
pages' draft → review → publish workflow."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
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
    # WorkflowTask's ParentalKey makes `workflow.workflow_tasks.create()` an unsaved in-memory row:
    # a workflow without tasks publishes on submission. Write the link through its own manager.
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        task = GroupApprovalTask.objects.create(name=roles.APPROVAL_TASK)
        task.groups.set([moderators])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
