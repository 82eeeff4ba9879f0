"""Two commune portals in one installation (issue 14, decision 0015): the people and objects
tests/test_site_isolation.py walks Wagtail's admin with.

Site A (``a.test``, the default) and site B (``b.test``) each have a home page, a category with a
published article and a draft, an image and a document in the site's own collection, a submitted
revision waiting in the site's review workflow, a redirect, and a ``SiteIdentity``. Their staff come
from ``core.services.ensure_site_staff``: an editor and an approver per site. Every name of B that a
person could read carries ``SECRET_B`` (its pages' titles, its image's, document's and
collection's names, its identity's agency, its staff's groups), a text A's staff must never be shown.
"""

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from danvan.core.models import SiteIdentity
from danvan.core.services import ensure_root_and_site, ensure_site_staff

from .factories import (
    ArticlePageFactory,
    CategoryPageFactory,
    HomePageFactory,
    ImageFactory,
    UserFactory,
    jpeg_bytes,
)

SECRET = {"a": "An Phú", "b": "Bình Mật"}
SECRET_B = SECRET["b"]


@dataclass
class SiteObjects:
    site: Site
    home: Any
    category: Any
    article: Any
    draft: Any
    image: Any
    document: Any
    collection: Any
    identity: SiteIdentity
    redirect: Redirect
    editor: Any
    approver: Any


@dataclass
class SiteWorld:
    a: SiteObjects
    b: SiteObjects
    superuser: Any


def _site(key: str, root: Page, *, default: bool) -> SiteObjects:
    secret = SECRET[key]
    home = HomePageFactory.create(parent=root, title=f"Trang chủ {secret}", slug=f"trang-chu-{key}")
    if default:
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.root_page, site.site_name = f"{key}.test", home, f"Cổng {key.upper()}"
        site.save()
    else:
        site = Site.objects.create(
            hostname=f"{key}.test", port=80, root_page=home, site_name=f"Cổng {key.upper()}"
        )
    staff = ensure_site_staff(site)
    category = CategoryPageFactory.create(parent=home, title=f"Tin tức {secret}", slug=f"tin-tuc-{key}")
    article = ArticlePageFactory.create(parent=category, title=f"Bài đã đăng {secret}", slug=f"bai-{key}")
    draft = ArticlePageFactory.create(
        parent=category, title=f"Bản nháp {secret}", slug=f"nhap-{key}", live=False
    )
    image = ImageFactory.create(title=f"Ảnh {secret}", collection=staff.collection)
    document = get_document_model().objects.create(
        title=f"Tệp {secret}",
        collection=staff.collection,
        file=ContentFile(b"%PDF-1.4 tep rieng", name=f"tep-{key}.pdf"),
    )
    identity = SiteIdentity.for_site(site)
    identity.governing_agency = f"Cơ quan {secret}"
    identity.save()
    redirect = Redirect.objects.create(old_path=f"/cu-{key}", site=site, redirect_page=article)
    editor = UserFactory.create(username=f"bien.tap.{key}", groups=(staff.editors,))
    approver = UserFactory.create(username=f"duyet.{key}", groups=(staff.approvers,))
    # A revision of the published article sent for review: the workflow's task waits for the approver.
    revision = article.save_revision(user=editor)
    workflow = article.get_workflow()
    assert workflow is not None, "ensure_site_staff gives a new site its review workflow"
    workflow.start(article, editor)
    del revision
    return SiteObjects(
        site=site,
        home=home,
        category=category,
        article=Page.objects.get(pk=article.pk).specific,
        draft=draft,
        image=image,
        document=document,
        collection=staff.collection,
        identity=identity,
        redirect=redirect,
        editor=editor,
        approver=approver,
    )


def build_site_world() -> SiteWorld:
    root, _site_default = ensure_root_and_site()
    a = _site("a", root, default=True)
    b = _site("b", root, default=False)
    superuser = UserFactory.create(username="quan.tri.cong", is_superuser=True)
    return SiteWorld(a=a, b=b, superuser=superuser)


def image_bytes() -> io.BytesIO:
    return io.BytesIO(jpeg_bytes(40, 30))
