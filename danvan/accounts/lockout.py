"""django-axes, fitted to this site: the client address under DANVAN_TRUSTED_PROXIES and the
Vietnamese lockout page (settings.AXES_CLIENT_IP_CALLABLE and AXES_LOCKOUT_CALLABLE name these);
``count_failure`` and ``is_locked`` for other steps of signing in (a second-factor code) that must
count against the same limit as passwords."""

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_credentials
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from danvan.core.net import client_ip


def client_address(request: HttpRequest) -> str | None:
    """The address axes counts failures against: the same one every other counter uses."""
    return client_ip(request) or None


def lockout_message() -> str:
    """What a locked-out person reads, on the sign-in form."""
    message = _(
        "Đăng nhập bị khóa: tài khoản này hoặc địa chỉ mạng của bạn đã nhập sai mật khẩu hoặc mã xác thực"
        " %(limit)s lần."
        " Hãy liên hệ quản trị viên để được mở khóa."
    ) % {"limit": settings.AXES_FAILURE_LIMIT}
    if settings.AXES_COOLOFF_TIME:
        message += " " + _("Nếu không, khóa tự hết sau %(hours)s giờ kể từ lần thử cuối cùng.") % {
            "hours": settings.AXES_COOLOFF_TIME
        }
    return message


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """The admin's sign-in form again, with the lockout message above it and no way past it: 429."""
    # Imported here: the view module loads Wagtail's admin forms, which need the app registry.
    from wagtail.admin.views.account import get_user_login_form

    form = get_user_login_form()(request)
    # The form posts `next` back to the sign-in view; an off-site address is not carried along.
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    context = {"form": form, "lockout_message": lockout_message(), "next": next_url}
    response = TemplateResponse(request, "accounts/locked.html", context, status=429)
    response.render()
    return response


def is_locked(request: HttpRequest, username: str) -> bool:
    """Whether sign-ins to ``username``, or from this request's address, are locked now."""
    if not getattr(settings, "AXES_ENABLED", True):  # axes sets the default at import
        return False
    return not AxesProxyHandler.is_allowed(request, get_credentials(username))


def count_failure(request: HttpRequest, username: str) -> bool:
    """Count a failed step of signing in to ``username`` (e.g. a wrong second-factor code) exactly
    like a wrong password; returns whether the account or address is now locked. When it is, axes'
    middleware answers this request with the lockout page."""
    user_login_failed.send(sender=__name__, credentials=get_credentials(username), request=request)
    return bool(getattr(request, "axes_locked_out", False))
