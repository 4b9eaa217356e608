"""Who may do what in the quarterly cycle (docs/architecture.md §7; the rows
`quarterly_report.review` and `rollup.issue` of units.access). Checked on the server by the
services; views use the same predicates to decide what to show."""

from __future__ import annotations

from submissions.permissions import can_prepare, signing_mode
from units.access import allowed
from units.models import SpecialRole, Unit
from units.roles import roles_of, sees_all_units


def can_read_all_units(user) -> bool:
    """The dashboard, each quarter's list and the rollups cover every unit."""
    return sees_all_units(user)


def can_edit_report(user, unit: Unit) -> bool:
    """Members of the unit prepare its quarterly report (the head or a delegated deputy signs it)."""
    return can_prepare(user, unit.pk)


def can_review(user) -> bool:
    """Organization–Home Affairs receives the quarterly reports, accepts or returns them, and writes
    the assessment of the day-25 rollup."""
    return allowed("quarterly_report.review", roles_of(user))


def home_affairs_unit() -> Unit | None:
    return Unit.objects.filter(special_role=SpecialRole.HOME_AFFAIRS).first()


def issuing_mode(user) -> str | None:
    """How `user` may sign the day-25 rollup for Organization–Home Affairs: "" as its head, "KT." as a
    deputy under delegation, None if not at all."""
    unit = home_affairs_unit()
    return signing_mode(user, unit.pk, action="rollup.issue") if unit is not None else None


def can_issue(user) -> bool:
    return issuing_mode(user) is not None
