"""A demo inspection (item 7), made once: Organization–Home Affairs at Hợp Thành ten days ago, two
violations, a follow-up measure (a task of the commune) and a reprimand."""

from __future__ import annotations

from datetime import timedelta

from units.demo import DISTRICT, Cast
from units.models import Authority, Leader, LeaderPosition, Unit, User, today_local

from . import services
from .models import Inspection, Inspector, StaffKind, ViolationCategory


def load(authority: Authority, units: dict[str, Unit], cast: Cast = DISTRICT) -> None:
    if Inspection.objects.filter(authority=authority).exists():
        return
    reviewer = User.objects.get(username=cast.reviewer)
    today = today_local()
    inspection = services.inspection_create(
        actor=reviewer,
        unit=units[cast.communes[1][0]],
        inspector=Inspector.HOME_AFFAIRS,
        held_on=today - timedelta(days=10),
        scope="Kiểm tra việc chấp hành giờ giấc làm việc, văn hóa công sở và giải quyết thủ tục hành chính "
        "tại bộ phận một cửa UBND xã",
        team=f"Đoàn kiểm tra công vụ {cast.level} (cơ quan nội vụ chủ trì, Văn phòng UBND {cast.level})",
        conclusion="Cơ bản chấp hành tốt; còn 02 trường hợp vi phạm cần chấn chỉnh.",
    )
    services.finding_add(
        actor=reviewer,
        inspection=inspection,
        category=ViolationCategory.LATE_HANDLING,
        description="03 hồ sơ chứng thực giải quyết quá hạn 01 ngày, không có văn bản xin lỗi",
    )
    services.finding_add(
        actor=reviewer,
        inspection=inspection,
        category=ViolationCategory.OFFICE_CULTURE,
        description="Không đeo thẻ công chức khi tiếp công dân",
        person="Ông Nông Văn Sáu, công chức Tư pháp - Hộ tịch",
    )
    services.measure_add(
        actor=reviewer,
        inspection=inspection,
        text="Chấn chỉnh việc giải quyết hồ sơ đúng hạn và đeo thẻ công chức tại bộ phận một cửa",
        deadline=today + timedelta(days=20),
        given_by=Leader.objects.filter(authority=authority, position=LeaderPosition.CHAIRMAN).first(),
    )
    services.decision_add(
        actor=reviewer,
        inspection=inspection,
        staff_kind=StaffKind.CIVIL_SERVANT,
        subject="Ông Nông Văn Sáu, công chức Tư pháp - Hộ tịch",
        form="reprimand",
        number="25/QĐ-UBND",
        decided_on=today - timedelta(days=3),
    )
