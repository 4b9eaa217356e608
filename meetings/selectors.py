"""Reads of meetings, scoped by `visible_to` (docs/architecture.md §7, §13)."""

from __future__ import annotations

from datetime import date

from django.db.models import BooleanField, Count, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery

from units.models import LOCAL_GOVERNMENT_KINDS
from units.roles import visible_unit_ids

from .models import Attendance, DeputyRequest, DeputyRequestStatus, Invitation, Meeting


def meetings_for(user) -> QuerySet[Meeting]:
    """The meetings the user may see, newest first, with their invitation and answer counts; for a
    unit's people, their own unit's attendance too."""
    pending = (
        DeputyRequest.objects.filter(invitation__meeting=OuterRef("pk"), status=DeputyRequestStatus.PENDING)
        .order_by()
        .values("invitation__meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        Meeting.objects.visible_to(user)
        .select_related("chaired_by__user")
        .annotate(
            invited=Count("invitations"),
            recorded=Count("invitations", filter=~Q(invitations__attendance="")),
            pending=Subquery(pending),
        )
        .order_by("-starts_at", "-pk")
    )
    ids = visible_unit_ids(user)
    if ids is not None:
        own = Invitation.objects.filter(meeting=OuterRef("pk"), unit_id__in=ids).order_by("pk")
        asked = DeputyRequest.objects.filter(invitation__meeting=OuterRef("pk"), invitation__unit_id__in=ids)
        qs = qs.annotate(
            own_attendance=Subquery(own.values("attendance")[:1]),
            own_request=Subquery(asked.order_by("-requested_at").values("status")[:1]),
        )
    return qs


def invitations_shown(meeting: Meeting, user) -> list[Invitation]:
    """The meeting's invited units the user may see (a unit's people: their own), with their
    requests to send a deputy, newest first."""
    return list(
        Invitation.objects.visible_to(user)
        .filter(meeting=meeting)
        .select_related("unit", "recorded_by")
        .prefetch_related("deputy_requests__requested_by", "deputy_requests__decided_by")
    )


# The item-5 figures of the quarterly report, by attendance recorded.
FIGURES = {
    "deputy_consented": Attendance.DEPUTY_CONSENTED,
    "deputy_unconsented": Attendance.DEPUTY_UNCONSENTED,
    "absent_excused": Attendance.ABSENT_EXCUSED,
    "absent": Attendance.ABSENT,
    "head": Attendance.HEAD,
}


def attendance_counts(unit_id: int, start: date, end: date) -> dict[str, int]:
    """How many meetings held on local days `start`..`end` the unit attended how (item 5)."""
    held = Invitation.objects.filter(
        unit_id=unit_id, meeting__starts_at__date__gte=start, meeting__starts_at__date__lte=end
    )
    by_attendance = {row["attendance"]: row["n"] for row in held.values("attendance").annotate(n=Count("pk"))}
    counts = {name: by_attendance.get(value, 0) for name, value in FIGURES.items()}
    counts["invited"] = sum(by_attendance.values())
    return counts


def attendance_totals(start: date, end: date) -> dict[str, dict[str, int]]:
    """For the rollup: each figure of FIGURES over every unit for meetings held on local days
    `start`..`end`, as {"all", "agencies", "communes"}. One query."""
    local = ExpressionWrapper(Q(unit__kind__in=LOCAL_GOVERNMENT_KINDS), output_field=BooleanField())
    rows = (
        Invitation.objects.filter(meeting__starts_at__date__gte=start, meeting__starts_at__date__lte=end)
        .exclude(attendance="")
        .annotate(local=local)
        .values("attendance", "local")
        .annotate(n=Count("pk"))
        .order_by()
    )
    totals = {name: {"all": 0, "agencies": 0, "communes": 0} for name in FIGURES}
    names = {value: name for name, value in FIGURES.items()}
    for row in rows:
        figure = totals[names[row["attendance"]]]
        figure["all"] += row["n"]
        figure["communes" if row["local"] else "agencies"] += row["n"]
    return totals
