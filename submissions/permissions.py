"""Who may prepare and who may sign what a unit sends up (docs/architecture.md §7; the rows
`submission.prepare` and `submission.sign` of units.access). Who may decide is each kind's own rule
(tasks: the Office; reports: Organization–Home Affairs); requests go to the Office and the leaders,
each kind narrowing it."""

from __future__ import annotations

from datetime import date

from units.access import allowed, granted_by
from units.models import Delegation, Membership, Position, today_local
from units.roles import roles_of

# How each role of a signing rule signs: in their own name, or "KT." (ký thay) for the head.
_SIGNS_AS = {"unit_head": "", "delegated_deputy": "KT."}


def can_prepare(user, unit_id: int) -> bool:
    """Anyone of the unit prepares drafts and attachments (item 3: staff prepare, the head signs)."""
    return allowed("submission.prepare", roles_of(user), unit_id=unit_id)


def signing_mode(user, unit_id: int, on: date | None = None, action: str = "submission.sign") -> str | None:
    """How `user` may sign for the unit on a day: "" as head, "KT." as a deputy under a recorded
    delegation, None if they may not sign at all (item 1: what goes up is signed by the head).
    `action` is the row of units.access read: sending up (default), the day-25 rollup, a request to
    send a deputy to a meeting."""
    roles = roles_of(user)

    def delegated() -> bool:
        return (
            unit_id in roles.deputy_of
            and Delegation.objects.active(on or today_local()).filter(unit_id=unit_id, deputy=user).exists()
        )

    return _SIGNS_AS.get(granted_by(action, roles, unit_id=unit_id, delegated_deputy=delegated))


def signer_title(user, unit_id: int) -> str:
    """The position printed under the signature, from the signer's position in the unit and the
    unit's own titles (Unit.signature_title): "Trưởng phòng", "Phó Chủ tịch" (recorded at signing,
    so the document says what the signer held that day)."""
    membership = (
        Membership.objects.active()
        .filter(user=user, unit_id=unit_id, position__in=[Position.HEAD, Position.DEPUTY])
        .select_related("unit__authority")
        .first()
    )
    if membership is None:
        return ""
    return membership.unit.signature_title(deputy=membership.position == Position.DEPUTY)


def can_decide_requests(user) -> bool:
    """The Office and the leaders decide units' requests (docs/architecture.md §4, "Requests"); each
    kind narrows it in its own permissions: the leader who gave the task, the meeting's chair."""
    return allowed("request.decide", roles_of(user))
