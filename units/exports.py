"""Excel exports, small ones at once and large ones in the background (docs/architecture.md §11).

Each app names its exports here (`register`, from its AppConfig.ready): how many rows an export of
these parameters has, and how to make the file — the same function for both paths, so the file made
in the background is the one the request would have made. A view calls `respond`: up to
CHITHI_EXPORT_THRESHOLD rows the file is the answer; past it an `Export` is recorded, a job
(units.jobs.export_job → `build`) writes it, the person watches its progress on /exports/<pk>/ and
gets a notice with the link. Only the person who asked can see or download it (404 for anyone
else); files are kept CHITHI_EXPORT_KEEP_HOURS, then `purge` deletes them."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from library.xlsx import progress_hook, xlsx_response

from . import jobs
from .acting import acting_in
from .models import Export, ExportStatus, User
from .notify import notify
from .roles import roles_of

log = logging.getLogger(__name__)

# A job that has written nothing for this long is taken for dead: its page says so (never a
# spinner for ever) and a redelivered job may take it over.
STALE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class ExportSpec:
    """`count(user, params, limit)`: the rows the file will have (counting no further than `limit`
    when one is given); `make(user, params)`: (file name, .xlsx bytes), read through visible_to
    like the page; `title(params)`: what the person is told they asked for."""

    kind: str
    count: Callable[[User, QueryDict, int | None], int]
    make: Callable[[User, QueryDict], tuple[str, bytes]]
    title: Callable[[QueryDict], str]


SPECS: dict[str, ExportSpec] = {}


def register(spec: ExportSpec) -> ExportSpec:
    SPECS[spec.kind] = spec
    return spec


def respond(request: HttpRequest, kind: str, params: QueryDict | None = None) -> HttpResponse:
    """The export `kind` of these parameters (the request's query by default): the file itself when
    small, else a background job and the page that follows it."""
    spec = SPECS[kind]
    params = request.GET if params is None else params
    threshold = settings.CHITHI_EXPORT_THRESHOLD
    if spec.count(request.user, params, threshold) <= threshold:
        filename, content = spec.make(request.user, params)
        return xlsx_response(filename, content)
    export = start(request.user, spec, params, source=request.get_full_path())
    return redirect("units:export_detail", pk=export.pk)


AUTHORITY_PARAM = "_authority"


def start(user: User, spec: ExportSpec, params: QueryDict, *, source: str = "") -> Export:
    """Record the export and queue its job once the record is committed."""

    # The job builds the file in the authority the person asked in (units.acting; docs §17).
    kept = {**dict(params.lists()), AUTHORITY_PARAM: [roles_of(user).authority_id]}
    export = Export.objects.create(
        user=user, kind=spec.kind, params=kept, source=source[:500], title=spec.title(params)[:300]
    )
    transaction.on_commit(lambda: jobs.export_job.delay(export.pk))
    return export


def _claim(pk: int) -> bool:
    """Take the export for this run: one waiting, or one whose run died (nothing written for
    STALE_AFTER). One UPDATE, so two deliveries of the same job never both build it."""
    stale = timezone.now() - STALE_AFTER
    return bool(
        Export.objects.filter(pk=pk)
        .filter(Q(status=ExportStatus.PENDING) | Q(status=ExportStatus.RUNNING, updated_at__lt=stale))
        .update(status=ExportStatus.RUNNING, rows_done=0, updated_at=timezone.now())
    )


def build(pk: int) -> Export | None:
    """The job's work: count the rows, make the file with its progress recorded, keep it, tell the
    person. A failure is recorded with its message and told too; nothing half-made is kept."""
    if not _claim(pk):
        return Export.objects.filter(pk=pk).first()
    export = Export.objects.select_related("user").get(pk=pk)
    spec = SPECS.get(export.kind)
    params = QueryDict(mutable=True)
    for key, values in export.params.items():
        if key != AUTHORITY_PARAM:
            params.setlist(key, values)
    authority_id = (export.params.get(AUTHORITY_PARAM) or [None])[0]

    def progress(rows: int) -> None:
        Export.objects.filter(pk=pk).update(rows_done=F("rows_done") + rows, updated_at=timezone.now())

    token = progress_hook.set(progress)
    try:
        if spec is None:
            raise LookupError(f"unknown export kind {export.kind!r}")
        with acting_in(authority_id) if authority_id else nullcontext():
            total = spec.count(export.user, params, None)
            Export.objects.filter(pk=pk).update(rows_total=total, updated_at=timezone.now())
            filename, content = spec.make(export.user, params)
    except Exception as exc:  # noqa: BLE001 — any failure is the person's to see, not a silent spinner
        log.exception("export %s (%s) failed", pk, export.kind)
        Export.objects.filter(pk=pk).update(
            status=ExportStatus.FAILED, error=str(exc)[:1000] or type(exc).__name__, finished_at=timezone.now()
        )
        export.refresh_from_db()
        _tell(export)
        return export
    finally:
        progress_hook.reset(token)
    export.refresh_from_db()
    export.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(content), save=False)
    now = timezone.now()
    export.filename = filename
    export.status, export.finished_at = ExportStatus.DONE, now
    export.rows_done = export.rows_total or export.rows_done
    export.expires_at = now + timedelta(hours=settings.CHITHI_EXPORT_KEEP_HOURS)
    export.save()
    _tell(export)
    return export


def _tell(export: Export) -> None:
    notify(
        users=[export.user],
        key=f"export:{export.pk}",
        template="export_done",
        context={"export": export, "failed": export.status == ExportStatus.FAILED},
        url=reverse("units:export_detail", args=[export.pk]),
    )


def is_stale(export: Export) -> bool:
    """Waiting or running with nothing written for STALE_AFTER: the job is not coming."""
    waiting = export.status in (ExportStatus.PENDING, ExportStatus.RUNNING)
    return waiting and export.updated_at < timezone.now() - STALE_AFTER


def purge(now=None) -> int:
    """Delete the exports past their keeping time, files first. Returns how many."""
    now = now or timezone.now()
    expired = list(Export.objects.filter(expires_at__lt=now))
    for export in expired:
        if export.file:
            export.file.delete(save=False)
    Export.objects.filter(pk__in=[e.pk for e in expired]).delete()
    return len(expired)
