"""Item 5 played in Chromium: a commune chair on a phone asks to send his deputy to a meeting to
come; the Chairman on a desktop consents; after a meeting, the Office records on a phone who
attended for each unit, and a deputy counts as consented only where the chair had agreed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from library.workcalendar import Quarter
from meetings import services
from meetings.models import Attendance, DeputyRequest, DeputyRequestStatus
from units.selectors import work_calendar
from units.tests.support import PHONE, shot, sign_in

pytestmark = pytest.mark.browser


def convene(org, title, starts_at):
    return services.meeting_create(
        actor=org.office_staff,
        title=title,
        starts_at=starts_at,
        chaired_by=org.chairman.leaderships.get(),
        units=[org.commune_a, org.commune_b],
        place="Hội trường UBND huyện",
        invitation_reference="Giấy mời số 57/GM-UBND",
    )


def test_a_chair_asks_on_a_phone_and_the_chairman_consents(browser, live_server, org):
    meeting = convene(org, "Giao ban công tác tháng 12", timezone.now() + timedelta(days=3))
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Cuộc họp").click()
    page.get_by_role("link", name="Giao ban công tác tháng 12").click()
    expect(page.get_by_text("Xã Hợp Thành")).to_have_count(0)  # his own commune's invitation only
    page.get_by_label("Người dự thay (họ tên, chức vụ)").fill("Bà Ma Thị Hồng, Phó Chủ tịch UBND xã")
    page.get_by_role("button", name="Gửi đề nghị tới người chủ trì").click()
    # No reason: refused beside the field, the name typed is still there.
    expect(page.get_by_text("This field is required").or_(page.get_by_text("Trường này là bắt buộc"))).to_be_visible()
    expect(page.get_by_label("Người dự thay (họ tên, chức vụ)")).to_have_value("Bà Ma Thị Hồng, Phó Chủ tịch UBND xã")
    page.get_by_label("Lý do khách quan không thể dự họp").fill("Tiếp Đoàn kiểm tra của tỉnh cùng buổi")
    page.get_by_role("button", name="Gửi đề nghị tới người chủ trì").click()
    expect(page.get_by_text("Đã gửi đề nghị tới người chủ trì cuộc họp.")).to_be_visible()
    expect(page.get_by_text("Chờ người chủ trì")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-chair-asked")

    boss = sign_in(browser, live_server.url, org.chairman.username, viewport={"width": 1280, "height": 900})
    boss.goto(f"{live_server.url}/meetings/")
    expect(boss.get_by_text("1 đề nghị cử cấp phó chờ trả lời")).to_be_visible()
    boss.get_by_role("link", name="Giao ban công tác tháng 12").click()
    boss.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(boss.get_by_text("Người chủ trì đồng ý")).to_be_visible()
    shot(boss, "desktop-chairman-consented")
    assert DeputyRequest.objects.get(invitation__meeting=meeting).status == DeputyRequestStatus.CONSENTED


def _decree_09_quarter(day):
    """The quarter whose Decree 09 reporting period holds `day` (15th of the month before to 14th)."""
    for quarter in (Quarter.containing(day), Quarter.containing(day).next()):
        dates = work_calendar().quarter_dates(quarter)
        if dates.cutoff_start <= day <= dates.cutoff_end:
            return quarter
    raise AssertionError(day)


def test_the_office_records_attendance_on_a_phone(browser, live_server, org, template):
    meeting = convene(org, "Hội nghị sơ kết cải cách hành chính", timezone.now() - timedelta(hours=2))
    DeputyRequest.objects.create(  # asked and agreed before the meeting
        invitation=meeting.invitations.get(unit=org.commune_a),
        deputy="Bà Ma Thị Hồng",
        reason="Tiếp Đoàn kiểm tra của tỉnh",
        requested_by=org.chair_a,
        status=DeputyRequestStatus.CONSENTED,
        decided_by=org.chairman,
    )
    page = sign_in(browser, live_server.url, org.office_staff.username, **PHONE)
    page.goto(f"{live_server.url}/meetings/")
    expect(page.get_by_text("Chưa ghi nhận dự họp")).to_be_visible()
    page.get_by_role("link", name="Hội nghị sơ kết cải cách hành chính").click()
    page.get_by_role("link", name="Ghi nhận dự họp").click()
    a = page.get_by_role("group", name="Xã Tân Trào")
    b = page.get_by_role("group", name="Xã Hợp Thành")
    expect(a.get_by_text("Đã được đồng ý cử cấp phó")).to_be_visible()
    a.get_by_label("Cấp phó").check()
    a.get_by_label("Người dự (nếu không phải cấp trưởng)").fill("Bà Ma Thị Hồng, Phó Chủ tịch")
    b.get_by_label("Cấp phó").check()
    shot(page, "phone-office-attendance")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Lưu ghi nhận dự họp").click()
    expect(page.get_by_text("Đã ghi nhận dự họp của 2 đơn vị.")).to_be_visible()
    expect(page.get_by_text("Cấp phó dự, có đồng ý")).to_be_visible()
    expect(page.get_by_text("Cấp phó dự, không được đồng ý")).to_be_visible()
    shot(page, "phone-office-recorded")
    attendance = dict(meeting.invitations.values_list("unit__code", "attendance"))
    assert attendance == {"XA-TAN-TRAO": Attendance.DEPUTY_CONSENTED, "XA-HOP-THANH": Attendance.DEPUTY_UNCONSENTED}

    desk = sign_in(browser, live_server.url, org.office_staff.username, viewport={"width": 1280, "height": 900})
    desk.goto(f"{live_server.url}/meetings/{meeting.pk}/attendance/")
    expect(desk.get_by_role("group", name="Xã Tân Trào").get_by_label("Cấp phó")).to_be_checked()
    shot(desk, "desktop-office-attendance")

    # The commune's quarterly report starts its item-5 figures from what was just recorded.
    quarter = _decree_09_quarter(timezone.localdate(meeting.starts_at))
    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    chair.goto(live_server.url + reverse("reports:quarterly_report", args=["XA-TAN-TRAO", quarter.key]))
    consented = chair.get_by_label("Số cuộc họp cấp trưởng vắng, cử cấp phó dự có sự đồng ý của người chủ trì")
    expect(consented).to_have_value("1")
    expect(chair.get_by_text("Theo sổ theo dõi cuộc họp: 1.")).to_be_visible()
    consented.scroll_into_view_if_needed()
    shot(chair, "phone-chair-quarterly-item5")
