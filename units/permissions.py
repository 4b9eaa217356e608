"""Who manages a unit's people and delegations on its page (docs/architecture.md §7)."""

from __future__ import annotations

from .roles import roles_of


def can_manage_people(user, unit_id: int) -> bool:
    """The unit's head (and an administrator of its authority): officers in and out, deputy or
    officer, delegations."""
    roles = roles_of(user)
    if unit_id in roles.head_of or roles.system_administrator:
        return True
    return roles.administrator and can_administer_unit(user, unit_id)


def can_administer(user) -> bool:
    """An administrator of the authority the person acts in (docs/architecture.md §17): its units,
    people and leaders, the Excel onboarding."""
    return roles_of(user).administrator


def can_administer_unit(user, unit_id: int) -> bool:
    """`can_administer`, for a unit of the acting authority (never another authority's)."""
    from .models import Unit

    roles = roles_of(user)
    return roles.administrator and Unit.all_authorities.filter(pk=unit_id, authority_id=roles.authority_id).exists()
