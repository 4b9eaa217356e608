"""Who manages a unit's people and delegations on its page, and who administers an authority
(docs/architecture.md §7, §17; the rows `unit.manage_people` and `authority.administer` of
units.access)."""

from __future__ import annotations

from .access import allowed, granted_by
from .models import Unit
from .roles import roles_of


def can_manage_people(user, unit_id: int) -> bool:
    """The unit's head (and an administrator of its authority): officers in and out, deputy or
    officer, delegations."""
    by = granted_by("unit.manage_people", roles_of(user), unit_id=unit_id)
    if by == "authority_administrator":  # its own units only
        return can_administer_unit(user, unit_id)
    return by is not None


def can_administer(user) -> bool:
    """An administrator of the authority the person acts in (docs/architecture.md §17): its units,
    people and leaders, the Excel onboarding."""
    return allowed("authority.administer", roles_of(user))


def can_administer_unit(user, unit_id: int) -> bool:
    """`can_administer`, for a unit of the acting authority (never another authority's)."""

    roles = roles_of(user)
    # The unit is looked up in the administrator's own authority, named by the filter.
    return can_administer(user) and Unit.all_authorities.filter(pk=unit_id, authority_id=roles.authority_id).exists()
