"""Item 7: inspections of administrative discipline — who records them, follow-up measures as tasks
of the inspected unit, names only for those who may see them (each such view logged), the item-7
figures of the quarterly report and of the rollup per Decree 09 period."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections import selectors, services
from inspections.models import Inspector, NamedView, StaffKind, ViolationCategory
from library.workcalendar import Quarter
from tasks.models import Assignment
from units.tests.org import authority_administrator
from units.tests.support import input_value


def inspect(org, unit=None, day=date(2026, 10, 8), actor=None, inspector=Inspector.HOME_AFFAIRS):
    return services.inspection_create(
        actor=actor or org.reviewer,
        unit=unit or org.commune_a,
        inspector=inspector,
        held_on=day,
        scope="Kiểm tra việc chấp hành giờ giấc làm việc, văn hóa công sở tại bộ phận một cửa",
        team="Đoàn kiểm tra công vụ huyện",
    )


def violation(org, inspection, category=ViolationCategory.OFFICE_CULTURE, person="Ông Nguyễn Văn Bảy, công chức"):
    return services.finding_add(
        actor=org.reviewer,
        inspection=inspection,
        category=category,
        description="Không đeo thẻ công chức",
        person=person,
    )


def discipline(org, inspection, kind=StaffKind.CIVIL_SERVANT, form="reprimand", on=date(2026, 11, 2)):
    subject = "Ông Nguyễn Văn Bảy" if kind != StaffKind.COLLECTIVE else "Bộ phận một cửa xã"
    return services.decision_add(
        actor=org.reviewer,
        inspection=inspection,
        staff_kind=kind,
        subject=subject,
        form=form,
        number="12/QĐ-UBND",
        decided_on=on,
    )


def test_a_follow_up_measure_is_a_task_of_the_inspected_unit(org, time_machine):
    time_machine.move_to("2026-10-09 09:00 +07:00")
    inspection = inspect(org)
    measure = services.measure_add(
        actor=org.reviewer,
        inspection=inspection,
        text="Chấn chỉnh việc đeo thẻ công chức tại bộ phận một cửa",
        deadline=date(2026, 10, 30),
        given_by=org.chairman.leaderships.get(),
    )
    assignment = Assignment.objects.get(task=measure.task)
    assert (assignment.unit, assignment.deadline) == (org.commune_a, date(2026, 10, 30))
    assert measure.task.source_label == "Kết luận kiểm tra ngày 08/10/2026"
    assert measure.task.given_by.user == org.chairman
    # The unit follows it like any task: it is on its own list.
    assert Assignment.objects.visible_to(org.chair_a).filter(pk=assignment.pk).exists()


def test_who_may_record(org, time_machine):
    time_machine.move_to("2026-10-09 09:00 +07:00")
    with pytest.raises(PermissionDenied):
        inspect(org, actor=org.office_staff)
    with pytest.raises(PermissionDenied):  # a head inspects only their own unit, as head
        inspect(org, unit=org.commune_b, actor=org.chair_a, inspector=Inspector.HEAD)
    with pytest.raises(PermissionDenied):
        inspect(org, actor=org.chair_a, inspector=Inspector.HOME_AFFAIRS)
    for administrator in (authority_administrator(org), org.admin):  # docs §14: not administrators
        with pytest.raises(PermissionDenied):
            inspect(org, actor=administrator)
    own = inspect(org, actor=org.chair_a, inspector=Inspector.HEAD)
    with pytest.raises(ValidationError):
        inspect(org, day=date(2026, 10, 20))  # not in the future
    with pytest.raises(ValidationError) as wrong:  # a public employee is not demoted
        discipline(org, own, kind=StaffKind.PUBLIC_EMPLOYEE, form="demotion")
    assert "form" in wrong.value.message_dict
    with pytest.raises(ValidationError):  # a body is reprimanded or warned only
        discipline(org, own, kind=StaffKind.COLLECTIVE, form="dismissal")


@pytest.fixture
def named(org, time_machine):
    time_machine.move_to("2026-11-03 09:00 +07:00")
    inspection = inspect(org)
    violation(org, inspection)
    discipline(org, inspection)
    return inspection


@pytest.mark.parametrize(
    "who,status,sees_name",
    [
        ("reviewer", 200, True),
        ("chairman", 200, True),
        ("vice_chairman", 200, True),
        ("chair_a", 200, True),  # the head of the unit concerned
        ("officer_a", 200, False),  # the unit's own officers: counts only
        ("deputy_a", 200, False),
        ("office_staff", 200, False),  # the Office sees every unit, not the names
        ("authority_admin", 200, False),  # an authority's administrator (Membership.administers) neither
        ("admin", 200, False),  # nor a system administrator
        ("chair_b", 404, False),  # another commune: not at all
        ("nobody", 404, False),
    ],
)
def test_names_only_for_those_who_may_see_them_and_every_such_view_logged(client, org, named, who, status, sees_name):
    user = authority_administrator(org) if who == "authority_admin" else getattr(org, who)
    client.force_login(user)
    response = client.get(reverse("inspections:inspection_detail", args=[named.pk]))
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert ("Nguyễn Văn Bảy" in page) == sees_name
        assert "Không đeo thẻ công chức" in page  # the violation itself, and its count, for all
        assert ("(ẩn tên)" in page) == (not sees_name)
    assert NamedView.objects.filter(inspection=named, user=user).count() == (1 if sees_name else 0)
    listing = client.get(reverse("inspections:inspection_list")).content.decode()
    assert ("Xã Tân Trào" in listing) == (status == 200)


def test_a_commune_user_cannot_add_to_another_communes_inspection(client, org, named):
    client.force_login(org.chair_b)
    url = reverse("inspections:finding_add", args=[named.pk])
    assert client.post(url, {"f-category": "other", "f-description": "x"}).status_code == 404
    client.force_login(org.officer_a)
    assert client.post(url, {"f-category": "other", "f-description": "x"}).status_code == 403
    assert named.findings.count() == 1


def test_a_rejected_decision_keeps_what_was_typed(client, org, named):
    client.force_login(org.reviewer)
    response = client.post(
        reverse("inspections:decision_add", args=[named.pk]),
        {
            "d-staff_kind": "public_employee",
            "d-subject": "Bà Trần Thị Tám, viên chức",
            "d-form": "demotion",
            "d-number": "15/QĐ-UBND",
            "d-decided_on": "02/11/2026",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bà Trần Thị Tám, viên chức" in page and "không áp dụng cho đối tượng đã chọn" in page
    assert named.decisions.count() == 1


def test_item_7_figures_of_the_quarterly_report_and_the_rollup_equal_the_register(client, org, template, time_machine):
    """Q4/2026's Decree 09 period is 15/09–14/12/2026: an inspection on 14/09 is Q3's."""
    time_machine.move_to("2026-12-15 09:00 +07:00")
    q3 = inspect(org, day=date(2026, 9, 14))
    violation(org, q3, ViolationCategory.LATE_HANDLING)
    first = inspect(org, day=date(2026, 9, 15))
    violation(org, first, ViolationCategory.OFFICE_CULTURE)
    violation(org, first, ViolationCategory.OFFICE_CULTURE, person="")
    violation(org, first, ViolationCategory.ABSENCE)
    discipline(org, first)
    discipline(org, first, kind=StaffKind.COLLECTIVE, form="warning")
    other = inspect(org, unit=org.commune_b, day=date(2026, 12, 14))
    violation(org, other, ViolationCategory.HARASSMENT)

    counts = selectors.discipline_counts(org.commune_a.pk, date(2026, 9, 15), date(2026, 12, 14))
    assert (counts["inspections"], counts["findings"], counts["persons"], counts["bodies"]) == (1, 3, 1, 1)
    by_category = [counts[f"findings_{c}"] for c in ("office_culture", "absence", "late_handling")]
    assert by_category == [2, 1, 0]

    client.force_login(org.chair_a)
    page = client.get(reverse("reports:quarterly_report", args=[org.commune_a.code, "2026Q4"])).content.decode()

    def value_of(code):
        return input_value(page, f"ind_{code}")

    codes = ("cuoc_kiem_tra", "vi_pham_phat_hien", "ca_nhan_bi_ky_luat", "tap_the_bi_ky_luat")
    assert [value_of(c) for c in codes] == ["1", "3", "1", "1"]
    assert value_of("vi_pham_van_hoa_cong_so") == "2"
    assert "Theo sổ theo dõi kiểm tra kỷ luật, kỷ cương: 3." in page

    from reports.selectors import indicator_totals

    rows = {row["code"]: row for row in indicator_totals(Quarter(2026, 4), template)}
    assert (rows["vi_pham_phat_hien"]["communes"], rows["vi_pham_phat_hien"]["agencies"]) == (4, 0)
    assert rows["cuoc_kiem_tra"]["all"] == 2


def test_the_list_reads_a_constant_number_of_queries(client, org, time_machine):
    time_machine.move_to("2026-11-03 09:00 +07:00")
    client.force_login(org.reviewer)
    counts = []
    for size in (1, 10):
        for _ in range(size):
            violation(org, inspect(org))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("inspections:inspection_list")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_a_measure_links_only_to_the_assignment_the_viewer_may_see(client, org, time_machine):
    from tasks import services as task_services
    from tasks.models import ChangeKind

    time_machine.move_to("2026-10-09 09:00 +07:00")
    inspection = inspect(org)
    measure = services.measure_add(
        actor=org.reviewer,
        inspection=inspection,
        text="Rà soát lại quy trình một cửa",
        deadline=date(2026, 10, 30),
        given_by=org.chairman.leaderships.get(),
    )
    own = measure.task.assignments.get()
    change = task_services.change_request_create(
        actor=org.chair_a, assignment=own, kind=ChangeKind.REASSIGN, reason="Thuộc xã khác", proposed_unit=org.commune_b
    )
    task_services.change_request_decide(actor=org.chairman, request=change, approve=True)
    moved = measure.task.assignments.get(unit=org.commune_b)
    client.force_login(org.chair_a)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert "Rà soát lại quy trình một cửa" in page
    assert reverse("tasks:assignment_detail", args=[moved.pk]) not in page
    client.force_login(org.reviewer)
    page = client.get(reverse("inspections:inspection_detail", args=[inspection.pk])).content.decode()
    assert reverse("tasks:assignment_detail", args=[moved.pk]) in page


def test_an_administrator_neither_adds_to_an_inspection_nor_is_offered_to(client, org, named):
    """Docs §14: Organization–Home Affairs and the unit's head record; an administrator of the
    authority sees the inspection (every unit) without names and without the forms."""
    client.force_login(authority_administrator(org))
    page = client.get(reverse("inspections:inspection_detail", args=[named.pk])).content.decode()
    assert reverse("inspections:finding_add", args=[named.pk]) not in page
    url = reverse("inspections:finding_add", args=[named.pk])
    assert client.post(url, {"f-category": "other", "f-description": "x", "f-person": "Ông A"}).status_code == 403
    assert client.get(reverse("inspections:inspection_create")).status_code == 403
    assert named.findings.count() == 1
