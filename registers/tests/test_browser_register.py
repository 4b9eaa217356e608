"""The register and the PDF copy, played in Chromium: a commune chair on a phone finds the number
the app gave her report, in her own register only; the Office on a desktop sees every body's
register and downloads it as Excel; the report's PDF is asked for, the waiting page says so, and
the file arrives once the conversion (units.services.pdf_render, the job's whole body) is done."""

from __future__ import annotations

import re
import subprocess

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import require
from library.pdf import available as pdf_available
from library.workcalendar import Quarter
from reports import services
from units.models import RenderedPdf, today_local
from units.services import pdf_render
from units.tests.support import PHONE, sign_in

pytestmark = pytest.mark.browser


def file(org, template, unit, head):
    report = services.quarterly_save_draft(
        actor=head,
        unit=unit,
        quarter=Quarter.containing(today_local()),
        template=template,
        narratives={},
        values={"hoi_nghi_quan_triet": 2},
        revision=None,
    )
    return services.quarterly_submit(actor=head, report=report, confirmed_empty=True)


@pytest.fixture
def filed(org, template):
    mine = file(org, template, org.commune_a, org.chair_a)
    theirs = file(org, template, org.commune_b, org.chair_b)
    return mine, theirs


def test_a_commune_chair_finds_her_number_in_her_own_register_on_a_phone(browser, live_server, org, filed):
    mine, theirs = filed
    assert (mine.document_number, theirs.document_number) == ("01/BC-UBND", "01/BC-UBND")
    page = sign_in(browser, live_server.url, org.chair_a.username, **PHONE)
    page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Sổ văn bản đi").click()
    expect(page.get_by_role("heading", name="Sổ đăng ký văn bản đi")).to_be_visible()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("01/BC-UBND")
    expect(rows.first).to_contain_text(today_local().strftime("%d/%m/%Y"))
    expect(rows.first).to_contain_text("Xã Tân Trào")
    expect(page.get_by_text("Xã Hợp Thành")).to_have_count(0)
    # Nothing runs off the side of a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path="/tmp/register-phone.png", full_page=True)

    # The number links to the report, which shows the same number.
    rows.first.get_by_role("link", name="01/BC-UBND").click()
    expect(page).to_have_url(re.compile(r"/reports/quarterly/XA-TAN-TRAO/"))
    expect(page.locator("section.report").first).to_contain_text("Số: 01/BC-UBND")
    # Her register cannot be made to show another commune's lines.
    page.goto(f"{live_server.url}/register/?unit={org.commune_b.code}")
    expect(page.get_by_text("Xã Hợp Thành")).to_have_count(0)
    page.context.close()


def test_the_office_reads_every_register_and_downloads_it(browser, live_server, org, filed, tmp_path):
    page = sign_in(browser, live_server.url, org.office_staff.username, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/register/")
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.get_by_role("cell", name="Xã Hợp Thành")).to_be_visible()
    page.get_by_label("Cơ quan").select_option(label="Xã Hợp Thành")
    page.get_by_role("button", name="Xem").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("01/BC-UBND")
    page.screenshot(path="/tmp/register-desktop.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải Excel").click()
    download = info.value
    assert download.suggested_filename == f"so-van-ban-di-xa-hop-thanh-{today_local().year}.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    sheet = load_workbook(saved).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(v[0], v[1]) for v in values if v[0]] == [("Xã Hợp Thành", "01/BC-UBND")]
    page.context.close()


def test_the_pdf_of_a_report_is_made_while_the_page_waits(browser, live_server, org, filed, tmp_path):
    require(pdf_available(), "LibreOffice is not installed (apt-get install libreoffice-writer)")
    mine, _theirs = filed
    page = sign_in(browser, live_server.url, org.chair_a.username, viewport={"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/reports/quarterly/")
    page.locator("section.report").first.get_by_role("link", name="Tải PDF").click()
    expect(page.get_by_role("heading", name="Bản PDF")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Đang tạo bản PDF")
    expect(page.get_by_role("link", name="Tải Word")).to_be_visible()
    page.screenshot(path="/tmp/pdf-wait.png", full_page=True)
    rendered = RenderedPdf.objects.get()
    assert rendered.key.startswith("quarterly:") and rendered.status == "pending"

    # The worker's part; the page reloads itself and the PDF downloads.
    with page.expect_download(timeout=30_000) as info:
        pdf_render(rendered.pk)
    download = info.value
    assert download.suggested_filename.endswith("-so-01-BC-UBND.pdf")
    path = tmp_path / "report.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True).stdout
    assert "01/BC-UBND" in text and "XÃ TÂN TRÀO" in text
    page.context.close()
