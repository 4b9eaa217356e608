"""Who may do what with quarterly reports (DESIGN.md §7)."""

from __future__ import annotations

from units.roles import roles_of


def can_review(user) -> bool:
    """Organization–Home Affairs receives the quarterly reports, accepts or returns them."""
    return roles_of(user).home_affairs
