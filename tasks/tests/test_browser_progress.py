"""The leaders' and the Office's journeys of issue 10, in Chromium on a 390 px phone and a desktop:
the Chairman, from his landing page, answers "which units have not reported on task X" in one click
and reminds them; the Office empties its queue of decisions, coming back to it after each."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tasks import services
from tasks.models import UnitReminder
from tasks.tests.factories import AssignmentFactory, TaskFactory, assign
from units.models import Position, today_local
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/progress"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
SUBJECT = "Tổ chức quán triệt Chỉ thị 01/CT-UBND tới toàn thể cán bộ, công chức"


def _overdue_task(org):
    """The Chairman's task given to nine communes five days ago: six overdue, three reported."""
    today = today_local()
    task = TaskFactory(subject=SUBJECT, given_by=org.chairman.leaderships.get(), created_by=org.office_staff)
    due = today - timedelta(days=5)
    for n in range(9):
        unit = UnitFactory(name=f"Xã Thử Nghiệm {n + 1}")
        MembershipFactory(unit=unit, position=Position.HEAD)
        reported = due - timedelta(days=1) if n >= 6 else None
        AssignmentFactory(
            task=task, unit=unit, original_deadline=due, deadline=due, effective_deadline=due, reported_on=reported
        )
    TaskFactory(subject="Nhiệm vụ khác của Chủ tịch", given_by=org.chairman.leaderships.get())
    return task


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_chairman_finds_who_has_not_reported_and_reminds_them(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    task = _overdue_task(org)
    other = task.assignments.order_by("pk").first()
    AssignmentFactory(task=TaskFactory(given_by=org.chairman.leaderships.get()), unit=other.unit)
    page = sign_in(browser, live_server.url, org.chairman.username, **(PHONE if device == "phone" else DESKTOP))

    # The landing page: one row for the task, its answer on it.
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ tôi giao")
    row = page.locator(".task-row", has=page.get_by_role("link", name=SUBJECT))
    expect(row).to_have_count(1)
    expect(row.get_by_text("6/9 đơn vị chưa báo cáo")).to_be_visible()
    page.screenshot(path=f"{SHOTS}/1-{device}-landing.png", full_page=True)

    # One click: the task's progress, the overdue units first with days overdue.
    row.get_by_role("link", name=SUBJECT).click()
    expect(page.get_by_role("heading", level=2, name="6/9 đơn vị chưa báo cáo")).to_be_visible()
    overdue = page.locator("section.status-group", has=page.get_by_role("heading", name=re.compile("Quá hạn")))
    expect(overdue.locator("li")).to_have_count(6)
    expect(overdue.get_by_text("quá hạn 5 ngày").first).to_be_visible()
    page.screenshot(path=f"{SHOTS}/2-{device}-progress.png", full_page=True)

    # Filter: only those reported.
    page.get_by_role("link", name=re.compile("3 Đã báo cáo đúng hạn")).click()
    expect(page.locator("section.status-group")).to_have_count(1)
    page.get_by_role("link", name=re.compile("9 Tất cả")).click()

    # Remind one, then all the others; the first is not reminded twice.
    first = overdue.locator("li").first
    first.get_by_role("button", name="Nhắc").click()
    expect(page.get_by_text("Đã nhắc 1 đơn vị")).to_be_visible()
    expect(first.get_by_text("nhắc lại từ")).to_be_visible()  # not offered twice the same day
    page.get_by_role("button", name="Nhắc tất cả 5 đơn vị chưa báo cáo").click()
    expect(page.get_by_text("Đã nhắc 5 đơn vị")).to_be_visible()
    expect(page.locator(".reminded")).to_have_count(6)
    expect(page.locator(".remind-later")).to_have_count(6)
    expect(page.get_by_role("button", name=re.compile("Nhắc tất cả"))).to_have_count(0)
    page.screenshot(path=f"{SHOTS}/3-{device}-reminded.png", full_page=True)
    assert UnitReminder.objects.filter(assignment__task=task).count() == 6
    assert set(UnitReminder.objects.values_list("sent_by", flat=True)) == {org.chairman.pk}
    page.context.close()


def _waiting_for_the_office(org):
    deadline = date.today() + timedelta(days=20)
    for unit, head in ((org.commune_a, org.chair_a), (org.commune_b, org.chair_b)):
        assignment = assign(org, unit, subject=f"Báo cáo của {unit.name}", deadline=deadline).assignments.get()
        services.report_save_draft(actor=head, assignment=assignment, text="Đã thực hiện xong.", revision=None)
        services.report_submit(actor=head, assignment=assignment)
    extend = assign(org, org.commune_a, subject="Xin gia hạn", deadline=deadline).assignments.get()
    services.extension_request_create(
        actor=org.chair_a, assignment=extend, requested_deadline=deadline + timedelta(days=10), reason="Chờ số liệu"
    )


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_office_empties_its_queue(browser, live_server, org, device):
    os.makedirs(SHOTS, exist_ok=True)
    _waiting_for_the_office(org)
    page = sign_in(browser, live_server.url, org.office_staff.username, **(PHONE if device == "phone" else DESKTOP))
    if device == "phone":
        page.get_by_role("button", name="Menu").click()
    queue_link = page.get_by_role("link", name=re.compile("Chờ quyết định"))
    expect(queue_link).to_contain_text("3")
    queue_link.click()
    expect(page.locator("tbody tr")).to_have_count(3)
    page.screenshot(path=f"{SHOTS}/4-{device}-queue.png", full_page=True)
    for left in (2, 1):
        page.locator("tbody tr").first.get_by_role("link").click()
        page.get_by_role("button", name="Chấp nhận báo cáo").click()
        expect(page).to_have_url(re.compile(r"/queue/(#\w+)?$"))
        expect(page.get_by_text("Đã chấp nhận báo cáo")).to_be_visible()
        expect(page.locator("tbody tr")).to_have_count(left)
    page.locator("tbody tr").first.get_by_role("link").click()
    page.get_by_role("button", name="Đồng ý gia hạn").click()
    expect(page).to_have_url(re.compile(r"/queue/(#\w+)?$"))
    expect(page.get_by_text("Không có việc nào chờ bạn quyết định.")).to_be_visible()
    expect(page.locator("[data-queue-count]")).to_have_text("0")
    page.screenshot(path=f"{SHOTS}/5-{device}-queue-empty.png", full_page=True)
    page.context.close()
