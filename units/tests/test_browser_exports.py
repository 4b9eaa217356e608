"""A large export in the browser, on a 390 px phone and a desktop (issue 12): the Office finds a
commune by typing its name (the drop-down is gone past UNIT_SELECT_LIMIT units), asks for the Excel
file of a list past the threshold, lands on a page that says the file is being made in the
background and follows it by itself, then downloads the file once the job (units.exports.build, the
job's whole body) has written it. Screenshots in /tmp/shots/exports."""

from __future__ import annotations

import io
import os
from datetime import date

import openpyxl
import pytest
from playwright.sync_api import expect

from tasks import filters
from tasks.tests.factories import assign
from units import exports
from units.models import Export
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/exports"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_large_export_is_made_in_the_background(browser, live_server, org, settings, monkeypatch, device):
    os.makedirs(SHOTS, exist_ok=True)
    settings.CHITHI_EXPORT_THRESHOLD = 2
    monkeypatch.setattr(filters, "UNIT_SELECT_LIMIT", 2)  # 300 in production: a handful of units here
    for n in range(4):
        assign(org, org.commune_a, deadline=date(2026, 12, 16), subject=f"Rà soát hồ sơ số {n + 1}")
    assign(org, org.commune_b, deadline=date(2026, 12, 16), subject="Việc của xã Hợp Thành")
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.office_staff.username, **options)
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_label("Đơn vị (tên hoặc mã)").fill("tan trao")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("main")).to_contain_text("4 lượt giao")
    expect(page.locator("main")).not_to_contain_text("Việc của xã Hợp Thành")
    page.screenshot(path=f"{SHOTS}/{device}-list.png", full_page=True)
    page.get_by_role("link", name="Tải Excel").click()
    expect(page.get_by_role("status")).to_contain_text("Tệp lớn được tạo ở chế độ nền")
    page.screenshot(path=f"{SHOTS}/{device}-waiting.png", full_page=True)
    export = Export.objects.get(user=org.office_staff)
    exports.build(export.pk)  # what the worker does; the page looks again by itself
    expect(page.get_by_role("status")).to_contain_text("Tệp đã sẵn sàng", timeout=15_000)
    page.screenshot(path=f"{SHOTS}/{device}-ready.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải tệp Excel").click()
    download = info.value
    assert download.suggested_filename.startswith("nhiem-vu-")
    with open(download.path(), "rb") as handle:
        sheet = openpyxl.load_workbook(io.BytesIO(handle.read())).active
    subjects = sorted(row[0].value for row in sheet.iter_rows(min_row=4))
    assert subjects == [f"Rà soát hồ sơ số {n + 1}" for n in range(4)]
