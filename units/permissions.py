"""Who manages a unit's people and delegations on its page (docs/architecture.md §7)."""

from __future__ import annotations

from .roles import roles_of


def can_manage_people(user, unit_id: int) -> bool:
    """The unit's head (and an administrator): officers in and out, deputy or officer, delegations."""
    roles = roles_of(user)
    return unit_id in roles.head_of or roles.administrator
