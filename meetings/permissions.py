"""Who may do what with meetings (docs/architecture.md §7, §13)."""

from __future__ import annotations

from submissions.permissions import signing_mode
from units.roles import roles_of


def can_manage(user) -> bool:
    """The Office convenes meetings on the leaders' behalf and records attendance."""
    roles = roles_of(user)
    return roles.office or roles.administrator


def can_answer(user, meeting) -> bool:
    """The chair of the meeting answers a request to send a deputy; the Office may record the answer."""
    return can_manage(user) or meeting.chaired_by.user_id == user.pk


def can_ask_for_deputy(user, unit_id: int) -> bool:
    """Who speaks for the unit: its head, or a deputy under a recorded delegation."""
    return signing_mode(user, unit_id) is not None
