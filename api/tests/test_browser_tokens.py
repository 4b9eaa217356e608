"""The administrator issues an API key on a phone; the key shown once works at once; revoked, it
stops (Chromium, 390 px)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from units.tests.support import PHONE, shot, sign_in

pytestmark = pytest.mark.browser


def _get(url: str, key: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            json.load(response)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_administrator_issues_and_revokes_a_key_on_a_phone(browser, live_server, org):
    page = sign_in(browser, live_server.url, org.admin.username, **PHONE)
    page.goto(f"{live_server.url}/units/")
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Khóa API").click()
    page.get_by_label("Người dùng").select_option(label=org.office_staff.get_full_name())
    page.get_by_label("Tên, mục đích").fill("Kết nối hệ thống quản lý văn bản")
    page.get_by_role("button", name="Cấp khóa", exact=True).click()
    key = page.locator("code.api-key").inner_text().strip()
    assert key.startswith("ct_")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-api-key-issued")
    assert _get(f"{live_server.url}/api/v1/units/", key) == 200
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi khóa")).to_be_visible()
    assert _get(f"{live_server.url}/api/v1/units/", key) == 401
