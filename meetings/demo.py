"""Demo meetings of the district (item 5), made once: one held and recorded, one held and not yet
recorded, one to come with a request to send a deputy waiting for the Chairman."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from units.demo import DISTRICT, Cast
from units.models import LOCAL_GOVERNMENT_KINDS, Authority, Leader, LeaderPosition, SpecialRole, Unit, User, today_local

from .models import Attendance, DeputyRequest, DeputyRequestStatus, Invitation, Meeting


def _at(days: int, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(today_local() + timedelta(days=days), time(hour)))


def load(authority: Authority, units: dict[str, Unit], cast: Cast = DISTRICT) -> None:
    if Meeting.objects.filter(authority=authority).exists():
        return
    office = User.objects.get(username=cast.office)
    chairman = Leader.objects.filter(authority=authority, position=LeaderPosition.CHAIRMAN).first()
    vice = Leader.objects.filter(authority=authority, position=LeaderPosition.VICE_CHAIRMAN).first()
    invited = [u for u in units.values() if u.special_role != SpecialRole.OFFICE]
    communes = [u for u in invited if u.kind in LOCAL_GOVERNMENT_KINDS]
    (first_code, first_chair), (second_code, second_chair) = cast.communes
    tan_trao, hop_thanh = units[first_code], units[second_code]

    def meeting(title, starts_at, chair, reference, who) -> Meeting:
        m = Meeting.objects.create(
            authority=authority,
            title=title,
            starts_at=starts_at,
            place=f"Hội trường UBND {cast.level}",
            chaired_by=chair,
            invitation_reference=reference,
            created_by=office,
        )
        Invitation.objects.bulk_create([Invitation(meeting=m, unit=u) for u in who])
        return m

    held = meeting(
        "Hội nghị sơ kết công tác cải cách hành chính 9 tháng năm 2026",
        _at(-20, 8),
        chairman,
        f"Giấy mời số 41/GM-UBND ngày {today_local() - timedelta(days=25):%d/%m/%Y}",
        invited,
    )
    asked = DeputyRequest.objects.create(
        invitation=held.invitations.get(unit=tan_trao),
        deputy="Bà Ma Thị Hồng, Phó Chủ tịch UBND xã",
        reason="Chủ tịch xã tiếp Đoàn kiểm tra của tỉnh về xây dựng nông thôn mới cùng buổi",
        requested_by=User.objects.get(username=first_chair),
        status=DeputyRequestStatus.CONSENTED,
        decided_by=chairman.user,
        decided_at=_at(-21, 15),
    )
    DeputyRequest.objects.filter(pk=asked.pk).update(requested_at=_at(-22, 9))
    outcome = {tan_trao.pk: Attendance.DEPUTY_CONSENTED, hop_thanh.pk: Attendance.DEPUTY_UNCONSENTED}
    absent = next((u for u in invited if u not in communes), None)
    for invitation in held.invitations.all():
        value = outcome.get(invitation.unit_id, Attendance.HEAD)
        if absent is not None and invitation.unit_id == absent.pk:
            value = Attendance.ABSENT
        invitation.attendance, invitation.recorded_by, invitation.recorded_at = value, office, _at(-20, 11)
        invitation.attendee = "Phó Chủ tịch UBND xã" if value.startswith("deputy") else ""
        invitation.save()
    Meeting.objects.filter(pk=held.pk).update(attendance_recorded_at=_at(-20, 11), attendance_version=1)

    meeting(
        "Họp triển khai phương án phòng, chống thiên tai mùa mưa bão",
        _at(-5, 14),
        vice or chairman,
        f"Giấy mời số 52/GM-UBND ngày {today_local() - timedelta(days=8):%d/%m/%Y}",
        communes,
    )

    coming = meeting("Giao ban công tác tháng 12 năm 2026", _at(4, 8), chairman, "Giấy mời số 57/GM-UBND", invited)
    DeputyRequest.objects.create(
        invitation=coming.invitations.get(unit=hop_thanh),
        deputy="Ông Hoàng Văn Nam, Phó Chủ tịch UBND xã",
        reason="Chủ tịch xã dự lớp bồi dưỡng của tỉnh từ ngày 07 đến ngày 11/12",
        requested_by=User.objects.get(username=second_chair),
    )
