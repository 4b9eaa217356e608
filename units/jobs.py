"""Background jobs of the organisation app (Celery work is called a job; docs/architecture.md §2)."""

from __future__ import annotations

from celery import shared_task

from .models import Unit


@shared_task(name="units.ping_job")
def ping_job(token: str) -> dict:
    """Echo a token with the unit count: proves the broker, a worker and the database all answer."""
    return {"token": token, "units": Unit.objects.count()}


@shared_task(name="units.render_pdf_job", acks_late=True, soft_time_limit=5 * 60, time_limit=6 * 60)
def render_pdf_job(pk: int) -> str:
    """Make the PDF of a Word document that someone asked for (units.services.pdf_render)."""
    from .services import pdf_render  # services queue this job: a circle, broken here

    rendered = pdf_render(pk)
    return rendered.status if rendered else "gone"


@shared_task(name="units.export_job", acks_late=True, soft_time_limit=20 * 60, time_limit=25 * 60)
def export_job(pk: int) -> str:
    """Write a large Excel export someone asked for (units.exports.build)."""
    from .exports import build  # exports queue this job: a circle, broken here

    export = build(pk)
    return export.status if export else "gone"


@shared_task(name="units.purge_exports_job")
def purge_exports_job() -> int:
    """Delete exported files past their keeping time (units.exports.purge)."""
    from .exports import purge  # exports queue this job: a circle, broken here

    return purge()
