"""Who prepares, approves and sees ratings, and who confirms an objective cause (docs §15)."""

from __future__ import annotations

from units.roles import roles_of


def sees_all(user) -> bool:
    """Ratings are personnel records: Organization–Home Affairs, the leaders, administrators."""
    roles = roles_of(user)
    return roles.home_affairs or roles.leader or roles.administrator


def can_prepare(user, subject: str, unit_id: int | None = None) -> bool:
    """Organization–Home Affairs computes and scores the proposals of units and heads; a unit's
    head those of the unit's own officials."""
    from .models import Subject

    roles = roles_of(user)
    if subject == Subject.STAFF:
        return unit_id in roles.head_of
    return roles.home_affairs


def can_approve(user, subject: str, unit_id: int | None = None) -> bool:
    """The Chairman approves, and so freezes, a unit's or a head's rating; a unit's head their
    officials'."""
    from .models import Subject

    roles = roles_of(user)
    if subject == Subject.STAFF:
        return unit_id in roles.head_of
    return roles.chairman


def can_exempt(user) -> bool:
    """A leader (the Chairman or a Vice Chairman) confirms an objective cause."""
    return roles_of(user).leader
