"""Every main page and download issues the same, exact number of queries with a little data and with
more of it: more units, more people, more assignments, more report versions, more quarterly reports
(docs/architecture.md §8). A page that starts querying per row fails here with both counts shown.

The counts include the two queries of the signed-in session (session and user)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from library.workcalendar import Week
from reports.services import periodic
from tasks import services as task_services
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import AssignmentFactory, assign
from units.models import Position, today_local
from units.tests.factories import MembershipFactory, UnitFactory
from units.tests.support import Q3, file_report

MOMENT = "2026-09-18 10:00 +07:00"  # a Friday of Q3, before day 20
WEEK = Week.parse("2026-W38")


def _grow(org, template, units: int) -> None:
    """`units` more communes, each with a head, an officer, a task given by the Chairman that is
    overdue, one due later, and its Q3 report filed and accepted; one more report version on the
    busy assignment of commune A (submitted, returned); one more quarterly report version."""
    chairman = org.chairman.leaderships.get()
    today = today_local()
    for _ in range(units):
        unit = UnitFactory()
        head = MembershipFactory(unit=unit, position=Position.HEAD).user
        MembershipFactory(unit=unit, position=Position.OFFICER)
        for offset in (-3, 5):
            d = today + timedelta(days=offset)
            AssignmentFactory(unit=unit, task__given_by=chairman, original_deadline=d, deadline=d, effective_deadline=d)
        # Something waiting in each queue: a report for the Office, an extension for the Chairman.
        later = today + timedelta(days=10)
        for waiting in ("report", "extension"):
            a = AssignmentFactory(
                unit=unit, task__given_by=chairman, original_deadline=later, deadline=later, effective_deadline=later
            )
            if waiting == "report":
                task_services.report_save_draft(actor=head, assignment=a, text="Đã làm", revision=None)
                task_services.report_submit(actor=head, assignment=a)
            else:
                task_services.extension_request_create(
                    actor=head, assignment=a, requested_deadline=later + timedelta(days=7), reason="Chờ số liệu"
                )
        file_report(org, template, unit, head, values={"hoi_nghi_quan_triet": 1})
    busy = org.commune_a.assignments.order_by("pk").first()
    draft = busy.reports.filter(status="draft").first()
    task_services.report_save_draft(
        actor=org.chair_a, assignment=busy, text="Báo cáo", revision=draft.revision if draft else None
    )
    report = task_services.report_submit(actor=org.chair_a, assignment=busy)
    task_services.report_return(actor=org.office_staff, report=report, reasons=["low_quality"], note="Bổ sung")
    _quarterly_round(org, template)


def _quarterly_round(org, template) -> None:
    """Commune A's Q3 report: one more version sent and returned, and a new draft after it."""
    from reports import services as report_services
    from reports.models import QuarterlyReport

    section = str(template.sections.get(order=1).pk)
    old = QuarterlyReport.objects.filter(unit=org.commune_a, status="draft").first()
    draft = report_services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={section: f"Lần {old.version if old else 1}: đã quán triệt."},
        values={"hoi_nghi_quan_triet": 2, "ty_le_van_ban_dien_tu": 92.5},
        revision=old.revision if old else None,
    )
    sent = report_services.quarterly_submit(actor=org.chair_a, report=draft, confirmed_empty=True)
    report_services.quarterly_return(actor=org.reviewer, report=sent, reasons=["low_quality"])
    report_services.quarterly_save_draft(
        actor=org.chair_a,
        unit=org.commune_a,
        quarter=Q3,
        template=template,
        narratives={section: "Bản mới."},
        values={"hoi_nghi_quan_triet": 3},
        revision=None,
    )


@pytest.fixture
def world(org, template, time_machine):
    """The demo-like organisation on a Friday of Q3: a busy assignment of commune A with a draft,
    a week's summary, the Q3 rollup, and a first helping of data."""
    time_machine.move_to(MOMENT)
    assign(org, org.commune_a, leader=org.chairman.leaderships.get())
    _grow(org, template, 2)
    weekly_summary_run(week=WEEK, deliver=False)
    periodic.quarter_rollup_run(quarter=Q3)
    busy = org.commune_a.assignments.order_by("pk").first()
    task_services.report_save_draft(actor=org.chair_a, assignment=busy, text="Dự thảo", revision=None)

    def grow():
        _grow(org, template, 6)
        task_services.report_save_draft(actor=org.chair_a, assignment=busy, text="Dự thảo mới", revision=None)
        periodic.quarter_rollup_run(quarter=Q3, force=True)
        weekly_summary_run(week=WEEK, force=True, deliver=False)

    return {"busy": busy, "grow": grow, "leader": org.chairman.leaderships.get()}


# (name, who, URL, exact query count)
PAGES = [
    ("office list", "office_staff", lambda w: reverse("tasks:assignment_list"), 15),
    ("office list, overdue", "office_staff", lambda w: reverse("tasks:assignment_list") + "?status=overdue", 15),
    ("office export .xlsx", "office_staff", lambda w: reverse("tasks:assignment_export"), 11),
    ("per-unit table", "office_staff", lambda w: reverse("tasks:unit_table"), 14),
    ("per-unit table .xlsx", "office_staff", lambda w: reverse("tasks:unit_table") + "?format=xlsx", 11),
    ("leader page", "chairman", lambda w: reverse("tasks:leader_tasks"), 15),
    ("unit page", "chair_a", lambda w: reverse("tasks:unit_tasks", args=["XA-TAN-TRAO"]), 10),
    ("assignment page, unit", "chair_a", lambda w: reverse("tasks:assignment_detail", args=[w["busy"].pk]), 17),
    ("assignment page, Office", "office_staff", lambda w: reverse("tasks:assignment_detail", args=[w["busy"].pk]), 17),
    ("task page", "office_staff", lambda w: reverse("tasks:task_detail", args=[w["busy"].task_id]), 15),
    ("task page, leader", "chairman", lambda w: reverse("tasks:task_detail", args=[w["busy"].task_id]), 15),
    (
        "task page, overdue only",
        "chairman",
        lambda w: reverse("tasks:task_detail", args=[w["busy"].task_id]) + "?status=overdue",
        15,
    ),
    (
        "office list by task",
        "office_staff",
        lambda w: reverse("tasks:assignment_list") + f"?leader={w['leader'].pk}",
        17,
    ),
    ("queue, Office", "office_staff", lambda w: reverse("reports:queue"), 14),
    ("queue, reviewer", "reviewer", lambda w: reverse("reports:queue"), 11),
    ("queue, leader", "chairman", lambda w: reverse("reports:queue"), 13),
    ("summaries", "chairman", lambda w: reverse("tasks:summary_list"), 11),
    ("summary", "chairman", lambda w: reverse("tasks:summary_detail", args=[WEEK.key]), 16),
    # +1: the directive item that asks for the summary, named in its opening (docs §17).
    ("summary .docx", "chairman", lambda w: reverse("tasks:summary_download", args=[WEEK.key, "docx"]), 15),
    ("summary .xlsx", "chairman", lambda w: reverse("tasks:summary_download", args=[WEEK.key, "xlsx"]), 14),
    ("dashboard", "reviewer", lambda w: reverse("reports:dashboard") + f"?quarter={Q3.key}", 27),
    ("quarter list", "reviewer", lambda w: reverse("reports:quarterly_list") + f"?quarter={Q3.key}", 12),
    (
        "quarter list, not sent",
        "reviewer",
        lambda w: reverse("reports:quarterly_list") + f"?quarter={Q3.key}&status=missing&kind=local",
        14,
    ),
    ("quarterly form", "chair_a", lambda w: reverse("reports:quarterly_report", args=["XA-TAN-TRAO", Q3.key]), 24),
    (
        "quarterly versions, reviewer",
        "reviewer",
        lambda w: reverse("reports:quarterly_report", args=["XA-TAN-TRAO", Q3.key]),
        16,
    ),
    ("quarterly preview", "chair_a", lambda w: reverse("reports:quarterly_sign", args=["XA-TAN-TRAO", Q3.key]), 17),
    ("task report preview", "chair_a", lambda w: reverse("tasks:report_submit", args=[w["busy"].pk]), 14),
    ("rollup", "reviewer", lambda w: reverse("reports:rollup", args=[Q3.key]), 11),
    ("rollup issue preview", "reviewer", lambda w: reverse("reports:rollup_issue", args=[Q3.key]), 13),
    # +1: the authority's Office, named among the recipients (docs §17).
    ("rollup .docx", "reviewer", lambda w: reverse("reports:rollup_download", args=[Q3.key, "docx"]), 11),
    ("rollup .xlsx", "reviewer", lambda w: reverse("reports:rollup_download", args=[Q3.key, "xlsx"]), 9),
    ("units", "office_staff", lambda w: reverse("units:unit_list"), 10),
    ("notifications", "chair_a", lambda w: reverse("units:notifications"), 9),
]


@pytest.mark.parametrize("name,who,url,queries", PAGES, ids=[p[0] for p in PAGES])
def test_page_query_count_is_pinned_and_flat(client, org, world, django_assert_num_queries, name, who, url, queries):
    client.force_login(getattr(org, who))
    with django_assert_num_queries(queries):
        assert client.get(url(world)).status_code == 200
    world["grow"]()
    with django_assert_num_queries(queries):
        assert client.get(url(world)).status_code == 200
