"""Sessions (issue 14, decision 0012): idle admin sessions end (5 minutes for superusers, 15 for
other staff); disused accounts are disabled by the scheduler and stay enabled once an administrator
re-enables them; every session of an account can be ended from the admin."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from danvan.accounts import middleware, services
from danvan.accounts.models import AccountState, UserSession
from danvan.core import registry
from danvan.core.events import security_event

from .factories import GroupFactory, UserFactory

User = get_user_model()


@pytest.fixture
def events() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def record(sender: Any, **kwargs: Any) -> None:
        seen.append(kwargs)

    security_event.connect(record, dispatch_uid="test_accounts_sessions")
    yield seen
    security_event.disconnect(dispatch_uid="test_accounts_sessions")


class Clock:
    def __init__(self, monkeypatch: Any) -> None:
        self.now = 1_800_000_000.0
        monkeypatch.setattr(middleware, "now_seconds", lambda: self.now)


@pytest.fixture
def clock(monkeypatch: Any) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
def staff(db: Any) -> Any:
    group = GroupFactory.create(name="Biên tập", permissions=[("wagtailadmin", "access_admin")])
    return UserFactory.create(username="bien.tap", groups=[group])


@pytest.fixture
def root(db: Any) -> Any:
    return UserFactory.create(username="quan.tri", is_superuser=True)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- idle sessions ---------------------------------------------------------------------------


def test_a_superuser_idle_five_minutes_is_signed_out_with_a_message(
    root: Any, clock: Clock, events: list[Any]
) -> None:
    client = signed_in(root)
    assert client.get("/admin/").status_code == 200
    clock.now += 299
    assert client.get("/admin/").status_code == 200  # 4 min 59 s: still there, and the clock restarts
    clock.now += 301
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=%2Fadmin%2Fpages%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã kết thúc vì không có thao tác trong 5 phút" in page
    assert [e["action"] for e in events if e["action"] == "auth.idle_logout"] == ["auth.idle_logout"]


def test_other_staff_have_fifteen_minutes(staff: Any, clock: Clock) -> None:
    client = signed_in(staff)
    assert client.get("/admin/").status_code == 200
    clock.now += 14 * 60
    assert client.get("/admin/").status_code == 200
    clock.now += 15 * 60 + 1
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_limits_come_from_settings(staff: Any, clock: Clock, settings: Any) -> None:
    settings.DANVAN_IDLE_STAFF_SECONDS = 60
    client = signed_in(staff)
    client.get("/admin/")
    clock.now += 61
    assert client.get("/admin/").status_code == 302


def test_the_editors_background_pings_are_not_activity(root: Any, clock: Clock) -> None:
    client = signed_in(root)
    client.get("/admin/")
    started = client.session[middleware.LAST_ACTIVITY]
    clock.now += 200
    client.post("/admin/editing-sessions/release/1/")
    assert client.session[middleware.LAST_ACTIVITY] == started
    clock.now += 200
    assert client.get("/admin/").status_code == 302


def test_anonymous_pages_are_untouched(home: Any, clock: Clock) -> None:
    first, second = Client().get("/"), Client().get("/")
    assert first.status_code == 200 and second["X-Danvan-Cache"] == "hit"
    assert not first.cookies and not Session.objects.exists()  # no session, so cacheable as before


def test_an_idle_session_on_a_public_page_just_signs_out(home: Any, staff: Any, clock: Clock) -> None:
    client = signed_in(staff)
    client.get("/admin/")
    clock.now += 16 * 60
    assert client.get("/").status_code == 200  # the page, as any visitor sees it
    assert "_auth_user_id" not in client.session


# --- ending every session ------------------------------------------------------------------------


def test_ending_every_session_signs_out_both_browsers(staff: Any, root: Any, events: list[Any]) -> None:
    office, home = signed_in(staff), signed_in(staff)
    assert office.get("/admin/").status_code == 200 and home.get("/admin/").status_code == 200
    assert UserSession.objects.filter(user=staff).count() == 2
    admin = signed_in(root)
    page = admin.get(f"/admin/tai-khoan/{staff.pk}/ket-thuc-phien/")
    assert page.status_code == 200 and "đang đăng nhập ở 2 phiên" in page.content.decode()
    response = admin.post(f"/admin/tai-khoan/{staff.pk}/ket-thuc-phien/")
    assert response.status_code == 303
    for client in (office, home):
        answer = client.get("/admin/")
        assert answer.status_code == 302 and answer["Location"].startswith("/admin/login/")
    assert admin.get("/admin/").status_code == 200  # the administrator's own session stays
    assert not UserSession.objects.filter(user=staff).exists()
    ended = [e for e in events if e["action"] == "auth.end_sessions"]
    assert len(ended) == 1 and ended[0]["target"] == staff and ended[0]["actor"] == root


def test_the_users_list_offers_the_action(staff: Any, root: Any) -> None:
    html = signed_in(root).get("/admin/users/").content.decode()
    assert f"/admin/tai-khoan/{staff.pk}/ket-thuc-phien/" in html and "Kết thúc mọi phiên" in html


def test_staff_cannot_end_others_sessions(staff: Any, root: Any) -> None:
    victim = signed_in(root)
    victim.get("/admin/")
    client = signed_in(staff)
    assert client.get(f"/admin/tai-khoan/{root.pk}/ket-thuc-phien/").status_code == 403
    assert client.post(f"/admin/tai-khoan/{root.pk}/ket-thuc-phien/").status_code == 403
    assert victim.get("/admin/").status_code == 200


def test_ending_ones_own_sessions_signs_one_out(root: Any) -> None:
    client = signed_in(root)
    client.get("/admin/")
    response = client.post(f"/admin/tai-khoan/{root.pk}/ket-thuc-phien/")
    assert response.status_code == 303 and response["Location"] == "/admin/login/"
    assert client.get("/admin/").status_code == 302


def test_a_session_that_ends_takes_its_record_with_it(staff: Any) -> None:
    client = signed_in(staff)
    client.get("/admin/")
    assert UserSession.objects.filter(user=staff).count() == 1
    client.post("/admin/logout/")
    assert not UserSession.objects.filter(user=staff).exists()


# --- disused accounts ----------------------------------------------------------------------------


def _age(user: Any, *, last_login_days: int | None, joined_days: int) -> None:
    now = timezone.now()
    User.objects.filter(pk=user.pk).update(
        last_login=None if last_login_days is None else now - dt.timedelta(days=last_login_days),
        date_joined=now - dt.timedelta(days=joined_days),
    )


def test_accounts_unused_45_days_are_disabled_by_the_scheduler(db: Any, events: list[Any]) -> None:
    recent = UserFactory.create(username="moi.dung")
    old = UserFactory.create(username="lau.roi")
    never = UserFactory.create(username="chua.bao.gio")
    new = UserFactory.create(username="moi.tao")
    _age(recent, last_login_days=44, joined_days=400)
    _age(old, last_login_days=46, joined_days=400)
    _age(never, last_login_days=None, joined_days=46)
    _age(new, last_login_days=None, joined_days=10)
    job = dict((label, fn) for label, fn in registry.scheduled_jobs)["accounts.disable_disused_accounts"]
    assert sorted(u.username for u in job()) == ["chua.bao.gio", "lau.roi"]
    assert dict(User.objects.values_list("username", "is_active")) == {
        "moi.dung": True,
        "lau.roi": False,
        "chua.bao.gio": False,
        "moi.tao": True,
    }
    disabled = sorted(e["target"].username for e in events if e["action"] == "auth.disable_inactive")
    assert disabled == ["chua.bao.gio", "lau.roi"]
    assert job() == []  # nothing left to do


def test_a_disabled_account_cannot_sign_in_and_loses_its_sessions(db: Any) -> None:
    old = UserFactory.create(username="lau.roi", is_superuser=True)
    UserFactory.create(username="quan.tri", is_superuser=True)  # another superuser stays
    client = signed_in(old)
    client.get("/admin/")
    _age(old, last_login_days=50, joined_days=400)
    services.disable_disused_accounts()
    assert not Session.objects.filter(usersession__user=old).exists()
    assert client.get("/admin/").status_code == 302


def test_the_last_active_superuser_is_kept(db: Any) -> None:
    first = UserFactory.create(username="quan.tri.1", is_superuser=True)
    second = UserFactory.create(username="quan.tri.2", is_superuser=True)
    _age(first, last_login_days=100, joined_days=400)
    _age(second, last_login_days=60, joined_days=400)
    assert [u.username for u in services.disable_disused_accounts()] == ["quan.tri.1"]
    assert User.objects.get(pk=second.pk).is_active


def test_re_enabled_by_an_administrator_the_account_stays_enabled(root: Any) -> None:
    old = UserFactory.create(username="lau.roi", email="lau.roi@example.com")
    _age(old, last_login_days=60, joined_days=400)
    services.disable_disused_accounts()
    old.refresh_from_db()
    assert not old.is_active
    # Wagtail's user form, "active" ticked again by an administrator.
    admin = signed_in(root)
    form = {"username": "lau.roi", "email": "lau.roi@example.com", "first_name": "Lâu", "last_name": "Rồi"}
    response = admin.post(f"/admin/users/edit/{old.pk}/", form | {"is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    old.refresh_from_db()
    assert old.is_active
    assert AccountState.objects.get(user=old).reactivated_at is not None
    assert services.disable_disused_accounts() == []
    assert User.objects.get(pk=old.pk).is_active
    # 46 days after being re-enabled without a sign-in, the rule applies again.
    AccountState.objects.filter(user=old).update(reactivated_at=timezone.now() - dt.timedelta(days=46))
    assert [u.username for u in services.disable_disused_accounts()] == ["lau.roi"]
