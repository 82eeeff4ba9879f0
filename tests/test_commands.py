import io
import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory

from danvan.portal.models import ArticlePage, CategoryPage

pytestmark = pytest.mark.django_db


def test_ensure_admin_prints_a_generated_password_once(monkeypatch: Any) -> None:
    monkeypatch.delenv("DANVAN_ADMIN_PASSWORD", raising=False)
    first, second = io.StringIO(), io.StringIO()
    call_command("ensure_admin", stdout=first)
    call_command("ensure_admin", stdout=second)
    password = first.getvalue().split("mật khẩu: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert password not in second.getvalue()
    assert get_user_model().objects.count() == 1


def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch: Any) -> None:
    monkeypatch.setenv("DANVAN_ADMIN_PASSWORD", "mat-khau-rat-dai-2026")
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert "mat-khau-rat-dai-2026" not in out.getvalue()
    assert get_user_model().objects.get(username="admin").check_password("mat-khau-rat-dai-2026")


def _counts() -> tuple[int, ...]:
    from wagtail.images import get_image_model
    from wagtail.models import Page

    from danvan.core.models import WebsiteLink

    return (Page.objects.count(), get_image_model().objects.count(), WebsiteLink.objects.count())


def test_load_demo_is_idempotent(demo: Any) -> None:
    before = _counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert "không có gì mới" in out.getvalue()


def test_demo_has_the_programme_article_and_enough_news(demo: Any, client: Client) -> None:
    assert CategoryPage.objects.live().count() >= 3
    assert ArticlePage.objects.live().count() >= 9
    main = ArticlePage.objects.get(slug="chuong-trinh-dan-van-2023")
    assert "42-CTr/HU" in str(main.body) or "42-CTr/HU" in main.lead
    html = client.get(main.url).content.decode()
    assert html.count('<figure class="figure">') == 3
    assert len(re.findall(r'<figure class="figure">\s*<img[^>]*>\s*<figcaption>', html)) == 3
    assert "Vĩnh Cửu" in html


def test_demo_staff_passwords_are_per_install_and_printed_once(
    settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.auth import authenticate

    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.delenv("DANVAN_DEMO_PASSWORD", raising=False)
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    shown = re.search(r"mật khẩu: (\S+) — chỉ hiện một lần", first.getvalue())
    assert shown is not None, first.getvalue()
    assert "2 người dùng mẫu" in first.getvalue()  # xa.phuly and huyen.vinhcuu, counted one by one
    password = shown.group(1)
    assert password != "dan-van-demo-2023" and len(password) >= 14
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "mật khẩu" not in again.getvalue()
    for username in ("xa.phuly", "huyen.vinhcuu"):
        # With the request a sign-in form passes (the lockout backend refuses to judge without one).
        sign_in = RequestFactory().post("/admin/login/")
        assert (
            authenticate(sign_in, username=username, password=password) is not None
        )  # unchanged by the re-run


def test_the_demo_refuses_to_load_where_the_settings_forbid_it(db: Any, settings: Any) -> None:
    from django.core.management.base import CommandError
    from wagtail.models import Page

    settings.DANVAN_DEMO_ALLOWED = False
    pages, users = Page.objects.count(), get_user_model().objects.count()
    with pytest.raises(CommandError, match="không cho nạp dữ liệu mẫu"):
        call_command("load_demo", stdout=io.StringIO())
    assert (Page.objects.count(), get_user_model().objects.count()) == (pages, users)  # nothing created
