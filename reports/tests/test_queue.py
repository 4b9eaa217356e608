"""What waits for a decision (/queue/, "Chờ quyết định"): the menu's count is the real count of what
the queue lists, for the Office, Organization–Home Affairs and a leader; oldest first with its age in
working days; deciding from the queue comes back to it; scoped like everything else (issue 10)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from library.workcalendar import LOCAL_TZ
from reports import queue, services
from submissions.models import SubmissionStatus
from tasks import services as task_services
from tasks.models import TaskReport
from tasks.tests.factories import assign
from units.selectors import work_calendar
from units.tests.support import Q3

from .test_quarterly import draft


@pytest.fixture
def waiting(org, template, time_machine):
    """On Monday 23/11/2026 commune A sends a task report and asks for an extension of another task
    (given by the Chairman); on Wednesday 25/11 commune B sends its task report and commune A its
    quarterly report."""
    time_machine.move_to(datetime(2026, 11, 2, 8, 0, tzinfo=LOCAL_TZ))
    reported = assign(org, org.commune_a, subject="Báo cáo đã gửi", deadline=date(2026, 12, 10)).assignments.get()
    extend = assign(org, org.commune_a, subject="Xin gia hạn", deadline=date(2026, 12, 10)).assignments.get()
    other = assign(org, org.commune_b, subject="Báo cáo của xã B", deadline=date(2026, 12, 10)).assignments.get()
    vice = assign(
        org,
        org.commune_b,
        subject="Của Phó Chủ tịch",
        deadline=date(2026, 12, 10),
        leader=org.vice_chairman.leaderships.get(),
    ).assignments.get()
    time_machine.move_to(datetime(2026, 11, 23, 9, 0, tzinfo=LOCAL_TZ))
    task_services.report_save_draft(actor=org.chair_a, assignment=reported, text="Đã làm", revision=None)
    task_services.report_submit(actor=org.chair_a, assignment=reported)
    task_services.extension_request_create(
        actor=org.chair_a, assignment=extend, requested_deadline=date(2026, 12, 20), reason="Chờ số liệu"
    )
    task_services.extension_request_create(
        actor=org.chair_b, assignment=vice, requested_deadline=date(2026, 12, 20), reason="Chờ số liệu"
    )
    time_machine.move_to(datetime(2026, 11, 25, 10, 0, tzinfo=LOCAL_TZ))
    task_services.report_save_draft(actor=org.chair_b, assignment=other, text="Xã B đã làm", revision=None)
    task_services.report_submit(actor=org.chair_b, assignment=other)
    services.quarterly_submit(actor=org.chair_a, report=draft(org, template), confirmed_empty=True)
    return {"reported": reported, "other": other, "extend": extend, "vice": vice}


def _menu_count(html: str) -> int:
    return int(re.search(r"data-queue-count>(\d+)<", html).group(1))


@pytest.mark.parametrize(
    "who,kinds",
    [
        ("office_staff", ["task_report", "extension", "extension", "task_report"]),
        ("reviewer", ["quarterly_report"]),
        ("chairman", ["extension"]),
        ("vice_chairman", ["extension"]),
    ],
)
def test_queue_lists_what_waits_oldest_first_and_the_menu_counts_it(client, org, waiting, who, kinds):
    user = getattr(org, who)
    client.force_login(user)
    response = client.get(reverse("reports:queue"))
    items = response.context["items"]
    assert [i.kind for i in items] == kinds
    assert [i.since for i in items] == sorted(i.since for i in items)
    assert queue.queue_count(user) == len(items)
    assert queue.queue_count(user, limit=queue.MENU_LIMIT) == len(items)
    assert _menu_count(response.content.decode()) == len(items)
    # Any other page's menu shows the same count.
    assert _menu_count(client.get(reverse("tasks:directive_list")).content.decode()) == len(items)


def test_age_is_in_working_days(client, org, waiting):
    client.force_login(org.office_staff)
    items = client.get(reverse("reports:queue")).context["items"]
    # Monday 23/11 → Wednesday 25/11: 24/11 (Vietnam Culture Day) is a day off, so one working day.
    calendar = work_calendar()
    waited = calendar.working_days_between(date(2026, 11, 23), date(2026, 11, 25))
    assert waited == 1 and not calendar.is_working_day(date(2026, 11, 24))
    assert [i.age for i in items] == [waited, waited, waited, 0]
    assert "1 ngày làm việc" in client.get(reverse("reports:queue")).content.decode()


def test_the_office_empties_its_queue_coming_back_to_it(client, org, waiting):
    client.force_login(org.office_staff)
    items = client.get(reverse("reports:queue")).context["items"]
    back = reverse("reports:queue")
    for item in items:
        page = client.get(item.url.split("#")[0])
        assert page.status_code == 200
        assert f'name="next" value="{back}"' in page.content.decode()
    reports = [i for i in items if i.kind == "task_report"]
    first = waiting["reported"].reports.get()
    response = client.post(
        reverse("tasks:report_accept", args=[first.pk]), {"decision": "accept", "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back
    assert len(response.context["items"]) == len(items) - 1
    second = waiting["other"].reports.get()
    client.post(reverse("tasks:report_accept", args=[second.pk]), {"decision": "accept", "next": back})
    for extension in (waiting["extend"], waiting["vice"]):
        pending = extension.extension_requests.get()
        client.post(reverse("tasks:extension_decide", args=[pending.pk]), {"decision": "approve", "next": back})
    response = client.get(back)
    assert response.context["items"] == [] and len(reports) == 2
    html = response.content.decode()
    assert "Không có việc nào chờ bạn quyết định." in html and _menu_count(html) == 0


def test_next_never_leaves_the_site(client, org, waiting):
    client.force_login(org.office_staff)
    report = waiting["reported"].reports.get()
    response = client.post(
        reverse("tasks:report_accept", args=[report.pk]), {"decision": "accept", "next": "//evil.example/queue/"}
    )
    assert response.url == reverse("tasks:assignment_detail", args=[waiting["reported"].pk])


def test_the_queue_is_for_those_who_decide(client, org, waiting):
    client.force_login(org.chair_a)
    assert client.get(reverse("reports:queue")).status_code == 403
    assert "data-queue-count" not in client.get(reverse("tasks:directive_list")).content.decode()
    assert queue.queue_count(org.chair_a) == 0


def test_empty_queue_says_so(client, org):
    client.force_login(org.reviewer)
    html = client.get(reverse("reports:queue")).content.decode()
    assert "Không có việc nào chờ bạn quyết định." in html


def test_quarterly_item_names_the_quarter_as_people_say_it(client, org, waiting):
    client.force_login(org.reviewer)
    (item,) = client.get(reverse("reports:queue")).context["items"]
    assert Q3.label in item.title and Q3.key not in item.title
    assert item.age == 0 and item.since.date() <= date(2026, 11, 25) + timedelta(days=1)


def test_a_long_queue_shows_the_oldest_and_counts_them_all(org, waiting):
    everything = queue.queue_items(org.office_staff, date(2026, 11, 25))
    oldest = queue.queue_items(org.office_staff, date(2026, 11, 25), limit=2)
    assert [i.url for i in oldest] == [i.url for i in everything[:2]]
    assert queue.queue_count(org.office_staff) == len(everything) == 4


def _pile_up(org, assignment, n: int) -> None:
    """`n` more submitted versions of `assignment`'s report, straight into the table (one query)."""
    start = assignment.reports.count() + 1
    now = timezone.now()
    TaskReport.objects.bulk_create(
        TaskReport(
            assignment=assignment,
            version=version,
            status=SubmissionStatus.SUBMITTED,
            text="Đã làm",
            created_by=org.chair_a,
            updated_by=org.chair_a,
            signed_by=org.chair_a,
            submitted_at=now,
            submitted_on=now.date(),
        )
        for version in range(start, start + n)
    )


def test_the_menu_counts_to_99_then_says_99_plus(client, org, waiting):
    office = org.office_staff
    client.force_login(office)
    _pile_up(org, waiting["reported"], 95)  # 4 + 95 = 99: still a number
    html = client.get(reverse("tasks:directive_list")).content.decode()
    assert _menu_count(html) == 99
    _pile_up(org, waiting["reported"], 2)  # 101
    counted = queue.queue_count(office, limit=queue.MENU_LIMIT)
    assert counted == 100 and counted.capped  # counted no further than 100
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("tasks:directive_list")).content.decode()
    assert 'class="count" data-queue-count>99+</span>' in html
    (count_sql,) = [q["sql"] for q in ctx.captured_queries if "COUNT(" in q["sql"] and "UNION ALL" in q["sql"]]
    assert "LIMIT 100" in count_sql
    # The queue page counts them all (under its own limit); its menu, from the page's count, says 99+.
    response = client.get(reverse("reports:queue"))
    html = response.content.decode()
    assert response.context["total"] == 101 and not response.context["total"].capped
    assert "data-queue-count>99+<" in html
    assert "Đang hiện 100 việc chờ lâu nhất trong số 101." in html


def test_the_queue_page_counts_to_its_limit_then_says_more_than(client, org, waiting, monkeypatch):
    monkeypatch.setattr(queue, "PAGE_LIMIT", 1000)  # 10,000 in production: fewer rows to make here
    client.force_login(org.office_staff)
    _pile_up(org, waiting["reported"], 996)  # 4 + 996: exactly the limit, counted exactly
    html = client.get(reverse("reports:queue")).content.decode()
    assert '<span class="count">1.000</span>' in html and "hơn" not in html
    assert "Đang hiện 100 việc chờ lâu nhất trong số 1.000." in html
    _pile_up(org, waiting["reported"], 1)
    response = client.get(reverse("reports:queue"))
    html = response.content.decode()
    assert response.context["total"].capped
    assert '<span class="count">hơn 1.000</span>' in html
    assert "Đang hiện 100 việc chờ lâu nhất trong số hơn 1.000." in html
    assert "data-queue-count>99+<" in html


def test_every_kind_joins_the_queue_from_its_own_app():
    """The queue names no kind: each app's AppConfig.ready joins its own (submissions.queue)."""
    from submissions.queue import KINDS

    assert list(KINDS) == ["task_report", "extension", "change", "deputy", "quarterly_report"]
    assert {kind.describe.__module__ for kind in KINDS.values()} == {
        "tasks.queue",
        "meetings.queue",
        "reports.queue",
    }


def test_a_deputy_request_answered_from_the_queue_comes_back_to_it(client, org, time_machine):
    from meetings import services as meeting_services

    time_machine.move_to(datetime(2026, 10, 16, 9, 0, tzinfo=LOCAL_TZ))
    meeting = meeting_services.meeting_create(
        actor=org.office_staff,
        title="Giao ban quý IV",
        starts_at=datetime(2026, 10, 20, 8, 0, tzinfo=LOCAL_TZ),
        chaired_by=org.chairman.leaderships.get(),
        units=[org.commune_a],
    )
    asked = meeting_services.deputy_request_create(
        actor=org.chair_a, invitation=meeting.invitations.get(), deputy="Ông Phó", reason="Công tác tỉnh"
    )
    client.force_login(org.chairman)
    (item,) = client.get(reverse("reports:queue")).context["items"]
    back = reverse("reports:queue")
    assert item.kind == "deputy" and f'name="next" value="{back}"' in client.get(item.url).content.decode()
    response = client.post(
        reverse("meetings:deputy_decide", args=[asked.pk]), {"decision": "consent", "next": back}, follow=True
    )
    assert response.redirect_chain[-1][0] == back and response.context["items"] == []
    asked.refresh_from_db()
    assert asked.approved and asked.decided_by == org.chairman
