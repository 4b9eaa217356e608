"""Pages of the quarterly cycle: each quarter's list for those who see every unit, a unit's report
(form, versions, decisions) and its Word file, the dashboard, the day-25 rollup. Views parse, call
and render: reads in reports.selectors (scoped by visible_to), writes in reports.services, rules in
reports.permissions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from library.charts import stacked_bars, stacked_rows
from library.documents import docx_response
from library.pdf import available as pdf_available
from library.workcalendar import Quarter, QuarterDates
from submissions import views as submission_views
from submissions.forms import AcceptForm, ReturnForm
from submissions.models import SubmissionStatus
from submissions.permissions import signer_title, signing_mode
from submissions.services import EditConflict, submission_attach, submission_detach
from tasks.models import COUNTED_STATUSES, DUE_FORMULA, ON_TIME_RATE_FORMULA, UPDATE_RATE_FORMULA, Category
from units import exports
from units.models import Unit, today_local
from units.selectors import work_calendar
from units.services import pdf_request
from units.views import pdf_answer

from . import permissions, selectors, services
from . import queue as queue_selectors
from .documents import (
    quarterly_file_name,
    quarterly_report_docx,
    rollup_docx,
    rollup_file_name,
    rollup_pdf_key,
)
from .forms import QuarterlyReportForm
from .models import QuarterlyAttachment, QuarterlyReport, QuarterRollup, ReportTemplate, RollupStatus

# The rates' formulas, shown beside them (defined once, in tasks.models).
FORMULAS = {"update": UPDATE_RATE_FORMULA, "on_time": ON_TIME_RATE_FORMULA, "due": DUE_FORMULA}
# The completion table's count columns after "due", in order, with their short headings.
CATEGORY_COLUMNS = [
    (Category.DONE_ON_TIME, _lazy("Đúng hạn")),
    (Category.DONE_LATE, _lazy("Trễ hạn")),
    (Category.OVERDUE, _lazy("Quá hạn")),
    (Category.IN_PROGRESS, _lazy("Còn hạn")),
    (Category.NO_DEADLINE, _lazy("Không thời hạn")),
]


def _quarter(text: str | None) -> Quarter:
    if not text:
        return Quarter.containing(today_local())
    try:
        return Quarter.parse(text)
    except ValueError as error:
        raise Http404 from error


def _all_units_reader(request) -> None:
    """Pages that cover every unit answer 404 to anyone else (docs/architecture.md §7)."""
    if not permissions.can_read_all_units(request.user):
        raise Http404


def quarterly_list(request: HttpRequest) -> HttpResponse:
    """For those who see every unit: each unit's report status for a quarter. A unit member goes
    straight to their own unit's report."""
    quarter = _quarter(request.GET.get("quarter"))
    if not permissions.can_read_all_units(request.user):
        unit = Unit.objects.visible_to(request.user).order_by("sort_order").first()
        if unit is None:
            raise Http404
        return redirect("reports:quarterly_report", code=unit.code, quarter=quarter.key)
    calendar = work_calendar()
    dates = calendar.quarter_dates(quarter)
    rows = selectors.quarter_list_rows(request.user, quarter, dates)
    # The dashboard's counts link here: its units on time, late, returned or not sent (day-20 rule).
    status = request.GET.get("status", "")
    status = status if status in selectors.SUBMISSION_STATUSES else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in ("local", "agency") else ""
    if status or kind:
        rows = selectors.in_submission_status(rows, quarter, calendar, status=status, kind=kind)
    context = {
        "quarter": quarter,
        "dates": dates,
        "rows": rows,
        "status": status,
        "kind": kind,
        "status_label": selectors.SUBMISSION_STATUS_LABELS.get(status, ""),
        "previous": quarter.previous(),
        "next": quarter.next(),
    }
    return render(request, "reports/quarterly_list.html", context)


class _ReportPage:
    """A unit's versions for a quarter, and which template its next draft uses."""

    def __init__(self, request, code: str, quarter_key: str):
        self.unit = get_object_or_404(Unit.objects.visible_to(request.user), code=code)
        self.quarter = _quarter(quarter_key)
        template = selectors.current_template()
        if template is None:
            raise Http404
        self.versions = selectors.unit_versions(request.user, self.unit, self.quarter, template)
        self.draft = self._first(SubmissionStatus.DRAFT)
        self.pending = self._first(SubmissionStatus.SUBMITTED)
        self.accepted = self._first(SubmissionStatus.ACCEPTED)
        # What the form starts from; a new version keeps its template (a template in use is frozen).
        self.source = self.draft or self._first(SubmissionStatus.RETURNED)
        self.template: ReportTemplate = self.source.template if self.source else template

    def _first(self, status: str) -> QuarterlyReport | None:
        return next((r for r in self.versions if r.status == status), None)

    @cached_property
    def dates(self) -> QuarterDates:
        return work_calendar().quarter_dates(self.quarter)

    def form(self, data=None, files=None, initial=None) -> QuarterlyReportForm:
        """The report's form, its register figures counted for the unit and the Decree 09 period
        (what the unit types is checked against them: a different figure needs its reason)."""
        sections = self.template.sections.prefetch_related("indicators")
        form = QuarterlyReportForm(data, files, template=self.template, sections=sections, initial=initial)
        form.prefill_from_registers(selectors.register_figures(self.unit, self.dates))
        return form


def quarterly_report(
    request: HttpRequest,
    code: str,
    quarter: str,
    form: QuarterlyReportForm | None = None,
    return_form: ReturnForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A unit's quarterly report: the form (pre-filled with the unit's task counts), earlier versions,
    and for Organization–Home Affairs the accept / return forms."""
    page = _ReportPage(request, code, quarter)
    member = permissions.can_edit_report(request.user, page.unit)
    can_edit = member and not page.pending and not page.accepted
    if form is None and can_edit:
        form = page.form(initial=QuarterlyReportForm.initial_from(page.source) if page.source else None)
        if page.draft is None and page.source is not None:
            form.initial["revision"] = None
    dates = page.dates
    counts = selectors.task_counts_for(page.unit, page.quarter) if can_edit else {}
    for version in page.versions:
        version.on_time = selectors.is_on_time(version, dates)
    selectors.versions_on_screen(page.versions)
    context = {
        "unit": page.unit,
        "quarter": page.quarter,
        "dates": dates,
        "versions": [r for r in page.versions if r.status != SubmissionStatus.DRAFT],
        "draft": page.draft,
        "carry_from": page.source if page.draft is None and can_edit else None,
        "pending": page.pending,
        "form": form,
        "can_edit": can_edit,
        "signing_mode": signing_mode(request.user, page.unit.pk) if member else None,
        "can_review": permissions.can_review(request.user) and page.pending is not None,
        "return_form": return_form or ReturnForm(prefix="return"),
        "accept_form": AcceptForm(prefix="accept"),
        "tally": _tally(counts),
    }
    return render(request, "reports/quarterly_report.html", context, status=status)


@require_POST
def quarterly_save(request: HttpRequest, code: str, quarter: str) -> HttpResponse:
    """Save the draft (and sign and send it if asked); errors keep what was typed."""
    page = _ReportPage(request, code, quarter)
    form = page.form(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return quarterly_report(request, code, quarter, form=form, status=400)
    try:
        report = services.quarterly_save_draft(
            actor=request.user,
            unit=page.unit,
            quarter=page.quarter,
            template=page.template,
            narratives=form.narratives(),
            values=form.values(),
            revision=form.cleaned_data["revision"],
        )
        if form.cleaned_data.get("file"):
            try:
                submission_attach(actor=request.user, submission=report, upload=form.cleaned_data["file"])
            except ValidationError as error:
                # The text and figures are saved; the refused file changed nothing.
                kept = page.form(initial=QuarterlyReportForm.initial_from(report))
                kept.file_errors = submission_views.file_refused(request, error)
                return quarterly_report(request, code, quarter, form=kept, status=400)
        submission_views.tell_carried_files(request, report)
        if request.POST.get("then") == "submit":
            return redirect("reports:quarterly_sign", code=code, quarter=page.quarter.key)
        messages.success(request, _("Đã lưu dự thảo báo cáo quý."))
    except EditConflict:
        messages.error(
            request,
            _(
                "Bản dự thảo vừa được người khác lưu trong lúc bạn sửa. Nội dung bạn nhập vẫn được giữ dưới đây; "
                "hãy đối chiếu rồi lưu lại."
            ),
        )
        fresh = page.form(initial={**form.cleaned_data, "revision": selectors.draft_revision(page.unit, page.quarter)})
        fresh.conflict = True
        return quarterly_report(request, code, quarter, form=fresh, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return quarterly_report(request, code, quarter, form=form, status=400)
    return redirect("reports:quarterly_report", code=code, quarter=page.quarter.key)


def _tally(counts: dict) -> list[tuple[str, str, int]]:
    """The unit's task counts for the quarter, as the report form and its preview show them."""
    return [(s.value, s.label, counts.get(s, 0)) for s in COUNTED_STATUSES] if counts else []


def quarterly_sign(request: HttpRequest, code: str, quarter: str) -> HttpResponse:
    """Sign and send, in two steps: GET shows the draft exactly as it will be sent (every section
    and figure, files, what changed since the returned version, what is missing or empty, the Word
    file) with the confirmation; POST signs it only at the revision that preview showed."""
    page = _ReportPage(request, code, quarter)
    if page.draft is None:
        messages.error(request, _("Chưa có bản dự thảo để ký gửi."))
        return redirect("reports:quarterly_report", code=code, quarter=page.quarter.key)
    draft = page.draft

    def preview(status: int = 200) -> HttpResponse:
        selectors.versions_on_screen(page.versions)
        context = {
            "unit": page.unit,
            "quarter": page.quarter,
            "draft": draft,
            "check": draft.completeness([part.section for part in draft.body_parts]),
            "tally": _tally(selectors.task_counts_for(page.unit, page.quarter)),
            "signing_mode": signing_mode(request.user, page.unit.pk),
            "signer_title": signer_title(request.user, page.unit.pk),
        }
        return render(request, "reports/quarterly_sign.html", context, status=status)

    if request.method != "POST":
        return preview()
    return submission_views.confirm_signing(
        request,
        sign=lambda revision, confirmed: services.quarterly_submit(
            actor=request.user, report=draft, revision=revision, confirmed_empty=confirmed
        ),
        preview=preview,
        signed=_("Đã ký và gửi báo cáo quý tới Chủ tịch UBND, đồng gửi cơ quan Tổ chức - Nội vụ."),
        done=reverse("reports:quarterly_report", args=[code, page.quarter.key]),
    )


def _visible_report(request, pk: int) -> QuarterlyReport:
    return get_object_or_404(QuarterlyReport.objects.visible_to(request.user).select_related("unit"), pk=pk)


@require_POST
def quarterly_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Organization–Home Affairs accepts, or returns with reasons (validated by the return form)."""
    report = _visible_report(request, pk)
    return_form = submission_views.decide(
        request,
        allowed=permissions.can_review(request.user),
        accept=request.POST.get("decision") == "accept",
        on_accept=lambda note: services.quarterly_accept(actor=request.user, report=report, note=note),
        on_return=lambda reasons, note: services.quarterly_return(
            actor=request.user, report=report, reasons=reasons, note=note
        ),
        accepted=_("Đã chấp nhận báo cáo quý."),
        returned=_("Đã trả lại báo cáo quý để đơn vị hoàn thiện."),
    )
    if return_form is not None:
        return quarterly_report(request, report.unit.code, report.quarter, return_form=return_form, status=400)
    return submission_views.back_to(request, "reports:quarterly_report", code=report.unit.code, quarter=report.quarter)


def quarterly_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of a unit's quarterly report as a Word file in administrative layout."""
    report = _visible_report(request, pk)
    return docx_response(f"{quarterly_file_name(report)}.docx", quarterly_report_docx(report))


def quarterly_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same as PDF (made in the background by LibreOffice; library.pdf)."""
    report = _visible_report(request, pk)
    if not pdf_available():
        raise Http404
    rendered = pdf_request(
        key=f"quarterly:{report.pk}:{report.revision}", make_docx=lambda: quarterly_report_docx(report)
    )
    word = reverse("reports:quarterly_docx", args=[report.pk])
    return pdf_answer(request, rendered, filename=f"{quarterly_file_name(report)}.pdf", word_url=word)


def _visible_attachment(request, pk: int) -> QuarterlyAttachment:
    visible = QuarterlyReport.objects.visible_to(request.user)
    return get_object_or_404(
        QuarterlyAttachment.objects.filter(report__in=visible).select_related("report__unit"), pk=pk
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A quarterly report's file, only for those who may see its unit."""
    return submission_views.serve_stored_file(_visible_attachment(request, pk))


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    report = attachment.report
    try:
        submission_detach(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:quarterly_report", code=report.unit.code, quarter=report.quarter)


# ---- dashboard and the day-25 rollup ----------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    """A quarter at a glance: each unit's submission status, indicator totals, task completion
    ranked, and trends over the last quarters; filter by unit kind. SQL aggregation throughout."""
    _all_units_reader(request)
    quarter = _quarter(request.GET.get("quarter"))
    kind = request.GET.get("kind", "")
    data = selectors.dashboard(quarter, kind)
    trend = data.pop("trend")
    quarters = [q.label.replace("Quý ", "") for q, _counts in trend]
    series = [
        (_("Đúng hạn"), "#1d7a3a", [c["on_time"] for _q, c in trend]),
        (_("Trễ hạn"), "#b26b00", [c["late"] for _q, c in trend]),
        (_("Bị trả lại"), "#7c4dff", [c["returned"] for _q, c in trend]),
        (_("Chưa gửi"), "#b3261e", [c["missing"] for _q, c in trend]),
    ]
    title = _("Tình hình gửi báo cáo quý qua các quý")
    # Bars up on a wide screen; rows across on a phone, where the wide chart's text would be tiny.
    chart = stacked_bars(quarters, series, title=title)
    chart_rows = stacked_rows(quarters, series, title=title)
    context = {
        "quarter": quarter,
        "kind": kind,
        "previous": quarter.previous(),
        "next": quarter.next(),
        "quarters": _quarter_choices(quarter),
        "chart": chart,
        "chart_rows": chart_rows,
        "formulas": FORMULAS,
        "categories": CATEGORY_COLUMNS,
        "list_range": {
            "due_from": quarter.cutoff_start.strftime("%d/%m/%Y"),
            "due_to": quarter.cutoff_end.strftime("%d/%m/%Y"),
        },
    }
    return render(request, "reports/dashboard.html", {**context, **data})


def _quarter_choices(shown: Quarter) -> list[Quarter]:
    """The quarter picker, newest first: the next quarter and the last eight (the current one
    included), and the one shown if it is none of them (reached by a link)."""
    latest = Quarter.containing(today_local()).next()
    quarters = [latest]
    while len(quarters) < 9:
        quarters.append(quarters[-1].previous())
    if shown not in quarters:
        quarters.append(shown)
    return quarters


def _rollup(request, quarter_key: str) -> tuple[QuarterRollup, list[QuarterRollup]]:
    _all_units_reader(request)
    versions = selectors.rollup_versions(_quarter(quarter_key))
    if not versions:
        raise Http404
    wanted = request.GET.get("version", "")
    rollup = next((v for v in versions if str(v.version) == wanted), versions[0])
    return rollup, versions


def rollup_detail(request: HttpRequest, quarter: str, form_text: str | None = None, status: int = 200) -> HttpResponse:
    """The day-25 rollup: figures, units missing / late / returned, completion, the commentary of
    Organization–Home Affairs (editable on a draft), signing and issuing, earlier versions."""
    rollup, versions = _rollup(request, quarter)
    reviewer = permissions.can_review(request.user)
    editable = rollup.status == RollupStatus.DRAFT and reviewer
    context = {
        **_rollup_body(rollup),
        "rollup": rollup,
        "versions": versions,
        "quarter": Quarter.parse(rollup.quarter),
        "editable": editable,
        "commentary": rollup.commentary if form_text is None else form_text,
        "can_issue": editable and permissions.can_issue(request.user),
        "can_redraft": reviewer and versions[0].status == RollupStatus.ISSUED,
    }
    return render(request, "reports/rollup.html", context, status=status)


def _split_completion(rows: list[dict]) -> dict:
    """Ranked rows (something due), and the units with nothing due, listed apart (never 0%)."""
    return {"completion": [r for r in rows if r["due"]], "nothing_due": [r for r in rows if not r["due"]]}


def _rollup_body(rollup: QuarterRollup) -> dict:
    """What a rollup says, for its page and its issuing preview."""
    submissions = rollup.data.get("submissions", [])
    return {
        "indicators": rollup.data.get("indicators", []),
        **_split_completion(selectors.completion_readable(rollup.data.get("completion", []))),
        "formulas": FORMULAS,
        "categories": CATEGORY_COLUMNS,
        "missing": [r for r in submissions if r["status"] == "missing"],
        "late": [r for r in submissions if r["status"] == "late"],
        "returned": [r for r in submissions if r["status"] == "returned"],
    }


@require_POST
def rollup_action(request: HttpRequest, quarter: str) -> HttpResponse:
    """Save the commentary, issue (sign), or start a new draft after an issued version."""
    rollup, _versions = _rollup(request, quarter)
    action = request.POST.get("action")
    commentary = request.POST.get("commentary", "")
    try:
        if action == "redraft":
            services.rollup_redraft(actor=request.user, quarter=Quarter.parse(quarter))
            messages.success(request, _("Đã lập bản tổng hợp mới với số liệu hiện có."))
            return redirect("reports:rollup", quarter=quarter)
        revision = request.POST.get("revision", "")
        rollup = services.rollup_save_commentary(
            actor=request.user,
            rollup=rollup,
            commentary=commentary,
            revision=int(revision) if revision.isdigit() else -1,
        )
        if action == "issue":
            return redirect("reports:rollup_issue", quarter=quarter)
        messages.success(request, _("Đã lưu nhận xét."))
    except EditConflict:
        messages.error(
            request,
            _("Bản tổng hợp vừa được người khác sửa; nội dung bạn nhập vẫn được giữ, hãy đối chiếu rồi lưu lại."),
        )
        return rollup_detail(request, quarter, form_text=commentary, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return rollup_detail(request, quarter, form_text=commentary, status=400)
    return redirect(reverse("reports:rollup", args=[quarter]))


def rollup_issue(request: HttpRequest, quarter: str) -> HttpResponse:
    """Sign and issue, in two steps: GET shows the draft rollup as it will be issued (and its Word
    file) with the confirmation; POST issues it only at the revision that preview showed."""
    _all_units_reader(request)
    versions = selectors.rollup_versions(_quarter(quarter))
    rollup = versions[0] if versions else None
    if rollup is None or rollup.status != RollupStatus.DRAFT:
        raise Http404

    def preview(status: int = 200) -> HttpResponse:
        home_affairs = permissions.home_affairs_unit()
        context = {
            **_rollup_body(rollup),
            "rollup": rollup,
            "quarter": Quarter.parse(rollup.quarter),
            "check": rollup.completeness(),
            "issuing_mode": permissions.issuing_mode(request.user),
            "rollup_signer_title": signer_title(request.user, home_affairs.pk) if home_affairs else "",
        }
        return render(request, "reports/rollup_issue.html", context, status=status)

    if request.method != "POST":
        return preview()
    return submission_views.confirm_signing(
        request,
        sign=lambda revision, confirmed: services.rollup_issue(
            actor=request.user, rollup=rollup, revision=revision, confirmed_empty=confirmed
        ),
        preview=preview,
        signed=_("Đã ký, ban hành báo cáo tổng hợp gửi Chủ tịch UBND."),
        done=reverse("reports:rollup", args=[quarter]),
    )


def rollup_download(request: HttpRequest, quarter: str, fmt: str) -> HttpResponse:
    """A version of the rollup as Word, Excel or PDF, named by its state: "…-du-thao" while a draft,
    "…-so-07-BC-TCNV" once issued (the issued one's PDF was made when it was issued and is kept)."""
    rollup, _versions = _rollup(request, quarter)
    name = rollup_file_name(rollup)
    if fmt == "xlsx":
        params = QueryDict(mutable=True)
        params.update({"quarter": rollup.quarter, "version": str(rollup.version)})
        return exports.respond(request, "reports.rollup", params)
    if fmt == "pdf":
        if not pdf_available():
            raise Http404
        word = reverse("reports:rollup_download", args=[rollup.quarter, "docx"]) + f"?version={rollup.version}"
        rendered = pdf_request(key=rollup_pdf_key(rollup), make_docx=lambda: rollup_docx(rollup))
        return pdf_answer(request, rendered, filename=f"{name}.pdf", word_url=word)
    return docx_response(f"{name}.docx", rollup_docx(rollup))


# ---- what waits for this user's decision --------------------------------------------------------


def queue(request: HttpRequest) -> HttpResponse:
    """ "Chờ quyết định": everything waiting for this user's decision, oldest first (reports.queue)."""
    if not queue_selectors.has_queue(request.user):
        raise PermissionDenied
    items = queue_selectors.queue_items(request.user, today_local())
    # Counted once: the menu's count (reports.context_processors) reads it from the request.
    request.queue_count = total = queue_selectors.queue_count(request.user)
    return render(request, "reports/queue.html", {"items": items, "total": total})
