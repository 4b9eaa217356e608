"""Background jobs of the quarterly cycle (Celery work is called a job; docs/architecture.md §2)."""

from __future__ import annotations

from celery import shared_task

from units.models import today_local
from units.periodic import each_authority

from .services.periodic import quarter_rollups_reconcile
from .services.reminders import quarterly_reminders_send


@shared_task(name="reports.reconcile_quarter_rollups_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def reconcile_quarter_rollups_job() -> list[str]:
    """Beat's trigger: the day-20 and day-25 rollups that are due and have no run yet, per authority."""

    return each_authority(lambda: [outcome.line for outcome in quarter_rollups_reconcile()])


@shared_task(name="reports.send_quarterly_reminders_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def send_quarterly_reminders_job() -> int:
    """Remind units that have not sent their quarterly report, 5 and 1 working days before day 20."""

    return sum(each_authority(lambda: [quarterly_reminders_send(today=today_local())]))
