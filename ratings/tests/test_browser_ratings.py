"""Item 4 played in Chromium: Organization–Home Affairs proposes the last quarter's ratings on a
phone and scores a commune's common criteria; the Chairman approves on a desktop; the commune chair
opens his unit's rating on a phone and sees what was approved, with the products behind it."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
import time_machine
from playwright.sync_api import expect

from library.workcalendar import LOCAL_TZ, Quarter
from ratings.models import Rating, RatingStatus
from ratings.tests.test_method import product
from units.models import today_local
from units.tests.support import PHONE, shot, sign_in

pytestmark = pytest.mark.browser
DESKTOP = {"viewport": {"width": 1280, "height": 900}}


def _last_quarter_products(org):
    """Three products of commune A in the last ended quarter: two on time, one reported 15 days late."""
    quarter = Quarter.containing(today_local()).previous()
    month = quarter.first_day.month + 1
    start = datetime.combine(quarter.first_day, time(9), tzinfo=LOCAL_TZ)
    with time_machine.travel(start, tick=False) as traveller:
        product(org, traveller, date(quarter.year, month, 10), date(quarter.year, month, 3), subject="Rà soát quy chế")
        product(org, traveller, date(quarter.year, month, 12), date(quarter.year, month, 4), subject="Kiện toàn tổ")
        product(org, traveller, date(quarter.year, month, 10), date(quarter.year, month, 25), subject="Báo cáo PCTT")
    return quarter


def test_home_affairs_proposes_the_chairman_approves_the_chair_sees_it(browser, live_server, org):
    quarter = _last_quarter_products(org)
    page = sign_in(browser, live_server.url, org.reviewer.username, **PHONE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Xếp loại", exact=True).click()
    expect(page.get_by_role("heading", name=f"Đánh giá, xếp loại — {quarter.label}")).to_be_visible()
    page.get_by_role("button", name="Lập đề xuất cho tất cả từ kết quả nhiệm vụ").click()
    expect(page.get_by_text(f"Đã tính 4 đề xuất {quarter.label}")).to_be_visible()
    # One of three products was late: progress (2 + 0.75)/3; (100 + 100 + 91.67)/3 × 70% = 68.06.
    expect(page.locator(".rating-rows li").filter(has_text="Xã Tân Trào")).to_contain_text("68,06")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-home-affairs-rating-list")
    page.get_by_role("link", name="Xã Tân Trào").click()
    expect(page.get_by_text("Chậm tiến độ −25%")).to_be_visible()
    page.get_by_label("Điểm tiêu chí chung (tối đa 30)").fill("31")
    page.get_by_label("Nhận xét tiêu chí chung").fill("Chấp hành tốt kỷ luật, kỷ cương hành chính")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Tối đa 30 điểm.")).to_be_visible()
    expect(page.get_by_label("Nhận xét tiêu chí chung")).to_have_value("Chấp hành tốt kỷ luật, kỷ cương hành chính")
    page.get_by_label("Điểm tiêu chí chung (tối đa 30)").fill("20")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Đã lưu điểm.")).to_be_visible()
    expect(page.get_by_text("88,06", exact=True)).to_be_visible()
    expect(page.locator(".band").first).to_have_text("Hoàn thành tốt nhiệm vụ")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-home-affairs-rating-scored")

    chairman = sign_in(browser, live_server.url, org.chairman.username, **DESKTOP)
    rating = Rating.objects.get(unit=org.commune_a, subject="unit")
    chairman.goto(f"{live_server.url}/ratings/{rating.pk}/")
    chairman.get_by_role("button", name="Duyệt: Hoàn thành tốt nhiệm vụ").click()
    expect(chairman.get_by_text("Đã duyệt. Kết quả được giữ nguyên")).to_be_visible()
    shot(chairman, "desktop-chairman-rating-approved")
    assert Rating.objects.get(pk=rating.pk).status == RatingStatus.APPROVED

    chair = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    chair.get_by_role("button", name="Menu").click()
    chair.get_by_role("link", name="Xếp loại", exact=True).click()
    expect(chair.locator(".rating-rows li")).to_have_count(1)
    expect(chair.get_by_text("Xã Hợp Thành")).to_have_count(0)
    chair.get_by_role("link", name="Xã Tân Trào").click()
    expect(chair.get_by_text("Đã duyệt", exact=True)).to_be_visible()
    expect(chair.get_by_role("link", name="Báo cáo PCTT")).to_be_visible()
    expect(chair.get_by_role("button", name="Lưu điểm")).to_have_count(0)
    assert chair.evaluate("document.documentElement.scrollWidth") <= 390
    shot(chair, "phone-chair-sees-approved-rating")


def test_a_commune_chair_rates_his_officials_on_a_phone_and_his_report_counts_them(browser, live_server, org, template):
    """The chair rates the commune's officials for the last quarter; the quarterly report of that
    quarter starts item 4 from what he approved."""
    quarter = _last_quarter_products(org)
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    page.goto(f"{live_server.url}/ratings/?period={quarter.key}&subject=staff")
    expect(page.get_by_label("Đơn vị")).to_have_value("XA-TAN-TRAO")
    page.get_by_role("button", name="Lập đề xuất cho tất cả từ kết quả nhiệm vụ").click()
    expect(page.get_by_text(f"Đã tính 2 đề xuất {quarter.label}")).to_be_visible()
    page.get_by_role("link", name=org.officer_a.get_full_name()).click()
    page.get_by_label("Điểm tiêu chí chung (tối đa 30)").fill("25")
    page.get_by_label("Nhận xét tiêu chí chung").fill("Tận tụy với công việc, thái độ phục vụ nhân dân tốt")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("93,06", exact=True)).to_be_visible()  # 68.06 + 25
    page.get_by_role("button", name="Duyệt: Hoàn thành xuất sắc nhiệm vụ").click()
    # One Xuất sắc among none rated Tốt in the commune is over the 20% cap: refused, and why.
    expect(page.get_by_text("Không duyệt được mức Xuất sắc")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "phone-chair-rates-an-official")

    page.goto(f"{live_server.url}/reports/quarterly/XA-TAN-TRAO/{quarter.key}/")
    expect(page.get_by_label("Số người hoàn thành xuất sắc nhiệm vụ")).to_have_value("1")
    expect(page.get_by_label("Số người hoàn thành tốt nhiệm vụ")).to_have_value("0")
    expect(page.get_by_text("Theo sổ đánh giá, xếp loại: 1.")).to_be_visible()
    shot(page, "phone-quarterly-item-4-from-ratings")
