"""A commune chair, on a phone, records a delegation for his deputy on his unit's page; the deputy
then signs the commune's report "KT." (Chromium)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from submissions.models import SubmissionStatus
from tasks.models import TaskReport
from tasks.tests.test_browser_journeys import REPORT_TEXT, assign_to, open_assignment_from_unit_page
from units.models import today_local
from units.tests.support import PHONE, preview_and_sign, shot, sign_in

pytestmark = pytest.mark.browser


def test_the_chair_delegates_on_a_phone_and_the_deputy_signs_kt(browser, live_server, org):
    assignment = assign_to(org, org.commune_a)
    today = today_local()
    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    chair.goto(f"{live_server.url}/units/{org.commune_a.code}/")
    chair.get_by_role("link", name="Quản lý cán bộ, ủy quyền").click()
    chair.get_by_text("Giao ký thay", exact=True).click()
    chair.get_by_label("Cấp phó ký thay").select_option(label=org.deputy_a.get_full_name())
    chair.get_by_label("Từ ngày").fill(today.strftime("%d/%m/%Y"))
    chair.get_by_label("Đến ngày").fill((today - timedelta(days=3)).strftime("%d/%m/%Y"))
    chair.get_by_label("Văn bản phân công ký thay").fill("Quyết định số 12/QĐ-UBND ngày 01/12/2026")
    chair.get_by_role("button", name="Ghi ủy quyền").click()
    expect(chair.get_by_text("Ngày kết thúc không được trước ngày bắt đầu.")).to_be_visible()
    expect(chair.get_by_label("Văn bản phân công ký thay")).to_have_value("Quyết định số 12/QĐ-UBND ngày 01/12/2026")
    chair.get_by_label("Đến ngày").fill((today + timedelta(days=30)).strftime("%d/%m/%Y"))
    chair.get_by_role("button", name="Ghi ủy quyền").click()
    expect(chair.get_by_text("Đã ghi ủy quyền")).to_be_visible()
    expect(chair.get_by_text("Chấm dứt từ hôm nay")).to_be_visible()
    assert chair.evaluate("document.documentElement.scrollWidth") <= 390
    shot(chair, "phone-chair-records-a-delegation")
    # Letting the officer go asks once more before it is done.
    chair.locator("summary", has_text="Thôi công tác").last.click()
    chair.get_by_role("button", name=f"Xác nhận: {org.officer_a.get_full_name()} thôi công tác từ hôm nay").click()
    expect(
        chair.get_by_text(f"{org.officer_a.get_full_name()} không còn công tác tại đơn vị từ hôm nay.")
    ).to_be_visible()
    expect(chair.get_by_role("heading", name="2 người đang công tác")).to_be_visible()
    shot(chair, "phone-chair-lets-an-officer-go")

    deputy = sign_in(browser, live_server.url, org.deputy_a.username, **PHONE)
    open_assignment_from_unit_page(deputy)
    deputy.get_by_label("Nội dung báo cáo").fill(REPORT_TEXT)
    deputy.get_by_role("button", name="Lưu dự thảo").click()
    expect(deputy.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    preview_and_sign(deputy, deputy=True)
    expect(deputy.get_by_text("Đã ký và gửi báo cáo tới Văn phòng HĐND và UBND huyện.")).to_be_visible()
    shot(deputy, "phone-deputy-signs-kt")
    report = TaskReport.objects.get(assignment=assignment)
    assert (report.status, report.signed_by, report.signing_mode) == (SubmissionStatus.SUBMITTED, org.deputy_a, "KT.")
