"""Every stored Monday summary's JSON lists moved into rows, grouped exactly as the page grouped them
before (per leader in the rows' order, each task once — most units first, then the oldest deadline —
its units the longest overdue first), so a summary sent before this change reads as it was sent.
The grouping is written out here, as migrations must not import the app's code."""

from datetime import date

from django.db import migrations

BATCH = 2000


def _groups(rows):
    leaders = {}
    for row in rows:
        leader = leaders.setdefault(row["leader_id"], {"row": row, "tasks": {}})
        key = row.get("task_id") or (row["task"], row["source"])
        leader["tasks"].setdefault(key, []).append(row)
    for leader in leaders.values():
        tasks = []
        for task_rows in leader["tasks"].values():
            task_rows.sort(key=lambda r: (-r["days_overdue"], r.get("unit_order", 0), r["unit"]))
            deadlines = sorted({r["effective_deadline"] for r in task_rows})
            tasks.append((len(task_rows), deadlines[0], task_rows[0]["task"], deadlines, task_rows))
        tasks.sort(key=lambda t: (-t[0], t[1], t[2]))
        for _count, _first, _task, deadlines, task_rows in tasks:
            yield leader["row"], deadlines, task_rows


def forwards(apps, schema_editor):
    Summary = apps.get_model("tasks", "WeeklySummary")
    Task = apps.get_model("tasks", "WeeklySummaryTask")
    Row = apps.get_model("tasks", "WeeklySummaryRow")
    Unit = apps.get_model("tasks", "WeeklySummaryUnit")
    for summary in Summary.objects.order_by("pk").iterator(chunk_size=20):
        totals = {}
        for part in ("overdue", "upcoming"):
            rows = getattr(summary, part) or []
            position, units = 0, {}
            for lead, deadlines, task_rows in _groups(rows):
                position += 1
                days = {r["days_overdue"] for r in task_rows}
                group = Task.objects.create(
                    summary=summary,
                    part=part,
                    position=position,
                    leader_id=lead["leader_id"],
                    leader=lead["leader"],
                    leader_rank=lead.get("leader_rank", 1),
                    task_id=task_rows[0].get("task_id"),
                    task=task_rows[0]["task"],
                    source=task_rows[0]["source"] or "",
                    count=len(task_rows),
                    first_deadline=date.fromisoformat(deadlines[0]),
                    last_deadline=date.fromisoformat(deadlines[-1]),
                    returned=sum(1 for r in task_rows if r.get("returned")),
                    same_days=task_rows[0]["days_overdue"] if len(days) == 1 else None,
                )
                Row.objects.bulk_create(
                    [
                        Row(
                            group=group,
                            position=i,
                            assignment_id=r["assignment"],
                            unit_id=r.get("unit_id") or 0,
                            unit=r["unit"],
                            unit_order=r.get("unit_order", 0),
                            original_deadline=date.fromisoformat(r.get("original_deadline") or r["effective_deadline"]),
                            effective_deadline=date.fromisoformat(r["effective_deadline"]),
                            extended=bool(r.get("extended")),
                            returned=bool(r.get("returned")),
                        )
                        for i, r in enumerate(task_rows, start=1)
                    ],
                    batch_size=BATCH,
                )
                if part == "overdue":
                    for r in task_rows:
                        key = (lead["leader_id"], r.get("unit_id") or 0, r["unit"])
                        units[key] = units.get(key, (r.get("unit_order", 0), 0))
                        units[key] = (units[key][0], units[key][1] + 1)
            totals[part] = (len(rows), position)
            Unit.objects.bulk_create(
                [
                    Unit(summary=summary, leader_id=lid, unit_id=uid, unit=name, unit_order=order, count=n)
                    for (lid, uid, name), (order, n) in units.items()
                ],
                batch_size=BATCH,
                ignore_conflicts=True,
            )
        Summary.objects.filter(pk=summary.pk).update(
            overdue_total=totals["overdue"][0],
            overdue_tasks=totals["overdue"][1],
            upcoming_total=totals["upcoming"][0],
            upcoming_tasks=totals["upcoming"][1],
        )


class Migration(migrations.Migration):
    dependencies = [("tasks", "0010_weekly_summary_rows")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
