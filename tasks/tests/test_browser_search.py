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
VIEWPORTS = {
    "phone": PHONE,
    "tablet": {"viewport": {"width": 800, "height": 1000}},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


def _overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("device", sorted(VIEWPORTS))
def test_typing_without_diacritics_finds_the_task(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    task = assign(org, org.commune_a, org.commune_b, subject=SUBJECT)
    assign(org, org.commune_a, subject="Rà soát đất công")
    page = sign_in(browser, live_server.url, org.chairman.username, **VIEWPORTS[device])
    box = page.get_by_role("searchbox", name="Tìm kiếm")
    expect(box).to_be_visible()  # on a phone too, without opening the menu
    expect(box).to_have_attribute("placeholder", "Tìm nhiệm vụ, văn bản, đơn vị")
    width = page.viewport_size["width"]
    header = page.locator("header").first.bounding_box()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the screen
    box_area = box.bounding_box()
    assert box_area["x"] >= 0 and box_area["x"] + box_area["width"] <= width
    assert header["y"] <= box_area["y"] and box_area["y"] + box_area["height"] <= header["y"] + header["height"]
    assert box_area["width"] >= 250  # the placeholder can be read whole
    # Nothing in the header sits on top of the box: the brand, the menu's links, the account links.
    for other in page.locator("header .brand, header .nav-open, header .nav-button, header .mainnav a").all():
        if other.is_visible():
            assert not _overlap(box_area, other.bounding_box()), other.text_content()
    page.screenshot(path=f"{SHOTS}/{device}-header.png")
    box.fill("quan triet")
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tìm kiếm")
    expect(page.get_by_role("link", name=SUBJECT)).to_be_visible()
    expect(page.get_by_role("link", name="Rà soát đất công")).to_have_count(0)
    expect(page.get_by_role("searchbox", name="Tìm kiếm")).to_have_value("quan triet")  # kept in the header
    page.screenshot(path=f"{SHOTS}/{device}-results.png", full_page=True)
    if device == "phone":  # the menu still opens, and the search box does not cover it
        page.get_by_role("button", name="Menu").click()
        expect(page.get_by_role("navigation", name="Menu chính").get_by_role("link").first).to_be_visible()
        page.screenshot(path=f"{SHOTS}/{device}-menu-open.png", full_page=True)
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name=SUBJECT).click()
    expect(page).to_have_url(f"{live_server.url}/tasks/{task.pk}/")
    expect(page.get_by_role("heading", level=2, name="2/2 đơn vị chưa báo cáo")).to_be_visible()
    # Nothing found, for a word as long as the box allows: said so, and the page stays within the screen.
    page.goto(f"{live_server.url}/search/?q={'khong' * 200}")
    expect(page.get_by_text("Không tìm thấy kết quả nào cho")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=f"{SHOTS}/{device}-nothing-found.png", full_page=True)
    page.context.close()
