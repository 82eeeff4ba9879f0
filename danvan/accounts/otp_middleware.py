"""No admin page for a staff session that has not passed the second factor (issue 14, decision 0013).

Placed after django-otp's ``OTPMiddleware``. A session with a password but no second factor yet:
- under /admin/ is sent to the enrolment page (no confirmed app yet) or to the code page, except the
  sign-in, sign-out and password-reset pages, the second-factor pages themselves and the files the
  sign-in page loads;
- anywhere else (the API with its unapproved figures, page previews' links, …) is served as anonymous.
Requests without a session cookie are left alone before the session is even read: the anonymous
public site neither varies nor changes.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from . import second_factor

# URL names under /admin/ that stay open before the second factor.
OPEN_ADMIN_URLS = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_password_reset",
        "wagtailadmin_password_reset_done",
        "wagtailadmin_password_reset_confirm",
        "wagtailadmin_password_reset_complete",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",
        "otp_enrol",
        "otp_verify",
    }
)


def _anonymous() -> AnonymousUser:
    user = AnonymousUser()
    user.otp_device = None  # type: ignore[attr-defined]  # what django-otp's middleware gives every user
    user.is_verified = lambda: False  # type: ignore[attr-defined]  # same
    return user


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.SESSION_COOKIE_NAME in request.COOKIES and self._pending(request):
            if request.path_info.startswith(reverse("wagtailadmin_home")):
                if not self._open(request.path_info):
                    return self._redirect(request)
            else:
                anonymous = _anonymous()
                request.user = anonymous

                async def auser() -> AnonymousUser:
                    return anonymous

                request.auser = auser
        return self.get_response(request)

    @staticmethod
    def _pending(request: HttpRequest) -> bool:
        user = request.user
        return second_factor.is_staff_account(user) and not user.is_verified()  # type: ignore[union-attr]

    @staticmethod
    def _open(path: str) -> bool:
        try:
            return resolve(path).url_name in OPEN_ADMIN_URLS
        except Resolver404:
            return False

    @staticmethod
    def _redirect(request: HttpRequest) -> HttpResponse:
        name = "otp_verify" if second_factor.is_enrolled(request.user) else "otp_enrol"
        url = reverse(name)
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
