"""Exports past the threshold are written by a job (units.exports, docs/architecture.md §11).

Each of the five exports (the assignment list, the per-unit table, the Monday summary, the rollup,
the register) is asked for twice on the same small data: once under the threshold (the file is the
answer) and once with the threshold lowered (a page that follows the job); the job's work is run
(`units.exports.build`, the whole body of units.jobs.export_job) and the two files hold the same
cells. Then: only the person who asked sees the page or the file; a job that fails, or that never
comes, says so; files past their keeping time are deleted."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from library.workcalendar import Week
from reports.services import periodic
from tasks.models import WeeklySummary
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from units import exports
from units.models import Export, ExportStatus, Notification
from units.tests.support import Q3, file_report


@pytest.fixture
def tasks_overdue(org, time_machine):
    time_machine.move_to("2026-11-02 08:00 +07:00")
    for n in range(3):
        assign(org, org.commune_a, deadline=date(2026, 11, 16), subject=f"Nhiệm vụ số {n}")
        assign(org, org.commune_b, deadline=date(2026, 12, 16), subject=f"Việc khác {n}")
    time_machine.move_to("2026-11-25 10:00 +07:00")


def _cells(content: bytes) -> list[list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(content))
    return [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


def _in_background(client, settings, url, params=None) -> Export:
    settings.CHITHI_EXPORT_THRESHOLD = 0
    response = client.get(url, params or {})
    export = Export.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("units:export_detail", args=[export.pk])
    page = client.get(response["Location"])
    assert "Tệp lớn được tạo ở chế độ nền" in page.content.decode()
    return export


def _same_file(client, settings, url, params=None, *, who):
    client.force_login(who)
    immediate = client.get(url, params or {})
    assert immediate.status_code == 200
    export = _in_background(client, settings, url, params)
    built = exports.build(export.pk)
    assert built.status == ExportStatus.DONE and built.rows_done == built.rows_total
    page = client.get(reverse("units:export_detail", args=[export.pk])).content.decode()
    assert "Tệp đã sẵn sàng" in page
    download = client.get(reverse("units:export_download", args=[export.pk]))
    assert download.status_code == 200
    background = b"".join(download.streaming_content)
    assert _cells(background) == _cells(immediate.content)
    assert download["Content-Disposition"] == immediate["Content-Disposition"]
    return built


def test_assignment_list(client, settings, org, tasks_overdue, django_capture_on_commit_callbacks):
    org.office_staff.email = "cv.vp@example.org"
    org.office_staff.save()
    with django_capture_on_commit_callbacks() as callbacks:
        export = _same_file(
            client, settings, reverse("tasks:assignment_export"), {"q": "nhiem vu"}, who=org.office_staff
        )
    assert export.rows_total == 3  # the filter travelled with the job
    notice = Notification.objects.get(user=org.office_staff, key=f"export:{export.pk}")
    assert notice.url == reverse("units:export_detail", args=[export.pk])
    callbacks[-1]()  # after the job's commit: the email (the first callback queued the job itself)
    sent = [m for m in mail.outbox if "Tệp Excel đã sẵn sàng" in m.subject]
    assert [m.to for m in sent] == [["cv.vp@example.org"]] and notice.url in sent[0].body


def test_scoped_like_the_page(client, settings, org, tasks_overdue):
    """A commune chair's background file has her own commune's rows only, as her page does."""
    export = _same_file(client, settings, reverse("tasks:assignment_export"), who=org.chair_a)
    assert export.rows_total == 3
    rows = _cells(exports.SPECS["tasks.assignments"].make(org.chair_a, _query({}))[1])[0][3:]
    assert {r[1] for r in rows} == {org.commune_a.name}


def test_per_unit_table(client, settings, org, tasks_overdue):
    _same_file(client, settings, reverse("tasks:unit_table"), {"format": "xlsx"}, who=org.office_staff)


def test_monday_summary(client, settings, org, tasks_overdue):
    summary = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False).result
    _same_file(client, settings, reverse("tasks:summary_download", args=[summary.week, "xlsx"]), who=org.office_staff)


def test_register(client, settings, org, tasks_overdue):
    weekly_summary_run(week=Week.parse("2026-W48"), deliver=False)
    _same_file(client, settings, reverse("registers:register_export"), who=org.office_staff)


def test_rollup(client, settings, org, template, time_machine):
    file_report(org, template, org.commune_a, org.chair_a, values={"hoi_nghi_quan_triet": 2}, time_machine=time_machine)
    time_machine.move_to("2026-09-25 08:00 +07:00")
    periodic.quarter_rollup_run(quarter=Q3)
    _same_file(client, settings, reverse("reports:rollup_download", args=[Q3.key, "xlsx"]), who=org.reviewer)


def test_only_the_requester_sees_it(client, settings, org, tasks_overdue):
    client.force_login(org.office_staff)
    export = _in_background(client, settings, reverse("tasks:assignment_export"))
    exports.build(export.pk)
    for other in (org.chairman, org.chair_a, org.reviewer):
        client.force_login(other)
        assert client.get(reverse("units:export_detail", args=[export.pk])).status_code == 404
        assert client.get(reverse("units:export_download", args=[export.pk])).status_code == 404
        assert export.title not in client.get(reverse("units:export_list")).content.decode()
    client.force_login(org.office_staff)
    assert export.title in client.get(reverse("units:export_list")).content.decode()


def test_a_failing_job_says_so(client, settings, org, tasks_overdue):
    """The summary is replaced between the request and the job: the job fails and the page says so
    with a way to try again, instead of waiting for ever; nothing can be downloaded."""
    summary = weekly_summary_run(week=Week.parse("2026-W48"), deliver=False).result
    client.force_login(org.office_staff)
    url = reverse("tasks:summary_download", args=[summary.week, "xlsx"])
    export = _in_background(client, settings, url)
    WeeklySummary.objects.filter(pk=summary.pk).update(superseded_at=timezone.now())
    built = exports.build(export.pk)
    assert built.status == ExportStatus.FAILED and built.error
    page = client.get(reverse("units:export_detail", args=[export.pk])).content.decode()
    assert "Không tạo được tệp Excel." in page and f'href="{url}"' in page
    assert 'http-equiv="refresh"' not in page
    assert client.get(reverse("units:export_download", args=[export.pk])).status_code == 404
    assert Notification.objects.filter(user=org.office_staff, key=f"export:{export.pk}").exists()


def test_a_job_that_never_comes_is_reported(client, settings, org, tasks_overdue, time_machine):
    client.force_login(org.office_staff)
    export = _in_background(client, settings, reverse("tasks:assignment_export"))
    time_machine.shift(exports.STALE_AFTER + timedelta(minutes=1))
    client.force_login(org.office_staff)
    page = client.get(reverse("units:export_detail", args=[export.pk])).content.decode()
    assert "Máy chủ xử lý nền không trả lời" in page and 'http-equiv="refresh"' not in page
    # A late delivery of the job still takes it over and writes the file.
    assert exports.build(export.pk).status == ExportStatus.DONE


def test_a_job_runs_once(client, settings, org, tasks_overdue):
    client.force_login(org.office_staff)
    export = _in_background(client, settings, reverse("tasks:assignment_export"))
    first = exports.build(export.pk)
    name = first.file.name
    again = exports.build(export.pk)  # a second delivery of the same job
    assert again.file.name == name and again.status == ExportStatus.DONE


def test_files_are_kept_for_a_while_then_deleted(client, settings, org, tasks_overdue, time_machine):
    settings.CHITHI_EXPORT_KEEP_HOURS = 2
    client.force_login(org.office_staff)
    export = exports.build(_in_background(client, settings, reverse("tasks:assignment_export")).pk)
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name) and exports.purge() == 0
    time_machine.shift(timedelta(hours=3))
    client.force_login(org.office_staff)
    assert "hết thời gian lưu giữ" in client.get(reverse("units:export_detail", args=[export.pk])).content.decode()
    assert exports.purge() == 1
    assert not storage.exists(name) and not Export.objects.filter(pk=export.pk).exists()


def _query(data):
    from django.http import QueryDict

    params = QueryDict(mutable=True)
    params.update(data)
    return params
