"""Who may do what with meetings (docs/architecture.md §7, §13; the rows `meeting.*` and
`deputy_request.*` of units.access)."""

from __future__ import annotations

from submissions.permissions import signing_mode
from units.access import allowed
from units.roles import roles_of


def can_convene(user) -> bool:
    """The Office convenes meetings on the leaders' behalf."""
    return allowed("meeting.convene", roles_of(user))


def can_record_attendance(user) -> bool:
    """The Office records the heads' attendance."""
    return allowed("meeting.record_attendance", roles_of(user))


def can_answer(user, meeting) -> bool:
    """The chair of the meeting answers a request to send a deputy; the Office may record the answer."""
    return allowed(
        "deputy_request.decide", roles_of(user), chair_of_meeting=lambda: meeting.chaired_by.user_id == user.pk
    )


def can_ask_for_deputy(user, unit_id: int) -> bool:
    """Who speaks for the unit: its head, or a deputy under a recorded delegation."""
    return signing_mode(user, unit_id, action="deputy_request.ask") is not None
