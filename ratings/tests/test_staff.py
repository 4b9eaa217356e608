"""A unit's head rates the unit's own officials (Decree 335: the head of a body rates its civil
servants): proposals from the unit's task results, the head's common criteria, the head's approval,
the cap within the unit; each official sees their own; the quarterly report's item-4 figures and the
rollup's totals come from the rating register (docs §15)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from library.workcalendar import Quarter
from ratings import services
from ratings.models import Band, Rating, RatingStatus, Subject
from ratings.selectors import people_by_band
from ratings.tests.test_method import Q3, compute, on_time_three, score
from units.tests.support import input_value


def propose_staff(org, time_machine, unit=None, actor=None):
    time_machine.move_to("2026-10-05 09:00 +07:00")
    return services.ratings_propose(actor=actor or org.chair_a, subject=Subject.STAFF, unit=unit or org.commune_a, **Q3)


def staff_score(org, rating, common, **kw):
    return services.rating_score(
        actor=org.chair_a,
        rating=rating,
        revision=rating.revision,
        common_points=Decimal(common),
        common_note="Hoàn thành tốt nhiệm vụ được phân công",
        **kw,
    )


def test_the_head_proposes_scores_and_approves_the_units_officials(org, time_machine):
    on_time_three(org, time_machine)
    assert propose_staff(org, time_machine).made == 2  # the deputy and the officer
    deputy = Rating.objects.get(subject=Subject.STAFF, person=org.deputy_a)
    officer = Rating.objects.get(subject=Subject.STAFF, person=org.officer_a)
    assert (deputy.task_points, officer.task_points) == (Decimal("70.00"), Decimal("70.00"))  # the unit's
    deputy = staff_score(org, deputy, "25")
    officer = staff_score(org, officer, "12")
    assert (deputy.band, officer.band) == (Band.EXCELLENT, Band.GOOD)
    # The unit's officials are one group: 1 Xuất sắc against 20% of 1 Tốt (0) is over the cap.
    with pytest.raises(ValidationError, match="tối đa 0"):
        services.rating_approve(actor=org.chair_a, rating=deputy, revision=deputy.revision)
    officer = services.rating_approve(actor=org.chair_a, rating=officer, revision=officer.revision)
    assert officer.status == RatingStatus.APPROVED
    # Proposing again keeps the approved one.
    assert propose_staff(org, time_machine).kept_frozen == 1


@pytest.mark.parametrize("who", ["reviewer", "chairman", "chair_b", "deputy_a", "officer_a", "office_staff"])
def test_only_the_units_head_rates_its_officials(org, time_machine, who):
    with pytest.raises(PermissionDenied):
        propose_staff(org, time_machine, actor=getattr(org, who))
    propose_staff(org, time_machine)
    rating = Rating.objects.get(subject=Subject.STAFF, person=org.officer_a)
    with pytest.raises(PermissionDenied):
        services.rating_score(
            actor=getattr(org, who), rating=rating, revision=rating.revision, common_points=None, common_note=""
        )
    with pytest.raises(PermissionDenied):
        services.rating_approve(actor=getattr(org, who), rating=rating, revision=rating.revision)


def test_the_head_rates_only_the_units_own_officials(org, time_machine):
    time_machine.move_to("2026-10-05 09:00 +07:00")
    with pytest.raises(ValidationError, match="không phải cán bộ, công chức"):
        services.rating_compute(actor=org.chair_a, unit=org.commune_a, subject=Subject.STAFF, person=org.chair_b, **Q3)


def test_each_official_sees_their_own_and_the_head_sees_all_of_the_unit(client, org, time_machine):
    propose_staff(org, time_machine)
    deputy = Rating.objects.get(subject=Subject.STAFF, person=org.deputy_a)
    officer = Rating.objects.get(subject=Subject.STAFF, person=org.officer_a)
    expected = {
        "officer_a": {officer},
        "deputy_a": {deputy},
        "chair_a": {deputy, officer},
        "chair_b": set(),
        "reviewer": {deputy, officer},
        "office_staff": set(),
    }
    for who, visible in expected.items():
        client.force_login(getattr(org, who))
        for rating in (deputy, officer):
            status = client.get(reverse("ratings:rating_detail", args=[rating.pk])).status_code
            assert status == (200 if rating in visible else 404), (who, rating.person)
    client.force_login(org.officer_a)
    page = client.get(reverse("ratings:rating_list")).content.decode()
    assert "Kết quả đánh giá, xếp loại của tôi" in page and "Quý III/2026" in page
    assert client.get(reverse("ratings:rating_detail", args=[officer.pk])).content.decode().count("Lưu điểm") == 0
    client.force_login(org.chair_a)
    page = client.get(reverse("ratings:rating_list") + "?period=2026Q3&subject=staff").content.decode()
    assert org.deputy_a.get_full_name() in page and org.officer_a.get_full_name() in page
    assert "Lưu điểm" in client.get(reverse("ratings:rating_detail", args=[officer.pk])).content.decode()
    # Another unit's officials are not listed for him, whatever the address says.
    page = client.get(reverse("ratings:rating_list") + "?period=2026Q3&subject=staff&unit=XA-HOP-THANH")
    assert org.chair_b.get_full_name() not in page.content.decode()


def test_item_4_of_the_quarterly_report_and_the_rollup_come_from_the_rating_register(
    client, org, template, time_machine
):
    on_time_three(org, time_machine)
    head = score(org, compute(org, time_machine, subject=Subject.HEAD), "22")  # 92: Xuất sắc
    propose_staff(org, time_machine)
    staff_score(org, Rating.objects.get(subject=Subject.STAFF, person=org.deputy_a), "15")  # 85: Tốt
    staff_score(org, Rating.objects.get(subject=Subject.STAFF, person=org.officer_a), "10")  # 80: Tốt
    score(
        org,
        compute(org, time_machine, unit=org.commune_b, subject=Subject.HEAD),
        "0",
        task_points_adjusted=Decimal("45"),
        adjust_reason="Nhiều nhiệm vụ chưa hoàn thành",
    )  # noqa: E501
    score(org, compute(org, time_machine), "25")  # the unit itself is not a person: not counted
    assert head.band == Band.EXCELLENT
    assert people_by_band(org.commune_a.pk, 2026, 3) == {"excellent": 1, "good": 2, "done": 0, "failed": 0}

    client.force_login(org.chair_a)
    page = client.get(reverse("reports:quarterly_report", args=[org.commune_a.code, "2026Q3"])).content.decode()
    figures = [input_value(page, f"ind_xep_loai_{b}") for b in ("xuat_sac", "tot", "hoan_thanh", "khong_hoan_thanh")]
    assert figures == ["1", "2", "0", "0"]
    assert "Theo sổ đánh giá, xếp loại: 2." in page

    from reports.selectors import indicator_totals

    rows = {row["code"]: row for row in indicator_totals(Quarter(2026, 3), template)}
    assert (rows["xep_loai_tot"]["communes"], rows["xep_loai_tot"]["agencies"]) == (2, 0)
    assert rows["xep_loai_khong_hoan_thanh"]["all"] == 1  # commune B's head, 45 points
    assert rows["xep_loai_xuat_sac"]["register"] == "sổ đánh giá, xếp loại"


def test_the_staff_list_for_home_affairs_asks_for_a_unit_and_its_word_file_is_the_units(client, org, time_machine):
    from io import BytesIO

    from docx import Document

    on_time_three(org, time_machine)
    propose_staff(org, time_machine)
    client.force_login(org.reviewer)
    page = client.get(reverse("ratings:rating_list") + "?period=2026Q3&subject=staff").content.decode()
    assert "Chọn đơn vị để xem kết quả đánh giá cán bộ, công chức của đơn vị." in page
    client.force_login(org.chair_a)
    response = client.get(reverse("ratings:rating_docx") + "?period=2026Q3&subject=staff&unit=XA-TAN-TRAO")
    assert response["Content-Disposition"].endswith('danh-gia-xep-loai-can-bo-cong-chuc-xa-tan-trao-quy-3-2026.docx"')
    doc = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Kết quả đánh giá, xếp loại chất lượng cán bộ, công chức Xã Tân Trào Quý III/2026" in text
    assert "Kính gửi: Cơ quan Tổ chức - Nội vụ." in text
    names = [row.cells[1].text for row in doc.tables[1].rows[1:]]
    assert sorted(names) == sorted([org.deputy_a.get_full_name(), org.officer_a.get_full_name()])
