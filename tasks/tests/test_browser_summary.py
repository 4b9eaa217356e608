"""The Monday summary grouped by task, read on a 390 px phone and a desktop (issue 10): a task given
to 23 communes, all overdue, takes a card of a few lines, not a table per commune."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tasks.models import Assignment
from tasks.tests.factories import assign
from tasks.weekly import weekly_summary_run
from units.models import today_local
from units.tests.factories import UnitFactory
from units.tests.support import PHONE, sign_in
from units.workcalendar import Week

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/summary"
SUBJECT = (
    "Tổ chức quán triệt, triển khai thực hiện Chỉ thị 01/CT-UBND và Quy chế làm việc của UBND huyện nhiệm kỳ "
    "2021 - 2026 tới toàn thể cán bộ, công chức, viên chức, người lao động"
)


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_task_of_23_communes_is_one_card(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    week = Week.containing(today_local())
    communes = [UnitFactory(name=f"Xã Thử Nghiệm {n + 1:02d}") for n in range(23)]
    task = assign(org, *communes, subject=SUBJECT)
    other = assign(org, org.commune_a, subject="Rà soát diện tích đất công")
    due = week.monday - timedelta(days=5)
    Assignment.objects.filter(task__in=[task, other]).update(
        assigned_at=week.monday - timedelta(days=30), original_deadline=due, deadline=due, effective_deadline=due
    )
    weekly_summary_run(week=week, deliver=False)
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.chairman.username, **options)
    page.goto(f"{live_server.url}/summaries/{week.key}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(week.label)
    cards = page.locator("article.summary-task")
    expect(cards).to_have_count(2)
    card = cards.filter(has_text=SUBJECT)
    expect(card.get_by_text("23 đơn vị chưa báo cáo")).to_be_visible()
    expect(card.locator("ul.unit-chips li")).to_have_count(23)
    expect(page.get_by_text(SUBJECT)).to_have_count(1)
    height = card.bounding_box()["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    page.screenshot(path=f"{SHOTS}/{device}-summary.png", full_page=True)
    # The old layout was 8,182 px on a phone for such a week; a card is well under a screen.
    assert height < 900, height
    assert total < 3000, total
    page.context.close()
