"""The personal-data notice (issue 14, Luật Bảo vệ dữ liệu cá nhân 2025): what is kept, why, how
long, whom to contact; linked from every page's footer; cached like every public page. And no
personal data in the web server's access log."""

import runpy
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from wagtail.models import Site

from danvan.core.models import SiteIdentity

pytestmark = pytest.mark.django_db
URL = "/bao-ve-du-lieu-ca-nhan/"


def test_the_notice_says_what_is_kept_why_how_long_and_whom_to_ask(article: Any) -> None:
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.governing_agency = "Ủy ban nhân dân xã Thạnh Phú"
    identity.email = "ubnd@thanhphu.example.vn"
    identity.phone = "0251 3861 234"
    identity.save()
    response = Client().get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Chính sách bảo vệ dữ liệu cá nhân</h1>" in html
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in html and "01/01/2026" in html
    for heading in (
        "Khi bạn góp ý dự thảo văn bản",
        "Khi bạn gửi đơn, thư, phản ánh, kiến nghị",
        "Tài khoản cán bộ, biên tập viên",
        "Quyền của bạn",
        "Liên hệ",
    ):
        assert heading in html, heading
    assert "bị xóa sau 48 giờ" in html  # visit counting
    assert "được lưu 1 năm rồi tự động xóa" in html  # sign-ins and the audit log
    assert "thư điện tử không bao giờ hiện" in html  # comments
    assert (
        "Ủy ban nhân dân xã Thạnh Phú" in html
        and "ubnd@thanhphu.example.vn" in html
        and "0251 3861 234" in html
    )


def test_a_longer_audit_period_is_said_in_days(article: Any, settings: Any) -> None:
    settings.DANVAN_AUDIT_RETENTION_DAYS = 400
    assert "được lưu 400 ngày rồi tự động xóa" in Client().get(URL).content.decode()


def test_the_notice_is_cached_like_every_public_page_and_listed_in_the_sitemap(article: Any) -> None:
    client = Client()
    first, second = client.get(URL), client.get(URL)
    assert (first["X-Danvan-Cache"], second["X-Danvan-Cache"]) == ("miss", "hit")
    assert URL in client.get("/sitemap.xml").content.decode()


def test_every_page_links_to_it_from_the_footer(article: Any) -> None:
    for path in (article.url, "/van-ban/", "/du-thao/", "/search/?q=dan"):
        html = Client().get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        assert f'<a href="{URL}">Chính sách bảo vệ dữ liệu cá nhân</a>' in footer, path


def test_the_access_log_keeps_no_address_agent_referrer_or_query(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUNICORN_ACCESS_LOG_FORMAT", raising=False)
    config = runpy.run_path(str(Path(__file__).resolve().parent.parent / "gunicorn.conf.py"))
    log_format = config["access_log_format"]
    # gunicorn's atoms: h address, u user, a agent, f referrer, q query, r request line (with query).
    for atom in ("%(h)s", "%(u)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s", "%({x-forwarded-for}i)s"):
        assert atom not in log_format, atom
    assert "%(U)s" in log_format and "%(s)s" in log_format
