"""Who may do what with tasks (docs/architecture.md §7). Checked on the server by the services;
views use the same predicates to decide what to show. Signing is the shared rule of
submissions.permissions."""

from __future__ import annotations

from submissions.permissions import can_prepare
from units.roles import roles_of

from .models import Assignment


def can_assign(user) -> bool:
    """The Office and the leaders record tasks and assign them."""
    roles = roles_of(user)
    return roles.office or roles.leader


def can_draft(user, assignment: Assignment) -> bool:
    """Anyone of the unit prepares drafts and attachments (item 3: staff prepare, the head signs)."""
    return can_prepare(user, assignment.unit_id)


def can_decide_report(user) -> bool:
    """The Office accepts or returns what units submit (item 8)."""
    return roles_of(user).office


def can_decide_extension(user, assignment: Assignment) -> bool:
    """The leader who gave the task, or the Office on their behalf."""
    return roles_of(user).office or assignment.task.given_by.user_id == user.pk
