"""One installation, several portals (issue 14, decision 0015): site A's staff × every admin URL ×
site B's objects — none opens, none changes anything, none shows B's names.

THE CASES come from the URL resolver: every ``admin/`` pattern. A pattern whose keywords name an object
is filled with site B's object of that kind (``KWARG_OBJECTS``, or ``PK_NAMESPACES`` for a bare
``pk``) and asked by A's editor and A's approver with GET and with POST: the answer must be a refusal
(302 to the login page or the admin home, 403, 404, 405), never 200, never 500, and must not contain
``SECRET_B``; afterwards every object of B is as it was. A pattern without keywords (lists, searches,
choosers, reports) is asked with GET and a search for B's names: it may answer 200, but never with
B's names. A new pattern with a keyword this file does not know fails
``test_every_admin_pattern_has_a_rule`` until it gets a rule, so no URL is forgotten.

``NOT_PER_SITE`` lists the patterns whose objects belong to no Site (users, groups, sites, workflows…,
and danvan's own viewsets, which tests/test_access_table.py walks role by role): site staff hold no
right on them, which the GET/POST walk shows too, with the object of A's world they name.

The positive side — A's staff do open and change A's objects, and A's approver publishes — is
``test_site_a_staff_work_on_site_a``; the service that gives a Site its staff is tested last.
"""

import functools
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import get_resolver, reverse
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
    WorkflowPage,
)

from danvan.core import roles, selectors
from danvan.core.models import SiteIdentity
from danvan.core.services import ensure_root_and_site, ensure_site_staff

from .factories import HomePageFactory
from .site_world import SECRET_B, SiteObjects, SiteWorld, build_site_world
from .test_access_table import _danvan_viewset_namespaces, _walk, qualifying_patterns

# keyword → the attribute of SiteObjects (or of its workflow) naming B's object of that kind
KWARG_OBJECTS = {
    "page_id": "article",
    "page_to_move_id": "article",
    "page_pk": "article",
    "parent_page_id": "category",
    "destination_id": "category",
    "image_id": "image",
    "document_id": "document",
    "doc_id": "document",
    "collection_id": "collection",
    "redirect_id": "redirect",
    "revision_id": "revision",
    "task_state_id": "task_state",
    "workflow_state_id": "workflow_state",
    "task_id": "task",
}
PK_NAMESPACES = {
    "wagtailadmin_pages": "article",
    "wagtailadmin_api:pages": "article",
    "wagtailimages_chooser": "image",
    "wagtailadmin_api:images": "image",
    "wagtaildocs_chooser": "document",
    "wagtailadmin_api:documents": "document",
    "wagtailadmin_collections": "collection",
    "wagtailsettings": "site",
}
# Keywords that name a kind, an action or a version, not an object.
LITERALS = {
    "app_name": "core",
    "app_label": "portal",
    "model_name": "siteidentity",
    "content_type_app_name": "portal",
    "content_type_model_name": "articlepage",
    "action_name": "approve",
    "filter_spec": "original",
    "revision_id_a": "earliest",
    "revision_id_b": "latest",
}
INSTALLATION = "installation-wide: site staff hold no right on it"
NOT_PER_SITE = {
    "wagtailusers_users": INSTALLATION,
    "wagtailusers_groups": INSTALLATION,
    "wagtailsites": INSTALLATION,
    "wagtaillocales": INSTALLATION,
    "wagtailadmin_workflows": INSTALLATION + " (workflows and tasks are named by the admin)",
    "wagtailadmin_password_reset_confirm": "a reset link for one's own account",
    "wagtailadmin_editing_sessions": "one's own editing session (POST only)",
    "wagtailadmin_tag_model_autocomplete": "tags of a model, no object",
    "wagtail_bulk_action": "objects come as ?id=: test_bulk_actions_refuse_site_b",
    "simple_translation:submit_snippet_translation": "snippets: none is translatable here",
    "wagtailimages:create_multiple_from_uploaded_image": "the uploader's own upload",
    "wagtailimages:delete_upload_multiple": "the uploader's own upload",
    "wagtaildocs:create_multiple_from_uploaded_document": "the uploader's own upload",
    "wagtaildocs:delete_upload_multiple": "the uploader's own upload",
    "don_vi_csv:download": "danvan's own admin: tests/test_access_table.py",
    "wagtailadmin_error_test": "answers 500 on purpose (Wagtail's test of the error page)",
    "wagtailadmin_logout": "ends the session the walk uses",
}
REFUSED = (302, 403, 404, 405)
HOST = "a.test"  # A's staff work at their own address


def _rule(name: str) -> str | None:
    """Why this URL name is not walked with B's objects, or None when it is."""
    if name in NOT_PER_SITE:
        return NOT_PER_SITE[name]
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    if namespace in NOT_PER_SITE:
        return NOT_PER_SITE[namespace]
    if namespace.split(":")[0] in _danvan_viewset_namespaces() or name in _danvan_patterns():
        return "danvan's own admin: tests/test_access_table.py"
    return None


def _danvan_patterns() -> set[str]:
    return set(qualifying_patterns())


def _keywords(route: str) -> list[str]:
    return [a or b for a, b in re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)]


def admin_patterns() -> Iterator[tuple[str, str, list[str]]]:
    for route, name, _callback in _walk(get_resolver()):
        if route.startswith("admin/") and name:
            yield route, name, _keywords(route)


def _object(objects: SiteObjects, key: str) -> Any:
    if key == "revision":
        return objects.article.latest_revision
    if key == "workflow_state":
        return objects.article.current_workflow_state
    if key == "task_state":
        return objects.article.current_workflow_task_state
    if key == "task":
        return objects.article.current_workflow_task
    return getattr(objects, key)


def _kwargs(name: str, keywords: list[str], objects: SiteObjects) -> dict[str, Any] | None:
    namespace = name.rsplit(":", 1)[0] if ":" in name else ""
    kwargs: dict[str, Any] = {}
    for keyword in keywords:
        if keyword == "action_name" and name.startswith("wagtailadmin_api:"):
            kwargs[keyword] = "publish"  # the admin API's page actions: publish B's page
        elif keyword in LITERALS:
            kwargs[keyword] = LITERALS[keyword]
        elif keyword in KWARG_OBJECTS:
            kwargs[keyword] = _object(objects, KWARG_OBJECTS[keyword]).pk
        elif keyword == "pk" and namespace in PK_NAMESPACES:
            kwargs[keyword] = _object(objects, PK_NAMESPACES[namespace]).pk
        else:
            return None
    return kwargs


@pytest.fixture
def world(db: Any, settings: Any, tmp_path: Any) -> SiteWorld:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["a.test", "b.test", "testserver"]
    return build_site_world()


def test_every_admin_pattern_has_a_rule(world: SiteWorld) -> None:
    unknown = [
        f"{name} ({route}): {keywords}"
        for route, name, keywords in admin_patterns()
        if keywords and _rule(name) is None and _kwargs(name, keywords, world.b) is None
    ]
    assert not unknown, "admin patterns naming an object this test cannot fill: " + "; ".join(unknown)
    gone = [
        key
        for key in NOT_PER_SITE
        if not any(n == key or n.startswith(key + ":") for _, n, _ in admin_patterns())
    ]
    assert not gone, f"rules for patterns that no longer exist: {gone}"


def _state(objects: SiteObjects) -> dict[str, Any]:
    """What A's staff must not be able to change of B."""
    article = Page.objects.get(pk=objects.article.pk)
    draft = Page.objects.get(pk=objects.draft.pk)
    return {
        "pages": sorted(
            Page.objects.filter(path__startswith=objects.home.path).values_list(
                "pk", "title", "live", "locked", "path"
            )
        ),
        "article_revision": article.latest_revision_id,
        "draft": (draft.title, draft.live, draft.has_unpublished_changes),
        "workflow": objects.article.current_workflow_state and objects.article.current_workflow_state.status,
        "images": sorted(
            get_image_model().objects.filter(collection=objects.collection).values_list("pk", "title")
        ),
        "documents": sorted(
            get_document_model().objects.filter(collection=objects.collection).values_list("pk", "title")
        ),
        "collection": Collection.objects.filter(pk=objects.collection.pk).values_list("name", "path").first(),
        "identity": SiteIdentity.objects.filter(site=objects.site)
        .values_list("governing_agency", flat=True)
        .first(),
        "redirect": objects.redirect.__class__.objects.filter(pk=objects.redirect.pk).exists(),
    }


def _problems(response: Any, where: str, *, allow_200: bool) -> list[str]:
    status = response.status_code
    problems = []
    if status == 200 and not allow_200:
        problems.append(f"{where}: 200, expected a refusal")
    elif status not in (200, *REFUSED):
        problems.append(f"{where}: {status}")
    elif status == 302 and not (
        "/login/" in response["Location"] or response["Location"].rstrip("/").endswith("/admin")
    ):
        # Wagtail sends a user to their own Site's tree or settings: allowed when it is not B's.
        target = response["Location"]
        user = response.wsgi_request.user
        own_tree = re.fullmatch(r"/admin/pages/(\d+)/", target)
        own_settings = re.fullmatch(r"/admin/settings/core/siteidentity/(\d+)/", target)
        if not (
            (own_tree and selectors.may_see(user, "page", int(own_tree[1])))
            or (own_settings and int(own_settings[1]) in {s.pk for s in selectors.sites_user_edits(user)})
        ):
            problems.append(f"{where}: redirected to {target}")
    body = response.content.decode("utf-8", errors="replace") if status != 302 else ""
    if SECRET_B in body:
        at = body.index(SECRET_B)
        problems.append(f"{where}: shows B's {body[max(0, at - 60) : at + 30]!r}")
    return problems


@pytest.mark.parametrize("role", ["editor", "approver"])
def test_site_a_staff_cannot_read_or_change_site_b(world: SiteWorld, role: str) -> None:
    """Every admin URL × B's objects × GET and POST, as A's editor and A's approver."""
    before = _state(world.b)
    user = getattr(world.a, role)
    problems: list[str] = []
    walked = 0
    for _route, name, keywords in admin_patterns():
        if _rule(name) is not None and name not in NOT_PER_SITE | {"wagtail_bulk_action": ""}:
            continue
        if name in ("wagtailadmin_logout", "wagtailadmin_error_test"):
            continue
        kwargs = _kwargs(name, keywords, world.b)
        if kwargs is None:
            continue  # a rule of NOT_PER_SITE: walked below with no object, or in another file
        url = reverse(name, kwargs=kwargs)
        client = Client(raise_request_exception=False, HTTP_HOST=HOST)
        client.force_login(user)
        if all(keyword in LITERALS for keyword in keywords):
            # A list, a search, a chooser or a report: it opens, without B's names.
            query = {"search": "Bình"} if name.startswith("wagtailadmin_api:") else {"q": "Bình"}
            problems += _problems(client.get(url, query), f"GET {url}?{query}", allow_200=True)
            continue
        walked += 1
        problems += _problems(client.get(url), f"GET {url}", allow_200=False)
        posted = client.post(url, {"title": "Đã sửa", "action-publish": "1", "governing_agency": "Đã sửa"})
        problems += _problems(posted, f"POST {url}", allow_200=False)
    assert walked > 60, f"only {walked} URLs naming an object were walked: the walk proves little"
    assert not problems, "\n".join(problems)
    assert _state(world.b) == before, "an object of B changed"


def test_bulk_actions_refuse_site_b(world: SiteWorld) -> None:
    client = Client(HTTP_HOST=HOST)
    client.force_login(world.a.approver)
    before = _state(world.b)
    for action in ("delete", "publish", "unpublish", "move"):
        url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", action))
        for method in (client.get, client.post):
            response = method(f"{url}?id={world.b.article.pk}&id={world.b.draft.pk}")
            assert response.status_code in (200, *REFUSED), (action, response.status_code)
            assert SECRET_B not in response.content.decode(), (action, method)
    images = reverse("wagtail_bulk_action", args=("wagtailimages", "image", "delete"))
    response = client.post(f"{images}?id={world.b.image.pk}")
    assert SECRET_B not in response.content.decode()
    assert _state(world.b) == before


def test_site_a_staff_work_on_site_a(world: SiteWorld) -> None:
    """The other half of the matrix: A's objects open for A's staff, A's approver publishes, and the
    lists and choosers show A's names and none of B's."""
    a, b = world.a, world.b
    editor = Client(HTTP_HOST=HOST)
    editor.force_login(a.editor)
    for url in (
        reverse("wagtailadmin_pages:edit", args=(a.draft.pk,)),
        reverse("wagtailadmin_explore", args=(a.category.pk,)),
        reverse("wagtailimages:edit", args=(a.image.pk,)),
        reverse("wagtaildocs:edit", args=(a.document.pk,)),
        reverse("wagtailsettings:edit", args=("core", "siteidentity", a.site.pk)),
        reverse("wagtailadmin_choose_page_child", args=(a.category.pk,)),
        reverse("wagtailimages_chooser:chosen", args=(a.image.pk,)),
    ):
        response = editor.get(url)
        assert response.status_code == 200, url
        assert SECRET_B not in response.content.decode(), url
    # Lists and searches: A's names, none of B's.
    for url, query, expected in (
        (reverse("wagtailimages:index"), {}, "Ảnh An Phú"),
        (reverse("wagtaildocs:index"), {}, "Tệp An Phú"),
        (reverse("wagtailadmin_choose_page_search"), {"q": "Bài"}, "Bài đã đăng An Phú"),
        (reverse("wagtailadmin_pages:search"), {"q": "Bài"}, "Bài đã đăng An Phú"),
        (reverse("wagtailimages_chooser:choose"), {}, "Ảnh An Phú"),
    ):
        response = editor.get(url, query)
        body = (
            response.json()["html"]
            if response["Content-Type"] == "application/json"
            else response.content.decode()
        )
        assert expected in body and SECRET_B not in body, url
    # Settings: A's editor saves A's identity; the switcher offers no other Site.
    settings_url = reverse("wagtailsettings:edit", args=("core", "siteidentity", a.site.pk))
    form = editor.get(settings_url).context["form"]
    data = {key: value for key, value in form.initial.items() if isinstance(value, str)}
    data |= {"governing_agency": "UBND xã An Phú (mới)", "links-TOTAL_FORMS": "0", "links-INITIAL_FORMS": "0"}
    data |= {"links-MIN_NUM_FORMS": "0", "links-MAX_NUM_FORMS": "1000", "site_name": "Cổng A"}
    assert editor.post(settings_url, data).status_code == 302
    assert SiteIdentity.for_site(a.site).governing_agency == "UBND xã An Phú (mới)"
    assert SiteIdentity.for_site(b.site).governing_agency == "Cơ quan Bình Mật"
    # Publishing (the admin API's page action): A's editor may not, A's approver may, not B's.
    publish = "wagtailadmin_api:pages:action"
    assert editor.post(reverse(publish, args=(a.draft.pk, "publish"))).status_code == 403
    assert not Page.objects.get(pk=a.draft.pk).live
    approver = Client(HTTP_HOST=HOST)
    approver.force_login(a.approver)
    assert approver.post(reverse(publish, args=(b.draft.pk, "publish"))).status_code == 404
    assert approver.post(reverse(publish, args=(a.draft.pk, "publish"))).status_code == 200
    assert Page.objects.get(pk=a.draft.pk).live
    assert not Page.objects.get(pk=b.draft.pk).live
    assert [s.pk for s in selectors.sites_user_edits(a.editor)] == [a.site.pk]
    assert [s.pk for s in selectors.sites_user_edits(world.superuser)] == sorted(
        [a.site.pk, b.site.pk], key=lambda pk: Site.objects.get(pk=pk).hostname
    )


def test_site_settings_switcher_lists_only_own_sites(world: SiteWorld) -> None:
    client = Client(HTTP_HOST=HOST)
    client.force_login(world.a.editor)
    # The settings menu entry opens the user's own Site even from B's address.
    response = Client(HTTP_HOST="b.test")
    response.force_login(world.a.editor)
    answer = response.get(reverse("wagtailsettings:edit", args=("core", "siteidentity")))
    assert answer.status_code == 302
    assert answer["Location"] == reverse(
        "wagtailsettings:edit", args=("core", "siteidentity", world.a.site.pk)
    )
    body = client.get(answer["Location"]).content.decode()
    assert "Cổng B" not in body and SECRET_B not in body


def test_ensure_site_staff_is_idempotent_and_finds_renamed_groups(world: SiteWorld) -> None:
    site = world.a.site
    counts = (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        GroupSitePermission.objects.count(),
        WorkflowPage.objects.count(),
    )
    staff = ensure_site_staff(site)
    staff.editors.name = "Biên tập xã An Phú"
    staff.editors.save()
    again = ensure_site_staff(site)
    assert (again.editors.pk, again.approvers.pk, again.collection.pk) == (
        staff.editors.pk,
        staff.approvers.pk,
        staff.collection.pk,
    )
    after = (
        Group.objects.count(),
        Collection.objects.count(),
        GroupPagePermission.objects.count(),
        GroupCollectionPermission.objects.count(),
        GroupSitePermission.objects.count(),
        WorkflowPage.objects.count(),
    )
    assert after == counts
    # 3 page rights for editors, 5 for approvers; 6 collection rights and the settings right each.
    assert GroupPagePermission.objects.filter(group=staff.editors).count() == 3
    assert GroupPagePermission.objects.filter(group=staff.approvers).count() == 5
    assert (
        GroupCollectionPermission.objects.filter(group=staff.editors, collection=staff.collection).count()
        == 6
    )
    assert (
        GroupSitePermission.objects.filter(group__in=[staff.editors, staff.approvers], site=site).count() == 2
    )
    # A third Site named like A gets groups of its own, not A's.
    root = Page.get_first_root_node()
    home_c = HomePageFactory.create(parent=root, title="Trang chủ C", slug="trang-chu-c")
    site_c = Site.objects.create(hostname="c.test", port=80, root_page=home_c, site_name=site.site_name)
    staff_c = ensure_site_staff(site_c)
    assert {staff_c.editors.pk, staff_c.approvers.pk}.isdisjoint({staff.editors.pk, staff.approvers.pk})
    assert staff_c.approvers.name == f"Người duyệt bài — {site.site_name} (c.test:80)"
    assert staff_c.collection.pk != staff.collection.pk
    # B's workflow is decided by B's approvers (and the installation's moderators), not by A's.
    task = world.b.article.current_workflow_task
    assert set(task.specific.groups.all()) == {
        ensure_site_staff(world.b.site).approvers,
        roles.moderators_group(),
    }


def test_ensure_site_staff_refuses_a_site_on_the_tree_root(db: Any) -> None:
    root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Gốc", slug="root"))
    site = Site.objects.create(hostname="goc.test", port=80, root_page=root)
    with pytest.raises(ValueError, match="gốc cây trang"):
        ensure_site_staff(site)


def test_ensure_site_staff_command_names_what_it_set_up(db: Any) -> None:
    root, site = ensure_root_and_site()
    site.root_page = HomePageFactory.create(parent=root, title="Trang chủ xã Phú Lý", slug="phu-ly")
    site.hostname, site.site_name = "xa-phuly.test", "Cổng xã Phú Lý"
    site.save()
    out = io.StringIO()
    call_command("ensure_site_staff", "xa-phuly.test", stdout=out)
    assert out.getvalue().strip() == (
        "xa-phuly.test: nhóm «Biên tập viên — Cổng xã Phú Lý», «Người duyệt bài — Cổng xã Phú Lý»;"
        " thư mục «Cổng xã Phú Lý»"
    )
    call_command("ensure_site_staff", stdout=io.StringIO())  # every Site, again: nothing new
    assert Group.objects.filter(name__endswith="— Cổng xã Phú Lý").count() == 2
    with pytest.raises(CommandError, match=r"không-co\.test"):
        call_command("ensure_site_staff", "không-co.test", stdout=io.StringIO())


def test_the_demo_site_gets_its_staff_and_keeps_its_images_inside(demo: Any) -> None:
    site = Site.objects.get(is_default_site=True)
    staff = ensure_site_staff(site)  # finds what load_demo created
    assert staff.editors.name == f"Biên tập viên — {site.site_name}"
    assert staff.collection.get_parent().is_root()
    images = get_image_model().objects.all()
    assert images.exists()
    assert all(image.collection.path.startswith(staff.collection.path) for image in images)
    # The demo's review workflow is its site's: decided by its approvers and the installation's moderators.
    workflow = WorkflowPage.objects.get(page=site.root_page).workflow
    assert workflow.name == f"Quy trình duyệt bài — {site.site_name}"
    task = workflow.tasks.get().specific
    assert set(task.groups.all()) == {staff.approvers, roles.moderators_group()}


def test_the_gate_reads_the_user_only_under_admin(rf: Any, db: Any) -> None:
    """Reading the user reads the session, which marks the answer ``Vary: Cookie``: the gate must not
    do it for public pages, which the page cache keeps one copy of for everyone (decision 0002)."""
    from django.urls import resolve
    from django.utils.functional import SimpleLazyObject

    from danvan.core.middleware import SiteScopeMiddleware

    gate = SiteScopeMiddleware(lambda request: None)  # type: ignore[arg-type,return-value] # never called
    read: list[str] = []

    def user_of(path: str) -> AnonymousUser:
        read.append(path)
        return AnonymousUser()

    for path in ("/tim-kiem/", "/admin/"):
        request = rf.get(path)
        request.resolver_match = resolve(path)
        request.user = SimpleLazyObject(functools.partial(user_of, path))
        assert gate.process_view(request, request.resolver_match.func, (), {}) is None
    assert read == ["/admin/"]
