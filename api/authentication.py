"""`Authorization: Token <key>` (or `Bearer <key>`): the key's hash names an active token of an
active user; the request is that user's (docs §16)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from units.acting import enter_as

from .models import ApiToken, digest

KEYWORDS = (b"token", b"bearer")


class TokenAuthentication(BaseAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng: Token <khóa>."))
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ.")) from None
        token = ApiToken.objects.active().select_related("user").filter(key_hash=digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Khóa API không hợp lệ hoặc đã bị thu hồi."))
        token.mark_used()
        # The token's owner acts in their authority (docs §17), as on the pages; a person with roles
        # in several names one with `X-Chithi-Authority: <code>`.
        try:
            enter_as(token.user, code=request.META.get("HTTP_X_CHITHI_AUTHORITY"))
        except DjangoPermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from error
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Token realm="api"'
