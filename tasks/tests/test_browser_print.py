"""The print stylesheet (issue 10): the task progress page, the Monday summary, the dashboard and the
lists print on A4 without the menu, the footer or the forms; looked at as PDF pages in /tmp/shots/print."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from library.workcalendar import Week
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import AssignmentFactory, TaskFactory
from units.models import today_local
from units.tests.factories import UnitFactory
from units.tests.support import sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/print"


def test_pages_print_on_a4_without_the_menu(browser, live_server, org):
    os.makedirs(SHOTS, exist_ok=True)
    today = today_local()
    task = TaskFactory(subject="Tổ chức quán triệt Chỉ thị 01/CT-UBND", given_by=org.chairman.leaderships.get())
    for n in range(12):
        due = today - timedelta(days=3 + n)
        AssignmentFactory(
            task=task,
            unit=UnitFactory(name=f"Xã In Thử {n + 1}"),
            original_deadline=due,
            deadline=due,
            effective_deadline=due,
        )
    week = Week.containing(today)
    weekly_summary_run(week=week, deliver=False)
    page = sign_in(browser, live_server.url, org.chairman.username, viewport={"width": 1280, "height": 900})
    pages = {
        "task": reverse("tasks:task_detail", args=[task.pk]),
        "list": reverse("tasks:assignment_list"),
        "leader": reverse("tasks:leader_tasks"),
        "summary": reverse("tasks:summary_detail", args=[week.key]),
        "dashboard": reverse("reports:dashboard"),
    }
    for name, url in pages.items():
        page.goto(live_server.url + url)
        page.emulate_media(media="print")
        expect(page.locator("header.topbar")).to_be_hidden()
        expect(page.locator("footer.footer")).to_be_hidden()
        expect(page.locator("main")).to_be_visible()
        for form in page.locator("form.filters").all():
            expect(form).to_be_hidden()
        pdf = f"{SHOTS}/{name}.pdf"
        page.pdf(path=pdf, format="A4", print_background=True)
        assert os.path.getsize(pdf) > 1000
        if shutil.which("pdftoppm"):
            subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", pdf, f"{SHOTS}/{name}"], check=True)
        page.emulate_media(media="screen")
        expect(page.locator("header.topbar")).to_be_visible()
    page.context.close()
