"""User journeys in Debian's Chromium (Playwright)."""

from __future__ import annotations

import re

import pytest

from units.tests.support import PHONE, fill_login

pytestmark = pytest.mark.browser


def test_commune_chair_lands_on_own_unit_and_gets_404_for_another(browser, live_server, org):
    context = browser.new_context(**PHONE, locale="vi-VN")
    page = context.new_page()
    fill_login(page, live_server.url, org.chair_a.username)
    page.wait_for_url(re.compile(r"/units/XA-TAN-TRAO/tasks/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Nhiệm vụ của đơn vị")
    assert "Xã Tân Trào" in page.content()

    response = page.goto(f"{live_server.url}/units/{org.commune_b.code}/")
    assert response.status == 404
    assert "Xã Hợp Thành" not in page.content()
    context.close()


def test_wrong_password_keeps_the_user_name_and_says_why(browser, live_server, org):
    page = browser.new_page()
    fill_login(page, live_server.url, org.chair_a.username, "sai-mat-khau")
    assert page.get_by_role("alert").inner_text().startswith("Tên đăng nhập hoặc mật khẩu không đúng")
    assert page.get_by_label("Tên đăng nhập").input_value() == org.chair_a.username
    page.close()
