"""Sign-in lockout (issue 14, decision 0012): 5 failures lock an account (from any address) and an
address (on any account); the Vietnamese lockout page; the admin screen that lifts locks."""

from collections.abc import Iterator
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import Client

from danvan.core.events import security_event

from .factories import GroupFactory, UserFactory

PASSWORD = "mat-khau-dung-that-dai-2026"  # a test account's password
LOGIN = "/admin/login/"
LOCKOUTS = "/admin/khoa-dang-nhap/"


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def record(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    security_event.connect(record, dispatch_uid="test_accounts_lockout")
    yield seen
    security_event.disconnect(dispatch_uid="test_accounts_lockout")


@pytest.fixture
def officer(db: Any) -> Any:
    user = UserFactory.create(username="can.bo", is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client: Client, username: str, password: str, ip: str = "203.0.113.7", **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    officer: Any, events: list[Any]
) -> None:
    client = Client()
    codes = [sign_in(client, "can.bo", f"sai-{n}").status_code for n in range(5)]
    # Four ordinary refusals (the form again), the fifth answers with the lockout page.
    assert codes == [200, 200, 200, 200, 429]
    locked = sign_in(client, "can.bo", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # From another address as well: the account's own counter is what locks it.
    assert sign_in(Client(), "can.bo", PASSWORD, ip="198.51.100.20").status_code == 429
    lockouts = [e for e in events if e["action"] == "auth.lockout"]
    assert lockouts and all(e["target"] == officer for e in lockouts)


def test_the_lockout_page_is_vietnamese_on_the_sign_in_form(officer: Any) -> None:
    client = Client()
    for n in range(5):
        response = sign_in(client, "can.bo", f"sai-{n}")
    html = response.content.decode()
    assert response.status_code == 429
    assert "Đăng nhập bị khóa" in html and "liên hệ quản trị viên" in html and "5 lần" in html
    assert 'name="password"' in html  # still the admin's sign-in form
    assert "Account locked" not in html


def test_one_address_is_locked_after_five_failures_on_different_accounts(officer: Any) -> None:
    client = Client()
    codes = [sign_in(client, f"khong.co.{n}", "sai").status_code for n in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    # The right password of a never-failed account, from that address: refused.
    assert sign_in(client, "can.bo", PASSWORD).status_code == 429
    # The same account from another address signs in.
    other = Client()
    assert sign_in(other, "can.bo", PASSWORD, ip="198.51.100.20").status_code == 302
    assert other.session["_auth_user_id"] == str(officer.pk)


def test_four_failures_do_not_lock(officer: Any) -> None:
    client = Client()
    for n in range(4):
        sign_in(client, "can.bo", f"sai-{n}")
    assert sign_in(client, "can.bo", PASSWORD).status_code == 302


def test_forwarded_for_counts_only_behind_a_trusted_proxy(officer: Any, settings: Any) -> None:
    settings.DANVAN_TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = Client()
    for n in range(5):
        sign_in(client, f"khong.co.{n}", "sai", ip="10.0.0.2", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    # Five different visitors behind the proxy: no address reached five.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        f"192.0.2.{n}" for n in range(5)
    }
    assert (
        sign_in(client, "can.bo", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.9").status_code
        == 302
    )
    # From an untrusted peer the header is ignored: all five count against the peer itself.
    for n in range(5):
        sign_in(Client(), f"khac.{n}", "sai", ip="203.0.113.50", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert AccessAttempt.objects.filter(ip_address="203.0.113.50").count() == 5


def test_an_administrator_unlocks_the_account_from_the_admin_screen(officer: Any, events: list[Any]) -> None:
    for n in range(5):
        sign_in(Client(), "can.bo", f"sai-{n}", ip=f"198.51.100.{n}")
    admin = Client()
    admin.force_login(UserFactory.create(username="quan.tri", is_superuser=True))
    page = admin.get(LOCKOUTS)
    html = page.content.decode()
    assert page.status_code == 200
    assert "can.bo" in html and "Đang bị khóa" in html and "từ 5 địa chỉ" in html
    response = admin.post(LOCKOUTS, {"kind": "account", "value": "can.bo"})
    assert response.status_code == 303 and response["Location"] == LOCKOUTS
    assert not AccessAttempt.objects.filter(username="can.bo").exists()
    assert "Đã mở khóa tài khoản" in admin.get(LOCKOUTS).content.decode()
    assert sign_in(Client(), "can.bo", PASSWORD).status_code == 302
    unlock = [e for e in events if e["action"] == "auth.unlock"]
    assert len(unlock) == 1 and unlock[0]["target"] == officer and unlock[0]["actor"].username == "quan.tri"


def test_an_administrator_unlocks_an_address(officer: Any) -> None:
    for n in range(5):
        sign_in(Client(), f"khong.co.{n}", "sai", ip="203.0.113.9")
    admin = Client()
    admin.force_login(UserFactory.create(username="quan.tri", is_superuser=True))
    assert "203.0.113.9" in admin.get(LOCKOUTS).content.decode()
    admin.post(LOCKOUTS, {"kind": "address", "value": "203.0.113.9"})
    assert sign_in(Client(), "can.bo", PASSWORD, ip="203.0.113.9").status_code == 302


def test_a_bad_unlock_request_is_a_message_not_an_error(officer: Any) -> None:
    admin = Client()
    admin.force_login(officer)
    response = admin.post(LOCKOUTS, {"kind": "everything", "value": ""}, follow=True)
    assert response.status_code == 200 and "Yêu cầu không hợp lệ" in response.content.decode()


def test_staff_without_the_right_are_refused_the_unlock_screen(officer: Any) -> None:
    for n in range(5):
        sign_in(Client(), "can.bo", f"sai-{n}")
    editors = GroupFactory.create(name="Biên tập", permissions=[("wagtailadmin", "access_admin")])
    staff = UserFactory.create(username="bien.tap", groups=[editors])
    client = Client()
    client.force_login(staff)
    assert client.get(LOCKOUTS).status_code == 403
    assert client.post(LOCKOUTS, {"kind": "account", "value": "can.bo"}).status_code == 403
    assert AccessAttempt.objects.filter(username="can.bo").exists()
    assert LOCKOUTS not in client.get("/admin/").content.decode()  # no menu item either


def test_the_unlock_right_can_be_granted_through_a_group(officer: Any) -> None:
    group = GroupFactory.create(
        name="Hỗ trợ", permissions=[("wagtailadmin", "access_admin"), ("accounts", "unlock_account")]
    )
    helper = UserFactory.create(username="ho.tro", groups=[group])
    client = Client()
    client.force_login(helper)
    assert client.get(LOCKOUTS).status_code == 200
    assert Permission.objects.filter(codename="unlock_account").count() == 1


def test_anonymous_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(LOCKOUTS)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_other_sign_in_steps_count_against_the_same_limit(officer: Any) -> None:
    """What the second-factor form uses: a wrong code counts like a wrong password."""
    from django.test import RequestFactory

    from danvan.accounts.lockout import count_failure, is_locked

    def request() -> Any:
        return RequestFactory().post("/admin/2fa/", REMOTE_ADDR="198.51.100.30")

    assert [count_failure(request(), "can.bo") for _ in range(5)] == [False, False, False, False, True]
    assert is_locked(request(), "can.bo")
    assert is_locked(RequestFactory().get("/", REMOTE_ADDR="192.0.2.1"), "can.bo")  # the account
    assert not is_locked(RequestFactory().get("/", REMOTE_ADDR="192.0.2.1"), "nguoi.khac")
    assert sign_in(Client(), "can.bo", PASSWORD).status_code == 429


def test_the_lock_lives_in_the_database_so_a_restart_keeps_it(officer: Any) -> None:
    from axes.handlers.proxy import AxesProxyHandler

    for n in range(5):
        sign_in(Client(), "can.bo", f"sai-{n}", ip=f"198.51.100.{n}")
    assert AccessAttempt.objects.filter(username="can.bo").count() == 5  # one row per address
    AxesProxyHandler.get_implementation(force=True)  # a new process builds its handler afresh
    assert sign_in(Client(), "can.bo", PASSWORD, ip="192.0.2.77").status_code == 429
