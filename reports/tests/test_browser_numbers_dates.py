"""Issue 9, defects 4 and 5 in Chromium set to English (en-US), where <input type=number> read
"92,5" as 925 and <input type=date> showed mm/dd/yyyy: a commune chair types "92,5" and "1.430" on a
phone; the Office types a deadline dd/mm/yyyy, is told a day that does not exist, then picks one
from the calendar button."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from library.workcalendar import Quarter
from reports.models import QuarterlyReport
from tasks.models import Assignment
from units.models import today_local
from units.tests.support import BROWSER_TIMEOUT_MS, PHONE, fill_login

pytestmark = pytest.mark.browser


def english_browser(browser, base_url: str, username: str, **options):
    """A fresh context whose browser language is English (en-US), signed in as `username`."""
    context = browser.new_context(locale="en-US", **options)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    fill_login(page, base_url, username)
    page.wait_for_url(lambda url: "/login/" not in url)
    assert page.evaluate("navigator.language") == "en-US"
    return page


def test_figures_typed_the_vietnamese_way_in_an_english_browser(browser, live_server, org, template):
    quarter = Quarter.containing(today_local())
    page = english_browser(browser, live_server.url, org.chair_a.username, **PHONE)
    page.goto(f"{live_server.url}/reports/quarterly/{org.commune_a.code}/{quarter.key}/")

    percent = page.get_by_label("Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử")
    count = page.get_by_label("Số hồ sơ thủ tục hành chính giải quyết đúng hạn")
    expect(percent).to_have_attribute("inputmode", "decimal")
    # A wrong figure first: the error names it and the box keeps it.
    percent.fill("9,2,5")
    count.fill("1.430")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("“9,2,5” không phải là số.")).to_be_visible()
    expect(percent).to_have_value("9,2,5")
    expect(count).to_have_value("1.430")
    assert not QuarterlyReport.objects.exists()

    percent.fill("92,5")
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo báo cáo quý.")).to_be_visible()
    expect(percent).to_have_value("92,5")
    expect(count).to_have_value("1.430")
    report = QuarterlyReport.objects.get(unit=org.commune_a)
    assert (report.values["ty_le_van_ban_dien_tu"], report.values["ho_so_dung_han"]) == (92.5, 1430)
    page.context.close()


def test_a_deadline_typed_or_picked_in_an_english_browser(browser, live_server, org):
    typed_day = today_local() + timedelta(days=30)
    picked_day = today_local() + timedelta(days=45)
    page = english_browser(browser, live_server.url, org.office_staff.username)

    def new_task(subject: str):
        page.goto(f"{live_server.url}/tasks/new/")
        page.get_by_label("Trích yếu nhiệm vụ").fill(subject)
        page.get_by_label("Lãnh đạo giao").select_option(label=str(org.chairman.leaderships.get()))
        page.get_by_role("checkbox", name="Xã Tân Trào").check()
        return page.get_by_label("Hạn báo cáo")

    # Typed: a day that does not exist is named and kept; then the day meant.
    deadline = new_task("Nhiệm vụ hạn gõ tay")
    expect(deadline).to_have_attribute("placeholder", "dd/mm/yyyy")
    deadline.fill("31/02/2027")
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Ngày 31/02/2027 không có thật")).to_be_visible()
    expect(page.get_by_label("Hạn báo cáo")).to_have_value("31/02/2027")
    page.get_by_label("Hạn báo cáo").fill(typed_day.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao nhiệm vụ cho 1 đơn vị.")).to_be_visible()
    assert Assignment.objects.get(task__subject="Nhiệm vụ hạn gõ tay").deadline == typed_day

    # Picked: the calendar button opens the browser's calendar from the day typed, and the day
    # chosen there is written dd/mm/yyyy. (Headless Chromium draws no calendar; the pick is the
    # change event the calendar sends.)
    deadline = new_task("Nhiệm vụ hạn chọn trên lịch")
    deadline.fill(typed_day.strftime("%-d/%-m/%Y"))
    button = page.get_by_role("button", name="Chọn ngày trên lịch")
    expect(button).to_be_visible()
    button.click()
    native = page.locator(".datefield", has=deadline).locator("input.datefield-native")  # the deadline's own
    expect(native).to_have_value(typed_day.isoformat())
    native.evaluate(
        "(el, day) => { el.value = day; el.dispatchEvent(new Event('change', {bubbles: true})); }",
        picked_day.isoformat(),
    )
    expect(deadline).to_have_value(picked_day.strftime("%d/%m/%Y"))
    expect(button).to_be_focused()
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao nhiệm vụ cho 1 đơn vị.")).to_be_visible()
    assert Assignment.objects.get(task__subject="Nhiệm vụ hạn chọn trên lịch").deadline == picked_day
    page.context.close()
