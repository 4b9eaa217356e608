"""Who a user is in the organisation, derived from data (memberships, leaders), never typed in."""

from __future__ import annotations

from dataclasses import dataclass, field

from .access import allowed
from .acting import chosen_authority_id
from .models import Authority, Leader, LeaderPosition, Membership, Position, SpecialRole

_CACHE_ATTR = "_chithi_roles"


@dataclass(frozen=True)
class Roles:
    """A user's roles today; computed once per request and cached on the user object."""

    authenticated: bool = False
    # The authority these roles are in (units.acting), and every authority the person holds a role
    # in (the header's switch); None for a system administrator, who may act in any.
    authority_id: int | None = None
    authority_ids: frozenset[int] | None = frozenset()
    # A system administrator (superuser), or an administrator of the acting authority (set by the
    # authority above: Membership.administers).
    administrator: bool = False
    system_administrator: bool = False
    chairman: bool = False
    vice_chairman: bool = False
    office: bool = False
    home_affairs: bool = False
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    head_of: frozenset[int] = field(default_factory=frozenset)
    deputy_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def leader(self) -> bool:
        return self.chairman or self.vice_chairman

    @property
    def sees_all_units(self) -> bool:
        """Office staff, leaders, Organization–Home Affairs and administrators see every unit
        (`all_units.see` in units.access)."""
        return allowed("all_units.see", self)

    @property
    def unit_member(self) -> bool:
        return bool(self.unit_ids)


def roles_of(user) -> Roles:
    """The roles of `user` (anonymous users have none) in the authority they act in: the one chosen
    this request (units.acting) if they hold a role there, else the one they lead, else their
    first. Two queries (three for a system administrator with no choice), then cached on the user."""
    if user is None or not user.is_authenticated:
        return Roles()

    chosen = chosen_authority_id(user)
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] == chosen:
        return cached[1]

    # Across authorities on purpose: the roles decide which authority the person acts in.
    memberships = list(
        Membership.all_authorities.active()
        .filter(user=user, unit__is_active=True)
        .values_list("unit_id", "position", "unit__special_role", "unit__authority_id", "administers")
    )
    leaderships = set(Leader.all_authorities.active().filter(user=user).values_list("position", "authority_id"))
    held = {m[3] for m in memberships} | {a for _, a in leaderships}
    if user.is_superuser:
        authority_ids = None
        acting = chosen or Authority.current_root_id()
    else:
        authority_ids = frozenset(held)
        led = sorted(a for _, a in leaderships)
        acting = chosen if chosen in held else (led[0] if led else min(held, default=None))
    memberships = [m for m in memberships if m[3] == acting]
    administers = any(m[4] for m in memberships)
    leader_positions = {position for position, authority in leaderships if authority == acting}
    roles = Roles(
        authenticated=True,
        authority_id=acting,
        authority_ids=authority_ids,
        administrator=user.is_superuser or administers,
        system_administrator=user.is_superuser,
        chairman=LeaderPosition.CHAIRMAN in leader_positions,
        vice_chairman=LeaderPosition.VICE_CHAIRMAN in leader_positions,
        office=any(role == SpecialRole.OFFICE for _, _, role, *_ in memberships),
        home_affairs=any(role == SpecialRole.HOME_AFFAIRS for _, _, role, *_ in memberships),
        unit_ids=frozenset(unit for unit, *_ in memberships),
        head_of=frozenset(unit for unit, position, *_ in memberships if position == Position.HEAD),
        deputy_of=frozenset(unit for unit, position, *_ in memberships if position == Position.DEPUTY),
    )
    setattr(user, _CACHE_ATTR, (chosen, roles))
    return roles


def sees_all_units(user) -> bool:
    """The one predicate for pages and documents that cover every unit (docs/architecture.md §7)."""
    return roles_of(user).sees_all_units


def visible_unit_ids(user) -> frozenset[int] | None:
    """The unit ids whose data `user` may see, or None for "every unit of the authority they act
    in" (callers then filter by `roles_of(user).authority_id`, a join, not an IN over every unit)."""
    roles = roles_of(user)
    return None if roles.sees_all_units else roles.unit_ids


def forget_roles(user) -> None:
    """Drop the cached roles (after a membership change within the same request or test)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
