"""The dashboard on a 390 px phone and a desktop (issue 10): the rates with their formula in words,
units with nothing due apart, a count followed to the list behind it."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tasks.tests.factories import AssignmentFactory
from units.models import today_local
from units.tests.factories import UnitFactory
from units.tests.support import PHONE, sign_in
from units.workcalendar import Quarter

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/dashboard"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_chairman_reads_the_rates_and_follows_a_count(browser, live_server, org, template, device):
    os.makedirs(SHOTS, exist_ok=True)
    quarter = Quarter.containing(today_local())
    overdue_day = max(quarter.cutoff_start, today_local() - timedelta(days=3))
    for _ in range(3):
        AssignmentFactory(
            unit=org.commune_a, original_deadline=overdue_day, deadline=overdue_day, effective_deadline=overdue_day
        )
    UnitFactory(name="Xã Chưa Có Việc")
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.chairman.username, **options)
    page.goto(f"{live_server.url}/reports/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(quarter.label)
    completion = page.locator("#completion")
    row = completion.get_by_role("row").filter(has_text="Xã Tân Trào")
    expect(row).to_contain_text("0%")
    expect(completion.get_by_text(re.compile("Tỷ lệ cập nhật = "))).to_be_visible()
    apart = completion.locator("p").filter(has_text="Chưa có nhiệm vụ đến hạn trong kỳ")
    expect(apart).to_contain_text("Xã Chưa Có Việc")
    page.screenshot(path=f"{SHOTS}/{device}-dashboard.png", full_page=True)
    row.get_by_role("link", name="3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ đã giao")
    expect(page.get_by_text("3 lượt giao")).to_be_visible()
    page.context.close()
