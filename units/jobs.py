"""Background jobs of the organisation app (Celery work is called a job; docs/architecture.md §2)."""

from __future__ import annotations

from celery import shared_task

from .models import Unit


@shared_task(name="units.ping_job")
def ping_job(token: str) -> dict:
    """Echo a token with the unit count: proves the broker, a worker and the database all answer."""
    return {"token": token, "units": Unit.objects.count()}
