"""Withdraw a task, played in Chromium: a commune chair on a phone asks that a task not within his
commune's competence be withdrawn; the Chairman finds the request in "Chờ quyết định" on a desktop
and agrees; the commune's list no longer counts it, the assignment says so, its history stays."""

from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tasks.tests.factories import assign
from units.models import today_local
from units.tests.support import PHONE, shot, sign_in

pytestmark = pytest.mark.browser


def test_a_chair_asks_to_withdraw_and_the_chairman_agrees(browser, live_server, org):
    task = assign(org, org.commune_a, deadline=today_local() + timedelta(days=10), subject="Cấp phép khai thác cát")
    a = task.assignments.get()
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    page.get_by_role("link", name="Cấp phép khai thác cát").click()
    page.get_by_text("Đề nghị rút hoặc chuyển nhiệm vụ", exact=True).click()
    page.get_by_label("Rút nhiệm vụ khỏi đơn vị").check()
    page.get_by_role("button", name="Gửi đề nghị").last.click()
    # No reason: refused beside the field, the choice kept.
    expect(page.get_by_text("Nêu lý do (không thuộc chức năng")).to_be_visible()
    expect(page.get_by_label("Rút nhiệm vụ khỏi đơn vị")).to_be_checked()
    page.locator("#id_change-reason").fill("Cấp phép khai thác khoáng sản thuộc thẩm quyền của UBND tỉnh, không của xã")
    page.get_by_role("button", name="Gửi đề nghị").last.click()
    expect(page.get_by_text("Đã gửi đề nghị tới lãnh đạo giao nhiệm vụ.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-chair-asked-withdrawal")

    boss = sign_in(browser, live_server.url, org.chairman.username, viewport={"width": 1280, "height": 900})
    boss.get_by_role("link", name="Chờ quyết định").click()
    expect(boss.get_by_text("Đề nghị rút, chuyển nhiệm vụ")).to_be_visible()
    boss.get_by_role("link", name="Cấp phép khai thác cát").click()
    boss.get_by_role("button", name="Đồng ý rút").click()
    expect(boss.get_by_text("Đã đồng ý.")).to_be_visible()
    shot(boss, "desktop-chairman-agreed")

    page.goto(f"{live_server.url}/assignments/{a.pk}/")
    expect(page.get_by_text("Nhiệm vụ đã được rút khỏi đơn vị ngày")).to_be_visible()
    expect(page.get_by_text("Đã rút khỏi đơn vị").first).to_be_visible()
    expect(page.get_by_text("Đề nghị gia hạn", exact=True)).to_have_count(0)  # nothing more to ask
    shot(page, "phone-chair-withdrawn")
    a.refresh_from_db()
    assert a.withdrawn_at is not None
