"""A search typed without diacritics on a phone finds the task (issue 10), from the header's box."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import expect

from tasks.tests.factories import assign
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/search"
SUBJECT = "Tổ chức quán triệt Chỉ thị 01/CT-UBND tới toàn thể cán bộ"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_typing_without_diacritics_finds_the_task(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    task = assign(org, org.commune_a, org.commune_b, subject=SUBJECT)
    assign(org, org.commune_a, subject="Rà soát đất công")
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.chairman.username, **options)
    box = page.get_by_role("searchbox", name="Tìm kiếm")
    expect(box).to_be_visible()  # on a phone too, without opening the menu
    box.fill("QUAN TRIET")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")
    expect(page.get_by_role("link", name=SUBJECT)).to_be_visible()
    expect(page.get_by_role("link", name="Rà soát đất công")).to_have_count(0)
    page.screenshot(path=f"{SHOTS}/{device}-results.png", full_page=True)
    page.get_by_role("link", name=SUBJECT).click()
    expect(page).to_have_url(f"{live_server.url}/tasks/{task.pk}/")
    expect(page.get_by_role("heading", level=2, name="2/2 đơn vị chưa báo cáo")).to_be_visible()
    page.context.close()
