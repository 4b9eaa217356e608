"""Writes on quarterly reports: draft, sign and submit, accept, return. Keyword-only, with the
acting user; one transaction each; notices after commit (units.notify)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tasks import permissions as task_permissions
from tasks.models import ReturnReason, SubmissionStatus
from tasks.selectors import unit_counts
from tasks.services import EditConflict, save_with_history
from units.models import SpecialRole, Unit, User, today_local
from units.notify import notify, special_unit_people, unit_people
from units.roles import roles_of
from units.selectors import work_calendar
from units.workcalendar import Quarter, local_date

from . import permissions
from .models import Indicator, QuarterlyAttachment, QuarterlyReport, ReportTemplate, TemplateSection


def report_url(unit: Unit, quarter: Quarter) -> str:
    return reverse("reports:quarterly_report", args=[unit.code, quarter.key])


def task_counts_for(unit: Unit, quarter: Quarter) -> dict[str, int]:
    """The unit's assignments falling due in the quarter's Decree 09 period, by status, today."""
    row = unit_counts(
        Unit.objects.filter(pk=unit.pk), start=quarter.cutoff_start, end=quarter.cutoff_end, today=today_local()
    )[0]
    return {**row.counts, "total": row.total}


def _versions(unit: Unit, quarter: Quarter, template: ReportTemplate):
    return QuarterlyReport.objects.select_for_update().filter(
        unit=unit, quarter=quarter.key, template__directive=template.directive
    )


@transaction.atomic
def quarterly_save_draft(
    *,
    actor: User,
    unit: Unit,
    quarter: Quarter,
    template: ReportTemplate,
    narratives: dict,
    values: dict,
    revision: int | None,
) -> QuarterlyReport:
    """Create or update the unit's draft for the quarter; a stale `revision` raises EditConflict."""
    if unit.pk not in roles_of(actor).unit_ids:
        raise PermissionDenied(_("Bạn không thuộc đơn vị này."))
    # Lock the unit row: two people starting the first draft at once queue here.
    Unit.objects.select_for_update().get(pk=unit.pk)
    versions = _versions(unit, quarter, template)
    if versions.filter(status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED]).exists():
        raise ValidationError(_("Báo cáo quý đã gửi hoặc đã được chấp nhận; không soạn thêm."))
    draft = versions.filter(status=SubmissionStatus.DRAFT).first()
    if draft is None:
        last = versions.order_by("-version").first()
        draft = QuarterlyReport(
            unit=unit,
            quarter=quarter.key,
            template=last.template if last else template,
            version=(last.version + 1) if last else 1,
            created_by=actor,
            updated_by=actor,
        )
    elif revision is not None and draft.revision != revision:
        raise EditConflict()
    else:
        draft.revision += 1
    draft.narratives, draft.values, draft.updated_by = narratives, values, actor
    draft.task_counts = task_counts_for(unit, quarter)
    save_with_history(draft, actor)
    return draft


@transaction.atomic
def quarterly_submit(*, actor: User, report: QuarterlyReport, revision: int | None = None) -> QuarterlyReport:
    """The head signs and sends (a deputy only under a delegation, "KT."); on time is judged by the
    local day of sending against the effective day-20 deadline."""
    mode = task_permissions.signing_mode(actor, report.unit_id)
    if mode is None:
        raise PermissionDenied(_("Chỉ cấp trưởng, hoặc cấp phó được ủy quyền ký thay, mới được ký và gửi báo cáo quý."))
    report = QuarterlyReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Chỉ gửi được bản dự thảo."))
    if revision is not None and report.revision != revision:
        raise EditConflict()
    if not report.narratives and not report.values and not report.attachments.exists():
        raise ValidationError(_("Báo cáo chưa có nội dung."))
    now = timezone.now()
    report.status, report.signed_by, report.signing_mode = SubmissionStatus.SUBMITTED, actor, mode
    report.signer_title = task_permissions.signer_title(actor, report.unit_id)
    report.submitted_at, report.submitted_on = now, local_date(now)
    report.task_counts = task_counts_for(report.unit, Quarter.parse(report.quarter))
    report.updated_by = actor
    save_with_history(report, actor)
    notify(
        users=special_unit_people(SpecialRole.HOME_AFFAIRS),
        key=f"quarterly-submitted:{report.pk}",
        template="quarterly_submitted",
        context={"report": report},
        url=report_url(report.unit, Quarter.parse(report.quarter)),
    )
    return report


def is_on_time(report: QuarterlyReport, dates=None) -> bool | None:
    """Sent by the end of the effective day-20 deadline (local day)? None if not sent."""
    if not report.submitted_on:
        return None
    dates = dates or work_calendar().quarter_dates(Quarter.parse(report.quarter))
    return report.submitted_on <= dates.unit_deadline_effective


def _decidable(actor: User, report: QuarterlyReport) -> QuarterlyReport:
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ được chấp nhận hoặc trả lại báo cáo quý."))
    report = QuarterlyReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if report.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Báo cáo này không ở trạng thái chờ xem xét."))
    return report


def _tell_unit(report: QuarterlyReport, key: str) -> None:
    notify(
        users=unit_people([report.unit_id]).get(report.unit_id, []),
        key=key,
        template="quarterly_decided",
        context={"report": report},
        url=report_url(report.unit, Quarter.parse(report.quarter)),
    )


@transaction.atomic
def quarterly_accept(*, actor: User, report: QuarterlyReport, note: str = "") -> QuarterlyReport:
    report = _decidable(actor, report)
    report.status, report.decided_by, report.decided_at, report.decision_note = (
        SubmissionStatus.ACCEPTED,
        actor,
        timezone.now(),
        note.strip(),
    )
    save_with_history(report, actor)
    _tell_unit(report, f"quarterly-accepted:{report.pk}")
    return report


@transaction.atomic
def quarterly_return(
    *, actor: User, report: QuarterlyReport, reasons: Iterable[str], note: str = ""
) -> QuarterlyReport:
    reasons = list(dict.fromkeys(reasons))
    if not reasons or any(r not in ReturnReason.values for r in reasons):
        raise ValidationError({"reasons": _("Chọn ít nhất một lý do trả lại.")})
    report = _decidable(actor, report)
    report.status, report.decided_by, report.decided_at = SubmissionStatus.RETURNED, actor, timezone.now()
    report.return_reasons, report.decision_note = reasons, note.strip()
    save_with_history(report, actor)
    _tell_unit(report, f"quarterly-returned:{report.pk}")
    return report


@transaction.atomic
def template_new_version(*, template: ReportTemplate) -> ReportTemplate:
    """Copy the template, its sections and indicators as the directive's next version."""
    latest = (
        ReportTemplate.objects.select_for_update().filter(directive=template.directive).order_by("-version").first()
    )
    copy = ReportTemplate.objects.create(directive=template.directive, version=latest.version + 1, title=template.title)
    for section in template.sections.prefetch_related("indicators"):
        new_section = TemplateSection.objects.create(
            template=copy, item=section.item, order=section.order, title=section.title, guidance=section.guidance
        )
        Indicator.objects.bulk_create(
            [
                Indicator(section=new_section, code=i.code, label=i.label, kind=i.kind, order=i.order)
                for i in section.indicators.all()
            ]
        )
    return copy


@transaction.atomic
def quarterly_attach(*, actor: User, report: QuarterlyReport, upload) -> QuarterlyAttachment:
    """Attach a checked file to the unit's draft; a refused file changes nothing."""
    report = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
    if report.unit_id not in roles_of(actor).unit_ids:
        raise PermissionDenied(_("Bạn không thuộc đơn vị này."))
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Chỉ đính kèm tệp vào bản dự thảo; báo cáo đã gửi không được sửa."))
    attachment = QuarterlyAttachment(report=report, uploaded_by=actor)
    attachment.store(upload)
    return attachment


@transaction.atomic
def quarterly_detach(*, actor: User, attachment: QuarterlyAttachment) -> None:
    """Remove a file from the draft (a sent version keeps its files)."""
    report = QuarterlyReport.objects.select_for_update().get(pk=attachment.report_id)
    if report.unit_id not in roles_of(actor).unit_ids:
        raise PermissionDenied(_("Bạn không thuộc đơn vị này."))
    if report.status != SubmissionStatus.DRAFT:
        raise ValidationError(_("Không thể xóa tệp của báo cáo đã gửi."))
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
