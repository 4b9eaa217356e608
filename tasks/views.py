"""Pages of directives, tasks and assignments. Every read goes through visible_to(user); every
write goes through tasks.services, which checks the acting user's rights."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from units.documents import docx_response
from units.models import Leader, Unit, today_local
from units.roles import roles_of
from units.xlsx import build_workbook, xlsx_response

from . import history, permissions, selectors, services, weekly
from .filters import AssignmentFilter, as_querystring
from .forms import AcceptForm, DraftForm, ExtensionRequestForm, ReturnForm, TaskForm
from .models import (
    Assignment,
    Attachment,
    Directive,
    DirectiveKind,
    ExtensionRequest,
    Status,
    StoredFile,
    SubmissionStatus,
    TaskReport,
    WeeklySummary,
)


class DirectiveListView(ListView):
    """Every directive of the Authority; they are the Committee's public instructions, not unit data."""

    model = Directive
    template_name = "tasks/directive_list.html"
    context_object_name = "directives"
    paginate_by = 50

    def get_queryset(self):
        qs = Directive.objects.annotate(item_count=Count("items")).order_by("-issued_on", "number")
        query = self.request.GET.get("q", "").strip()
        if query:
            qs = qs.filter(Q(number__icontains=query) | Q(subject__icontains=query) | Q(signer_name__icontains=query))
        kind = self.request.GET.get("kind", "")
        if kind in DirectiveKind.values:
            qs = qs.filter(kind=kind)
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            query=self.request.GET.get("q", ""), kind=self.request.GET.get("kind", ""), kinds=DirectiveKind.choices
        )
        return context


class DirectiveDetailView(DetailView):
    """A directive with its items and recipients."""

    model = Directive
    template_name = "tasks/directive_detail.html"

    def get_queryset(self):
        return Directive.objects.select_related("authority").prefetch_related("items", "units")


# ---- assignment lists -------------------------------------------------------------------------

EXPORT_HEADERS = [
    "Nhiệm vụ",
    "Đơn vị",
    "Vai trò",
    "Lãnh đạo giao",
    "Nguồn",
    "Hạn ban đầu",
    "Hạn hiện hành",
    "Hạn thực tế",
    "Trạng thái",
    "Ngày báo cáo",
    "Hoàn thành lúc",
]


def _filtered_assignments(request: HttpRequest) -> tuple[AssignmentFilter, QuerySet]:
    """The filter form and its rows; a filter that does not validate (say, a unit the user may not
    see) gives no rows and an error beside the field, never a silently widened list."""
    today = today_local()
    filtered = AssignmentFilter(
        request.GET or None, queryset=selectors.assignments_for(request.user, today), user=request.user, today=today
    )
    rows = filtered.qs if not filtered.is_bound or filtered.is_valid() else filtered.queryset.none()
    return filtered, rows.order_by("effective_deadline", "pk")


def assignment_list(request: HttpRequest) -> HttpResponse:
    """All tasks and assignments the user may see, with filters; the same filters drive the .xlsx."""
    filtered, rows = _filtered_assignments(request)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tasks/assignment_list.html",
        {
            "filter": filtered,
            "page": page,
            "querystring": as_querystring(request.GET),
            "can_assign": permissions.can_assign(request.user),
        },
    )


def assignment_export(request: HttpRequest) -> HttpResponse:
    """The filtered assignment list as .xlsx."""
    filtered, assignments = _filtered_assignments(request)
    rows = (
        [
            a.task.subject,
            a.unit.name,
            a.get_role_display(),
            str(a.task.given_by),
            a.task.source_label,
            a.original_deadline,
            a.deadline,
            a.effective_deadline,
            Status(a.status).label,
            a.reported_on,
            a.completed_at,
        ]
        for a in assignments.iterator(chunk_size=2000)
    )
    today = today_local()
    content = build_workbook(
        title="Danh sách giao nhiệm vụ",
        subtitle=f"Trạng thái tính đến ngày {today:%d/%m/%Y}",
        headers=EXPORT_HEADERS,
        rows=rows,
        widths=[50, 28, 10, 26, 28, 12, 12, 12, 22, 12, 16],
    )
    return xlsx_response(f"nhiem-vu-{today:%Y%m%d}.xlsx", content)


def unit_tasks(request: HttpRequest, code: str) -> HttpResponse:
    """ "Nhiệm vụ của đơn vị": a unit's assignments, most urgent first, with what to do next."""
    unit = get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    today = today_local()
    assignments = selectors.by_urgency(
        selectors.with_next_action(selectors.assignments_for(request.user, today).filter(unit=unit))
    )
    show_done = request.GET.get("done") == "1"
    if not show_done:
        assignments = assignments.open()
    return render(
        request,
        "tasks/unit_tasks.html",
        {"unit": unit, "assignments": assignments, "show_done": show_done, "today": today},
    )


def unit_table(request: HttpRequest) -> HttpResponse:
    """Per-unit counts (on time, late, overdue, completed, not yet due) for any range of deadlines."""
    rows, form = _unit_table_rows(request)
    if request.GET.get("format") == "xlsx":
        today = today_local()
        content = build_workbook(
            title="Tình hình thực hiện nhiệm vụ theo đơn vị",
            subtitle=_range_label(form) + f" — tính đến ngày {today:%d/%m/%Y}",
            headers=["Đơn vị", "Tổng số", *Status.labels],
            rows=([r.unit.name, r.total, *r.in_status_order] for r in rows),
            widths=[36, 10, 14, 18, 16, 18, 12],
        )
        return xlsx_response(f"thong-ke-don-vi-{today:%Y%m%d}.xlsx", content)
    return render(
        request,
        "tasks/unit_table.html",
        {"rows": rows, "form": form, "statuses": Status.choices, "querystring": as_querystring(request.GET)},
    )


def _unit_table_rows(request):
    form = AssignmentFilter(request.GET or None, queryset=Assignment.objects.none(), user=request.user).form
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data.get("due_from"), form.cleaned_data.get("due_to")
    units = Unit.objects.visible_to(request.user).active()
    kind = request.GET.get("kind")
    if kind == "local":
        units = units.local_governments()
    elif kind == "agency":
        units = units.agencies()
    return selectors.unit_counts(units, start=start, end=end, today=today_local()), form


def _range_label(form) -> str:
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    start, end = data.get("due_from"), data.get("due_to")
    if start and end:
        return f"Hạn từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    if start:
        return f"Hạn từ {start:%d/%m/%Y}"
    if end:
        return f"Hạn đến {end:%d/%m/%Y}"
    return "Mọi thời hạn"


def leader_tasks(request: HttpRequest) -> HttpResponse:
    """For a leader: the tasks they gave, and extension requests waiting for their decision."""
    leaders = Leader.objects.filter(user=request.user)
    today = today_local()
    assignments = selectors.assignments_for(request.user, today).filter(task__given_by__in=leaders)
    pending = (
        ExtensionRequest.objects.visible_to(request.user)
        .pending()
        .select_related("assignment__task", "assignment__unit", "requested_by")
    )
    if not roles_of(request.user).office:
        # The Office decides for any leader; a leader sees the requests on the tasks they gave.
        pending = pending.filter(assignment__task__given_by__in=leaders)
    counts = {s: 0 for s, _ in Status.choices}
    for row in assignments.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    return render(
        request,
        "tasks/leader_tasks.html",
        {
            "assignments": selectors.by_urgency(assignments.open())[:200],
            "pending": pending,
            "tally": [(code, label, counts[code]) for code, label in Status.choices],
            "leaders": leaders,
            "latest_summary": WeeklySummary.objects.filter(superseded_at__isnull=True).only("week", "as_of").first(),
        },
    )


# ---- creating a task --------------------------------------------------------------------------


def task_create(request: HttpRequest) -> HttpResponse:
    """The Office (or a leader) records a task and assigns it to units in one form."""
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    form = TaskForm(request.POST or None, user=request.user, initial=_task_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            task = services.task_create(
                actor=request.user,
                subject=data["subject"],
                content=data["content"],
                given_by=data["given_by"],
                deadline=data["deadline"],
                units=data["units"],
                lead_unit=data["lead_unit"],
                directive=data["directive"],
                directive_item=data["directive_item"],
                source_reference=data["source_reference"],
                recurrence=data["recurrence"] or "",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã giao nhiệm vụ cho %(n)d đơn vị.") % {"n": task.assignments.count()})
            return redirect("tasks:task_detail", pk=task.pk)
    return render(request, "tasks/task_form.html", {"form": form})


def _task_initial(request) -> dict:
    initial = {}
    leader = Leader.objects.active().filter(user=request.user).first()
    if leader:
        initial["given_by"] = leader
    if request.GET.get("item"):
        initial["directive_item"] = request.GET["item"]
    return initial


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A task: its source, its assignments (those the user may see) and its history."""
    task = get_object_or_404(
        selectors.tasks_visible_to(request.user).select_related(
            "given_by__user", "directive", "directive_item", "created_by"
        ),
        pk=pk,
    )
    assignments = (
        selectors.assignments_for(request.user, today_local())
        .filter(task=task)
        .order_by("role", "unit__sort_order", "unit__name")
    )
    records = task.history.select_related("history_user")[:100]
    entries = history.entries(records, lambda record: _("nhiệm vụ"))
    return render(request, "tasks/task_detail.html", {"task": task, "assignments": assignments, "history": entries})


# ---- one assignment ---------------------------------------------------------------------------


def _visible_assignment(request, pk: int) -> Assignment:
    return get_object_or_404(selectors.assignments_for(request.user, today_local()), pk=pk)


def assignment_detail(
    request: HttpRequest, pk: int, draft_form: DraftForm | None = None, forms: dict | None = None, status: int = 200
) -> HttpResponse:
    """Everything about one assignment: deadlines, status, report versions, the draft, decisions, history."""
    assignment = _visible_assignment(request, pk)
    user = request.user
    reports = list(
        assignment.reports.select_related("signed_by", "decided_by", "created_by", "updated_by").prefetch_related(
            "attachments"
        )
    )
    draft = next((r for r in reports if r.status == SubmissionStatus.DRAFT), None)
    pending = next((r for r in reports if r.status == SubmissionStatus.SUBMITTED), None)
    last_returned = next((r for r in reports if r.status == SubmissionStatus.RETURNED), None)
    can_draft = permissions.can_draft(user, assignment) and not assignment.completed_at and pending is None
    mode = permissions.signing_mode(user, assignment.unit_id)
    if draft_form is None and can_draft:
        initial_text = draft.text if draft else (last_returned.text if last_returned else "")
        draft_form = DraftForm(initial={"text": initial_text, "revision": draft.revision if draft else None})
    extensions = list(assignment.extension_requests.select_related("requested_by", "decided_by"))
    pending_extension = next((e for e in extensions if e.status == "pending"), None)
    today = today_local()
    forms = forms or {}
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "reports": [r for r in reports if r.status != SubmissionStatus.DRAFT],
        "draft": draft,
        "pending": pending,
        "draft_form": draft_form,
        "file_errors": forms.get("file_errors"),
        "can_draft": can_draft,
        "can_submit": can_draft and mode is not None and draft is not None,
        "signing_mode": mode,
        "can_decide": permissions.can_decide_report(user) and pending is not None,
        "return_form": forms.get("return") or ReturnForm(prefix="return"),
        "accept_form": AcceptForm(prefix="accept"),
        "extensions": extensions,
        "pending_extension": pending_extension,
        "can_request_extension": mode is not None
        and not assignment.completed_at
        and not assignment.reported_at
        and pending_extension is None
        and today <= assignment.effective_deadline,
        "extension_form": forms.get("extension") or ExtensionRequestForm(),
        "can_decide_extension": pending_extension is not None and permissions.can_decide_extension(user, assignment),
        "history": _assignment_history(assignment, reports, extensions),
        "today": today,
    }
    return render(request, "tasks/assignment_detail.html", context, status=status)


def _assignment_history(assignment: Assignment, reports, extensions) -> list[history.Entry]:
    """Every recorded change of the assignment, its report versions and extension requests, newest first."""
    versions = {r.pk: r.version for r in reports}
    records = list(assignment.history.select_related("history_user")[:200])
    records += list(TaskReport.history.filter(id__in=versions).select_related("history_user")[:300])
    records += list(
        ExtensionRequest.history.filter(id__in=[e.pk for e in extensions]).select_related("history_user")[:100]
    )

    def label(record) -> str:
        if isinstance(record, TaskReport.history.model):
            return _("báo cáo lần %(n)s") % {"n": record.version}
        if isinstance(record, ExtensionRequest.history.model):
            return _("đề nghị gia hạn")
        return _("giao nhiệm vụ")

    return history.entries(records, label)


@require_POST
def draft_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft text and, if one is chosen, a file; then sign and send if asked. If someone saved
    in between, keep this user's text and say so; a refused file keeps the text and the earlier files."""
    assignment = _visible_assignment(request, pk)
    form = DraftForm(request.POST, request.FILES)
    if not form.is_valid():
        return assignment_detail(request, pk, draft_form=form, status=400)
    try:
        draft = services.report_save_draft(
            actor=request.user,
            assignment=assignment,
            text=form.cleaned_data["text"],
            revision=form.cleaned_data["revision"],
        )
    except services.EditConflict:
        messages.error(
            request,
            _(
                "Bản dự thảo vừa được người khác lưu trong lúc bạn sửa. Nội dung bạn nhập vẫn được giữ dưới đây; hãy "
                "đối chiếu với bản đã lưu rồi lưu lại."
            ),
        )
        current = assignment.reports.get(status=SubmissionStatus.DRAFT)
        kept = DraftForm(initial={"text": form.cleaned_data["text"], "revision": current.revision})
        return assignment_detail(request, pk, draft_form=kept, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return assignment_detail(request, pk, draft_form=form, status=400)
    upload = form.cleaned_data.get("file")
    if upload:
        try:
            services.attachment_add(actor=request.user, report=draft, upload=upload)
        except ValidationError as error:
            # The text is saved; the refused file changed nothing. Show the error beside the file field.
            kept = DraftForm(initial={"text": draft.text, "revision": draft.revision})
            return assignment_detail(request, pk, draft_form=kept, forms={"file_errors": error.messages}, status=400)
        messages.success(request, _("Đã đính kèm tệp “%(name)s”.") % {"name": upload.name})
    if request.POST.get("then") == "submit":
        return _submit(request, assignment, draft.revision)
    messages.success(request, _("Đã lưu dự thảo."))
    return redirect("tasks:assignment_detail", pk=pk)


def _visible_attachment(request, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.filter(report__in=TaskReport.objects.visible_to(request.user)).select_related(
            "report__assignment"
        ),
        pk=pk,
    )


def serve_stored_file(stored: StoredFile) -> HttpResponse:
    """Send a checked upload as a download (never rendered inline); the caller has scoped it."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=stored.original_name, content_type=stored.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve an attachment only to those who may see its unit's data."""
    return serve_stored_file(_visible_attachment(request, pk))


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    assignment_pk = attachment.report.assignment_id
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect("tasks:assignment_detail", pk=assignment_pk)


@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """The head (or a delegated deputy) signs and sends the draft."""
    assignment = _visible_assignment(request, pk)
    revision = request.POST.get("revision", "")
    return _submit(request, assignment, int(revision) if revision.isdigit() else None)


def _submit(request: HttpRequest, assignment: Assignment, revision: int | None) -> HttpResponse:
    """Sign and send the draft as it stands at `revision` (what the signer saw)."""
    try:
        services.report_submit(actor=request.user, assignment=assignment, revision=revision)
    except services.EditConflict:
        messages.error(request, _("Bản dự thảo vừa được người khác sửa; hãy xem lại trước khi ký gửi."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ký và gửi báo cáo tới Văn phòng HĐND và UBND."))
    return redirect("tasks:assignment_detail", pk=assignment.pk)


def _visible_report(request, pk: int) -> TaskReport:
    return get_object_or_404(TaskReport.objects.visible_to(request.user).select_related("assignment"), pk=pk)


@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = AcceptForm(request.POST, prefix="accept")
    form.is_valid()
    try:
        services.report_accept(actor=request.user, report=report, note=form.cleaned_data.get("note", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã chấp nhận báo cáo; nhiệm vụ hoàn thành."))
    return redirect("tasks:assignment_detail", pk=report.assignment_id)


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report(request, pk)
    form = ReturnForm(request.POST, prefix="return")
    if not form.is_valid():
        return assignment_detail(request, report.assignment_id, forms={"return": form}, status=400)
    try:
        services.report_return(
            actor=request.user, report=report, reasons=form.cleaned_data["reasons"], note=form.cleaned_data["note"]
        )
    except ValidationError as error:
        _errors_to_form(form, error)
        return assignment_detail(request, report.assignment_id, forms={"return": form}, status=400)
    messages.success(request, _("Đã trả lại báo cáo để đơn vị hoàn thiện."))
    return redirect("tasks:assignment_detail", pk=report.assignment_id)


@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.extension_request_create(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_form(form, error)
    if form.errors:
        return assignment_detail(request, pk, forms={"extension": form}, status=400)
    messages.success(request, _("Đã gửi đề nghị gia hạn tới lãnh đạo giao nhiệm vụ."))
    return redirect("tasks:assignment_detail", pk=pk)


@require_POST
def extension_decide(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(ExtensionRequest.objects.visible_to(request.user), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        services.extension_decide(
            actor=request.user, request=extension, approve=approve, note=request.POST.get("note", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã đồng ý gia hạn.") if approve else _("Đã không đồng ý gia hạn."))
    if request.POST.get("next") == "leader":
        return redirect("tasks:leader_tasks")
    return redirect("tasks:assignment_detail", pk=extension.assignment_id)


# ---- the Monday summary -----------------------------------------------------------------------


def _summaries(request: HttpRequest):
    """Stored summaries, for those who may read them; anyone else gets 404 (it lists every unit)."""
    if not permissions.can_read_summaries(request.user):
        raise Http404
    return WeeklySummary.objects.filter(superseded_at__isnull=True)


def summary_list(request: HttpRequest) -> HttpResponse:
    """Past weeks' summaries, newest first."""
    summaries = _summaries(request).defer("upcoming")
    page = Paginator(summaries, 30).get_page(request.GET.get("page"))
    return render(request, "tasks/summary_list.html", {"page": page, "querystring": ""})


def _summary_and_leader(request: HttpRequest, week: str):
    summary = get_object_or_404(_summaries(request), week=week)
    own = Leader.objects.filter(user=request.user).values_list("pk", flat=True)
    leader = request.GET.get("leader", "")
    leader_id = int(leader) if leader.isdigit() else (next(iter(own), None) if leader == "mine" else None)
    return summary, leader_id, list(own)


def summary_detail(request: HttpRequest, week: str) -> HttpResponse:
    """One week's summary as it was sent; a Vice Chairman can narrow it to the tasks they gave."""
    summary, leader_id, own = _summary_and_leader(request, week)
    overdue = weekly.filter_rows(summary.overdue, leader_id)
    leaders = {r["leader_id"]: r["leader"] for r in summary.overdue + summary.upcoming}
    history = WeeklySummary.objects.filter(week=week, superseded_at__isnull=False).only(
        "pk", "generated_at", "superseded_at"
    )
    return render(
        request,
        "tasks/summary_detail.html",
        {
            "summary": summary,
            "groups": weekly.group_by_leader(overdue),
            "totals": weekly.unit_totals(overdue),
            "overdue_count": len(overdue),
            "upcoming": weekly.filter_rows(summary.upcoming, leader_id),
            "leaders": sorted(leaders.items(), key=lambda kv: kv[1]),
            "leader_id": leader_id,
            "own_leader_id": own[0] if own else None,
            "query": f"leader={leader_id}" if leader_id else "",
            "history": history,
        },
    )


def summary_download(request: HttpRequest, week: str, fmt: str) -> HttpResponse:
    """The summary as .docx (administrative report) or .xlsx (one row per overdue assignment)."""
    summary, leader_id, _own = _summary_and_leader(request, week)
    if fmt == "docx":
        return docx_response(f"bao-cao-tuan-{week}.docx", weekly.summary_docx(summary, leader_id))
    return xlsx_response(f"bao-cao-tuan-{week}.xlsx", weekly.summary_xlsx(summary, leader_id))
