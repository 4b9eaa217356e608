"""Sign-in throttling hooks for django-axes: the client address and the lockout answer."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from .forms import LoginForm


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT trusted proxies, the address the outermost
    one saw; X-Forwarded-For is never trusted without them, or anyone could dodge a lockout."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked (user name, address) pair: the login page with a clear message."""
    minutes = round(settings.AXES_COOLOFF_TIME * 60)
    form = LoginForm(request, data=request.POST or None)
    message = _(
        "Tài khoản tạm thời bị khóa do đăng nhập sai %(limit)d lần. "
        "Vui lòng thử lại sau %(minutes)d phút hoặc liên hệ quản trị viên."
    ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/login.html", {"form": form, "lockout_message": message}, status=429)
