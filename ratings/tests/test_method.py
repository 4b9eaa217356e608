"""Item 4: the rating under Decree 335/2025/NĐ-CP worked by hand from the task record — all on time,
one delay, one content return, an exempted delay, a task without a deadline, a withdrawn assignment,
a coefficient — the band, discipline, the Xuất sắc cap, approval that freezes (docs §15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections import services as inspections
from inspections.models import Inspector, StaffKind
from ratings import services
from ratings.models import Band, ExemptionKind, Rating, RatingStatus, Subject
from tasks import services as tasks
from tasks.models import Assignment, ChangeKind, Task, TaskReport
from tasks.tests.factories import assign
from units.acting import carrying_scope

Q3 = dict(year=2026, quarter=3)


def product(org, time_machine, deadline, reported, *, unit=None, returns=(), accept=True, coefficient=None, **kw):
    """A task given on 01/07/2026 to one unit, reported on `reported` (after each of `returns`, a
    list of return grounds, a day earlier each), accepted the same day: the assignment."""
    unit = unit or org.commune_a
    time_machine.move_to("2026-07-01 09:00 +07:00")
    head = kw.pop("head", None) or (org.chair_a if unit == org.commune_a else org.chair_b)
    task = assign(org, unit, deadline=deadline, subject=kw.pop("subject", f"Nhiệm vụ hạn {deadline:%d/%m}"), **kw)
    if coefficient is not None:
        tasks.task_set_coefficient(actor=org.office_staff, task=task, coefficient=Decimal(coefficient))
    a = task.assignments.get(unit=unit)
    for n, reasons in enumerate(returns):
        time_machine.move_to(f"{date.fromordinal(reported.toordinal() - len(returns) + n):%Y-%m-%d} 09:00 +07:00")
        report = _submit(head, a)
        tasks.report_return(actor=org.office_staff, report=report, reasons=reasons)
        a.refresh_from_db()
    if reported is None:
        return a
    time_machine.move_to(f"{reported:%Y-%m-%d} 09:00 +07:00")
    report = _submit(head, a)
    if accept:
        tasks.report_accept(actor=org.office_staff, report=report)
    a.refresh_from_db()
    return a


def _submit(head, a):
    tasks.report_save_draft(actor=head, assignment=a, text="Đã thực hiện xong, kết quả như sau.", revision=None)
    return tasks.report_submit(actor=head, assignment=a)


def compute(org, time_machine, unit=None, subject=Subject.UNIT, when="2026-10-05 09:00 +07:00", **period):
    time_machine.move_to(when)
    return services.rating_compute(actor=org.reviewer, unit=unit or org.commune_a, subject=subject, **(period or Q3))


def score(org, rating, common, **kw):
    return services.rating_score(
        actor=org.reviewer,
        rating=rating,
        revision=rating.revision,
        common_points=Decimal(common),
        common_note="Chấp hành tốt kỷ luật, kỷ cương hành chính",
        **kw,
    )


def on_time_three(org, time_machine):
    for day in (date(2026, 7, 20), date(2026, 8, 20), date(2026, 9, 15)):
        product(org, time_machine, day, date(day.year, day.month, day.day - 3))


def test_all_on_time_gives_the_full_70_and_excellent_with_25_common_points(org, time_machine):
    on_time_three(org, time_machine)
    r = compute(org, time_machine)
    assert (r.assigned, r.completed, r.quality, r.progress) == (3, 3, 3, 3)
    assert r.percentages == (Decimal("100.00"),) * 3
    assert r.task_points == Decimal("70.00")
    assert r.band == ""  # the common criteria are not scored yet
    r = score(org, r, "25")
    assert (r.total, r.band) == (Decimal("95.00"), Band.EXCELLENT)


def test_one_delay_deducts_a_quarter_of_that_products_progress(org, time_machine):
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14))  # reported four days late
    r = compute(org, time_machine)
    # a = 4/4, b = 4/4, c = (3 + 0.75)/4 = 93.75%; (100 + 100 + 93.75)/3 × 70% = 68.5416… → 68.54
    assert r.percentages == (Decimal("100.00"), Decimal("100.00"), Decimal("93.75"))
    assert r.task_points == Decimal("68.54")
    r = score(org, r, "20")
    assert (r.total, r.band) == (Decimal("88.54"), Band.GOOD)
    late = [p for p in r.products if p["late"]]
    assert len(late) == 1 and late[0]["progress"] == "0.75"


def test_one_content_return_deducts_a_quarter_of_that_products_quality(org, time_machine):
    on_time_three(org, time_machine)
    a = product(org, time_machine, date(2026, 9, 10), date(2026, 9, 9), returns=[["low_quality"]])
    r = compute(org, time_machine)
    assert r.percentages == (Decimal("100.00"), Decimal("93.75"), Decimal("100.00"))
    assert r.task_points == Decimal("68.54")
    [line] = [p for p in r.products if p["assignment"] == a.pk]
    assert len(line["content_returns"]) == 1 and line["quality"] == "0.75"


def test_a_return_on_procedure_grounds_deducts_nothing(org, time_machine):
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 9), returns=[["wrong_procedure"]])
    assert compute(org, time_machine).task_points == Decimal("70.00")


def test_two_content_returns_and_a_delay_on_one_product(org, time_machine):
    """Each return deducts 25% of the product's quality points; the delay 25% of its progress."""
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14), returns=[["low_quality"], ["no_legal_analysis"]])
    r = compute(org, time_machine)
    # a = 100, b = 50, c = 75 → 225/3 × 0.7 = 52.50
    assert r.percentages == (Decimal("100.00"), Decimal("50.00"), Decimal("75.00"))
    assert r.task_points == Decimal("52.50")


def test_a_leader_confirmed_objective_cause_exempts_the_delay_and_refreshes_the_proposal(org, time_machine):
    on_time_three(org, time_machine)
    a = product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14))
    r = compute(org, time_machine)
    assert r.task_points == Decimal("68.54")
    with pytest.raises(PermissionDenied):
        services.exemption_confirm(actor=org.reviewer, assignment=a, kind=ExemptionKind.DELAY, reason="Bão số 3")
    with pytest.raises(ValidationError, match="nguyên nhân khách quan"):
        services.exemption_confirm(actor=org.chairman, assignment=a, kind=ExemptionKind.DELAY, reason=" ")
    services.exemption_confirm(
        actor=org.chairman, assignment=a, kind=ExemptionKind.DELAY, reason="Bão số 3 gây ngập, mất điện ba ngày"
    )
    r.refresh_from_db()
    assert r.task_points == Decimal("70.00")
    assert [p["delay_exempt"] for p in r.products if p["assignment"] == a.pk] == [True]
    with pytest.raises(ValidationError, match="đã được xác nhận"):
        services.exemption_confirm(actor=org.chairman, assignment=a, kind=ExemptionKind.DELAY, reason="Lần nữa")


def test_an_exempted_content_return(org, time_machine):
    a = product(org, time_machine, date(2026, 9, 10), date(2026, 9, 9), returns=[["low_quality"]])
    returned = TaskReport.objects.get(assignment=a, status="returned")
    compute(org, time_machine)
    services.exemption_confirm(
        actor=org.vice_chairman,
        assignment=a,
        kind=ExemptionKind.RETURN,
        report=returned,
        reason="Văn bản hướng dẫn của tỉnh thay đổi sau khi đơn vị gửi",
    )
    assert Rating.objects.get().task_points == Decimal("70.00")


def test_a_task_without_deadline_counts_only_when_completed_in_the_period(org, time_machine):
    on_time_three(org, time_machine)
    time_machine.move_to("2026-07-01 09:00 +07:00")
    done = tasks.task_create(
        actor=org.office_staff,
        subject="Thường xuyên theo dõi an toàn hồ đập",
        given_by=org.chairman.leaderships.get(),
        deadline=None,
        units=[org.commune_a],
    ).assignments.get()
    tasks.task_create(
        actor=org.office_staff,
        subject="Thường xuyên kiểm tra cháy rừng",
        given_by=org.chairman.leaderships.get(),
        deadline=None,
        units=[org.commune_a],
    )
    time_machine.move_to("2026-08-03 09:00 +07:00")
    tasks.report_accept(actor=org.office_staff, report=_submit(org.chair_a, done))
    r = compute(org, time_machine)
    # 3 on time + the completed one (never late); the open one is not a product of the quarter
    assert (r.assigned, r.task_points) == (4, Decimal("70.00"))
    assert [p["deadline"] for p in r.products if p["assignment"] == done.pk] == [None]


def test_a_withdrawn_assignment_leaves_the_rating(org, time_machine):
    on_time_three(org, time_machine)
    a = product(org, time_machine, date(2026, 9, 10), None)  # never reported: would cost a third
    time_machine.move_to("2026-07-03 09:00 +07:00")
    change = tasks.change_request_create(
        actor=org.chair_a, assignment=a, kind=ChangeKind.WITHDRAW, reason="Không thuộc thẩm quyền của xã"
    )
    before = compute(org, time_machine)
    assert before.assigned == 4
    tasks.change_request_decide(actor=org.chairman, request=change, approve=True)
    assert Assignment.objects.get(pk=a.pk).withdrawn_at is not None
    r = compute(org, time_machine)
    assert (r.assigned, r.task_points) == (3, Decimal("70.00"))


def test_an_unfinished_product_scores_nothing_and_the_coefficient_weighs_each_product(org, time_machine):
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14), coefficient="2")
    r = compute(org, time_machine)
    # weights 1 + 1 + 1 + 2 = 5; progress (3 + 2 × 0.75)/5 = 90% → (100 + 100 + 90)/3 × 0.7 = 67.67
    assert r.percentages == (Decimal("100.00"), Decimal("100.00"), Decimal("90.00"))
    assert r.task_points == Decimal("67.67")
    product(org, time_machine, date(2026, 9, 11), None, subject="Chưa làm")
    r = compute(org, time_machine)
    # weights 6, completed 5: a = 83.33, b = 83.33, c = 4.5/6 = 75 → 241.67/3 × 0.7 = 56.39
    assert r.percentages == (Decimal("83.33"), Decimal("83.33"), Decimal("75.00"))
    assert r.task_points == Decimal("56.39")


def test_nothing_due_needs_a_figure_with_its_reason_before_approval(org, time_machine):
    r = compute(org, time_machine)
    assert (r.assigned, r.task_points, r.products) == (0, None, [])
    r = score(org, r, "28")
    assert r.total is None
    with pytest.raises(ValidationError, match="không có sản phẩm"):
        services.rating_approve(actor=org.chairman, rating=r, revision=r.revision)
    with pytest.raises(ValidationError) as refused:
        score(org, r, "28", task_points_adjusted=Decimal("60"))
    assert "adjust_reason" in refused.value.error_dict
    r = score(org, r, "28", task_points_adjusted=Decimal("60"), adjust_reason="Nhiệm vụ thường xuyên theo chức năng")
    assert (r.total, r.band) == (Decimal("88.00"), Band.GOOD)


def test_the_bands_at_their_boundaries(org, time_machine):
    on_time_three(org, time_machine)
    r = compute(org, time_machine)
    for common, band in (("20", Band.EXCELLENT), ("19.99", Band.GOOD), ("0", Band.GOOD)):
        r = score(org, r, common)
        assert r.band == band, common
    for adjusted, band in (("50", Band.DONE), ("49.99", Band.FAILED)):
        r = score(org, r, "0", task_points_adjusted=Decimal(adjusted), adjust_reason="Thử ranh giới")
        assert r.band == band, adjusted


def test_discipline_in_the_year_forces_not_completed(org, time_machine):
    on_time_three(org, time_machine)
    time_machine.move_to("2026-05-10 09:00 +07:00")
    inspection = inspections.inspection_create(
        actor=org.reviewer,
        unit=org.commune_a,
        inspector=Inspector.HOME_AFFAIRS,
        held_on=date(2026, 5, 8),
        scope="Giờ giấc",
    )
    org.chair_a.full_name = "Nguyễn Văn An"
    org.chair_a.save()
    inspections.decision_add(
        actor=org.reviewer,
        inspection=inspection,
        staff_kind=StaffKind.CIVIL_SERVANT,
        subject="Ông Nguyễn Văn An, Chủ tịch UBND xã",
        form="reprimand",
        number="05/QĐ-UBND",
        decided_on=date(2026, 5, 9),
    )
    unit = score(org, compute(org, time_machine), "28")
    assert (unit.total, unit.band, unit.discipline) == (Decimal("98.00"), Band.EXCELLENT, [])
    head = score(org, compute(org, time_machine, subject=Subject.HEAD), "28")
    assert head.person == org.chair_a and head.person_name == org.chair_a.get_full_name()
    assert (head.total, head.band) == (Decimal("98.00"), Band.FAILED)
    assert head.discipline[0]["number"] == "05/QĐ-UBND"
    inspections.decision_add(
        actor=org.reviewer,
        inspection=inspection,
        staff_kind=StaffKind.COLLECTIVE,
        subject="UBND xã Tân Trào",
        form="warning",
        number="06/QĐ-UBND",
        decided_on=date(2026, 5, 9),
    )
    assert compute(org, time_machine).band == Band.FAILED


def test_the_excellent_cap_is_flagged_and_blocks_approval_until_lowered(org, time_machine):
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 9, 10), date(2026, 9, 8), unit=org.commune_b)
    a = score(org, compute(org, time_machine), "25")
    b = score(org, compute(org, time_machine, unit=org.commune_b), "15")
    assert (a.band, b.band) == (Band.EXCELLENT, Band.GOOD)
    from ratings.selectors import cap_checks

    check = cap_checks(2026, 3, Subject.UNIT)["communes"]
    assert (check.good, check.excellent, check.cap, check.exceeded) == (1, 1, 0, True)
    with pytest.raises(ValidationError, match="vượt|tối đa 0"):
        services.rating_approve(actor=org.chairman, rating=a, revision=a.revision)
    with pytest.raises(ValidationError) as refused:
        score(org, a, "25", lowered_for_cap=True)
    assert "lowered_reason" in refused.value.error_dict
    a = score(org, a, "25", lowered_for_cap=True, lowered_reason="Tỷ lệ Xuất sắc của khối xã đã đủ")
    assert (a.total, a.band) == (Decimal("95.00"), Band.GOOD)
    a = services.rating_approve(actor=org.chairman, rating=a, revision=a.revision)
    assert a.status == RatingStatus.APPROVED


def test_only_the_chairman_approves_and_a_frozen_rating_never_changes(org, time_machine):
    on_time_three(org, time_machine)
    late = product(org, time_machine, date(2026, 9, 10), date(2026, 9, 14))
    r = score(org, compute(org, time_machine), "20")
    for who in (org.vice_chairman, org.reviewer, org.chair_a):
        with pytest.raises(PermissionDenied):
            services.rating_approve(actor=who, rating=r, revision=r.revision)
    r = services.rating_approve(actor=org.chairman, rating=r, revision=r.revision)
    frozen = Rating.objects.values().get(pk=r.pk)
    # The task record changes afterwards: a coefficient, an exemption, a new task due in the quarter.
    tasks.task_set_coefficient(actor=org.office_staff, task=late.task, coefficient=Decimal("3"))
    services.exemption_confirm(actor=org.chairman, assignment=late, kind=ExemptionKind.DELAY, reason="Mưa lũ")
    product(org, time_machine, date(2026, 9, 29), None)
    time_machine.move_to("2026-12-01 09:00 +07:00")
    with pytest.raises(ValidationError, match="đã được duyệt"):
        services.rating_compute(actor=org.reviewer, unit=org.commune_a, subject=Subject.UNIT, **Q3)
    with pytest.raises(ValidationError, match="đã được duyệt"):
        score(org, r, "30")
    outcome = services.ratings_propose(actor=org.reviewer, subject=Subject.UNIT, **Q3)
    assert outcome.kept_frozen == 1
    assert Rating.objects.values().get(pk=r.pk) == frozen
    assert frozen["task_points"] == Decimal("68.54") and frozen["band"] == Band.GOOD


def test_a_stale_revision_is_refused(org, time_machine):
    on_time_three(org, time_machine)
    r = compute(org, time_machine)
    score(org, r, "25")
    with pytest.raises(ValidationError, match="Người khác vừa lưu"):
        services.rating_score(
            actor=org.reviewer, rating=r, revision=r.revision - 1, common_points=Decimal("10"), common_note="x"
        )


def test_the_year_rating_reads_the_whole_year(org, time_machine):
    on_time_three(org, time_machine)
    product(org, time_machine, date(2026, 12, 10), date(2026, 12, 14))
    r = compute(org, time_machine, when="2027-01-05 09:00 +07:00", year=2026, quarter=0)
    assert (r.assigned, r.task_points, r.period_label) == (4, Decimal("68.54"), "Năm 2026")


def test_proposing_for_every_unit_and_every_head(org, time_machine):
    on_time_three(org, time_machine)
    time_machine.move_to("2026-10-05 09:00 +07:00")
    outcome = services.ratings_propose(actor=org.reviewer, subject=Subject.UNIT, **Q3)
    assert outcome.made == 4  # two communes, the Office, Organization–Home Affairs
    outcome = services.ratings_propose(actor=org.reviewer, subject=Subject.HEAD, **Q3)
    assert (outcome.made, outcome.without_head) == (2, 2)  # the two special units have no head here
    with pytest.raises(PermissionDenied):
        services.ratings_propose(actor=org.office_staff, subject=Subject.UNIT, **Q3)
    assert Task.objects.count() == 3


def test_an_approved_extension_moves_the_deadline_the_delay_is_judged_by(org, time_machine):
    """Reported after the original deadline but by the extended one: on time, no deduction; the
    product belongs to the quarter its extended deadline falls in."""
    time_machine.move_to("2026-09-01 09:00 +07:00")
    a = assign(org, org.commune_a, deadline=date(2026, 9, 15), subject="Tổng kết phong trào").assignments.get()
    time_machine.move_to("2026-09-10 09:00 +07:00")
    request = tasks.extension_request_create(
        actor=org.chair_a, assignment=a, requested_deadline=date(2026, 9, 25), reason="Chờ số liệu của huyện"
    )
    tasks.extension_decide(actor=org.chairman, request=request, approve=True)
    time_machine.move_to("2026-09-22 09:00 +07:00")
    a.refresh_from_db()
    tasks.report_accept(actor=org.office_staff, report=_submit(org.chair_a, a))
    r = compute(org, time_machine)
    assert [(p["deadline"], p["late"]) for p in r.products] == [("2026-09-25", False)]
    assert r.task_points == Decimal("70.00")
    # Extended past the quarter's end, the same task is a product of the next quarter instead.
    time_machine.move_to("2026-09-01 09:00 +07:00")
    b = assign(org, org.commune_b, deadline=date(2026, 9, 28), subject="Kiểm kê tài sản").assignments.get()
    time_machine.move_to("2026-09-20 09:00 +07:00")
    request = tasks.extension_request_create(
        actor=org.chair_b, assignment=b, requested_deadline=date(2026, 10, 12), reason="Chờ hướng dẫn"
    )
    tasks.extension_decide(actor=org.chairman, request=request, approve=True)
    assert compute(org, time_machine, unit=org.commune_b).products == []
    q4 = compute(org, time_machine, unit=org.commune_b, when="2026-10-20 09:00 +07:00", year=2026, quarter=4)
    assert [p["deadline"] for p in q4.products] == ["2026-10-12"]


@pytest.mark.integration
def test_proposing_at_the_same_moment_makes_each_proposal_once(transactional_db, org, time_machine):
    """PostgreSQL, three people pressing "Lập đề xuất" at once: one row per unit, each computed."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    from conftest import require

    require(connection.vendor == "postgresql", "the concurrency test needs PostgreSQL")
    on_time_three(org, time_machine)
    time_machine.move_to("2026-10-05 09:00 +07:00")
    barrier = threading.Barrier(3)

    def run():
        try:
            barrier.wait(timeout=10)
            return services.ratings_propose(actor=org.reviewer, subject=Subject.UNIT, **Q3).made
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = [pool.submit(carrying_scope(run)) for _ in range(3)]
    assert [f.result(timeout=60) for f in futures] == [4, 4, 4]
    assert Rating.objects.count() == 4
    assert Rating.objects.get(unit=org.commune_a).task_points == Decimal("70.00")
