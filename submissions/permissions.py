"""Who may prepare and who may sign what a unit sends up (docs/architecture.md §7). Who may decide
is each kind's own rule (tasks: the Office; reports: Organization–Home Affairs); requests go to the
Office and the leaders, each kind narrowing it."""

from __future__ import annotations

from datetime import date

from units.models import Delegation, Membership, Position, today_local
from units.roles import is_member, roles_of


def can_prepare(user, unit_id: int) -> bool:
    """Anyone of the unit prepares drafts and attachments (item 3: staff prepare, the head signs)."""
    return is_member(user, unit_id)


def signing_mode(user, unit_id: int, on: date | None = None) -> str | None:
    """How `user` may sign for the unit on a day: "" as head, "KT." as a deputy under a recorded
    delegation, None if they may not sign at all (item 1: what goes up is signed by the head)."""
    roles = roles_of(user)
    if unit_id in roles.head_of:
        return ""
    if (
        unit_id in roles.deputy_of
        and Delegation.objects.active(on or today_local()).filter(unit_id=unit_id, deputy=user).exists()
    ):
        return "KT."
    return None


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
    roles = roles_of(user)
    return roles.office or roles.leader
