"""Issuing and revoking API tokens: a system administrator, or an authority's administrator for
its own people (docs §16, §17), with history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from submissions.services import save_with_history
from units.access import granted_by
from units.models import User
from units.roles import roles_of
from units.selectors import people_of

from .models import ApiToken, digest, new_key


def _administrator(actor: User, user: User) -> None:
    roles = roles_of(actor)
    by = granted_by("api_token.issue", roles)  # units.access
    if by == "system_administrator":
        return
    if by is None:
        raise PermissionDenied(_("Chỉ quản trị cấp và thu hồi khóa API."))
    # Only people who work in this authority alone: a token carries all of its owner's rights.
    if not people_of(roles.authority_id, only=True).filter(pk=user.pk).exists():
        raise PermissionDenied(_("Quản trị của cơ quan chỉ cấp, thu hồi khóa API của người thuộc cơ quan mình."))


@transaction.atomic
def token_issue(*, actor: User, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the key is returned once and only its hash is kept."""
    _administrator(actor, user)
    key = new_key()
    token = ApiToken(user=user, name=name.strip(), prefix=key[:10], key_hash=digest(key), created_by=actor)
    save_with_history(token, actor)
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoked at once: the next request with it is refused."""
    _administrator(actor, token.user)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at, token.revoked_by = timezone.now(), actor
        save_with_history(token, actor)
    return token
