"""Who may record inspections and who sees the names in them (docs/architecture.md §14; the rows
`inspection.record` and `inspection.see_names` of units.access)."""

from __future__ import annotations

from units.access import ANY_UNIT, allowed
from units.roles import roles_of

from .models import Inspector

# Who records an inspection as each kind of inspector: a role of `inspection.record`.
RECORDED_AS = {Inspector.HOME_AFFAIRS: "home_affairs", Inspector.HEAD: "unit_head"}


def can_record(user, unit_id: int, inspector: str | None = None) -> bool:
    """Organization–Home Affairs inspects any unit; a head inspects their own unit (as its head)."""
    if inspector and inspector not in RECORDED_AS:
        return False
    via = RECORDED_AS[inspector] if inspector else None
    return allowed("inspection.record", roles_of(user), via=via, unit_id=unit_id)


def records_any_unit(user) -> bool:
    """Records inspections of every unit: as Organization–Home Affairs."""
    return allowed("inspection.record", roles_of(user), via=RECORDED_AS[Inspector.HOME_AFFAIRS])


def can_record_some(user) -> bool:
    """Records inspections of some unit (the list's "Ghi cuộc kiểm tra")."""
    return allowed("inspection.record", roles_of(user), unit_id=ANY_UNIT)


def sees_names(user, unit_id: int) -> bool:
    """Names of officials are for Organization–Home Affairs, the leaders and the unit's own head;
    everyone else who may see the unit (its officers, the Office, administrators) sees "(ẩn tên)"."""
    return allowed("inspection.see_names", roles_of(user), unit_id=unit_id)
