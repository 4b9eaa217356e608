"""Writes on meetings: convene, ask to send a deputy, answer, record attendance (item 5). A deputy
request is a request of the shared workflow (submissions.services `request_ask`, `request_decide`;
docs/architecture.md §4): here only who may ask and answer, and what is checked.

Keyword-only, with the acting user; each validates before it saves and runs in one transaction.
Email goes out only after commit (units.notify)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from submissions.services import request_ask, request_decide, save_with_history
from units.models import Leader, Unit, User
from units.notify import notify, unit_people

from . import permissions
from .models import Attendance, DeputyRequest, DeputyRequestStatus, Invitation, Meeting


class AttendanceConflict(Exception):
    """Somebody else recorded this meeting's attendance since the form was opened."""


def _url(meeting: Meeting) -> str:
    return reverse("meetings:meeting_detail", args=[meeting.pk])


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    title: str,
    starts_at: datetime,
    chaired_by: Leader,
    units: Sequence[Unit],
    place: str = "",
    invitation_reference: str = "",
) -> Meeting:
    """The Office records a meeting the Chairman or a Vice Chairman convenes and invites the units
    whose heads must attend; each unit's people are told."""
    if not permissions.can_convene(actor):
        raise PermissionDenied(_("Chỉ Văn phòng HĐND và UBND được tạo cuộc họp."))
    units = list(dict.fromkeys(units))
    if not units:
        raise ValidationError({"units": _("Chọn ít nhất một đơn vị được mời.")})
    meeting = Meeting(
        authority=chaired_by.authority,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        chaired_by=chaired_by,
        invitation_reference=invitation_reference.strip(),
        created_by=actor,
    )
    save_with_history(meeting, actor)
    bulk_create_with_history([Invitation(meeting=meeting, unit=u) for u in units], Invitation, default_user=actor)
    people = unit_people(u.pk for u in units)
    for unit in units:
        notify(
            users=people.get(unit.pk, []),
            key=f"meeting:{meeting.pk}:{unit.pk}",
            template="meeting_invited",
            context={"meeting": meeting, "unit": unit},
            url=_url(meeting),
        )
    return meeting


def _lock_invitation(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().select_related("meeting__chaired_by__user", "unit")
    return locked.get(pk=invitation.pk)


@transaction.atomic
def deputy_request_create(*, actor: User, invitation: Invitation, deputy: str, reason: str) -> DeputyRequest:
    """Before the meeting, the head (or a deputy under delegation) asks the chair's consent to send
    a deputy, with the objective reason; once consented, not again (the shared request workflow:
    submissions.services.request_ask)."""
    if not permissions.can_ask_for_deputy(actor, invitation.unit_id):
        raise PermissionDenied(_("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền, mới được đề nghị cử người dự thay."))
    invitation = _lock_invitation(invitation)
    errors = {}
    if invitation.meeting.starts_at <= timezone.now():
        errors["__all__"] = _("Cuộc họp đã bắt đầu; không thể đề nghị cử người dự thay nữa.")
    elif invitation.deputy_requests.filter(status=DeputyRequestStatus.CONSENTED).exists():
        errors["__all__"] = DeputyRequest.already_pending
    if not deputy.strip():
        errors["deputy"] = _("Ghi họ tên, chức vụ người dự thay.")
    if not reason.strip():
        errors["reason"] = _("Ghi rõ lý do khách quan không thể dự họp.")
    request = DeputyRequest(invitation=invitation, deputy=deputy.strip(), reason=reason.strip())
    return request_ask(actor=actor, request=request, errors=errors)


@transaction.atomic
def deputy_request_decide(*, actor: User, request: DeputyRequest, approve: bool, note: str = "") -> DeputyRequest:
    """The chair (or the Office recording the chair's answer) consents or refuses; the unit is told.
    The consent is what the Office's attendance screen reads (`attendance_record`)."""
    invitation = _lock_invitation(request.invitation)
    if not permissions.can_answer(actor, invitation.meeting):
        raise PermissionDenied(_("Chỉ người chủ trì cuộc họp, hoặc Văn phòng, được trả lời đề nghị này."))
    return request_decide(actor=actor, request=request, approve=approve, note=note, subject=invitation)


# What the Office picks for each unit; a deputy's consent is read from the requests, never typed.
HEAD, DEPUTY, ABSENT_EXCUSED, ABSENT = "head", "deputy", "absent_excused", "absent"
CHOICES = {HEAD, DEPUTY, ABSENT_EXCUSED, ABSENT}


@dataclass(frozen=True)
class Entry:
    choice: str
    attendee: str = ""
    note: str = ""


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, entries: Mapping[int, Entry], version: int | None) -> Meeting:
    """After the meeting, the Office records each invited unit's attendance in one save. A deputy
    counts as sent with consent only if the chair consented to the unit's request; a stale
    `version` (somebody saved in between) raises AttendanceConflict and changes nothing."""
    if not permissions.can_record_attendance(actor):
        raise PermissionDenied(_("Chỉ Văn phòng HĐND và UBND được ghi nhận dự họp."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Cuộc họp chưa diễn ra; chỉ ghi nhận dự họp sau khi họp."))
    if version is not None and version != meeting.attendance_version:
        raise AttendanceConflict
    invitations = {i.pk: i for i in meeting.invitations.all()}
    consented = set(
        DeputyRequest.objects.filter(invitation__meeting=meeting, status=DeputyRequestStatus.CONSENTED).values_list(
            "invitation_id", flat=True
        )
    )
    errors = [pk for pk, entry in entries.items() if pk not in invitations or entry.choice not in CHOICES | {""}]
    if errors:
        raise ValidationError(_("Có lựa chọn không hợp lệ; tải lại trang và ghi nhận lại."))
    now = timezone.now()
    for pk, entry in entries.items():
        invitation = invitations[pk]
        attendance = {
            HEAD: Attendance.HEAD,
            DEPUTY: Attendance.DEPUTY_CONSENTED if pk in consented else Attendance.DEPUTY_UNCONSENTED,
            ABSENT_EXCUSED: Attendance.ABSENT_EXCUSED,
            ABSENT: Attendance.ABSENT,
            "": "",
        }[entry.choice]
        changed = (invitation.attendance, invitation.attendee, invitation.note) != (
            attendance,
            entry.attendee.strip(),
            entry.note.strip(),
        )
        if changed:
            invitation.attendance, invitation.attendee, invitation.note = (
                attendance,
                entry.attendee.strip(),
                entry.note.strip(),
            )
            invitation.recorded_by, invitation.recorded_at = (actor, now) if attendance else (None, None)
            save_with_history(invitation, actor)
    meeting.attendance_version += 1
    meeting.attendance_recorded_at = now
    save_with_history(meeting, actor)
    return meeting
