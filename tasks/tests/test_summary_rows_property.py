"""The Monday summary stored as rows (issue 12) says exactly what the builder it replaced said: on
random weeks (units, tasks of two leaders, deadlines around the Monday, reports sent, returned or
sent too late, assignments completed, deadlines extended), the stored task lines, their units and
every row equal what the old builder (a JSON list of rows, grouped in Python) produced on the same
data. The old builder is written out below as the reference."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from library.workcalendar import LOCAL_TZ, Week
from submissions.models import SubmissionStatus
from tasks.models import Assignment, TaskReport
from tasks.services.weekly import weekly_summary_run
from tasks.tests.factories import assign
from tasks.tests.support import stored_rows
from units.models import LeaderPosition
from units.tests.factories import UnitFactory

W48 = Week.parse("2026-W48")
MONDAY = datetime.combine(W48.monday, time(0), tzinfo=LOCAL_TZ)


class _Rollback(Exception):
    pass


# ---- the old builder (tasks/services/weekly.py and tasks/selectors.py before issue 12) ---------------------


def _old_rows(monday: date):
    reports = TaskReport.objects.filter(assignment=OuterRef("pk"))
    live = reports.filter(submitted_at__lt=MONDAY).exclude(status=SubmissionStatus.RETURNED, decided_at__lt=MONDAY)
    returned = reports.filter(status=SubmissionStatus.RETURNED, decided_at__lt=MONDAY)
    base = (
        Assignment.objects.filter(Q(completed_at__isnull=True) | Q(completed_at__gte=MONDAY), assigned_at__lt=MONDAY)
        .annotate(live=Exists(live), was_returned=Exists(returned))
        .filter(live=False)
        .select_related("task__given_by__user", "task__directive", "task__directive_item", "unit")
    )

    def row(a):
        leader = a.task.given_by
        return {
            "assignment": a.pk,
            "task_id": a.task_id,
            "task": a.task.subject,
            "source": a.task.source_label,
            "leader_id": leader.pk,
            "leader": f"{leader.get_position_display()} {leader.user.get_full_name()}",
            "leader_rank": 0 if leader.position == LeaderPosition.CHAIRMAN else 1,
            "unit_id": a.unit_id,
            "unit": a.unit.name,
            "unit_order": a.unit.sort_order,
            "original_deadline": a.original_deadline.isoformat(),
            "effective_deadline": a.effective_deadline.isoformat(),
            "extended": a.deadline != a.original_deadline,
            "days_overdue": (monday - a.effective_deadline).days,
            "returned": a.was_returned,
        }

    def key(r):
        return (r["leader_rank"], r["leader"], r["unit_order"], r["unit"], r["effective_deadline"], r["assignment"])

    sunday = monday + timedelta(days=6)
    overdue = sorted((row(a) for a in base.filter(effective_deadline__lt=monday)), key=key)
    upcoming = sorted(
        (row(a) for a in base.filter(effective_deadline__gte=monday, effective_deadline__lte=sunday)), key=key
    )
    return {"overdue": overdue, "upcoming": upcoming}


def _old_groups(rows):
    leaders = {}
    for r in rows:
        leader = leaders.setdefault(r["leader_id"], {"tasks": {}})
        leader["tasks"].setdefault(r["task_id"], []).append(r)
    out = []
    for leader_id, leader in leaders.items():
        tasks = []
        for task_rows in leader["tasks"].values():
            task_rows.sort(key=lambda r: (-r["days_overdue"], r["unit_order"], r["unit"]))
            deadlines = sorted({r["effective_deadline"] for r in task_rows})
            days = {r["days_overdue"] for r in task_rows}
            tasks.append(
                (
                    leader_id,
                    task_rows[0]["task_id"],
                    len(task_rows),
                    deadlines[0],
                    deadlines[-1],
                    sum(1 for r in task_rows if r["returned"]),
                    task_rows[0]["days_overdue"] if len(days) == 1 else None,
                    [r["assignment"] for r in task_rows],
                    task_rows[0]["task"],
                )
            )
        tasks.sort(key=lambda t: (-t[2], t[3], t[8]))
        out.extend(t[:8] for t in tasks)
    return out


def _new_groups(summary, part):
    return [
        (
            g.leader_id,
            g.task_id,
            g.count,
            g.first_deadline.isoformat(),
            g.last_deadline.isoformat(),
            g.returned,
            g.same_days,
            [r.assignment_id for r in g.unit_rows.order_by("position")],
        )
        for g in summary.task_groups.filter(part=part).order_by("position")
    ]


# ---- random weeks --------------------------------------------------------------------------------

DAYS = st.integers(min_value=-20, max_value=8)  # deadline offsets from Monday 23/11
STATES = st.sampled_from(["none", "sent", "sent late", "returned", "returned late", "completed"])


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_stored_rows_equal_the_old_builder(org, time_machine, data):
    try:
        with transaction.atomic():
            time_machine.move_to("2026-10-01 08:00 +07:00")
            units = [org.commune_a, org.commune_b] + [
                UnitFactory(name=f"Xã Ngẫu Nhiên {n}", sort_order=data.draw(st.integers(0, 3)))
                for n in range(data.draw(st.integers(0, 3)))
            ]
            leaders = [org.chairman.leaderships.get(), org.vice_chairman.leaderships.get()]
            for n in range(data.draw(st.integers(1, 4))):
                chosen = data.draw(st.lists(st.sampled_from(units), min_size=1, max_size=len(units), unique=True))
                task = assign(org, *chosen, subject=f"Nhiệm vụ {n}", leader=data.draw(st.sampled_from(leaders)))
                for a in task.assignments.all():
                    day = W48.monday + timedelta(days=data.draw(DAYS))
                    while day.weekday() >= 5:
                        day += timedelta(days=1)
                    extended = data.draw(st.booleans())
                    original = day - timedelta(days=7) if extended else day
                    Assignment.objects.filter(pk=a.pk).update(
                        deadline=day, original_deadline=original, effective_deadline=day
                    )
                    state = data.draw(STATES)
                    before, after = MONDAY - timedelta(days=2), MONDAY + timedelta(hours=5)
                    if state == "completed":
                        Assignment.objects.filter(pk=a.pk).update(completed_at=before)
                    elif state != "none":
                        TaskReport.objects.create(
                            assignment=a,
                            created_by=org.chair_a,
                            updated_by=org.chair_a,
                            status=SubmissionStatus.RETURNED if "returned" in state else SubmissionStatus.SUBMITTED,
                            submitted_at=after if state == "sent late" else before - timedelta(days=1),
                            decided_at=(after if state == "returned late" else before) if "returned" in state else None,
                        )
            time_machine.move_to("2026-11-25 10:00 +07:00")
            old = _old_rows(W48.monday)
            summary = weekly_summary_run(week=W48, deliver=False).result
            for part in ("overdue", "upcoming"):
                assert stored_rows(summary, part) == old[part]
                assert _new_groups(summary, part) == _old_groups(old[part])
            assert (summary.overdue_total, summary.upcoming_total) == (len(old["overdue"]), len(old["upcoming"]))
            assert summary.overdue_tasks == len(_old_groups(old["overdue"]))
            units_total = {}
            for r in old["overdue"]:
                units_total[r["unit_id"]] = units_total.get(r["unit_id"], 0) + 1
            assert {u.unit_id: 0 for u in summary.unit_counts.all()}.keys() == units_total.keys()
            assert sum(u.count for u in summary.unit_counts.all()) == len(old["overdue"])
            # Per leader and unit, exactly the old builder's overdue rows (name and order as stored).
            per_leader_unit: dict[tuple, int] = {}
            for r in old["overdue"]:
                key = (r["leader_id"], r["unit_id"], r["unit"], r["unit_order"])
                per_leader_unit[key] = per_leader_unit.get(key, 0) + 1
            stored = {(u.leader_id, u.unit_id, u.unit, u.unit_order): u.count for u in summary.unit_counts.all()}
            assert stored == per_leader_unit
            raise _Rollback
    except _Rollback:
        pass
