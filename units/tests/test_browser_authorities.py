"""The province demo in Chromium (docs/architecture.md §17): the chairman of Tân Trào acts in his
commune (gives his Office a task) and in the province (signs the commune's report), switching with
one click; each Office sees its own authority only."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from submissions.models import ReturnReason, SubmissionStatus
from tasks.models import Assignment, Task, TaskReport
from tasks.services import report_return
from units.acting import acting_in
from units.models import User, today_local
from units.tests.support import PHONE, fill_login, preview_and_sign, shot

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "ChiThi@2026"
REPORT = "UBND xã Tân Trào báo cáo: tỷ lệ hồ sơ công việc xử lý trên môi trường điện tử tháng này đạt 96,5%."


def demo_sign_in(browser, base_url: str, username: str, **options):
    page = browser.new_page(**options)
    fill_login(page, base_url, username, DEMO_PASSWORD)
    return page


@pytest.fixture
def province_demo(transactional_db):
    call_command("load_demo", stdout=io.StringIO())


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_commune_chairman_acts_in_his_commune_and_in_the_province(browser, live_server, province_demo, viewport):
    options = PHONE if viewport == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = demo_sign_in(browser, live_server.url, "chutich.tantrao", **options)
    bar = page.locator(".acting-bar")
    # He leads his commune: he starts there, and sees where he is.
    expect(bar).to_contain_text("Đang làm việc tại UBND xã Tân Trào")
    shot(page, f"{viewport}-chairman-in-his-commune")

    # In the commune: he gives his Office a task.
    page.goto(f"{live_server.url}/tasks/new/")
    subject = "Chuẩn bị nội dung họp giao ban tháng 12 của UBND xã"
    page.get_by_label("Trích yếu nhiệm vụ").fill(subject)
    page.get_by_label("Hạn báo cáo").fill((today_local() + timedelta(days=7)).isoformat())
    page.get_by_role("checkbox", name="Văn phòng HĐND và UBND xã Tân Trào").check()
    # The province's units are not offered here.
    expect(page.get_by_role("checkbox", name="Sở Tài chính")).to_have_count(0)
    page.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(page.get_by_text("Đã giao nhiệm vụ cho 1 đơn vị.")).to_be_visible()
    shot(page, f"{viewport}-chairman-gives-his-office-a-task")
    task = Task.all_authorities.get(subject=subject)
    assert task.authority.code == "UBND-TAN-TRAO" and task.given_by.user.username == "chutich.tantrao"
    with acting_in(task.authority):
        assert [a.unit.code for a in task.assignments.all()] == ["TT-VP"]

    # One click: the province, where his commune is a unit.
    page.get_by_role("button", name="Chuyển sang UBND tỉnh Tuyên Quang").click()
    expect(page.locator(".acting-bar")).to_contain_text("Đang làm việc tại UBND tỉnh Tuyên Quang")
    expect(page.get_by_text(subject)).to_have_count(0)
    assignment = Assignment.all_authorities.get(
        unit__code="TQ-TAN-TRAO", task__subject__startswith="Báo cáo tỷ lệ hồ sơ công việc"
    )
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    page.get_by_label("Nội dung báo cáo").fill(REPORT)
    page.get_by_role("button", name="Lưu dự thảo").click()
    expect(page.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    preview_and_sign(page)
    expect(page.get_by_text("Đã ký và gửi báo cáo tới Văn phòng UBND tỉnh.")).to_be_visible()
    shot(page, f"{viewport}-chairman-signs-for-the-commune-in-the-province")
    report = TaskReport.objects.get(assignment=assignment)
    assert report.status == SubmissionStatus.SUBMITTED and report.signed_by.username == "chutich.tantrao"
    assert report.text == REPORT
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # Still in the province: he lets his deputy sign for him ("KT."), and she does.
    page.goto(f"{live_server.url}/units/TQ-TAN-TRAO/people/")
    page.get_by_text("Giao ký thay", exact=True).click()
    page.get_by_label("Cấp phó ký thay").select_option(label="Ma Thị Hồng")
    page.get_by_label("Từ ngày").fill(today_local().strftime("%d/%m/%Y"))
    page.get_by_label("Đến ngày").fill((today_local() + timedelta(days=30)).strftime("%d/%m/%Y"))
    page.get_by_label("Văn bản phân công ký thay").fill("Quyết định số 25/QĐ-UBND ngày 01/12/2026")
    page.get_by_role("button", name="Ghi ủy quyền").click()
    expect(page.get_by_text("Đã ghi ủy quyền")).to_be_visible()
    shot(page, f"{viewport}-chairman-delegates-his-deputy")
    # The province's Office returns the commune's land report; the deputy completes it and signs "KT.".
    land = Assignment.all_authorities.get(unit__code="TQ-TAN-TRAO", task__subject__contains="đất công")
    with acting_in(land.unit.authority):
        report_return(
            actor=User.objects.get(username="vanphong"),
            report=land.reports.get(),
            reasons=[ReturnReason.LOW_QUALITY],
            note="Bổ sung số thửa, diện tích từng thửa.",
        )
    deputy = demo_sign_in(browser, live_server.url, "pct.tantrao", **options)
    # She leads in the commune, so she starts there: the notice's link offers the switch.
    deputy.goto(f"{live_server.url}/assignments/{land.pk}/")
    shot(deputy, f"{viewport}-deputy-link-from-the-other-authority")
    deputy.get_by_role("button", name="Chuyển sang UBND tỉnh Tuyên Quang và mở trang này").click()
    expect(deputy.locator(".acting-bar")).to_contain_text("Đang làm việc tại UBND tỉnh Tuyên Quang")
    deputy.get_by_label("Nội dung báo cáo").fill(
        "Đã rà soát 12 thửa đất công (3,4 ha): thửa 45 (0,5 ha), thửa 46 (0,3 ha)…"
    )
    deputy.get_by_role("button", name="Lưu dự thảo").click()
    expect(deputy.get_by_text("Đã lưu dự thảo.")).to_be_visible()
    preview_and_sign(deputy, deputy=True)
    expect(deputy.get_by_text("Đã ký và gửi báo cáo tới Văn phòng UBND tỉnh.")).to_be_visible()
    shot(deputy, f"{viewport}-deputy-signs-kt-in-the-province")
    latest = TaskReport.objects.filter(assignment=land).order_by("-version").first()
    assert (latest.version, latest.signing_mode, latest.signed_by.username) == (2, "KT.", "pct.tantrao")

    # Back to the commune: his own task is there again.
    page.get_by_role("button", name="Chuyển sang UBND xã Tân Trào").click()
    expect(page.locator(".acting-bar")).to_contain_text("Đang làm việc tại UBND xã Tân Trào")
    page.goto(f"{live_server.url}/tasks/{task.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)

    # The province's Office sees the commune's report, not the commune's own task.
    office = demo_sign_in(browser, live_server.url, "vanphong", **options)
    expect(office.locator(".acting-bar")).to_have_count(0)
    assert office.goto(f"{live_server.url}/tasks/{task.pk}/").status == 404
    office.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    expect(office.get_by_text(REPORT)).to_be_visible()
    shot(office, f"{viewport}-province-office-sees-the-commune-report")


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_province_administrator_imports_ten_communes_from_the_template(
    browser, live_server, province_demo, viewport, tmp_path
):
    """The template downloaded from the app, filled with ten communes and their chairmen; one wrong
    row refuses the whole file and is named; corrected, previewed, imported."""
    from openpyxl import load_workbook

    from units.models import Unit

    options = PHONE if viewport == "phone" else {"viewport": {"width": 1280, "height": 900}}
    page = demo_sign_in(browser, live_server.url, "quantri.tinh", **options)
    page.goto(f"{live_server.url}/authority/admin/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Quản trị UBND tỉnh Tuyên Quang")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải mẫu Excel").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    def fill(kind_of_row_7: str) -> str:
        book = load_workbook(template)
        for n in range(1, 11):
            book["Đơn vị"].append([f"TQ-XA-{viewport}-{n}", f"Xã Thử {n}", kind_of_row_7 if n == 6 else "Xã", "", ""])
            book["Cán bộ"].append(
                [
                    f"TQ-XA-{viewport}-{n}",
                    f"Hoàng Văn Thử {n}",
                    f"chutich.{viewport}{n}@tuyenquang.example.vn",
                    "Cấp trưởng",
                    "Chủ tịch",
                ]
            )
        path = tmp_path / f"xa-{kind_of_row_7}.xlsx"
        book.save(path)
        return str(path)

    page.get_by_role("link", name="Tải lên tệp đã điền").click()
    page.get_by_label("Tệp đã điền").set_input_files(fill("Huyện"))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("Không nhập tệp này: 1 lỗi")
    expect(errors).to_contain_text("Trang “Đơn vị”, dòng 7: loại “Huyện” không có")
    shot(page, f"{viewport}-import-refused-row-named")
    assert not Unit.all_authorities.filter(code__startswith=f"TQ-XA-{viewport}-").exists()

    page.get_by_label("Tệp đã điền").set_input_files(fill("Xã"))
    page.get_by_role("button", name="Kiểm tra và xem trước").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước khi nhập")
    expect(page.get_by_text("10 người mới sẽ nhận thư điện tử để đặt mật khẩu")).to_be_visible()
    shot(page, f"{viewport}-import-preview")
    page.get_by_role("button", name="Nhập vào hệ thống").click()
    expect(page.get_by_text("Đã nhập 10 đơn vị và 10 chức vụ; 10 người mới nhận thư để đặt mật khẩu.")).to_be_visible()
    expect(page.get_by_text("Xã Thử 10")).to_be_visible()
    shot(page, f"{viewport}-import-applied")
    assert Unit.all_authorities.filter(code__startswith=f"TQ-XA-{viewport}-", authority__code="UBND-TQ").count() == 10
    if viewport == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
