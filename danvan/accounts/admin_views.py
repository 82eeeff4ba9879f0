"""The admin's screens for sign-in security: "Khóa đăng nhập" (see and lift lockouts) and "Kết thúc
mọi phiên" of one account. Only translate HTTP to selectors and services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services

UNLOCK_PERMISSION = "accounts.unlock_account"
USER_PERMISSION = "auth.change_user"  # Wagtail's right to edit accounts


def can_unlock(user: Any) -> bool:
    """Superusers and whoever holds "accounts.unlock_account" (directly or through a group)."""
    return bool(user.is_authenticated and (user.is_superuser or user.has_perm(UNLOCK_PERMISSION)))


def can_end_sessions(user: Any, account: Any = None) -> bool:
    """Superusers, and those who may edit accounts, for accounts other than superusers'."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return bool(user.has_perm(USER_PERMISSION) and not (account is not None and account.is_superuser))


def _forbidden(request: HttpRequest, title: str) -> HttpResponse:
    return render(request, "accounts/admin/forbidden.html", {"title": title}, status=403)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def lockouts(request: HttpRequest) -> HttpResponse:
    if not can_unlock(request.user):
        return _forbidden(request, _("Khóa đăng nhập"))
    if request.method == "POST":
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "").strip()
        if kind == selectors.ACCOUNT and value:
            services.unlock_account(value, actor=request.user, request=request)
            messages.success(request, _("Đã mở khóa tài khoản “%(name)s”.") % {"name": value})
        elif kind == selectors.ADDRESS and value:
            services.unlock_address(value, actor=request.user, request=request)
            messages.success(request, _("Đã mở khóa địa chỉ %(address)s.") % {"address": value})
        else:
            messages.error(
                request, _("Yêu cầu không hợp lệ: hãy chọn một tài khoản hoặc địa chỉ cần mở khóa.")
            )
            return HttpResponseRedirect(reverse("accounts_lockouts"), status=303)
        return HttpResponseRedirect(reverse("accounts_lockouts"), status=303)
    from django.conf import settings

    context = {
        "rows": selectors.failure_counts(),
        "limit": settings.AXES_FAILURE_LIMIT,
        "hours": settings.AXES_COOLOFF_TIME,
        "ACCOUNT": selectors.ACCOUNT,
        "ADDRESS": selectors.ADDRESS,
    }
    return render(request, "accounts/admin/lockouts.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def end_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(get_user_model()._default_manager, pk=pk)
    if not can_end_sessions(request.user, account):
        return _forbidden(request, _("Kết thúc mọi phiên đăng nhập"))
    if request.method == "POST":
        ended = services.end_sessions(account, actor=request.user, request=request)
        if account.pk == request.user.pk:
            logout(request)  # one's own session went too: sign out cleanly rather than half-way
            return HttpResponseRedirect(reverse("wagtailadmin_login"), status=303)
        messages.success(
            request,
            _("Đã kết thúc %(count)s phiên đăng nhập của “%(name)s”.") % {"count": ended, "name": account},
        )
        return HttpResponseRedirect(reverse("wagtailusers_users:index"), status=303)
    context = {"account": account, "count": selectors.session_count(account)}
    return render(request, "accounts/admin/end_sessions.html", context)
