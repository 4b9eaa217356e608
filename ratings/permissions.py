"""Who prepares, approves and sees ratings, and who confirms an objective cause (docs §15)."""

from __future__ import annotations

from units.roles import roles_of


def sees_all(user) -> bool:
    """Ratings are personnel records: Organization–Home Affairs, the leaders, administrators."""
    roles = roles_of(user)
    return roles.home_affairs or roles.leader or roles.administrator


def can_prepare(user) -> bool:
    """Organization–Home Affairs computes the proposals and enters the rater's figures."""
    return roles_of(user).home_affairs


def can_approve(user) -> bool:
    """The Chairman approves, and so freezes, a rating."""
    return roles_of(user).chairman


def can_exempt(user) -> bool:
    """A leader (the Chairman or a Vice Chairman) confirms an objective cause."""
    return roles_of(user).leader
