"""Who may do what with tasks (DESIGN.md §7). Checked on the server by the services."""

from __future__ import annotations

from datetime import date

from units.models import Delegation, Membership, Position, today_local
from units.roles import roles_of

from .models import Assignment


def can_assign(user) -> bool:
    """The Office and the leaders record tasks and assign them."""
    roles = roles_of(user)
    return roles.office or roles.leader


def can_draft(user, assignment: Assignment) -> bool:
    """Anyone of the unit prepares drafts and attachments (item 3: staff prepare, the head signs)."""
    return assignment.unit_id in roles_of(user).unit_ids


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
    """The title printed under the signature: the membership's title, or the position's name."""
    membership = (
        Membership.objects.active()
        .filter(user=user, unit_id=unit_id, position__in=[Position.HEAD, Position.DEPUTY])
        .first()
    )
    return (membership.title or membership.get_position_display()) if membership else ""


def can_decide_report(user) -> bool:
    """The Office accepts or returns what units submit (item 8)."""
    return roles_of(user).office


def can_decide_extension(user, assignment: Assignment) -> bool:
    """The leader who gave the task, or the Office on their behalf."""
    return roles_of(user).office or assignment.task.given_by.user_id == user.pk


def can_read_summaries(user) -> bool:
    """The Monday summary covers every unit: for the leaders and the Office (and administrators)."""
    roles = roles_of(user)
    return roles.leader or roles.office or roles.administrator
