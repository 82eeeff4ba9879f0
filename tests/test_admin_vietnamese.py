"""The admin in Vietnamese and private (issue 12): dates, data names, tab titles, avatars, slugs, order."""

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone, translation
from wagtail.admin.templatetags.wagtailadmin_tags import (
    naturaltime,
    timesince_last_update,
    timesince_simple,
)
from wagtail.models import Collection, Locale, Page, Task, Workflow

from danvan.core import roles
from danvan.core.collation import Vietnamese, sort_key
from danvan.core.services import ensure_moderation_workflow
from danvan.core.slugs import VietnameseSlugInput, vietnamese_slugify
from danvan.orgunits.models import OrgUnit
from danvan.portal.models import CategoryPage, HomePage

NBSP = "\u00a0"


@pytest.fixture
def admin_client(db: Any, client: Client) -> Client:
    user = get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "x" * 16)
    client.force_login(user)
    return client


def _visible(html: str) -> str:
    return re.sub(r"<script.*?</script>", "", html, flags=re.S)


# Humanised dates -------------------------------------------------------------------------------


def test_durations_in_the_admin_are_vietnamese() -> None:
    now = timezone.now()
    with translation.override("vi"):
        assert timesince_simple(now) == "vừa xong"  # Django said "0 minutes", Wagtail expected "0 phút"
        assert timesince_simple(now - dt.timedelta(minutes=5)) == f"5{NBSP}phút trước"
        assert timesince_last_update(now - dt.timedelta(days=3)) == f"3{NBSP}ngày trước"
        assert naturaltime(now - dt.timedelta(seconds=70)) == f"1{NBSP}phút trước"
        assert naturaltime(now - dt.timedelta(hours=2, minutes=5)) == f"2{NBSP}giờ trước"
        assert naturaltime(now - dt.timedelta(days=9)) == f"1{NBSP}tuần, 2{NBSP}ngày trước"


# Data Wagtail creates in English -----------------------------------------------------------------


@pytest.mark.django_db
def test_wagtails_initial_data_is_renamed() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {roles.MODERATORS, roles.EDITORS}
    assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()
    assert Workflow.objects.filter(name=roles.WORKFLOW).exists()
    assert Task.objects.filter(name=roles.APPROVAL_TASK).exists()
    assert not Workflow.objects.filter(name__contains="approval").exists()
    assert Page.get_first_root_node().title == roles.ROOT_TITLE
    assert Collection.get_first_root_node().name == roles.ROOT_COLLECTION
    moderators = roles.moderators_group()
    assert moderators is not None and moderators.name == roles.MODERATORS


@pytest.mark.django_db
def test_the_moderators_group_is_found_after_an_administrator_renames_it() -> None:
    group = roles.moderators_group()
    assert group is not None
    group.name = "Ban biên tập"
    group.save()
    assert roles.moderators_group() == group


def test_page_editor_offers_the_vietnamese_workflow(
    admin_client: Client, home: HomePage, article: Any
) -> None:
    ensure_moderation_workflow(home)
    html = _visible(admin_client.get(f"/admin/pages/{article.pk}/edit/").content.decode())
    assert f"Gửi duyệt theo {roles.WORKFLOW}" in html
    assert "Moderators" not in html
    assert ">\n            Slug<" not in html and "Đường dẫn" in html
    assert "domain.com" not in html and "my-slug" not in html


# Chrome: titles, heading, help links, avatars ------------------------------------------------------


def test_dashboard_has_no_wagtail_title_guide_or_gravatar(admin_client: Client, settings: Any) -> None:
    html = admin_client.get("/admin/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, flags=re.S)
    assert title is not None
    assert "Wagtail" not in title.group(1)
    assert title.group(1).strip().endswith(settings.WAGTAIL_SITE_NAME)
    assert re.search(r"<h1[^>]*>\s*" + re.escape(settings.WAGTAIL_SITE_NAME), html)
    assert "danvan" not in re.sub(r"<[^>]+>", "", _visible(html)).split()
    assert "gravatar.com" not in html
    assert "guide.wagtail.org" not in html
    assert 'value="Search"' not in html and 'value="Tìm kiếm"' in html


def test_avatars_are_never_fetched_from_gravatar(admin_client: Client) -> None:
    for url in ("/admin/account/", "/admin/users/", "/admin/pages/1/"):
        assert "gravatar" not in admin_client.get(url).content.decode(), url


@pytest.mark.django_db
def test_every_admin_tab_title_names_the_site(admin_client: Client, settings: Any) -> None:
    for client, url in [
        (admin_client, "/admin/sites/"),
        (admin_client, "/admin/locales/"),
        (Client(), "/admin/login/"),
    ]:
        response = client.get(url)
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), flags=re.S)
        assert title is not None and "Wagtail" not in title.group(1), url
        assert title.group(1).strip().endswith(settings.WAGTAIL_SITE_NAME), url


@pytest.mark.django_db
def test_the_sign_in_form_is_vietnamese() -> None:
    html = Client().get("/admin/login/").content.decode()
    assert "Password<" not in html and "Wagtail</h1>" not in html
    assert "Mật khẩu" in html and "Đăng nhập trang quản trị" in html


def test_site_and_locale_lists_are_vietnamese(admin_client: Client) -> None:
    Locale.objects.get_or_create(language_code="en")
    sites = admin_client.get("/admin/sites/").content.decode()
    for english in ("Site name", "Root page", ">Port<", 'aria-label="Actions"'):
        assert english not in sites
    assert "Tên trang web" in sites and "Trang gốc" in sites
    locales = admin_client.get("/admin/locales/").content.decode()
    assert not re.search(r"\d+\s+locales", locales)
    assert "2 ngôn ngữ" in locales


def test_document_file_upload_date_has_a_vietnamese_label() -> None:
    from danvan.documents.models import DocumentFile

    with translation.override("vi"):
        assert str(DocumentFile._meta.get_field("uploaded_at").verbose_name) == "ngày tải lên"


# Slugs -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Đồng Nai dân vận", "dong-nai-dan-van"),
        ("ĐOÀN THANH NIÊN", "doan-thanh-nien"),
        ("Hội Nông dân: ưu tiên “khéo” 2025", "hoi-nong-dan-uu-tien-kheo-2025"),
    ],
)
def test_vietnamese_titles_give_ascii_slugs(title: str, slug: str) -> None:
    assert vietnamese_slugify(title) == slug


def test_a_page_saved_without_slug_gets_a_transliterated_one(home: Any) -> None:
    page = CategoryPage(title="Đồng Nai dân vận")
    home.add_child(instance=page)
    assert page.slug == "dong-nai-dan-van"
    twin = CategoryPage(title="Đồng Nai Dân Vận")
    home.add_child(instance=twin)
    assert twin.slug == "dong-nai-dan-van-2"


def test_the_admin_create_form_carries_the_vietnamese_slug_rules(admin_client: Client, home: Any) -> None:
    """The browser fills the slug from the title (the form requires one): e2e/test_admin_vietnamese.py
    checks it types "dong-nai-dan-van"; here, that the form hands it the rules."""
    form = admin_client.get(f"/admin/pages/add/portal/categorypage/{home.pk}/").content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', form)
    assert slug_input is not None
    assert "data-w-slug-formatters-value" in slug_input.group(0)
    assert "data-w-slug-allow-unicode-value" not in slug_input.group(0)  # absent: False, ASCII only


def test_slug_widget_tells_the_browser_how_to_fold_vietnamese() -> None:
    import json

    formatters = json.loads(VietnameseSlugInput().attrs["data-w-slug-formatters-value"])
    replacements = {re.compile(pattern): repl for (pattern, _flags), repl in formatters}

    def browser_fold(text: str) -> str:
        for pattern, repl in replacements.items():
            text = pattern.sub(repl, text)
        return text

    assert browser_fold("Đồng Nai dân vận ƯỚC").lower() == "dong nai dan van uoc"


# Vietnamese order --------------------------------------------------------------------------------


def test_sort_key_follows_the_vietnamese_alphabet() -> None:
    names = ["Trị An", "Tân Bình", "Đông Hòa", "Dương Minh Châu", "an", "Ấp Bắc", "Bình", "Tà Lài", "Tả"]
    # "Tả" before "Tà Lài": a shorter word first; tones only decide between equal letters.
    expected = ["an", "Ấp Bắc", "Bình", "Dương Minh Châu", "Đông Hòa", "Tả", "Tà Lài", "Tân Bình", "Trị An"]
    assert sorted(names, key=sort_key) == expected


@pytest.mark.django_db
def test_the_database_orders_units_in_vietnamese(admin_client: Client) -> None:
    for code, name in [
        ("TRI", "Xã Trị An"),
        ("TAN", "Xã Tân An"),
        ("DONG", "Xã Đông Hòa"),
        ("DUC", "Xã Dục"),
    ]:
        OrgUnit.objects.create(code=code, name=name)
    ordered = list(OrgUnit.objects.order_by(Vietnamese("name")).values_list("name", flat=True))
    assert ordered == ["Xã Dục", "Xã Đông Hòa", "Xã Tân An", "Xã Trị An"]
    html = admin_client.get("/admin/don-vi/").content.decode()
    positions = [html.index(name) for name in ordered]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_admin_drop_downs_list_people_and_units_in_vietnamese_order(admin_client: Client) -> None:
    """The unit-rights form: people by given name (tên) then family name, units by name."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    for username, first, last in [
        ("tri", "Trị", "Lê"),
        ("tan", "Tân", "Võ"),
        ("dung", "Dũng", "Phạm"),
        ("duc", "Đức", "Bùi"),
    ]:
        users.create_user(username, first_name=first, last_name=last, password="x" * 16)
    for code, name in [("TRI", "Xã Trị An"), ("TAN", "Xã Tân An"), ("DONG", "Xã Đông Hòa")]:
        OrgUnit.objects.create(code=code, name=name)
    html = admin_client.get("/admin/phan-quyen-don-vi/new/").content.decode()
    people = [html.index(f'value="{users.get(username=u).pk}"') for u in ("dung", "duc", "tan", "tri")]
    assert people == sorted(people), "Dũng, Đức, Tân, Trị"
    units = [html.index(name) for name in ("Xã Đông Hòa", "Xã Tân An", "Xã Trị An")]
    assert units == sorted(units)
