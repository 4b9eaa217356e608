"""A Monday summary stored before it became rows (a JSON list of every row) is moved into rows by
migration 0011 grouped exactly as the page grouped it then, and still reads as it was sent: the same
tasks, units, counts, marks and totals on the page (issue 12)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from tasks.models import WeeklySummary
from tasks.tests.support import stored_rows

BEFORE = [("tasks", "0009_document_number")]


def _row(n, *, task="Việc A", source="Điểm 1", leader=1, days=7, deadline="2026-11-16", **extra):
    return {
        "assignment": n,
        "task": task,
        "source": source,
        "leader_id": leader,
        "leader": "Chủ tịch Giang Tuấn Anh" if leader == 1 else "Phó Chủ tịch Trần Văn B",
        "leader_rank": 0 if leader == 1 else 1,
        "unit_id": 100 + n,
        "unit": f"Xã {n:02d}",
        "unit_order": n,
        "original_deadline": deadline,
        "effective_deadline": deadline,
        "extended": False,
        "days_overdue": days,
        "returned": False,
        **extra,
    }


# Rows as sent in W48 (Monday 23/11/2026): two of them stored before rows carried a task id.
OVERDUE = [
    _row(1, task_id=7),
    _row(2, task_id=7, returned=True),
    _row(3, task_id=7, days=2, deadline="2026-11-21", extended=True),
    _row(4, task="Việc B", task_id=8, days=9, deadline="2026-11-14"),
    _row(5, task="Việc C", source="Điểm 2"),  # no task id: grouped by (task, source)
    _row(6, task="Việc C", source="Điểm 2"),
    _row(7, task="Việc D", leader=2, task_id=9),
]
UPCOMING = [_row(8, task="Sắp đến hạn", task_id=10, days=-3, deadline="2026-11-26")]


@pytest.mark.django_db(transaction=True)
def test_a_summary_sent_before_the_change_reads_as_it_was_sent(client, org):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old.get_model("tasks", "WeeklySummary").objects.create(
        week="2026-W48",
        as_of=date(2026, 11, 23),
        delivery_date=date(2026, 11, 23),
        overdue=OVERDUE,
        upcoming=UPCOMING,
        notes=[],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    summary = WeeklySummary.objects.get(week="2026-W48")
    assert (summary.overdue_total, summary.overdue_tasks, summary.upcoming_total, summary.upcoming_tasks) == (
        7,
        4,
        1,
        1,
    )
    groups = list(summary.task_groups.filter(part="overdue").order_by("position"))
    assert [(g.leader_id, g.task, g.source, g.task_id, g.count) for g in groups] == [
        (1, "Việc A", "Điểm 1", 7, 3),  # most units first
        (1, "Việc C", "Điểm 2", None, 2),
        (1, "Việc B", "Điểm 1", 8, 1),
        (2, "Việc D", "Điểm 1", 9, 1),  # then the other leader
    ]
    a = groups[0]
    assert (a.first_deadline, a.last_deadline, a.same_days, a.returned) == (
        date(2026, 11, 16),
        date(2026, 11, 21),
        None,
        1,
    )
    assert [r.assignment_id for r in a.unit_rows.order_by("position")] == [1, 2, 3]  # the longest overdue first
    assert groups[1].same_days == 7
    # Read back, every stored row is what was sent (days overdue from the Monday).
    sent = {r["assignment"]: r for r in OVERDUE}
    for row in stored_rows(summary):
        original = sent[row["assignment"]]
        assert {k: row[k] for k in original if k != "task_id"} == {k: v for k, v in original.items() if k != "task_id"}
    # The page shows it, grouped, with the marks.
    client.force_login(org.chairman)
    html = client.get(reverse("tasks:summary_detail", args=["2026-W48"])).content.decode()
    assert "Quá hạn chưa báo cáo: 4 nhiệm vụ, 7 lượt đơn vị" in html
    assert re.search(r"Việc C</h4>.*?2 đơn vị chưa báo cáo</strong>, quá hạn 7 ngày", html, re.S)
    assert "bị trả lại, chưa gửi lại" in html and "đã gia hạn" in html
    upcoming = client.get(reverse("tasks:summary_detail", args=["2026-W48"]), {"part": "upcoming"})
    assert "Sắp đến hạn" in upcoming.content.decode()
