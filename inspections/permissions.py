"""Who may record inspections and who sees the names in them (docs/architecture.md §14)."""

from __future__ import annotations

from units.roles import roles_of

from .models import Inspector


def can_record(user, unit_id: int, inspector: str | None = None) -> bool:
    """Organization–Home Affairs inspects any unit; a head inspects their own unit."""
    roles = roles_of(user)
    by_home_affairs = roles.home_affairs or roles.administrator
    by_head = unit_id in roles.head_of
    if inspector == Inspector.HOME_AFFAIRS:
        return by_home_affairs
    if inspector == Inspector.HEAD:
        return by_head
    return by_home_affairs or by_head


def sees_names(user, unit_id: int) -> bool:
    """Names of officials are for Organization–Home Affairs, the leaders and the unit's own head;
    everyone else who may see the unit sees counts only."""
    roles = roles_of(user)
    return roles.home_affairs or roles.leader or roles.administrator or unit_id in roles.head_of
