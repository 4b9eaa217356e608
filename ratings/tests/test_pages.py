"""The rating pages: who sees what (404 by id, 403 for the list), the forms keep what was typed and
answer in Vietnamese, constant queries at two sizes, the Word and Excel files opened (docs §15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from ratings import services
from ratings.models import Band, Rating, Subject
from ratings.tests.test_method import Q3, compute, on_time_three, product, score
from units.models import Position
from units.tests.factories import MembershipFactory, UnitFactory

PERIOD = "?period=2026Q3&subject=unit"


@pytest.fixture
def rated(org, time_machine):
    """Q3/2026 proposals for both communes and both heads, commune A's scored."""
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14), unit=org.commune_b)
    a = score(org, compute(org, time_machine), "22")
    b = compute(org, time_machine, unit=org.commune_b)
    head_a = compute(org, time_machine, subject=Subject.HEAD)
    head_b = compute(org, time_machine, unit=org.commune_b, subject=Subject.HEAD)
    return {"a": a, "b": b, "head_a": head_a, "head_b": head_b}


WHO_SEES = {
    # user: (list status, which of the ratings they may open)
    "reviewer": (200, {"a", "b", "head_a", "head_b"}),
    "chairman": (200, {"a", "b", "head_a", "head_b"}),
    "vice_chairman": (200, {"a", "b", "head_a", "head_b"}),
    "admin": (200, {"a", "b", "head_a", "head_b"}),
    "chair_a": (200, {"a", "head_a"}),
    "chair_b": (200, {"b", "head_b"}),
    # Officials who rate nobody get the page of their own ratings (none here).
    "deputy_a": ("own", set()),
    "officer_a": ("own", set()),
    "office_staff": ("own", set()),
    "nobody": ("own", set()),
}


@pytest.mark.parametrize("who", WHO_SEES)
def test_who_sees_which_rating(client, org, rated, who):
    list_status, visible = WHO_SEES[who]
    client.force_login(getattr(org, who))
    response = client.get(reverse("ratings:rating_list") + PERIOD)
    assert response.status_code == 200
    page = response.content.decode()
    if list_status == "own":
        assert "Kết quả đánh giá, xếp loại của tôi" in page and "Chưa có kết quả đánh giá, xếp loại nào." in page
        assert "Xã Tân Trào" not in page.split("<main", 1)[1]
    for name, rating in rated.items():
        response = client.get(reverse("ratings:rating_detail", args=[rating.pk]))
        assert response.status_code == (200 if name in visible else 404), (who, name)
        # Every write by id is as closed as the page.
        if name not in visible:
            for action in ("rating_score", "rating_approve", "rating_recompute", "rating_exempt"):
                assert client.post(reverse(f"ratings:{action}", args=[rating.pk])).status_code == 404
    for export in ("rating_docx", "rating_xlsx"):
        status = client.get(reverse(f"ratings:{export}") + PERIOD).status_code
        assert status == (200 if who in {"reviewer", "chairman", "vice_chairman", "admin"} else 403), (who, export)
        staff = client.get(reverse(f"ratings:{export}") + "?period=2026Q3&subject=staff&unit=XA-TAN-TRAO")
        allowed = {"reviewer", "chairman", "vice_chairman", "admin", "chair_a"}
        assert staff.status_code == (200 if who in allowed else 403), (who, export, "staff")


def test_a_head_sees_only_their_own_units_line_in_the_list(client, org, rated):
    client.force_login(org.chair_a)
    page = client.get(reverse("ratings:rating_list") + PERIOD).content.decode()
    assert "Xã Tân Trào" in page and "Xã Hợp Thành" not in page
    assert "Lập đề xuất" not in page and "Tính lại các đề xuất" not in page


def test_the_list_says_the_bands_and_the_cap(client, org, rated):
    client.force_login(org.reviewer)
    page = client.get(reverse("ratings:rating_list") + PERIOD).content.decode()
    assert "92" in page and "Hoàn thành xuất sắc nhiệm vụ" in page  # 70 + 22
    assert "vượt giới hạn 0" in page  # one Xuất sắc, no Tốt yet among the communes
    # Commune B's one product was late: (100 + 100 + 75)/3 × 70% = 64.17, the Vietnamese way.
    assert "64,17" in page


def test_the_score_form_keeps_what_was_typed_and_answers_in_vietnamese(client, org, rated):
    client.force_login(org.reviewer)
    b = rated["b"]
    url = reverse("ratings:rating_score", args=[b.pk])
    response = client.post(url, {"revision": b.revision, "common_points": "31", "common_note": "Ghi chú dài đã gõ"})
    page = response.content.decode()
    assert response.status_code == 400 and "Tối đa 30 điểm." in page
    assert 'value="31"' in page and "Ghi chú dài đã gõ" in page
    response = client.post(url, {"revision": b.revision, "common_points": "27,5", "common_note": ""})
    assert response.status_code == 400 and "Ghi nhận xét về tiêu chí chung" in response.content.decode()
    response = client.post(url, {"revision": b.revision, "common_points": "27,5", "common_note": "Tốt"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert (b.common_points, b.total, b.band) == (Decimal("27.50"), Decimal("91.67"), Band.EXCELLENT)
    # A second tab still holding the old revision is refused, its text kept.
    response = client.post(url, {"revision": b.revision - 1, "common_points": "10", "common_note": "Bản cũ"})
    page = response.content.decode()
    assert response.status_code == 400 and "Người khác vừa lưu" in page and "Bản cũ" in page
    b.refresh_from_db()
    assert b.common_points == Decimal("27.50")


def test_the_chairman_approves_from_the_page_and_the_page_then_shows_it_frozen(client, org, rated, time_machine):
    a = rated["a"]
    client.force_login(org.chairman)
    response = client.post(reverse("ratings:rating_approve", args=[a.pk]), {"revision": a.revision}, follow=True)
    # The communes' cap (one Xuất sắc, no Tốt) refuses it, and says why.
    assert "Không duyệt được mức Xuất sắc" in response.content.decode()
    client.force_login(org.reviewer)
    client.post(
        reverse("ratings:rating_score", args=[a.pk]),
        {
            "revision": a.revision,
            "common_points": "22",
            "common_note": "Tốt",
            "lowered_for_cap": "on",
            "lowered_reason": "Tỷ lệ Xuất sắc đã đủ",
        },
    )
    a.refresh_from_db()
    assert a.band == Band.GOOD
    client.force_login(org.chairman)
    page = client.post(
        reverse("ratings:rating_approve", args=[a.pk]), {"revision": a.revision}, follow=True
    ).content.decode()
    assert "Đã duyệt. Kết quả được giữ nguyên" in page
    assert Rating.objects.get(pk=a.pk).frozen
    client.force_login(org.reviewer)
    page = client.get(reverse("ratings:rating_detail", args=[a.pk])).content.decode()
    assert "Lưu điểm" not in page and "Tính lại từ nhiệm vụ" not in page


def test_a_leader_confirms_an_objective_cause_from_the_page(client, org, rated):
    b = rated["b"]
    late = next(p for p in b.products if p["late"])
    client.force_login(org.vice_chairman)
    url = reverse("ratings:rating_exempt", args=[b.pk])
    response = client.post(url, {"assignment": late["assignment"], "kind": "delay", "reason": ""})
    assert response.status_code == 400 and "Ghi nguyên nhân khách quan" in response.content.decode()
    # An assignment that is not one of this rating's products is refused.
    other = rated["a"].products[0]["assignment"]
    assert client.post(url, {"assignment": other, "kind": "delay", "reason": "x"}).status_code == 403
    response = client.post(url, {"assignment": late["assignment"], "kind": "delay", "reason": "Mưa lũ cô lập xã"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.task_points == Decimal("70.00")


def test_the_list_and_a_rating_read_a_constant_number_of_queries(client, org, time_machine):
    client.force_login(org.reviewer)
    counts = {"list": [], "detail": []}
    for size in (1, 6):
        for n in range(size):
            unit = UnitFactory(code=f"XA-{size}-{n}", name=f"Xã thử {size}-{n}")
            head = MembershipFactory(unit=unit, position=Position.HEAD).user
            product(
                org, time_machine, date(2026, 8, 10), date(2026, 8, 9 + n % 3), unit=unit, head=head, subject=f"V{n}"
            )
        time_machine.move_to("2026-10-05 09:00 +07:00")
        services.ratings_propose(actor=org.reviewer, subject=Subject.UNIT, **Q3)
        rating = Rating.objects.filter(products__isnull=False).exclude(products=[]).order_by("-pk").first()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ratings:rating_list") + PERIOD).status_code == 200
        counts["list"].append(len(queries))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("ratings:rating_detail", args=[rating.pk])).status_code == 200
        counts["detail"].append(len(queries))
    assert counts == {"list": [12, 12], "detail": [12, 12]}, counts


def test_the_word_and_excel_files_hold_the_period(client, org, rated):
    client.force_login(org.chairman)
    response = client.get(reverse("ratings:rating_docx") + PERIOD)
    assert response["Content-Disposition"].endswith('danh-gia-xep-loai-don-vi-quy-3-2026.docx"')
    doc = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Quý III/2026" in text and "Nghị định số 335/2025/NĐ-CP" in text
    cells = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    tan_trao = next(row for row in cells if row[1] == "Xã Tân Trào")
    assert tan_trao[2:] == ["100", "100", "100", "70", "22", "92", "Hoàn thành xuất sắc nhiệm vụ (đề xuất)"]
    hop_thanh = next(row for row in cells if row[1] == "Xã Hợp Thành")
    assert hop_thanh[2:8] == ["100", "100", "75", "64,17", "—", "—"]
    response = client.get(reverse("ratings:rating_xlsx") + PERIOD)
    sheet = load_workbook(BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    tan_trao = next(row for row in rows if row[1] == "Xã Tân Trào")
    assert tan_trao[2:] == [100, 100, 100, 70, 22, 92, "Hoàn thành xuất sắc nhiệm vụ (đề xuất)"]


def test_the_office_sets_a_tasks_coefficient_on_its_page(client, org, time_machine):
    a = product(org, time_machine, date(2026, 9, 10), None)
    url = reverse("tasks:task_coefficient", args=[a.task_id])
    client.force_login(org.chairman)
    assert client.post(url, {"coefficient": "2"}).status_code == 403
    client.force_login(org.office_staff)
    response = client.post(url, {"coefficient": "mười"})
    page = response.content.decode()
    assert response.status_code == 400 and "Hệ số quy đổi là một số" in page and 'value="mười"' in page
    assert client.post(url, {"coefficient": "0"}).status_code == 400
    response = client.post(url, {"coefficient": "1,5"}, follow=True)
    assert "Đã đặt hệ số quy đổi 1,5" in response.content.decode()
    a.task.refresh_from_db()
    assert a.task.coefficient == Decimal("1.5")
    assert a.task.history.first().coefficient == Decimal("1.5")
    response = client.post(url, {"coefficient": "10"}, follow=True)
    page = response.content.decode()
    assert "Đã đặt hệ số quy đổi 10:" in page and 'id="id_coefficient" value="10"' in page


def test_the_list_opens_on_the_latest_rated_quarter_and_says_when_nothing_is_proposed(client, org, rated):
    client.force_login(org.chairman)
    page = client.get(reverse("ratings:rating_list")).content.decode()
    assert "Đánh giá, xếp loại — Quý III/2026" in page and "Xã Tân Trào" in page
    page = client.get(reverse("ratings:rating_list") + "?period=2026Q2").content.decode()
    assert "Cơ quan Tổ chức - Nội vụ chưa lập đề xuất đánh giá, xếp loại Quý II/2026." in page


@pytest.mark.parametrize("period", ["0000", "9999", "2026Q9", "abc", "2026q3", ""])
def test_any_period_typed_into_the_address_gives_a_page(client, org, rated, period):
    client.force_login(org.reviewer)
    assert client.get(reverse("ratings:rating_list") + f"?period={period}&subject=unit").status_code == 200
    assert client.get(reverse("ratings:rating_docx") + f"?period={period}&subject=unit").status_code == 200
