"""/api/tokens/: the administrator issues a token to a person (the key shown once) and revokes it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from units.models import User
from units.roles import roles_of

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Người dùng"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        error_messages={
            "required": gettext_lazy("Chọn người dùng."),
            "invalid_choice": gettext_lazy("Chọn người dùng."),
        },
    )
    name = forms.CharField(
        label=gettext_lazy("Tên, mục đích"),
        max_length=120,
        help_text=gettext_lazy("Ví dụ: Kết nối hệ thống quản lý văn bản"),
        error_messages={"required": gettext_lazy("Ghi tên, mục đích của khóa.")},
    )


def _administrator(request: HttpRequest) -> None:
    if not roles_of(request.user).system_administrator:
        raise PermissionDenied


def token_list(request: HttpRequest) -> HttpResponse:
    _administrator(request)
    form = TokenForm(request.POST or None)
    key = issued = None
    if request.method == "POST" and form.is_valid():
        issued, key = services.token_issue(
            actor=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        form = TokenForm()
    tokens = ApiToken.objects.select_related("user", "created_by", "revoked_by")[:200]
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "key": key, "issued": issued})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    _administrator(request)
    token = get_object_or_404(ApiToken, pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa %(prefix)s…: khóa không dùng được nữa.") % {"prefix": token.prefix})
    return redirect("api:token_list")
