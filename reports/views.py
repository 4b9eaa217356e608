"""Pages of the quarterly cycle: the reviewers' list for a quarter, a unit's report (form, versions,
decisions), and its Word download. Reads go through visible_to(user); writes through reports.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tasks.forms import ReturnForm
from tasks.models import Status, SubmissionStatus
from tasks.permissions import signing_mode
from tasks.views import serve_stored_file
from units.charts import stacked_bars
from units.documents import docx_response
from units.models import Unit, today_local
from units.roles import roles_of
from units.selectors import work_calendar
from units.workcalendar import Quarter
from units.xlsx import xlsx_response

from . import permissions, rollups, services
from .documents import quarterly_report_docx, rollup_docx, rollup_xlsx
from .forms import QuarterlyReportForm
from .models import QuarterlyAttachment, QuarterlyReport, QuarterRollup, ReportTemplate, RollupStatus


def _quarter(text: str | None) -> Quarter:
    if not text:
        return Quarter.containing(today_local())
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise Http404 from error


def _template() -> ReportTemplate:
    """The latest template of the (newest) directive that has one."""
    template = ReportTemplate.objects.select_related("directive").order_by("-directive__issued_on", "-version").first()
    if template is None:
        raise Http404
    return template


def quarterly_list(request: HttpRequest) -> HttpResponse:
    """For Organization–Home Affairs and leaders: every unit's report status for a quarter. A unit
    member goes straight to their own unit's report."""
    quarter = _quarter(request.GET.get("quarter"))
    roles = roles_of(request.user)
    if not roles.sees_all_units:
        unit = Unit.objects.visible_to(request.user).order_by("sort_order").first()
        if unit is None:
            raise Http404
        return redirect("reports:quarterly_report", code=unit.code, quarter=quarter.key)
    latest: dict[int, QuarterlyReport] = {}
    for report in (
        QuarterlyReport.objects.visible_to(request.user)
        .in_quarter(quarter.key)
        .order_by("unit_id", "version")
        .only("pk", "unit_id", "version", "status", "submitted_on", "signing_mode")
    ):
        latest[report.unit_id] = report
    dates = work_calendar().quarter_dates(quarter)
    rows = []
    for unit in Unit.objects.visible_to(request.user).active().order_by("sort_order", "name"):
        report = latest.get(unit.pk)
        on_time = services.is_on_time(report, dates) if report else None
        rows.append({"unit": unit, "report": report, "on_time": on_time})
    return render(
        request,
        "reports/quarterly_list.html",
        {"quarter": quarter, "dates": dates, "rows": rows, "previous": quarter.previous(), "next": quarter.next()},
    )


def _unit_and_versions(request, code: str, quarter_key: str):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    quarter = _quarter(quarter_key)
    template = _template()
    versions = list(
        QuarterlyReport.objects.visible_to(request.user)
        .filter(unit=unit, quarter=quarter.key, template__directive=template.directive)
        .select_related("signed_by", "decided_by", "updated_by", "template")
        .prefetch_related("attachments")
        .order_by("-version")
    )
    return unit, quarter, template, versions


def _form_for(template: ReportTemplate, data=None, initial=None, files=None) -> QuarterlyReportForm:
    sections = template.sections.prefetch_related("indicators")
    return QuarterlyReportForm(data, files, template=template, sections=sections, initial=initial)


def quarterly_report(
    request: HttpRequest, code: str, quarter: str, form: QuarterlyReportForm | None = None, status: int = 200
) -> HttpResponse:
    """A unit's quarterly report: the form (pre-filled with the unit's task counts), earlier versions,
    and for Organization–Home Affairs the accept / return forms."""
    unit, quarter_obj, template, versions = _unit_and_versions(request, code, quarter)
    draft = next((r for r in versions if r.status == SubmissionStatus.DRAFT), None)
    pending = next((r for r in versions if r.status == SubmissionStatus.SUBMITTED), None)
    accepted = next((r for r in versions if r.status == SubmissionStatus.ACCEPTED), None)
    returned = next((r for r in versions if r.status == SubmissionStatus.RETURNED), None)
    member = unit.pk in roles_of(request.user).unit_ids
    can_edit = member and not pending and not accepted
    used_template = draft.template if draft else (returned.template if returned else template)
    if form is None and can_edit:
        source = draft or returned
        form = _form_for(used_template, initial=QuarterlyReportForm.initial_from(source) if source else None)
        if draft is None and source is not None:
            form.initial["revision"] = None
    dates = work_calendar().quarter_dates(quarter_obj)
    counts = services.task_counts_for(unit, quarter_obj) if can_edit else {}
    for version in versions:
        version.on_time = services.is_on_time(version, dates)
    return render(
        request,
        "reports/quarterly_report.html",
        {
            "unit": unit,
            "quarter": quarter_obj,
            "dates": dates,
            "versions": [r for r in versions if r.status != SubmissionStatus.DRAFT],
            "draft": draft,
            "pending": pending,
            "form": form,
            "can_edit": can_edit,
            "signing_mode": signing_mode(request.user, unit.pk) if member else None,
            "can_review": permissions.can_review(request.user) and pending is not None,
            "return_form": ReturnForm(prefix="return"),
            "tally": [(code, label, counts[code]) for code, label in Status.choices] if counts else [],
        },
        status=status,
    )


@require_POST
def quarterly_save(request: HttpRequest, code: str, quarter: str) -> HttpResponse:
    """Save the draft (and sign and send it if asked); errors keep what was typed."""
    unit, quarter_obj, template, versions = _unit_and_versions(request, code, quarter)
    draft = next((r for r in versions if r.status == SubmissionStatus.DRAFT), None)
    returned = next((r for r in versions if r.status == SubmissionStatus.RETURNED), None)
    used_template = draft.template if draft else (returned.template if returned else template)
    form = _form_for(used_template, data=request.POST, files=request.FILES)
    if not form.is_valid():
        return quarterly_report(request, code, quarter, form=form, status=400)
    try:
        report = services.quarterly_save_draft(
            actor=request.user,
            unit=unit,
            quarter=quarter_obj,
            template=used_template,
            narratives=form.narratives(),
            values=form.values(),
            revision=form.cleaned_data["revision"],
        )
        if form.cleaned_data.get("file"):
            try:
                services.quarterly_attach(actor=request.user, report=report, upload=form.cleaned_data["file"])
            except ValidationError as error:
                # The text and figures are saved; the refused file changed nothing.
                kept = _form_for(report.template, initial=QuarterlyReportForm.initial_from(report))
                kept.file_errors = error.messages
                return quarterly_report(request, code, quarter, form=kept, status=400)
        if request.POST.get("then") == "submit":
            services.quarterly_submit(actor=request.user, report=report, revision=report.revision)
            messages.success(
                request, _("Đã ký và gửi báo cáo quý tới Chủ tịch UBND, đồng gửi cơ quan Tổ chức - Nội vụ.")
            )
        else:
            messages.success(request, _("Đã lưu dự thảo báo cáo quý."))
    except services.EditConflict:
        messages.error(
            request,
            _(
                "Bản dự thảo vừa được người khác lưu trong lúc bạn sửa. Nội dung bạn nhập vẫn được giữ dưới đây; hãy "
                "đối chiếu rồi lưu lại."
            ),
        )
        fresh = _form_for(
            used_template, initial={**form.cleaned_data, "revision": QuarterlyReport.objects.get(pk=draft.pk).revision}
        )
        return quarterly_report(request, code, quarter, form=fresh, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return quarterly_report(request, code, quarter, form=form, status=400)
    return redirect("reports:quarterly_report", code=code, quarter=quarter_obj.key)


def _visible_report(request, pk: int) -> QuarterlyReport:
    return get_object_or_404(QuarterlyReport.objects.visible_to(request.user).select_related("unit"), pk=pk)


@require_POST
def quarterly_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Organization–Home Affairs accepts, or returns with reasons."""
    report = _visible_report(request, pk)
    try:
        if request.POST.get("decision") == "accept":
            services.quarterly_accept(actor=request.user, report=report, note=request.POST.get("note", ""))
            messages.success(request, _("Đã chấp nhận báo cáo quý."))
        else:
            form = ReturnForm(request.POST, prefix="return")
            reasons = form.data.getlist("return-reasons")
            services.quarterly_return(
                actor=request.user, report=report, reasons=reasons, note=request.POST.get("return-note", "")
            )
            messages.success(request, _("Đã trả lại báo cáo quý để đơn vị hoàn thiện."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:quarterly_report", code=report.unit.code, quarter=report.quarter)


def quarterly_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of a unit's quarterly report as a Word file in administrative layout."""
    report = _visible_report(request, pk)
    return docx_response(
        f"bao-cao-quy-{report.quarter}-{report.unit.code}-lan-{report.version}.docx", quarterly_report_docx(report)
    )


# ---- dashboard and the day-25 rollup ----------------------------------------------------------


def _reader(request) -> None:
    """Dashboard and rollups cover every unit: Organization–Home Affairs, leaders, the Office, admins."""
    roles = roles_of(request.user)
    if not (roles.home_affairs or roles.leader or roles.office or roles.administrator):
        raise Http404


def dashboard(request: HttpRequest) -> HttpResponse:
    """A quarter at a glance: each unit's submission status, indicator totals, task completion
    ranked, and trends over the last quarters; filter by unit kind. SQL aggregation throughout."""
    _reader(request)
    quarter = _quarter(request.GET.get("quarter"))
    kind = request.GET.get("kind", "")
    keep = (
        (lambda row: row["local"])
        if kind == "local"
        else (lambda row: not row["local"])
        if kind == "agency"
        else (lambda row: True)
    )
    template = ReportTemplate.objects.order_by("-directive__issued_on", "-version").first()
    submissions = [r for r in rollups.submission_rows(quarter) if keep(r)]
    completion = [r for r in rollups.completion_rows(quarter) if keep(r)]
    counts = {s: sum(1 for r in submissions if r["status"] == s) for s in ("on_time", "late", "returned", "missing")}
    trend = rollups.submission_trend(quarter, 8, kind)
    chart = stacked_bars(
        [q.label.replace("Quý ", "") for q, _ in trend],
        [
            (_("Đúng hạn"), "#1d7a3a", [c["on_time"] for _, c in trend]),
            (_("Trễ hạn"), "#b26b00", [c["late"] for _, c in trend]),
            (_("Bị trả lại"), "#7c4dff", [c["returned"] for _, c in trend]),
            (_("Chưa gửi"), "#b3261e", [c["missing"] for _, c in trend]),
        ],
        title=_("Tình hình gửi báo cáo quý qua các quý"),
    )
    return render(
        request,
        "reports/dashboard.html",
        {
            "quarter": quarter,
            "kind": kind,
            "previous": quarter.previous(),
            "next": quarter.next(),
            "submissions": submissions,
            "counts": counts,
            "indicators": rollups.indicator_totals(quarter, template),
            "completion": completion,
            "chart": chart,
            "dates": work_calendar().quarter_dates(quarter),
            "rollup": QuarterRollup.objects.filter(quarter=quarter.key)
            .only("pk", "version", "status")
            .order_by("-version")
            .first(),
        },
    )


def _rollup(request, quarter_key: str) -> tuple[QuarterRollup, list]:
    _reader(request)
    quarter = _quarter(quarter_key)
    versions = list(QuarterRollup.objects.filter(quarter=quarter.key).select_related("signed_by").order_by("-version"))
    if not versions:
        raise Http404
    wanted = request.GET.get("version", "")
    rollup = next((v for v in versions if str(v.version) == wanted), versions[0])
    return rollup, versions


def rollup_detail(request: HttpRequest, quarter: str, form_text: str | None = None, status: int = 200) -> HttpResponse:
    """The day-25 rollup: figures, units missing / late / returned, completion, the commentary of
    Organization–Home Affairs (editable on a draft), signing and issuing, earlier versions."""
    rollup, versions = _rollup(request, quarter)
    editable = rollup.status == RollupStatus.DRAFT and permissions.can_review(request.user)
    data = rollup.data
    return render(
        request,
        "reports/rollup.html",
        {
            "rollup": rollup,
            "versions": versions,
            "quarter": Quarter.parse(rollup.quarter),
            "editable": editable,
            "commentary": rollup.commentary if form_text is None else form_text,
            "can_issue": editable and rollups.can_issue(request.user),
            "can_redraft": permissions.can_review(request.user) and versions[0].status == RollupStatus.ISSUED,
            "indicators": data.get("indicators", []),
            "completion": data.get("completion", []),
            "missing": [r for r in data.get("submissions", []) if r["status"] == "missing"],
            "late": [r for r in data.get("submissions", []) if r["status"] == "late"],
            "returned": [r for r in data.get("submissions", []) if r["status"] == "returned"],
        },
        status=status,
    )


@require_POST
def rollup_action(request: HttpRequest, quarter: str) -> HttpResponse:
    """Save the commentary, issue (sign), or start a new draft after an issued version."""
    rollup, _versions = _rollup(request, quarter)
    action = request.POST.get("action")
    try:
        if action == "redraft":
            if not permissions.can_review(request.user):
                raise Http404
            rollups.quarter_rollup_run(quarter=Quarter.parse(quarter), force=True)
            messages.success(request, _("Đã lập bản tổng hợp mới với số liệu hiện có."))
            return redirect("reports:rollup", quarter=quarter)
        revision = int(request.POST.get("revision", "-1"))
        rollup = rollups.rollup_save_commentary(
            actor=request.user, rollup=rollup, commentary=request.POST.get("commentary", ""), revision=revision
        )
        if action == "issue":
            rollups.rollup_issue(actor=request.user, rollup=rollup)
            messages.success(request, _("Đã ký, ban hành báo cáo tổng hợp gửi Chủ tịch UBND."))
        else:
            messages.success(request, _("Đã lưu nhận xét."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return rollup_detail(request, quarter, form_text=request.POST.get("commentary", ""), status=400)
    return redirect("reports:rollup", quarter=quarter)


def rollup_download(request: HttpRequest, quarter: str, fmt: str) -> HttpResponse:
    rollup, _versions = _rollup(request, quarter)
    name = f"tong-hop-{rollup.quarter}-lan-{rollup.version}"
    if fmt == "xlsx":
        return xlsx_response(f"{name}.xlsx", rollup_xlsx(rollup))
    return docx_response(f"{name}.docx", rollup_docx(rollup))


def _visible_attachment(request, pk: int) -> QuarterlyAttachment:
    return get_object_or_404(
        QuarterlyAttachment.objects.filter(report__in=QuarterlyReport.objects.visible_to(request.user)).select_related(
            "report__unit"
        ),
        pk=pk,
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A quarterly report's file, only for those who may see its unit."""
    return serve_stored_file(_visible_attachment(request, pk))


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    report = attachment.report
    try:
        services.quarterly_detach(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:quarterly_report", code=report.unit.code, quarter=report.quarter)
