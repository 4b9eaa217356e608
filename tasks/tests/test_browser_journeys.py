"""End-to-end journeys of tasks in Debian's Chromium (Playwright): assign, report, sign, return,
accept, extend. Each journey checks what the user sees and what the database holds afterwards."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from submissions.models import SubmissionStatus
from tasks import services
from tasks.models import Assignment, ExtensionRequest, ExtensionStatus, TaskReport
from units.models import Position, today_local
from units.selectors import work_calendar
from units.tests.factories import DelegationFactory, MembershipFactory, UnitFactory
from units.tests.support import PHONE, preview_and_sign, sign_in

pytestmark = pytest.mark.browser

SUBJECT = "Rà soát, báo cáo kết quả cải cách hành chính quý II"
REPORT_TEXT = "Xã đã rà soát 12 thủ tục hành chính; 10 thủ tục đã công khai đúng quy định."


# ---- helpers ----------------------------------------------------------------------------------


def assign_to(org, *units, deadline=None, subject: str = SUBJECT, leader=None):
    """The Office assigns a task through the service (as the page does); returns the first assignment."""
    task = services.task_create(
        actor=org.office_staff,
        subject=subject,
        given_by=leader or org.chairman.leaderships.get(),
        deadline=deadline or today_local() + timedelta(days=10),
        units=list(units) or [org.commune_a],
    )
    return task.assignments.get(unit=units[0] if units else org.commune_a)


def report_heading(page, version: int):
    return page.get_by_role("heading", level=2, name=re.compile(rf"^Báo cáo lần {version} — "))


def open_assignment_from_unit_page(page, subject: str = SUBJECT) -> None:
    """A commune member lands on "Nhiệm vụ của đơn vị" and opens the task by its subject."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nhiệm vụ của đơn vị")
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)


def chair_submits(page, base_url: str, assignment, text: str = REPORT_TEXT) -> None:
    page.goto(f"{base_url}/assignments/{assignment.pk}/")
    page.get_by_label("Nội dung báo cáo").fill(text)
    preview_and_sign(page)
    expect(report_heading(page, 1)).to_have_text("Báo cáo lần 1 — Đã gửi, chờ xem xét")


def working_day(days_ahead: int):
    """A working day at least `days_ahead` days from today, so the page shows exactly that date."""
    day = today_local() + timedelta(days=days_ahead)
    return work_calendar().effective_date(day)


def write_pdf(tmp_path):
    path = tmp_path / "bao-cao-cchc.pdf"
    path.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return path


# ---- 1. the Office assigns a task to three communes -------------------------------------------


def test_office_assigns_a_task_to_three_communes(browser, live_server, org):
    commune_c = UnitFactory(code="XA-KIM-QUAN", name="Xã Kim Quan")
    MembershipFactory(unit=commune_c, position=Position.HEAD, user__username="chutich.c")
    deadline = today_local() + timedelta(days=10)
    chairman = org.chairman.leaderships.get()

    page = sign_in(browser, live_server.url, org.office_staff.username)
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("link", name="Giao nhiệm vụ").click()
    expect(page).to_have_url(re.compile(r"/tasks/new/$"))

    page.get_by_label("Trích yếu nhiệm vụ").fill(SUBJECT)
    page.get_by_label("Lãnh đạo giao").select_option(label=str(chairman))
    page.get_by_label("Hạn báo cáo").fill(deadline.isoformat())
    expect(page.get_by_role("radio", name="Các đơn vị chọn dưới đây")).to_be_checked()
    for name in ("Xã Tân Trào", "Xã Hợp Thành", "Xã Kim Quan"):
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="Giao nhiệm vụ").click()

    expect(page.get_by_text("Đã giao nhiệm vụ cho 3 đơn vị.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.get_by_role("heading", level=2, name="3/3 đơn vị chưa báo cáo")).to_be_visible()
    units_list = page.locator("ul.unit-rows")
    for name in ("Xã Tân Trào", "Xã Hợp Thành", "Xã Kim Quan"):
        expect(units_list.get_by_role("link", name=name)).to_be_visible()
    expect(units_list.locator("li")).to_have_count(3)

    assignments = Assignment.objects.filter(task__subject=SUBJECT)
    assert assignments.count() == 3
    assert set(assignments.values_list("unit__code", flat=True)) == {"XA-TAN-TRAO", "XA-HOP-THANH", "XA-KIM-QUAN"}
    assert {a.original_deadline for a in assignments} == {deadline}
    assert {a.task.given_by_id for a in assignments} == {chairman.pk}
    assert {a.assigned_by_id for a in assignments} == {org.office_staff.pk}
    page.context.close()


# ---- 2. the commune chair reports from a phone, with a PDF ------------------------------------


def test_commune_chair_reports_from_a_phone_with_a_pdf(browser, live_server, org, tmp_path):
    """Type the report, save it, attach a PDF, then sign and send, on a phone-sized screen."""
    assignment = assign_to(org, org.commune_a)
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    open_assignment_from_unit_page(page)
    page.get_by_label("Nội dung báo cáo").fill(REPORT_TEXT)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    page.set_input_files("input[type=file][name=file]", str(write_pdf(tmp_path)))
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã đính kèm tệp “bao-cao-cchc.pdf”.")).to_be_visible()
    expect(page.get_by_label("Nội dung báo cáo")).to_have_value(REPORT_TEXT)
    expect(page.locator("#draft").get_by_role("link", name="bao-cao-cchc.pdf")).to_be_visible()
    page.screenshot(path="/tmp/journey-2-phone-draft.png", full_page=True)
    page.get_by_role("button", name="Lưu và xem trước để ký gửi").click()
    expect(page.get_by_text(REPORT_TEXT.splitlines()[0])).to_be_visible()
    expect(page.get_by_role("link", name="bao-cao-cchc.pdf")).to_be_visible()
    page.screenshot(path="/tmp/journey-2-phone-preview.png", full_page=True)
    page.get_by_role("button", name="Ký và gửi", exact=True).click()

    expect(page.get_by_text("Đã ký và gửi báo cáo tới Văn phòng HĐND và UBND huyện.")).to_be_visible()
    expect(report_heading(page, 1)).to_have_text("Báo cáo lần 1 — Đã gửi, chờ xem xét")
    report_card = page.locator("section", has=report_heading(page, 1))
    expect(report_card).to_contain_text(REPORT_TEXT)
    expect(report_card).to_contain_text(f"Ký: Chủ tịch {org.chair_a.get_full_name()}")
    link = report_card.get_by_role("link", name="bao-cao-cchc.pdf")
    expect(link).to_be_visible()
    expect(page.get_by_text("Báo cáo đã gửi, đang chờ Văn phòng xem xét.")).to_be_visible()
    expect(page.get_by_role("button", name="Lưu và xem trước để ký gửi")).to_have_count(0)
    page.screenshot(path="/tmp/journey-2-phone.png", full_page=True)
    page.screenshot(path="/tmp/journey-2-phone-viewport.png")

    download = page.request.get(live_server.url + link.get_attribute("href"))
    assert download.status == 200
    assert download.body().startswith(b"%PDF-1.4\n")

    report = TaskReport.objects.get(assignment=assignment)
    assert (report.status, report.signed_by, report.signing_mode, report.text) == (
        SubmissionStatus.SUBMITTED,
        org.chair_a,
        "",
        REPORT_TEXT,
    )
    assert [(a.original_name, a.content_type) for a in report.attachments.all()] == [
        ("bao-cao-cchc.pdf", "application/pdf")
    ]
    assignment.refresh_from_db()
    assert assignment.reported_at is not None
    page.context.close()


def test_typed_report_text_survives_an_attachment_upload(browser, live_server, org, tmp_path):
    """The order a user naturally follows: type the report, attach the file, (then sign and send)."""
    assignment = assign_to(org, org.commune_a)
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    open_assignment_from_unit_page(page)
    page.get_by_label("Nội dung báo cáo").fill(REPORT_TEXT)
    page.set_input_files("input[type=file][name=file]", str(write_pdf(tmp_path)))
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã đính kèm tệp “bao-cao-cchc.pdf”.")).to_be_visible()
    assert TaskReport.objects.get(assignment=assignment).attachments.count() == 1
    try:
        expect(page.get_by_label("Nội dung báo cáo")).to_have_value(REPORT_TEXT)
    finally:
        page.context.close()
    assert TaskReport.objects.get(assignment=assignment).text == REPORT_TEXT


# ---- 3. a deputy drafts; only under a delegation may they sign ("KT.") --------------------------


def test_deputy_signs_only_under_a_delegation(browser, live_server, org):
    assignment = assign_to(org, org.commune_a)
    page = sign_in(browser, live_server.url, org.deputy_a.username)
    open_assignment_from_unit_page(page)
    page.get_by_label("Nội dung báo cáo").fill(REPORT_TEXT)
    page.get_by_role("button", name="Lưu dự thảo").click()

    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    expect(page.get_by_role("heading", name="Dự thảo báo cáo (lần 1)")).to_be_visible()
    expect(page.get_by_label("Nội dung báo cáo")).to_have_value(REPORT_TEXT)
    expect(page.get_by_role("button", name=re.compile("ký"))).to_have_count(0)
    expect(
        page.get_by_text("cấp trưởng (hoặc cấp phó được ủy quyền ký thay) sẽ xem trước, ký và gửi báo cáo")
    ).to_be_visible()

    # Forging the request the missing button would have sent is refused by the server.
    token = page.locator("#draft-form input[name=csrfmiddlewaretoken]").input_value()
    revision = page.locator("#draft-form input[name=revision]").input_value()
    response = page.request.post(
        f"{live_server.url}/assignments/{assignment.pk}/sign/",
        form={"csrfmiddlewaretoken": token, "revision": revision},
        headers={"Referer": page.url},
        max_redirects=0,
    )
    assert response.status == 403
    assert (
        "Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được ký và gửi báo cáo" in response.text()
    )  # not a CSRF failure
    report = TaskReport.objects.get(assignment=assignment)
    assert (report.status, report.signed_by, report.submitted_at, report.text) == (
        SubmissionStatus.DRAFT,
        None,
        None,
        REPORT_TEXT,
    )
    assignment.refresh_from_db()
    assert assignment.reported_at is None
    page.reload()
    expect(page.get_by_role("heading", name=re.compile(r"^Báo cáo lần"))).to_have_count(0)

    # The head records a delegation covering today: the deputy now signs "KT." (ký thay).
    today = today_local()
    DelegationFactory(
        unit=org.commune_a,
        deputy=org.deputy_a,
        granted_by=org.chair_a,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=30),
    )
    page.reload()
    preview_and_sign(page, deputy=True)

    expect(page.get_by_text("Đã ký và gửi báo cáo tới Văn phòng HĐND và UBND huyện.")).to_be_visible()
    expect(report_heading(page, 1)).to_have_text("Báo cáo lần 1 — Đã gửi, chờ xem xét")
    expect(page.locator("section", has=report_heading(page, 1))).to_contain_text(
        f"Ký: KT. Phó Chủ tịch {org.deputy_a.get_full_name()}"
    )
    report.refresh_from_db()
    assert (report.status, report.signed_by, report.signing_mode, report.signer_title) == (
        SubmissionStatus.SUBMITTED,
        org.deputy_a,
        "KT.",
        "Phó Chủ tịch",
    )
    assignment.refresh_from_db()
    assert assignment.reported_at is not None
    page.context.close()


# ---- 4. the Office returns, the chair resubmits, the Office accepts ----------------------------


def test_office_returns_chair_resubmits_office_accepts(browser, live_server, org):
    assignment = assign_to(org, org.commune_a)
    chair = sign_in(browser, live_server.url, org.chair_a.username)
    chair_submits(chair, live_server.url, assignment)

    office = sign_in(browser, live_server.url, org.office_staff.username)
    office.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    office.get_by_role("checkbox", name="Chất lượng thấp").check()
    # By position, not by label: see DUPLICATE_NOTE_ID_BUG.
    return_form = office.locator("form", has=office.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện"))
    return_form.get_by_role("textbox").fill("Bổ sung số liệu từng thủ tục.")
    office.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện").click()
    expect(office.get_by_text("Đã trả lại báo cáo để đơn vị hoàn thiện.")).to_be_visible()
    expect(report_heading(office, 1)).to_have_text("Báo cáo lần 1 — Bị trả lại")
    first = TaskReport.objects.get(assignment=assignment, version=1)
    assert (first.status, first.return_reasons, first.decided_by) == (
        SubmissionStatus.RETURNED,
        ["low_quality"],
        org.office_staff,
    )
    assert first.decision_note == "Bổ sung số liệu từng thủ tục."

    chair.reload()
    returned = chair.locator("section", has=report_heading(chair, 1))
    expect(returned).to_contain_text("Lý do trả lại")
    expect(returned.get_by_role("listitem").filter(has_text="Chất lượng thấp")).to_be_visible()
    expect(returned).to_contain_text("Bổ sung số liệu từng thủ tục.")
    box = chair.get_by_label("Nội dung báo cáo")
    expect(box).to_have_value(REPORT_TEXT)
    second_text = REPORT_TEXT + "\nSố liệu: TTHC-01 công khai 12/5; TTHC-02 công khai 14/5."
    box.fill(second_text)
    preview_and_sign(chair)
    expect(report_heading(chair, 2)).to_have_text("Báo cáo lần 2 — Đã gửi, chờ xem xét")
    second = TaskReport.objects.get(assignment=assignment, version=2)
    # A browser sends a textarea's line breaks as CRLF (HTML spec); Django keeps them as sent.
    assert (second.status, second.signed_by, second.text.replace("\r\n", "\n")) == (
        SubmissionStatus.SUBMITTED,
        org.chair_a,
        second_text,
    )

    office.reload()
    office.get_by_role("button", name="Chấp nhận báo cáo").click()
    expect(office.get_by_text("Đã chấp nhận báo cáo; nhiệm vụ hoàn thành.")).to_be_visible()

    chair.reload()
    for page in (office, chair):
        expect(page.locator("p", has=page.locator(".status")).locator(".status")).to_have_text("Hoàn thành")
        expect(report_heading(page, 2)).to_have_text("Báo cáo lần 2 — Đã chấp nhận")
        expect(report_heading(page, 1)).to_have_text("Báo cáo lần 1 — Bị trả lại")
        version_2 = page.locator("section", has=report_heading(page, 2))
        expect(version_2.locator(".item-text")).to_contain_text("Số liệu: TTHC-01 công khai 12/5")
        # What changed since version 1 is shown as added words.
        expect(version_2.locator("details.changes ins")).to_contain_text("Số liệu: TTHC-01 công khai 12/5")
    expect(chair.get_by_label("Nội dung báo cáo")).to_have_count(0)

    assert list(assignment.reports.order_by("version").values_list("version", "status")) == [
        (1, SubmissionStatus.RETURNED),
        (2, SubmissionStatus.ACCEPTED),
    ]
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    assert assignment.status_on() == "completed"
    office.context.close()
    chair.context.close()


def test_return_note_label_points_at_the_return_note(browser, live_server, org):
    assignment = assign_to(org, org.commune_a)
    chair = sign_in(browser, live_server.url, org.chair_a.username)
    chair_submits(chair, live_server.url, assignment)
    chair.context.close()

    office = sign_in(browser, live_server.url, org.office_staff.username)
    office.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    elements_with_id_note = office.locator("[id=id_return-note]").count()
    office.get_by_role("checkbox", name="Chất lượng thấp").check()
    office.get_by_label("Yêu cầu hoàn thiện").fill("Bổ sung số liệu.")
    office.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện").click()
    expect(office.get_by_text("Đã trả lại báo cáo để đơn vị hoàn thiện.")).to_be_visible()
    office.context.close()
    report = TaskReport.objects.get(assignment=assignment)
    assert report.status == SubmissionStatus.RETURNED
    assert (report.decision_note, elements_with_id_note) == ("Bổ sung số liệu.", 1)


# ---- 5. the chair asks for more time; the leader who gave the task agrees ----------------------


def test_chair_requests_extension_and_leader_approves(browser, live_server, org):
    original, requested = working_day(10), working_day(25)
    assignment = assign_to(org, org.commune_a, deadline=original)

    chair = sign_in(browser, live_server.url, org.chair_a.username)
    open_assignment_from_unit_page(chair)
    chair.get_by_text("Đề nghị gia hạn", exact=True).click()
    chair.get_by_label("Đề nghị gia hạn đến ngày").fill(requested.isoformat())
    chair.get_by_label("Lý do").fill("Chờ số liệu của Bưu điện huyện.")
    chair.get_by_role("button", name="Gửi đề nghị").click()
    expect(chair.get_by_text("Đã gửi đề nghị gia hạn tới lãnh đạo giao nhiệm vụ.")).to_be_visible()
    expect(chair.get_by_text(f"đề nghị gia hạn từ {original:%d/%m/%Y} đến {requested:%d/%m/%Y}")).to_be_visible()
    expect(chair.get_by_text("Chờ quyết định", exact=True)).to_be_visible()
    extension = ExtensionRequest.objects.get(assignment=assignment)
    assert (extension.status, extension.requested_by, extension.requested_deadline) == (
        ExtensionStatus.PENDING,
        org.chair_a,
        requested,
    )

    leader = sign_in(browser, live_server.url, org.chairman.username)
    expect(leader).to_have_url(re.compile(r"/tasks/given-by-me/$"))
    expect(leader.get_by_role("heading", level=1)).to_have_text("Nhiệm vụ tôi giao")
    waiting = leader.locator(".decision").filter(has_text=SUBJECT)
    expect(waiting).to_contain_text("Xã Tân Trào")
    expect(waiting).to_contain_text(f"{original:%d/%m/%Y} → {requested:%d/%m/%Y}")
    expect(waiting).to_contain_text("Chờ số liệu của Bưu điện huyện.")
    waiting.get_by_role("button", name="Đồng ý", exact=True).click()
    expect(leader.get_by_text("Đã đồng ý gia hạn.")).to_be_visible()
    expect(leader.locator(".decision")).to_have_count(0)
    # From the task's row to its progress page, then to the commune's assignment.
    leader.locator(".task-row").get_by_role("link", name=SUBJECT).click()
    leader.locator("ul.unit-rows").get_by_role("link", name="Xã Tân Trào").click()
    leader_deadline = leader.get_by_role("definition").filter(has=leader.locator("strong.date"))
    expect(leader_deadline).to_contain_text(f"{requested:%d/%m/%Y}")
    expect(leader_deadline).to_contain_text(f"hạn ban đầu {original:%d/%m/%Y}, đã được gia hạn")

    chair.reload()
    deadline = chair.get_by_role("definition").filter(has=chair.locator("strong.date"))
    expect(deadline.locator("strong.date")).to_have_text(f"{requested:%d/%m/%Y}")
    expect(deadline).to_contain_text(f"hạn ban đầu {original:%d/%m/%Y}, đã được gia hạn")
    expect(chair.get_by_text("Đồng ý gia hạn", exact=True)).to_be_visible()

    extension.refresh_from_db()
    assert (extension.status, extension.decided_by) == (ExtensionStatus.APPROVED, org.chairman)
    assignment.refresh_from_db()
    assert (assignment.original_deadline, assignment.deadline, assignment.effective_deadline) == (
        original,
        requested,
        requested,
    )
    chair.context.close()
    leader.context.close()


# ---- 6. a Vice Chairman reads the Monday summary ---------------------------------------------


def test_vice_chairman_opens_the_latest_summary_filters_and_downloads_word(browser, live_server, org, tmp_path):
    from datetime import timedelta

    from docx import Document

    from library.workcalendar import Week
    from tasks.models import Assignment
    from tasks.services.weekly import weekly_summary_run
    from units.models import today_local

    week = Week.containing(today_local())
    vice = org.vice_chairman.leaderships.get()
    for leader, unit, subject in (
        (vice, org.commune_a, "Nhiệm vụ PCT giao"),
        (org.chairman.leaderships.get(), org.commune_b, "Nhiệm vụ Chủ tịch giao"),
    ):
        assignment = assign_to(org, unit, leader=leader, subject=subject)
        # Overdue as of this Monday: given long ago, due the week before.
        Assignment.objects.filter(pk=assignment.pk).update(
            assigned_at=assignment.assigned_at - timedelta(days=60),
            original_deadline=week.monday - timedelta(days=3),
            deadline=week.monday - timedelta(days=3),
            effective_deadline=week.monday - timedelta(days=3),
        )
    weekly_summary_run(week=week, deliver=False)

    page = sign_in(browser, live_server.url, org.vice_chairman.username)
    # The leader's landing page links the latest summary; the menu lists all weeks.
    expect(page.get_by_role("link", name="Báo cáo thứ hai", exact=True)).to_be_visible()
    page.get_by_role("link", name=re.compile("Báo cáo thứ hai mới nhất")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Báo cáo thứ hai, {week.label}")
    expect(page.get_by_text("Nhiệm vụ Chủ tịch giao")).to_be_visible()
    page.get_by_role("link", name="Chỉ nhiệm vụ tôi giao").click()
    expect(page.get_by_text("Nhiệm vụ PCT giao")).to_be_visible()
    expect(page.get_by_text("Nhiệm vụ Chủ tịch giao")).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Word").click()
    path = tmp_path / "tuan.docx"
    info.value.save_as(path)
    doc = Document(str(path))
    texts = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "Nhiệm vụ PCT giao" in texts and "Nhiệm vụ Chủ tịch giao" not in texts
    page.context.close()
