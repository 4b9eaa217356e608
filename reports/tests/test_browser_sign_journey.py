"""Nothing typed is lost and nothing is signed unseen, played in Chromium on a phone: a commune chair
types "92,5" in a browser set to English, leaves a required figure blank, sees what is missing on
the preview, completes it, confirms; Organization–Home Affairs reads the figures and text on screen,
tries to return without a reason (the error is pointed to from the top), then returns it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from library.workcalendar import Quarter
from reports.models import Indicator, QuarterlyReport
from submissions.models import SubmissionStatus
from units.models import Position, today_local
from units.tests.factories import MembershipFactory
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser

SHOTS = "/tmp/shots/sign"


def test_fill_preview_confirm_then_read_and_return_on_a_phone(browser, live_server, org, template, tmp_path):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    quarter = Quarter.containing(today_local())
    Indicator.objects.filter(code="ho_so_dung_han").update(required=True)
    reviewer = MembershipFactory(unit=org.home_affairs, position=Position.OFFICER, user__username="cv.tcnv").user

    # 1. The chair, on a phone whose browser speaks English, types a decimal comma.
    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    chair.context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    chair.goto(f"{live_server.url}/reports/quarterly/{org.commune_a.code}/{quarter.key}/")
    chair.get_by_label("Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử").fill("92,5")
    chair.get_by_label("Số hội nghị, buổi quán triệt đã tổ chức").fill("1.430")
    chair.get_by_label("Kết quả thực hiện, đánh giá").first.fill("Đã quán triệt Chỉ thị tới toàn thể cán bộ xã.")
    chair.get_by_role("button", name="Lưu và xem trước để ký gửi").click()

    # 2. The preview: what will be sent, and what is missing (signing is not offered yet).
    expect(chair.get_by_role("heading", level=1)).to_contain_text("Xem trước để ký gửi")
    expect(chair.get_by_role("cell", name="92,5%")).to_be_visible()
    expect(chair.get_by_role("cell", name="1.430")).to_be_visible()
    expect(chair.get_by_text("Chưa ký được, còn thiếu:")).to_be_visible()
    expect(
        chair.get_by_role("link", name="Còn thiếu 1 mục bắt buộc. 7 phần chưa có nội dung. Xem ở cuối trang.")
    ).to_be_visible()
    expect(chair.locator(".error-banner")).to_have_count(0)  # nothing was refused: it is a preview
    expect(chair.get_by_text("Số hồ sơ thủ tục hành chính giải quyết đúng hạn", exact=False).first).to_be_visible()
    expect(chair.get_by_role("button", name="Ký và gửi", exact=True)).to_have_count(0)
    chair.screenshot(path=f"{SHOTS}/1-phone-preview-missing.png", full_page=True)

    # 3. Back to the form: everything typed is there; the missing figure is filled in.
    chair.get_by_role("link", name="Quay lại bổ sung").click()
    expect(chair.get_by_label("Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử")).to_have_value("92,5")
    chair.get_by_label("Số hồ sơ thủ tục hành chính giải quyết đúng hạn").fill("120")
    chair.get_by_role("button", name="Lưu và xem trước để ký gửi").click()
    expect(chair.get_by_text("7 phần chưa có nội dung:")).to_be_visible()
    expect(chair.get_by_text("Sau khi ký, báo cáo không sửa được nữa", exact=False)).to_be_visible()
    chair.screenshot(path=f"{SHOTS}/2-phone-preview-confirm.png", full_page=True)
    # Without ticking the confirmation the browser does not send (the box is required).
    chair.get_by_role("checkbox", name="vẫn gửi như vậy").check()
    chair.get_by_role("button", name="Ký và gửi", exact=True).click()
    expect(chair.get_by_text("Đã ký và gửi báo cáo quý")).to_be_visible()
    report = QuarterlyReport.objects.get(unit=org.commune_a)
    assert (report.status, report.values["ty_le_van_ban_dien_tu"], report.values["hoi_nghi_quan_triet"]) == (
        SubmissionStatus.SUBMITTED,
        92.5,
        1430,
    )
    chair.context.close()

    # 4. The reviewer reads it on screen, figures and text, before deciding.
    oha = sign_in(browser, live_server.url, reviewer.username, **PHONE)
    oha.goto(f"{live_server.url}/reports/quarterly/{org.commune_a.code}/{quarter.key}/")
    version = oha.locator("section", has=oha.get_by_role("heading", name=re.compile("Lần 1 — Đã gửi")))
    expect(version.get_by_role("cell", name="92,5%")).to_be_visible()
    expect(version.get_by_text("Đã quán triệt Chỉ thị tới toàn thể cán bộ xã.")).to_be_visible()
    # Returning without a reason: the error is far down; a banner at the top points to it.
    oha.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện").click()
    banner = oha.locator(".error-banner")
    expect(banner).to_contain_text("Chưa lưu được")
    expect(oha.get_by_text("Chọn ít nhất một lý do trả lại.")).to_be_in_viewport()
    oha.screenshot(path=f"{SHOTS}/3-phone-return-error.png")
    oha.get_by_role("checkbox", name="Chất lượng thấp").check()
    oha.get_by_label("Yêu cầu hoàn thiện").fill("Bổ sung nội dung các mục 2 đến 8.")
    oha.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện").click()
    expect(oha.get_by_text("Đã trả lại báo cáo quý")).to_be_visible()
    report.refresh_from_db()
    assert report.status == SubmissionStatus.RETURNED and report.return_reasons == ["low_quality"]
    oha.screenshot(path=f"{SHOTS}/4-phone-returned.png", full_page=True)

    # 5. On a desktop the chair sees the return, its reasons, and starts version 2 from the text.
    desk = sign_in(browser, live_server.url, org.chair_a.username, viewport={"width": 1280, "height": 900})
    desk.goto(f"{live_server.url}/reports/quarterly/{org.commune_a.code}/{quarter.key}/")
    expect(desk.get_by_text("Bổ sung nội dung các mục 2 đến 8.")).to_be_visible()
    expect(desk.get_by_label("Kết quả thực hiện, đánh giá").first).to_have_value(
        "Đã quán triệt Chỉ thị tới toàn thể cán bộ xã."
    )
    desk.screenshot(path=f"{SHOTS}/5-desktop-returned.png", full_page=True)
