"""In Chromium (issue 9): every main page passes the Content-Security-Policy (nothing inline), English
chosen on the login page works through login (defect 9), and the phone menu, the skip link and the
scrolling tables work from the keyboard (defect 13)."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from library.workcalendar import Quarter, Week
from units.models import today_local
from units.tests.factories import PASSWORD
from units.tests.support import BROWSER_TIMEOUT_MS, PDF, PHONE, Q3, sign_in

pytestmark = pytest.mark.browser

DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# Every CSP violation the page reports, whatever reports it first: the DOM event or the console.
COLLECT_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
    " at " + (e.sourceFile || location.pathname) + ":" + e.lineNumber);
});
"""


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where screenshots go: CHITHI_SHOTS_DIR to keep them and look at them, else a temporary folder."""
    folder = Path(os.environ.get("CHITHI_SHOTS_DIR") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def busy(org, template):
    """A directive, an assignment of Tân Trào with a draft report and a file, a Q3 report sent by Tân
    Trào with its day-25 draft rollup, a Monday summary: something on every page."""
    from reports import services as report_services
    from reports.services import periodic
    from submissions.services import submission_attach
    from tasks import services
    from tasks.models import Directive
    from tasks.services.weekly import weekly_summary_run
    from tasks.tests.factories import assign

    task = assign(org, org.commune_a, org.commune_b, deadline=today_local() + timedelta(days=10))
    assignment = task.assignments.get(unit=org.commune_a)
    draft = services.report_save_draft(actor=org.chair_a, assignment=assignment, text="Đã triển khai.", revision=None)
    submission_attach(actor=org.chair_a, submission=draft, upload=SimpleUploadedFile("bao-cao.pdf", PDF))

    report = report_services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={},
        values={i.code: 2 for section in template.sections.all() for i in section.indicators.all()},
        revision=None,
    )
    report_services.quarterly_submit(actor=org.chair_a, report=report, revision=report.revision, confirmed_empty=True)
    periodic.quarter_rollup_run(quarter=Q3)

    week = Week.containing(today_local()).previous()
    summary = weekly_summary_run(week=week).result
    return {
        "task": task,
        "assignment": assignment,
        "directive": Directive.objects.get(number="01/CT-UBND"),
        "week": week.key if summary is not None else None,
    }


def office_pages(busy, org) -> list[str]:
    pages = [
        "/tasks/",
        "/tasks/by-unit/",
        "/tasks/new/",
        "/tasks/given-by-me/",
        f"/tasks/{busy['task'].pk}/",
        f"/assignments/{busy['assignment'].pk}/",
        "/directives/",
        f"/directives/{busy['directive'].pk}/",
        "/summaries/",
        f"/reports/dashboard/?quarter={Q3.key}",
        f"/reports/rollups/{Q3.key}/",
        f"/reports/quarterly/?quarter={Q3.key}",
        f"/reports/quarterly/{org.commune_a.code}/{Q3.key}/",
        "/units/",
        f"/units/{org.commune_a.code}/",
        "/calendar/",
        "/notifications/",
        "/password/",
    ]
    if busy["week"]:
        pages.append(f"/summaries/{busy['week']}/")
    return pages


def unit_pages(busy, org) -> list[str]:
    current = Quarter.containing(today_local())
    return [
        f"/units/{org.commune_a.code}/tasks/",
        f"/assignments/{busy['assignment'].pk}/",
        f"/tasks/{busy['task'].pk}/",
        "/reports/quarterly/",
        f"/reports/quarterly/{org.commune_a.code}/{current.key}/",
        f"/reports/quarterly/{org.commune_a.code}/{Q3.key}/",
        "/directives/",
        f"/directives/{busy['directive'].pk}/",
        "/units/",
        f"/units/{org.commune_a.code}/",
        "/calendar/",
        "/notifications/",
        "/password/",
    ]


def _visit_all(page, base_url: str, paths: list[str], *, expect_status: int = 200) -> list[str]:
    """Visit each path; return every CSP violation seen (DOM event or console), with its page."""
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    found = []
    for path in paths:
        console.clear()
        response = page.goto(base_url + path)
        assert response.status == expect_status, (path, response.status)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
        page.wait_for_timeout(50)  # violation events are queued as tasks
        found += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        found += [f"{path}: {text}" for text in console]
    return found


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_main_page_passes_the_content_security_policy(browser, live_server, org, busy, viewport):
    violations = []
    for user, paths in (
        (org.office_staff, office_pages(busy, org)),
        (org.chair_a, unit_pages(busy, org)),
        (org.reviewer, [f"/reports/quarterly/{org.commune_a.code}/{Q3.key}/", f"/reports/rollups/{Q3.key}/"]),
        (org.nobody, ["/no-role/"]),
    ):
        page = sign_in(browser, live_server.url, user.username, **viewport)
        page.context.add_init_script(COLLECT_VIOLATIONS)
        violations += _visit_all(page, live_server.url, paths)
        violations += _visit_all(page, live_server.url, ["/no-such-page/"], expect_status=404)
        page.context.close()

    context = browser.new_context(locale="vi-VN", **viewport)
    context.add_init_script(COLLECT_VIOLATIONS)
    page = context.new_page()
    anonymous = ["/login/", "/password/reset/", "/password/reset/sent/", "/password/reset/MQ/sai-ma/"]
    violations += _visit_all(page, live_server.url, anonymous)
    context.close()
    assert violations == []


def test_english_chosen_on_the_login_page_works_through_login(browser, live_server, org, shots):
    context = browser.new_context(locale="vi-VN", **PHONE)
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.locator("#language option")).to_have_text(["Tiếng Việt", "English"])
    page.screenshot(path=str(shots / "01-login-vi-phone.png"), full_page=True)

    page.get_by_label("Ngôn ngữ").select_option("en")  # chithi.js sends the form
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/login/$"))
    expect(page.locator("#language option")).to_have_text(["Tiếng Việt", "English"])
    page.screenshot(path=str(shots / "02-login-en-phone.png"), full_page=True)

    page.get_by_label("Username").fill(org.chair_a.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(rf"/units/{org.commune_a.code}/tasks/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Unit tasks")
    assert page.evaluate("document.documentElement.lang") == "en"
    page.screenshot(path=str(shots / "03-landed-en-phone.png"), full_page=True)

    page.get_by_label("Language").select_option("vi")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhiệm vụ của đơn vị")
    context.close()


def test_the_phone_menu_skip_link_and_tables_work_from_the_keyboard(browser, live_server, org, busy, shots):
    page = sign_in(browser, live_server.url, org.office_staff.username, **PHONE)
    page.goto(f"{live_server.url}/units/")
    menu = page.get_by_role("navigation", name="Menu chính")
    button = page.get_by_role("button", name="Menu")
    expect(menu).to_be_hidden()
    page.screenshot(path=str(shots / "04-phone-menu-closed.png"))

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Bỏ qua đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.screenshot(path=str(shots / "05-phone-skip-link.png"))
    page.keyboard.press("Tab")  # the brand (home) link
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu).to_be_visible()
    page.keyboard.press("Tab")
    expect(menu.get_by_role("link").first).to_be_focused()
    page.screenshot(path=str(shots / "06-phone-menu-open.png"))
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    # The skip link moves the focus to the content.
    page.goto(f"{live_server.url}/units/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # A wide table scrolls from the keyboard.
    page.goto(f"{live_server.url}/reports/dashboard/?quarter={Q3.key}")
    region = page.get_by_role("region", name="Thực hiện nhiệm vụ theo đơn vị")
    region.focus()
    expect(region).to_be_focused()
    page.screenshot(path=str(shots / "07-phone-table-focused.png"))
    if region.evaluate("e => e.scrollWidth > e.clientWidth"):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("e => e.scrollLeft > 0", arg=region.element_handle())
    page.context.close()


def test_the_menu_without_javascript_and_at_desktop_width(browser, live_server, org, shots):
    context = browser.new_context(locale="vi-VN", java_script_enabled=False, **PHONE)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(org.office_staff.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    menu = page.get_by_role("navigation", name="Menu chính")
    expect(menu).to_be_hidden()
    page.get_by_role("link", name="Menu").click()
    expect(menu).to_be_visible()
    page.screenshot(path=str(shots / "08-phone-menu-no-js.png"))
    # Without JavaScript the language is changed with the footer's button.
    page.get_by_label("Ngôn ngữ").select_option("en")
    page.get_by_role("button", name="Đổi").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#mainnav")).to_have_attribute("aria-label", "Main menu")
    context.close()

    page = sign_in(browser, live_server.url, org.office_staff.username, **DESKTOP)
    page.goto(f"{live_server.url}/units/")
    expect(page.get_by_role("navigation", name="Menu chính")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.get_by_role("button", name="Đổi")).to_be_hidden()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua đến nội dung chính")).to_be_focused()
    page.screenshot(path=str(shots / "09-desktop-skip-link.png"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="Menu chính").get_by_role("link").first).to_be_focused()
    page.screenshot(path=str(shots / "10-desktop.png"), full_page=True)
    page.context.close()
