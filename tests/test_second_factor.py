"""The second factor of staff accounts (issue 14, decision 0013).

These tests sign in through Wagtail's real login form (tests/second_factor.password_login), so their
sessions start with the password only; conftest's force_login would pass the second factor for them.
"""

import re
from base64 import b32decode
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from danvan.accounts import second_factor
from danvan.accounts.services import unlock_account
from danvan.collection.exchange import import_data_values
from danvan.core.events import security_event

from .factories import GroupFactory, UserFactory
from .second_factor import confirmed_app, current_code, password_login
from .worlds import programme_users, programme_world

pytestmark = pytest.mark.django_db

PASSWORD = "mat-khau-rieng-cua-bien-tap-vien"
ENROL = "/admin/xac-thuc-hai-buoc/dang-ky/"
VERIFY = "/admin/xac-thuc-hai-buoc/"
WRONG_CODE_ERROR = "Mã xác thực không đúng"
LOCKED = "Đăng nhập bị khóa"
LOCKOUT_STATUSES = (403, 429)  # django-axes answers 429 unless the lockout settings say 403


@pytest.fixture
def staff(db: Any) -> Any:
    """A portal editor: may open the admin (through a group), nothing more."""
    group = GroupFactory.create(name="Biên tập", permissions=[("wagtailadmin", "access_admin")])
    return UserFactory.create(username="bien.tap", password=PASSWORD, groups=[group], is_staff=False)


@pytest.fixture
def announced() -> Iterator[list[dict[str, Any]]]:
    """Every security event announced during the test: action, actor, target, detail."""
    events: list[dict[str, Any]] = []

    def record(sender: Any, **kwargs: Any) -> None:
        events.append(kwargs)

    security_event.connect(record, dispatch_uid="test_second_factor")
    yield events
    security_event.disconnect(dispatch_uid="test_second_factor")


def signed_in(client: Client, username: str = "bien.tap") -> Client:
    response = password_login(client, username, PASSWORD)
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enrol(client: Client, user: Any) -> list[str]:
    """Go through the enrolment page; returns the recovery codes it shows."""
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": current_code(device), "next": "/admin/"})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]{8})</code></li>", response.content.decode())


def sign_out(client: Client) -> None:
    client.post("/admin/logout/")


# --- until the second factor, no admin page -------------------------------------------------------

ADMIN_URLS = [
    "/admin/",
    "/admin/pages/",
    "/admin/users/",
    "/admin/images/",
    "/admin/api/main/pages/",
    "/admin/thong-ke-truy-cap/",
    "/admin/chuong-trinh/",
    "/admin/nhap-so-lieu/",
    "/admin/van-ban/",
    "/admin/khong-co-trang-nay/",
]


def test_a_password_alone_opens_no_admin_page(client: Client, staff: Any) -> None:
    signed_in(client)
    for url in ADMIN_URLS:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{ENROL}?next={quote(url, safe='')}", url
    # A form sent without the second factor is not run either.
    response = client.post("/admin/pages/add/portal/categorypage/1/", {"title": "x"})
    assert (response.status_code, response["Location"]) == (302, ENROL)


def test_an_enrolled_account_is_sent_to_the_code_page(client: Client, staff: Any) -> None:
    confirmed_app(staff)
    signed_in(client)
    for url in ["/admin/", "/admin/pages/", "/admin/thong-ke-truy-cap/"]:
        response = client.get(url)
        assert response["Location"] == f"{VERIFY}?next={quote(url, safe='')}", url
    # An account that has an app cannot enrol another with its password alone.
    assert client.get(ENROL)["Location"] == f"{VERIFY}?next=%2Fadmin%2F"


def test_the_login_and_second_factor_pages_stay_open(client: Client, staff: Any) -> None:
    signed_in(client)
    enrolment = client.get(ENROL)
    assert enrolment.status_code == 200
    assert (
        '<form class="dv-otp__signout" method="post" action="/admin/logout/">' in enrolment.content.decode()
    )
    assert client.get("/admin/password_reset/").status_code == 200
    assert client.get("/admin/jsi18n/").status_code == 200
    # The login page sends a signed-in account on to where it was going: the second factor again.
    assert client.get("/admin/login/")["Location"] == "/admin/"
    assert client.post("/admin/logout/").status_code == 302
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


SECOND_FACTOR_MIDDLEWARE = (
    "django_otp.middleware.OTPMiddleware",
    "danvan.accounts.otp_middleware.SecondFactorMiddleware",
)


def test_anonymous_visitors_and_public_pages_are_untouched(
    client: Client, article: Any, settings: Any
) -> None:
    response = client.get(article.url)
    assert response.status_code == 200 and response["X-Danvan-Cache"] == "miss"
    assert not response.cookies
    assert client.get(article.url)["X-Danvan-Cache"] == "hit"
    # The same headers as without the second factor's middleware (the Vary above it stays as it was).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if name not in SECOND_FACTOR_MIDDLEWARE]
    client.get("/")  # retires nothing; a fresh cache key below
    baseline = client.get(article.url + "?khac=1")
    settings.MIDDLEWARE = [*settings.MIDDLEWARE]
    assert baseline["Vary"] == response["Vary"]
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_the_api_serves_a_password_only_session_as_anonymous(client: Client) -> None:
    """The results API shows unapproved figures to the unit's staff: not before the second factor."""
    world = programme_world()
    users = programme_users(password=PASSWORD)
    rows = "data_element,period,org_unit,value,comment\nmembers,2023,VC-PL-DOAN,500,\n"
    import_data_values(rows.encode(), user=users["xa.phuly"], check_rights=True)
    url = f"/api/v1/programmes/{world.programme.pk}/results/"
    query = {"period": "2023", "unit": "VC-PL"}
    assert client.get(url, query).json()["figures"] == "approved_only"
    signed_in(client, "xa.phuly")
    assert client.get(url, query).json()["figures"] == "approved_only"
    enrol(client, users["xa.phuly"])
    assert client.get(url, query).json()["figures"] == "all"


# --- enrolment ------------------------------------------------------------------------------------


def test_the_enrolment_page_shows_the_key_as_qr_code_and_text(client: Client, staff: Any) -> None:
    signed_in(client)
    html = client.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=staff)
    assert not device.confirmed
    shown = re.search(r'<code id="manual-key">([A-Z2-7 ]+)</code>', html)
    assert shown is not None
    groups = shown.group(1).split(" ")
    # A 20-byte key is 32 base32 letters (no padding): eight groups of four.
    assert [len(group) for group in groups] == [4] * 8
    assert b32decode("".join(groups)) == device.bin_key
    assert re.search(r'<svg role="img" aria-label="Mã QR[^"]*"[^>]*><rect[^>]*fill="white"', html)
    # The QR code is inside the page, not a file; no script written into the page.
    assert "<img" not in html.split('<main class="content-wrapper"')[1]
    for tag in re.findall(r"<script[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, tag
    field = re.search(r'<input type="text" name="code"[^>]*>', html)
    assert field is not None
    assert 'autocomplete="one-time-code"' in field.group(0) and 'inputmode="numeric"' in field.group(0)
    assert '<label class="w-field__label" for="id_code">Mã xác thực</label>' in html
    # The same key on a reload: a QR code already scanned keeps working.
    assert shown.group(1) in client.get(ENROL).content.decode()
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_a_wrong_code_does_not_confirm_the_app(
    client: Client, staff: Any, announced: list[dict[str, Any]]
) -> None:
    signed_in(client)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=staff)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    for code in [wrong, "12345", "abcdef", "1" * 200, ""]:
        response = client.post(ENROL, {"code": code})
        assert response.status_code == 400, code
        assert WRONG_CODE_ERROR in response.content.decode()
        assert 'aria-invalid="true"' in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticDevice.objects.filter(user=staff).exists()
    assert client.get("/admin/")["Location"].startswith(ENROL)
    assert announced == []


def test_the_right_code_enrols_verifies_and_shows_ten_recovery_codes(
    client: Client, staff: Any, announced: list[dict[str, Any]]
) -> None:
    signed_in(client)
    client.get(f"{ENROL}?next=/admin/account/")
    device = TOTPDevice.objects.get(user=staff)
    response = client.post(ENROL, {"code": current_code(device), "next": "/admin/account/"})
    html = response.content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert sorted(codes) == sorted(
        StaticToken.objects.filter(device__user=staff).values_list("token", flat=True)
    )
    assert "chỉ hiện một lần" in html
    assert '<a class="button" href="/admin/account/">' in html
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/account/").status_code == 200
    assert client.get(ENROL)["Location"] == "/admin/"  # done: nothing more to enrol
    assert [(e["action"], e["actor"], e["target"]) for e in announced] == [("otp.enrolled", staff, staff)]


def test_the_code_is_accepted_with_spaces(client: Client, staff: Any) -> None:
    signed_in(client)
    client.get(ENROL)
    code = current_code(TOTPDevice.objects.get(user=staff))
    assert client.post(ENROL, {"code": f" {code[:3]} {code[3:]} "}).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_next_never_leaves_the_site(client: Client, staff: Any) -> None:
    signed_in(client)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=staff)
    html = client.post(
        ENROL, {"code": current_code(device), "next": "https://evil.example/"}
    ).content.decode()
    assert "evil.example" not in html
    assert '<a class="button" href="/admin/">' in html
    assert client.get(VERIFY, {"next": "//evil.example/"})["Location"] == "/admin/"


# --- signing in with the second factor ------------------------------------------------------------


def test_a_code_from_the_app_opens_the_admin(
    client: Client, staff: Any, announced: list[dict[str, Any]]
) -> None:
    device = confirmed_app(staff)
    signed_in(client)
    html = client.get(f"{VERIFY}?next=/admin/account/").content.decode()
    assert 'autocomplete="one-time-code"' in html and 'value="/admin/account/"' in html
    response = client.post(VERIFY, {"code": current_code(device), "next": "/admin/account/"})
    assert (response.status_code, response["Location"]) == (302, "/admin/account/")
    assert client.get("/admin/").status_code == 200
    assert [(e["action"], e["detail"]) for e in announced] == [("otp.verified", "app")]


def test_a_recovery_code_works_once(client: Client, staff: Any, announced: list[dict[str, Any]]) -> None:
    signed_in(client)
    codes = enrol(client, staff)
    sign_out(client)
    signed_in(client)
    response = client.post(VERIFY, {"code": codes[0].upper()})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
    assert second_factor.recovery_codes_left(staff) == 9
    sign_out(client)
    signed_in(client)
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": codes[1]}).status_code == 302
    assert second_factor.recovery_codes_left(staff) == 8
    actions = [(e["action"], e["detail"]) for e in announced]
    assert actions == [
        ("otp.enrolled", ""),
        ("otp.verified", "recovery code"),
        ("otp.failed", ""),
        ("otp.verified", "recovery code"),
    ]


def test_a_used_app_code_cannot_be_replayed(client: Client, staff: Any) -> None:
    device = confirmed_app(staff)
    signed_in(client)
    code = current_code(device)
    assert client.post(VERIFY, {"code": code}).status_code == 302
    other = Client()
    signed_in(other)
    assert other.post(VERIFY, {"code": code}).status_code == 400


def test_five_wrong_codes_lock_the_account_until_an_administrator_unlocks_it(
    client: Client, staff: Any, announced: list[dict[str, Any]]
) -> None:
    device = confirmed_app(staff)
    signed_in(client)
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    for attempt in range(1, 5):
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 400, attempt
        assert "Mã không đúng" in response.content.decode()
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code in LOCKOUT_STATUSES
    assert LOCKED in response.content.decode()
    # Signed out, and the password no longer opens a session.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    response = password_login(client, "bien.tap", PASSWORD)
    assert LOCKED in response.content.decode()
    assert [e["action"] for e in announced if e["action"].startswith("otp.")] == ["otp.failed"] * 5
    assert "auth.lockout" in [e["action"] for e in announced]  # announced by the lockout (axes' signal)
    # The right code does not help either: the account is locked.
    assert second_factor.is_locked_out(client.get("/").wsgi_request, staff)

    assert unlock_account("bien.tap") == 1
    signed_in(client)
    assert client.post(VERIFY, {"code": current_code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_wrong_passwords_and_wrong_codes_add_up(client: Client, staff: Any) -> None:
    """One account, one count: three wrong passwords, then two wrong codes make five."""
    device = confirmed_app(staff)
    for _attempt in range(3):
        assert password_login(client, "bien.tap", "sai-mat-khau").status_code == 200
    signed_in(client)
    wrong = f"{(int(current_code(device)) + 500_000) % 1_000_000:06d}"
    assert client.post(VERIFY, {"code": wrong}).status_code == 400
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code in LOCKOUT_STATUSES and LOCKED in response.content.decode()


# --- an administrator's reset ---------------------------------------------------------------------


@pytest.fixture
def admin_client(db: Any) -> Client:
    admin = get_user_model().objects.create_superuser("quan.tri", "qt@example.vn", "mat-khau-quan-tri-1")
    client = Client()
    client.force_login(admin)  # conftest: also past the second factor
    return client


def test_an_administrator_removes_a_users_second_factor(
    admin_client: Client, client: Client, staff: Any, announced: list[dict[str, Any]]
) -> None:
    signed_in(client)
    enrol(client, staff)
    assert client.get("/admin/").status_code == 200
    url = reverse("otp_reset", args=[staff.pk])
    listing = admin_client.get("/admin/users/").content.decode()
    assert f'href="{url}"' in listing and "Gỡ xác thực hai bước" in listing
    page = admin_client.get(url).content.decode()
    assert "còn 10 mã khôi phục" in page and f'action="{url}"' in page
    announced.clear()
    response = admin_client.post(url)
    assert (response.status_code, response["Location"]) == (302, "/admin/users/")
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not StaticDevice.objects.filter(user=staff).exists()
    admin = get_user_model().objects.get(username="quan.tri")
    assert [(e["action"], e["actor"], e["target"]) for e in announced] == [("otp.reset", admin, staff)]
    # The user's open session has lost its verification: enrol again.
    assert client.get("/admin/")["Location"] == f"{ENROL}?next=%2Fadmin%2F"
    message = admin_client.get("/admin/users/").content.decode()
    assert "Đã gỡ xác thực hai bước của “bien.tap”" in message


def test_only_a_superuser_may_reset(client: Client, staff: Any) -> None:
    manager = UserFactory.create(
        username="quan.ly",
        groups=[
            GroupFactory.create(
                name="Quản lý người dùng",
                permissions=[
                    ("wagtailadmin", "access_admin"),
                    ("auth", "change_user"),
                    ("auth", "delete_user"),
                ],
            )
        ],
    )
    confirmed_app(staff)
    client.force_login(manager)
    url = reverse("otp_reset", args=[staff.pk])
    for response in (client.get(url), client.post(url)):
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert TOTPDevice.objects.filter(user=staff).exists()
    assert f'href="{url}"' not in client.get("/admin/users/").content.decode()


def test_resetting_an_unknown_user_is_a_404(admin_client: Client) -> None:
    assert admin_client.post(reverse("otp_reset", args=[999_999])).status_code == 404
