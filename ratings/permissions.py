"""Who prepares, approves and sees ratings, and who confirms an objective cause (docs §15; the rows
`rating.*` of units.access)."""

from __future__ import annotations

from units.access import allowed
from units.roles import roles_of

from .models import Subject


def sees_all(user) -> bool:
    """Ratings are personnel records: Organization–Home Affairs, the leaders, administrators."""
    return allowed("rating.see_all", roles_of(user))


def can_prepare(user, subject: str, unit_id: int | None = None) -> bool:
    """Organization–Home Affairs computes and scores the proposals of units and heads; a unit's
    head those of the unit's own officials."""

    if subject == Subject.STAFF:
        return allowed("rating.prepare_staff", roles_of(user), unit_id=unit_id)
    return allowed("rating.prepare", roles_of(user))


def can_approve(user, subject: str, unit_id: int | None = None) -> bool:
    """The Chairman approves, and so freezes, a unit's or a head's rating; a unit's head their
    officials'."""

    if subject == Subject.STAFF:
        return allowed("rating.approve_staff", roles_of(user), unit_id=unit_id)
    return allowed("rating.approve", roles_of(user))


def can_exempt(user) -> bool:
    """A leader (the Chairman or a Vice Chairman) confirms an objective cause."""
    return allowed("rating.exempt", roles_of(user))
