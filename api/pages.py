"""/api/tokens/: an administrator issues a token to a person (the key shown once) and revokes it —
a system administrator for anyone, an authority's administrator for its own people (docs §17)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from units.access import granted_by
from units.models import User
from units.roles import roles_of
from units.selectors import people_of

from . import services
from .models import ApiToken


class TokenForm(forms.Form):
    user = forms.ModelChoiceField(
        label=gettext_lazy("Người dùng"),
        queryset=User.objects.none(),
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

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people.order_by("username")


def _people(request: HttpRequest):
    """Whom this administrator issues tokens to: anyone (system), or the acting authority's people."""
    roles = roles_of(request.user)
    by = granted_by("api_token.issue", roles)  # units.access
    if by == "system_administrator":
        return User.objects.filter(is_active=True)
    if by is None:
        raise PermissionDenied
    # People of this authority alone: a token carries all its owner's rights, in every authority.
    return people_of(roles.authority_id, only=True)


def token_list(request: HttpRequest) -> HttpResponse:
    people = _people(request)
    form = TokenForm(request.POST or None, people=people)
    key = issued = None
    if request.method == "POST" and form.is_valid():
        issued, key = services.token_issue(
            actor=request.user, user=form.cleaned_data["user"], name=form.cleaned_data["name"]
        )
        form = TokenForm(people=people)
    tokens = ApiToken.objects.filter(user__in=people).select_related("user", "created_by", "revoked_by")[:200]
    return render(request, "api/token_list.html", {"form": form, "tokens": tokens, "key": key, "issued": issued})


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user__in=_people(request)), pk=pk)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("Đã thu hồi khóa %(prefix)s…: khóa không dùng được nữa.") % {"prefix": token.prefix})
    return redirect("api:token_list")
