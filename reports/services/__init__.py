"""Writes of the quarterly cycle: a unit's report (draft, attach, sign and submit, accept, return,
through the shared submission workflow), the day-25 rollup's assessment, issue and redraft, and new
template versions. Keyword-only, with the acting user and a permission check; one transaction
each; notices after commit (units.notify)."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from library.pdf import available as pdf_available
from library.workcalendar import Quarter
from registers.services import register_document
from submissions.permissions import signer_title
from submissions.services import (
    EditConflict,
    draft_sign,
    save_with_history,
    submission_decide,
    submission_draft_save,
    submission_sign_and_submit,
)
from units.models import Leader, SpecialRole, Unit, User
from units.notify import notify, special_unit_people, unit_people
from units.services import pdf_request

from .. import permissions
from ..documents import quarterly_subject, rollup_docx, rollup_pdf_key, rollup_subject
from ..models import (
    Indicator,
    QuarterlyReport,
    QuarterRollup,
    ReportTemplate,
    RollupStatus,
    TemplateSection,
)
from ..selectors import reviewer_name, task_counts_for
from .periodic import quarter_rollup_run


def report_url(unit: Unit, quarter: Quarter) -> str:
    return reverse("reports:quarterly_report", args=[unit.code, quarter.key])


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
    """Create or update the unit's draft for the quarter (the unit's task counts refreshed); a new
    version after a return keeps the template of the one returned. A stale `revision` raises
    EditConflict and changes nothing."""
    # Lock the unit row: two people starting the first draft at once queue here.
    Unit.objects.select_for_update().get(pk=unit.pk)
    return submission_draft_save(
        actor=actor,
        unit_id=unit.pk,
        versions=QuarterlyReport.objects.filter(unit=unit, quarter=quarter.key, template__directive=template.directive),
        revision=revision,
        content={"narratives": narratives, "values": values, "task_counts": task_counts_for(unit, quarter)},
        first=lambda last: {"unit": unit, "quarter": quarter.key, "template": last.template if last else template},
    )


@transaction.atomic
def quarterly_submit(
    *, actor: User, report: QuarterlyReport, revision: int | None = None, confirmed_empty: bool = False
) -> QuarterlyReport:
    """The head signs and sends (a deputy only under a delegation, "KT."); on time is judged by the
    local day of sending against the effective day-20 deadline. Organization–Home Affairs is told."""
    quarter = Quarter.parse(report.quarter)
    # The next number of the unit's register (registers), in this transaction: a refused signing
    # rolls it back with everything else, so no number is lost.
    entry = register_document(
        unit=report.unit,
        key=f"quarterly:{report.pk}",
        issued_on=timezone.localdate(),
        subject=quarterly_subject(report).replace("\n", " — "),
        signer_name=actor.get_full_name(),
        signer_title=signer_title(actor, report.unit_id),
        url=report_url(report.unit, quarter),
    )
    report = submission_sign_and_submit(
        actor=actor,
        submission=report,
        revision=revision,
        confirmed_empty=confirmed_empty,
        also={"task_counts": task_counts_for(report.unit, quarter), "document_number": entry.label},
    )
    notify(
        users=special_unit_people(SpecialRole.HOME_AFFAIRS),
        key=f"quarterly-submitted:{report.pk}",
        template="quarterly_submitted",
        context={"report": report},
        url=report_url(report.unit, quarter),
    )
    return report


def _decide(*, actor: User, report: QuarterlyReport, accept: bool, reasons: Iterable[str] = (), note: str = ""):
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ được chấp nhận hoặc trả lại báo cáo quý."))
    report = submission_decide(actor=actor, submission=report, accept=accept, reasons=reasons, note=note)
    notify(
        users=unit_people([report.unit_id]).get(report.unit_id, []),
        key=f"quarterly-{report.status}:{report.pk}",
        template="quarterly_decided",
        context={"report": report},
        url=report_url(report.unit, Quarter.parse(report.quarter)),
    )
    return report


@transaction.atomic
def quarterly_accept(*, actor: User, report: QuarterlyReport, note: str = "") -> QuarterlyReport:
    """Organization–Home Affairs accepts the report; its figures count in the day-25 rollup."""
    return _decide(actor=actor, report=report, accept=True, note=note)


@transaction.atomic
def quarterly_return(
    *, actor: User, report: QuarterlyReport, reasons: Iterable[str], note: str = ""
) -> QuarterlyReport:
    """Organization–Home Affairs sends the report back with the reasons of item 8; the unit files a
    new version."""
    return _decide(actor=actor, report=report, accept=False, reasons=reasons, note=note)


# ---- the day-25 rollup ------------------------------------------------------------------------


@transaction.atomic
def rollup_save_commentary(*, actor: User, rollup: QuarterRollup, commentary: str, revision: int) -> QuarterRollup:
    """Organization–Home Affairs writes its assessment on a draft (an issued version is frozen)."""
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ được sửa báo cáo tổng hợp."))
    rollup = QuarterRollup.objects.select_for_update().get(pk=rollup.pk)
    if rollup.status != RollupStatus.DRAFT:
        raise ValidationError(_("Báo cáo tổng hợp đã ban hành, không sửa được; hãy lập bản mới."))
    if rollup.revision != revision:
        raise EditConflict()
    rollup.commentary, rollup.revision = commentary.strip(), rollup.revision + 1
    save_with_history(rollup, actor)
    return rollup


@transaction.atomic
def rollup_issue(
    *, actor: User, rollup: QuarterRollup, revision: int | None = None, confirmed_empty: bool = False
) -> QuarterRollup:
    """The head of Organization–Home Affairs (or a deputy under delegation, "KT.") signs and issues
    the rollup to the Chairman, as it stood at `revision` (what the preview showed), through the
    shared signing (submissions.services.draft_sign); the version is frozen from then on."""
    home_affairs = permissions.home_affairs_unit()
    rollup = draft_sign(
        actor=actor,
        document=rollup,
        unit_id=home_affairs.pk if home_affairs else None,
        revision=revision,
        confirmed_empty=confirmed_empty,
        refused=_("Chỉ Thủ trưởng cơ quan Tổ chức - Nội vụ (hoặc cấp phó được ủy quyền) được ký ban hành."),
        not_draft=_("Bản này đã được ban hành."),
        empty=_("Bản tổng hợp chưa có nhận xét, đánh giá. Hãy viết, hoặc xác nhận ban hành như vậy."),
    )
    rollup.status, rollup.issued_at = RollupStatus.ISSUED, timezone.now()
    rollup.document_number = register_document(
        unit=home_affairs,
        key=f"rollup:{rollup.pk}",
        issued_on=timezone.localdate(rollup.issued_at),
        subject=rollup_subject(rollup).replace("\n", " — "),
        signer_name=actor.get_full_name(),
        signer_title=rollup.signer_title,
        url=reverse("reports:rollup", args=[rollup.quarter]),
    ).label
    save_with_history(rollup, actor)
    if pdf_available():
        # The issued version's PDF, made now and kept with it (ready for a signature applied outside).
        pdf_request(key=rollup_pdf_key(rollup), make_docx=lambda: rollup_docx(rollup))
    leaders = [leader.user for leader in Leader.objects.active().select_related("user")]
    notify(
        users=leaders,
        key=f"rollup-issued:{rollup.pk}",
        template="quarter_rollup_issued",
        context={"rollup": rollup, "reviewer": reviewer_name(rollup.authority_id)},
        url=reverse("reports:rollup", args=[rollup.quarter]),
    )
    return rollup


def rollup_redraft(*, actor: User, quarter: Quarter) -> QuarterRollup:
    """After an issued version, a new draft with today's figures (say, a late report was accepted);
    the issued version stays as it was."""
    if not permissions.can_review(actor):
        raise PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ được lập bản tổng hợp mới."))
    latest = QuarterRollup.objects.filter(quarter=quarter.key).order_by("-version").first()
    if latest is None or latest.status != RollupStatus.ISSUED:
        raise ValidationError(_("Chỉ lập bản tổng hợp mới sau khi bản hiện tại đã được ban hành."))
    return quarter_rollup_run(quarter=quarter, force=True, actor=actor).result


# ---- templates --------------------------------------------------------------------------------


@transaction.atomic
def template_new_version(*, actor: User, template: ReportTemplate) -> ReportTemplate:
    """Copy the template, its sections and indicators as the directive's next version (a template in
    use is frozen; changes go into the copy)."""
    if not actor.has_perm("reports.add_reporttemplate"):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được tạo phiên bản mẫu báo cáo."))
    latest = (
        ReportTemplate.objects.select_for_update().filter(directive=template.directive).order_by("-version").first()
    )
    copy = ReportTemplate(directive=template.directive, version=latest.version + 1, title=template.title)
    save_with_history(copy, actor)
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
