"""The Monday summary grouped by task, read on a 390 px phone and a desktop (issue 10): the Chairman
opens the latest summary from the list; a task given to 23 communes, all overdue, takes a card of a
few lines, not a table per commune (the old page was 8,182 px tall on a phone). Screenshots in
/tmp/shots/summary."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from library.workcalendar import Week
from tasks.models import Assignment
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from units.models import today_local
from units.tests.factories import UnitFactory
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/summary"
SUBJECT = (
    "Tổ chức quán triệt, triển khai thực hiện Chỉ thị 01/CT-UBND và Quy chế làm việc của UBND huyện nhiệm kỳ "
    "2021 - 2026 tới toàn thể cán bộ, công chức, viên chức, người lao động"
)
VARIED = "Rà soát, báo cáo kết quả chuyển đổi số năm 2026"


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_task_of_23_communes_is_one_card(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    week = Week.containing(today_local())
    communes = [UnitFactory(name=f"Xã Thử Nghiệm {n + 1:02d}") for n in range(23)]
    task = assign(org, *communes, subject=SUBJECT)
    other = assign(org, org.commune_a, subject="Rà soát diện tích đất công")
    varied = assign(org, *communes[:4], subject=VARIED, leader=org.vice_chairman.leaderships.get())
    due = week.monday - timedelta(days=5)
    Assignment.objects.filter(task__in=[task, other, varied]).update(
        assigned_at=week.monday - timedelta(days=30), original_deadline=due, deadline=due, effective_deadline=due
    )
    # Units of one task as late as each other or not, one given more time.
    for n, assignment in enumerate(varied.assignments.order_by("unit__name")):
        later = due + timedelta(days=n)
        assignment.deadline = assignment.effective_deadline = later
        assignment.save(update_fields=["deadline", "effective_deadline"])
    weekly_summary_run(week=week, deliver=False)
    options = PHONE if device == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = sign_in(browser, live_server.url, org.chairman.username, **options)
    # The Chairman opens the latest Monday summary from the list, named by its week.
    page.goto(f"{live_server.url}/summaries/")
    label = week.label[0].upper() + week.label[1:]
    page.get_by_role("link", name=label).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(week.label)
    expect(page).to_have_url(f"{live_server.url}/summaries/{week.key}/")
    expect(page.locator("main")).not_to_contain_text(week.key)
    cards = page.locator("article.summary-task")
    expect(cards).to_have_count(3)
    card = cards.filter(has_text=SUBJECT)
    expect(card.get_by_text("23 đơn vị chưa báo cáo")).to_be_visible()
    # A dozen units, longest overdue first, then one link to all of them.
    expect(card.locator("ul.unit-chips li")).to_have_count(13)
    expect(card.get_by_role("link", name="và 11 đơn vị khác — xem tất cả")).to_be_visible()
    expect(page.get_by_text(SUBJECT)).to_have_count(1)
    mixed = cards.filter(has_text=VARIED)
    expect(mixed.locator("ul.unit-chips li")).to_have_count(4)
    expect(mixed.locator("ul.unit-chips li").first).to_contain_text("5 ngày")
    expect(mixed.get_by_text("đã gia hạn")).to_have_count(3)
    expect(page.get_by_role("heading", name="Quá hạn chưa báo cáo: 3 nhiệm vụ, 28 lượt đơn vị")).to_be_visible()
    height = card.bounding_box()["height"]
    total = page.evaluate("document.documentElement.scrollHeight")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    page.screenshot(path=f"{SHOTS}/{device}-summary.png", full_page=True)
    # The old layout was 8,182 px on a phone for such a week; a card is well under a screen.
    assert height < 700, height
    assert total < 3000, total
    assert overflow <= 0, overflow  # nothing wider than the phone
    # Narrowed to the Vice Chairman's tasks: the filter stays, the grouping too.
    page.get_by_label("Lãnh đạo giao").select_option(label=next(iter(_vice_names(org))))
    page.get_by_role("button", name="Lọc").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text(VARIED)
    # Every unit of the big task, on the task's own page in the summary.
    page.get_by_label("Lãnh đạo giao").select_option(label="Tất cả lãnh đạo")
    page.get_by_role("button", name="Lọc").click()
    card.get_by_role("link", name="và 11 đơn vị khác — xem tất cả").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.locator("table.list tbody tr")).to_have_count(23)
    page.screenshot(path=f"{SHOTS}/{device}-summary-task.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, overflow
    page.context.close()


def _vice_names(org):
    leader = org.vice_chairman.leaderships.get()
    yield f"{leader.get_position_display()} {leader.user.get_full_name()}"
