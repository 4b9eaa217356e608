"""Reads over the organisation: the working calendar as the administrator configured it, the
special units and their heads."""

from __future__ import annotations

from library.workcalendar import WorkCalendar

from .acting import active_authority_id
from .models import Authority, CalendarException, CalendarExceptionKind, Leader, Membership, Position, Unit, User


def work_calendar() -> WorkCalendar:
    """The working calendar of the authority acting now (units.acting): the `holidays` package plus
    the exceptions recorded for every authority, for it and for the authorities above it (one
    query; docs/architecture.md §17). With no scope active, those for every authority only."""
    from django.db.models import Q

    applies = Q(authority__isnull=True)
    acting = active_authority_id()
    if acting:
        applies |= Q(authority_id=acting) | Q(authority__children=acting) | Q(authority__children__children=acting)
    off, working = [], []
    for day, kind in CalendarException.objects.filter(applies).values_list("date", "kind").distinct():
        (working if kind == CalendarExceptionKind.WORKING_DAY else off).append(day)
    return WorkCalendar(extra_days_off=off, extra_working_days=working)


def authorities_under(authority=None) -> list:
    """`authority` and every authority below it, top first (every authority when None)."""

    if authority is None:
        return list(Authority.objects.order_by("sort_order", "pk"))
    found, level = [authority], [authority.pk]
    while level:
        below = list(Authority.objects.filter(parent_id__in=level).order_by("sort_order", "pk"))
        found += below
        level = [a.pk for a in below]
    return found


def people_of(authority, *, only: bool = False):
    """Everyone who holds a role in `authority` today: a position in one of its units or a
    leadership (read across authorities on purpose: the people of the one named). `only`: and in
    no other authority (whose rights a token of theirs would also carry)."""
    from django.db.models import Q

    # Everyone who works in `authority`, named below, whatever authority the reader acts in.
    memberships, leaderships = Membership.all_authorities.active(), Leader.all_authorities.active()
    members = memberships.filter(unit__authority=authority).values("user_id")
    leaders = leaderships.filter(authority=authority).values("user_id")
    people = User.objects.filter(Q(pk__in=members) | Q(pk__in=leaders), is_active=True)
    if only:
        elsewhere_members = memberships.exclude(unit__authority=authority).values("user_id")
        elsewhere_leaders = leaderships.exclude(authority=authority).values("user_id")
        people = people.exclude(pk__in=elsewhere_members).exclude(pk__in=elsewhere_leaders)
    return people


def special_unit_name(authority, role: str, default: str) -> str:
    """The name of `authority`'s unit with a special role (its Office, its reviewing body) as its
    documents and notices name it — "Văn phòng UBND tỉnh", "Sở Nội vụ" —, or `default` when none
    has it (`authority`: an instance or an id; read across scopes on purpose)."""
    # The Office or reviewing body of `authority`, named (a document of one authority read from another).
    unit = Unit.all_authorities.filter(authority=authority, special_role=role).only("name").first()
    return unit.name if unit else default


def special_unit_and_head(role: str) -> tuple[Unit | None, User | None]:
    """The unit with a special role (the Office, Organization–Home Affairs) and its current head,
    as the documents it issues are headed and signed (two queries)."""
    unit = Unit.objects.filter(special_role=role).select_related("authority").first()
    if unit is None:
        return None, None
    head = Membership.objects.active().filter(unit=unit, position=Position.HEAD).select_related("user").first()
    return unit, head.user if head else None
