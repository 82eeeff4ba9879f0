"""Idle admin sessions end (issue 14): a signed-in user whose last admin request is older than
DANVAN_IDLE_SUPERUSER_SECONDS (superusers) or DANVAN_IDLE_STAFF_SECONDS (everyone else) is signed
out and sent to the sign-in form with a message. Also keeps the record of whose session is whose
when a session's key changes (a password change cycles it).

Requests without a session cookie pass untouched: the session is never read for them, so anonymous
pages gain no ``Vary: Cookie`` and the page cache above stays as it was.
"""

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.core.events import announce

LAST_ACTIVITY = "danvan_last_activity"  # seconds since the epoch of the last admin request
TRACKED_KEY = "danvan_tracked_session"  # the session key last recorded in accounts.UserSession
# Requests the admin's pages send by themselves (an open editor pings every few seconds): no activity.
BACKGROUND_PREFIXES = ("editing-sessions/",)
REFRESH_SECONDS = 10  # write the clock at most this often (each write saves the session)


def now_seconds() -> float:
    """The clock the idle rule reads (tests move it)."""
    return time.time()


def idle_limit(user: object) -> int:
    if getattr(user, "is_superuser", False):
        return int(settings.DANVAN_IDLE_SUPERUSER_SECONDS)
    return int(settings.DANVAN_IDLE_STAFF_SECONDS)


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            return self.get_response(request)
        admin = reverse("wagtailadmin_home")
        in_admin = request.path.startswith(admin)
        now = now_seconds()
        last = request.session.get(LAST_ACTIVITY)
        limit = idle_limit(user)
        if isinstance(last, int | float) and now - last > limit:
            announce(
                "auth.idle_logout", request=request, actor=user, target=user, detail=f"{int(now - last)} s"
            )
            logout(request)
            if not in_admin:
                return self.get_response(request)  # a public page: carry on, signed out
            messages.warning(
                request,
                _(
                    "Phiên làm việc đã kết thúc vì không có thao tác trong %(minutes)s phút. Vui lòng đăng nhập lại."
                )
                % {"minutes": max(1, round(limit / 60))},
            )
            login = reverse("wagtailadmin_login")
            target = request.get_full_path() if request.method == "GET" else admin
            return HttpResponseRedirect(f"{login}?{urlencode({'next': target})}")
        background = request.path[len(admin) :].startswith(BACKGROUND_PREFIXES)
        if (
            in_admin
            and not background
            and not (isinstance(last, int | float) and now - last < REFRESH_SECONDS)
        ):
            request.session[LAST_ACTIVITY] = now
        response = self.get_response(request)
        self._track(request)
        return response

    def _track(self, request: HttpRequest) -> None:
        """Record the session under its new key if the key changed during the request."""
        key = request.session.session_key
        if key and request.user.is_authenticated and request.session.get(TRACKED_KEY) != key:
            from .services import record_session  # services → models need the app registry

            record_session(request.user, key)
            request.session[TRACKED_KEY] = key
