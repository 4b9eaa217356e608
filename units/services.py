"""Writes of the organisation app that are not the administrator's: a person's own notices, the PDF
copies of Word documents (units.pdf)."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import pdf
from .models import Notification, PdfStatus, RenderedPdf, User


def notifications_mark_read(*, actor: User, pk: int | None = None) -> Notification | None:
    """Mark one of the actor's own notices read (and return it), or all of them when `pk` is None.
    Another person's notice is never found (None)."""
    own = Notification.objects.filter(user=actor)
    if pk is None:
        own.filter(read_at__isnull=True).update(read_at=timezone.now())
        return None
    notice = own.filter(pk=pk).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


def pdf_request(*, key: str, make_docx) -> RenderedPdf:
    """The PDF of the document state `key`: the one made already, or the Word file (`make_docx()`)
    kept and a job to convert it queued after commit (units.pdf). A failed one is tried again."""
    from . import jobs

    with transaction.atomic():
        rendered, created = RenderedPdf.objects.select_for_update().get_or_create(key=key)
        if not created and rendered.status != PdfStatus.FAILED:
            return rendered
        rendered.docx.save(f"{uuid.uuid4().hex}.docx", ContentFile(make_docx()), save=False)
        rendered.status, rendered.error, rendered.finished_at = PdfStatus.PENDING, "", None
        rendered.save()
        transaction.on_commit(lambda: jobs.render_pdf_job.delay(rendered.pk))
    return rendered


def pdf_render(pk: int) -> RenderedPdf | None:
    """Convert a waiting Word file to PDF (the job's work); a PDF made already is left alone."""
    with transaction.atomic():
        rendered = RenderedPdf.objects.select_for_update().filter(pk=pk).first()
        if rendered is None or rendered.status == PdfStatus.READY or not rendered.docx:
            return rendered
        with rendered.docx.open("rb") as source:
            docx = source.read()
        try:
            content = pdf.convert(docx)
        except pdf.ConversionError as exc:
            rendered.status, rendered.error, rendered.finished_at = PdfStatus.FAILED, str(exc), timezone.now()
            rendered.save(update_fields=["status", "error", "finished_at"])
            return rendered
        rendered.pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(content), save=False)
        old = rendered.docx
        rendered.docx = ""
        rendered.status, rendered.finished_at = PdfStatus.READY, timezone.now()
        rendered.save()
        transaction.on_commit(lambda: old.storage.delete(old.name))
    return rendered
