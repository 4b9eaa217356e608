"""Item 7 played in Chromium: Organization–Home Affairs records an inspection on a phone with a
violation and a follow-up measure; the commune chair sees the measure among his unit's tasks and
the quarterly report's item-7 figures filled in; his officer sees the inspection without names."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from inspections.models import Finding
from meetings.tests.test_browser_meetings import _decree_09_quarter
from units.models import today_local
from units.tests.support import PHONE, shot, sign_in

pytestmark = pytest.mark.browser


def test_home_affairs_records_an_inspection_and_the_unit_sees_its_measure(browser, live_server, org, template):
    today = today_local().strftime("%d/%m/%Y")
    page = sign_in(browser, live_server.url, org.reviewer.username, **PHONE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Kiểm tra", exact=True).click()
    page.get_by_role("link", name="Ghi cuộc kiểm tra").click()
    page.get_by_label("Đơn vị được kiểm tra").select_option(label="Xã Tân Trào")
    page.get_by_label("Ngày kiểm tra").fill(today)
    page.get_by_label("Nội dung kiểm tra").fill("Kiểm tra giờ giấc làm việc và văn hóa công sở tại bộ phận một cửa")
    page.get_by_label("Thành phần đoàn kiểm tra").fill("Đoàn kiểm tra công vụ huyện")
    page.get_by_role("button", name="Lưu cuộc kiểm tra").click()
    expect(page.get_by_text("Đã ghi cuộc kiểm tra.")).to_be_visible()

    page.get_by_text("Thêm vi phạm", exact=True).click()
    page.get_by_label("Loại vi phạm").select_option(label="Vi phạm văn hóa công sở")
    page.get_by_label("Nội dung vi phạm").fill("Không đeo thẻ công chức khi tiếp công dân")
    page.get_by_label("Người vi phạm (họ tên, chức vụ; nếu có)").fill("Ông Nguyễn Văn Bảy, công chức một cửa")
    page.get_by_role("button", name="Ghi vi phạm").click()
    expect(page.get_by_text("Đã ghi vi phạm.")).to_be_visible()

    page.get_by_text("Giao biện pháp khắc phục", exact=True).click()
    measure = "Chấn chỉnh việc đeo thẻ công chức tại bộ phận một cửa"
    page.get_by_role("textbox", name="Biện pháp khắc phục").fill(measure)
    page.get_by_label("Hạn báo cáo kết quả khắc phục").fill("31/12/2099")
    page.get_by_role("button", name="Giao cho đơn vị").click()
    expect(page.get_by_text("Đã giao biện pháp khắc phục cho đơn vị")).to_be_visible()
    expect(page.get_by_role("link", name="Chấn chỉnh việc đeo thẻ công chức tại bộ phận một cửa")).to_be_visible()
    expect(page.get_by_text("Ông Nguyễn Văn Bảy")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-home-affairs-inspection")
    inspection = Finding.objects.get().inspection

    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    expect(chair.get_by_text("Chấn chỉnh việc đeo thẻ công chức tại bộ phận một cửa")).to_be_visible()  # his tasks
    shot(chair, "phone-chair-tasks-with-measure")
    quarter = _decree_09_quarter(today_local())
    chair.goto(live_server.url + reverse("reports:quarterly_report", args=["XA-TAN-TRAO", quarter.key]))
    expect(chair.get_by_label("Số cuộc kiểm tra đã tiến hành")).to_have_value("1")
    expect(chair.get_by_label("Số vi phạm phát hiện qua kiểm tra")).to_have_value("1")
    expect(chair.get_by_label("Số trường hợp vi phạm văn hóa công sở, đạo đức công vụ")).to_have_value("1")

    officer = sign_in(browser, live_server.url, org.officer_a.username, viewport={"width": 1280, "height": 900})
    officer.goto(live_server.url + reverse("inspections:inspection_detail", args=[inspection.pk]))
    expect(officer.get_by_text("Không đeo thẻ công chức khi tiếp công dân")).to_be_visible()
    expect(officer.get_by_text("Ông Nguyễn Văn Bảy")).to_have_count(0)
    expect(officer.get_by_text("(ẩn tên)")).to_be_visible()
    shot(officer, "desktop-officer-inspection")
