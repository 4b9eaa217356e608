"""A quarter played through in Chromium: a commune chair files on a phone; Organization–Home Affairs
returns one report, accepts another, opens the dashboard, edits and issues the rollup, downloads Word."""

from __future__ import annotations

import re

import pytest
from docx import Document
from playwright.sync_api import expect

from library.workcalendar import Quarter
from reports import services
from reports.models import QuarterlyReport, QuarterRollup
from reports.services import periodic
from submissions.models import SubmissionStatus
from units.models import Position, today_local
from units.tests.factories import MembershipFactory
from units.tests.support import PHONE, preview_and_sign, sign_in

pytestmark = pytest.mark.browser


def test_a_quarter_in_the_browser(browser, live_server, org, template, tmp_path):
    quarter = Quarter.containing(today_local())
    head = MembershipFactory(
        unit=org.home_affairs, position=Position.HEAD, user__username="truong.tcnv", user__full_name="Phạm Đức Thắng"
    ).user
    # Hợp Thành has already filed (through the service) — the reviewer will return it.
    other = services.quarterly_save_draft(
        actor=org.chair_b,
        unit=org.commune_b,
        quarter=quarter,
        template=template,
        narratives={},
        values={"hoi_nghi_quan_triet": 1},
        revision=None,
    )
    services.quarterly_submit(actor=org.chair_b, report=other, confirmed_empty=True)

    # 1. The Tân Trào chair files on a phone.
    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    chair.goto(f"{live_server.url}/reports/quarterly/")
    expect(chair).to_have_url(re.compile(rf"/reports/quarterly/XA-TAN-TRAO/{quarter.key}/$"))
    chair.get_by_label("Số hội nghị, buổi quán triệt đã tổ chức").fill("2")
    chair.get_by_label("Tỷ lệ văn bản, hồ sơ công việc xử lý trên môi trường điện tử").fill("91.5")
    chair.get_by_label("Kết quả thực hiện, đánh giá").first.fill(
        "Đã quán triệt Chỉ thị tới toàn thể cán bộ, công chức xã."
    )
    preview_and_sign(chair, confirm_empty=True)
    expect(chair.get_by_text("Đã ký và gửi báo cáo quý")).to_be_visible()
    expect(chair.get_by_role("heading", name=re.compile("Lần 1 — Đã gửi"))).to_be_visible()
    chair.screenshot(path="/tmp/quarter-phone.png", full_page=True)
    chair.context.close()
    mine = QuarterlyReport.objects.get(unit=org.commune_a)
    assert (mine.status, mine.values["hoi_nghi_quan_triet"], mine.values["ty_le_van_ban_dien_tu"]) == (
        SubmissionStatus.SUBMITTED,
        2,
        91.5,
    )

    # 2. Organization–Home Affairs returns Hợp Thành's, accepts Tân Trào's.
    oha = sign_in(browser, live_server.url, head.username)
    expect(oha).to_have_url(re.compile(r"/reports/dashboard/$"))
    oha.goto(f"{live_server.url}/reports/quarterly/XA-HOP-THANH/{quarter.key}/")
    oha.get_by_role("checkbox", name="Chất lượng thấp").check()
    oha.get_by_label("Yêu cầu hoàn thiện").fill("Bổ sung số liệu mục 2.")
    oha.get_by_role("button", name="Trả lại, yêu cầu hoàn thiện").click()
    expect(oha.get_by_text("Đã trả lại báo cáo quý")).to_be_visible()
    oha.goto(f"{live_server.url}/reports/quarterly/XA-TAN-TRAO/{quarter.key}/")
    oha.get_by_role("button", name="Chấp nhận báo cáo").click()
    expect(oha.get_by_text("Đã chấp nhận báo cáo quý.")).to_be_visible()

    # 3. The dashboard; the day-25 draft (made by the job); commentary; sign and issue; Word.
    periodic.quarter_rollup_run(quarter=quarter)
    oha.goto(f"{live_server.url}/reports/dashboard/?quarter={quarter.key}")
    expect(oha.locator("svg.chart")).to_be_visible()
    expect(oha.get_by_role("row", name=re.compile("Số hội nghị, buổi quán triệt đã tổ chức"))).to_contain_text("2")
    oha.get_by_role("link", name="Báo cáo tổng hợp (ngày 25)").click()
    oha.get_by_label("Nhận xét của cơ quan Tổ chức - Nội vụ").fill("Các đơn vị cơ bản thực hiện nghiêm Chỉ thị.")
    preview_and_sign(oha, issue=True)
    expect(oha.get_by_text("Đã ký, ban hành báo cáo tổng hợp")).to_be_visible()
    with oha.expect_download() as info:
        oha.get_by_role("link", name="Tải Word").click()
    path = tmp_path / "tong-hop.docx"
    info.value.save_as(path)
    texts = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert "Các đơn vị cơ bản thực hiện nghiêm Chỉ thị." in texts and "DỰ THẢO" not in texts
    rollup = QuarterRollup.objects.get()
    assert (rollup.status, rollup.signed_by) == ("issued", head)
    assert [r["status"] for r in rollup.data["submissions"] if r["unit"] == "Xã Hợp Thành"] == ["returned"]
    oha.context.close()
