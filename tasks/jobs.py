"""Background jobs of tasks (Celery work is called a job; "task" means nhiệm vụ)."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from library.workcalendar import Week
from units.models import today_local
from units.periodic import each_authority

from .services import reminders_send
from .services.recurring import recurring_periods_create
from .services.weekly import weekly_summaries_reconcile, weekly_summary_run


@shared_task(name="tasks.send_task_reminders_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def send_task_reminders_job(today: str | None = None) -> int:
    """Remind units that have not reported, N working days before each effective deadline (rerun-safe)."""
    from datetime import date

    day = date.fromisoformat(today) if today else today_local()
    # Per authority: working days are counted on each authority's own calendar (docs §17).
    return sum(each_authority(lambda: [reminders_send(today=day, days=settings.TASK_REMINDER_DAYS)]))


@shared_task(name="tasks.recurring_periods_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def recurring_periods_job(today: str | None = None) -> int:
    """Each unit's next period of a recurring task once its current period's deadline has passed
    (tasks.services.recurring; rerun-safe)."""
    from datetime import date

    day = date.fromisoformat(today) if today else today_local()
    # Per authority: each next deadline falls on its own authority's calendar (docs §17).
    return sum(each_authority(lambda: [recurring_periods_create(today=day)]))


@shared_task(name="tasks.reconcile_weekly_summaries_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def reconcile_weekly_summaries_job() -> list[str]:
    """Beat's trigger: produce every Monday summary that is due and has no run yet, per authority."""

    return each_authority(lambda: [outcome.line for outcome in weekly_summaries_reconcile()])


@shared_task(name="tasks.weekly_summary_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def weekly_summary_job(week: str, force: bool = False) -> list[str]:
    """Produce one week's summary by hand (backfill or re-run), for each authority; `week` is like
    "2026-W48"."""

    return each_authority(lambda: [weekly_summary_run(week=Week.parse(week), force=force).line])
