"""The dashboard on a 390 px phone and a 1280 px desktop (issue 10): the Chairman reads each unit's
rates — none cut off — with their formula in words, sees the units with nothing due apart, and
follows a count to the list behind it."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from library.workcalendar import Quarter
from tasks.models import Assignment
from tasks.tests.factories import AssignmentFactory
from units.models import today_local
from units.tests.factories import UnitFactory
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/dashboard"
WIDTHS = {"phone": 390, "desktop": 1280}


def _due(unit, day, reported_on=None):
    a = AssignmentFactory(unit=unit, original_deadline=day, deadline=day, effective_deadline=day)
    if reported_on:
        Assignment.objects.filter(pk=a.pk).update(reported_on=reported_on)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_chairman_reads_the_rates_and_follows_a_count(browser, live_server, org, template, device):
    os.makedirs(SHOTS, exist_ok=True)
    today = today_local()
    quarter = Quarter.containing(today)
    overdue_day = max(quarter.cutoff_start, today - timedelta(days=3))
    for _ in range(3):
        _due(org.commune_a, overdue_day)
    # 2 of 3 reported, 1 of them on time: 66,7% and 33,3%.
    _due(org.commune_b, overdue_day, reported_on=overdue_day)
    _due(org.commune_b, overdue_day, reported_on=overdue_day + timedelta(days=1))
    _due(org.commune_b, overdue_day)
    UnitFactory(name="Xã Chưa Có Việc")
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.chairman.username, **options)
    page.goto(f"{live_server.url}/reports/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(quarter.label)
    expect(page.get_by_label("Quý", exact=True)).to_have_value(quarter.key)
    expect(page.get_by_label("Quý", exact=True).locator("option:checked")).to_have_text(quarter.label)
    completion = page.locator("#completion")
    page.screenshot(path=f"{SHOTS}/{device}-dashboard.png", full_page=True)
    completion.screenshot(path=f"{SHOTS}/{device}-completion.png")
    row = completion.locator("tbody tr").filter(has_text="Xã Hợp Thành")
    rates = row.locator("td.rate")
    expect(rates).to_have_text(["66,7%", "33,3%"])
    for cell in rates.all():
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[device], box
    # Ranked: Hợp Thành (66,7%) before Tân Trào (0%).
    names = completion.locator("td.unit-cell").all_inner_texts()
    assert names.index("Xã Hợp Thành") < names.index("Xã Tân Trào")
    # The formula: in words under the table (phones show no tooltips), and as the heading's tooltip.
    expect(completion.get_by_text(re.compile("^Tỷ lệ cập nhật = "))).to_be_visible()
    if device == "desktop":
        heading = completion.locator("abbr", has_text="Tỷ lệ cập nhật")
        expect(heading).to_be_visible()
        expect(heading).to_have_attribute("title", re.compile("^Tỷ lệ cập nhật = .+÷"))
        # The whole table fits: nothing to scroll sideways.
        region = completion.get_by_role("region")
        assert region.evaluate("e => e.scrollWidth <= e.clientWidth")
    apart = completion.locator("p").filter(has_text="Chưa có nhiệm vụ đến hạn trong kỳ")
    expect(apart).to_contain_text("Xã Chưa Có Việc")
    expect(apart).not_to_contain_text("%")
    # "Đến hạn" 3: done on time, done late and overdue together.
    row.locator('td[data-label="Đến hạn"]').get_by_role("link", name="3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ đã giao")
    expect(page.get_by_text("3 lượt giao")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/{device}-list-behind-a-count.png", full_page=True)
    # A submission count opens the quarterly list of those units.
    page.go_back()
    page.get_by_role("list", name="Tình hình gửi báo cáo quý").get_by_role("link", name="4 chưa gửi").click()
    expect(page.get_by_text("Đơn vị chưa gửi: 4")).to_be_visible()
    expect(page.locator("table.list tbody tr")).to_have_count(4)
    page.screenshot(path=f"{SHOTS}/{device}-quarterly-list-not-sent.png", full_page=True)
    page.context.close()
