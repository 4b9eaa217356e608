"""One assignment: its page, the unit's draft (text and files), signing and sending, the Office's
decision, requests (extension, withdrawal or reassignment). Reads through visible_to(user);
writes through tasks.services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from submissions import views as submission_views
from submissions.compare import word_diff
from submissions.forms import AcceptForm, ReturnForm
from submissions.models import SubmissionStatus
from submissions.permissions import signer_title, signing_mode
from submissions.services import EditConflict, submission_attach, submission_detach
from submissions.views import RequestDecideView, RequestWithdrawView
from tasks import history, permissions, selectors, services
from tasks.forms import ChangeRequestForm, DraftForm, ExtensionRequestForm
from tasks.models import Assignment, AssignmentChange, Attachment, ExtensionRequest, TaskReport
from units.models import SpecialRole, today_local
from units.selectors import special_unit_name


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
    for newer, older in zip(reports, reports[1:], strict=False):  # newest first
        newer.changes, newer.compared_with = word_diff(older.text, newer.text), older.version
    can_draft = (
        permissions.can_draft(user, assignment)
        and not assignment.completed_at
        and not assignment.withdrawn_at
        and pending is None
    )
    mode = signing_mode(user, assignment.unit_id)
    if draft_form is None and can_draft:
        initial_text = draft.text if draft else (last_returned.text if last_returned else "")
        draft_form = DraftForm(initial={"text": initial_text, "revision": draft.revision if draft else None})
    extensions = list(assignment.extension_requests.select_related("requested_by", "decided_by"))
    changes = list(assignment.change_requests.select_related("requested_by", "decided_by", "proposed_unit"))
    pending_change = next((c for c in changes if c.status == "pending"), None)
    pending_extension = next((e for e in extensions if e.status == "pending"), None)
    today = today_local()
    forms = forms or {}
    context = {
        "assignment": assignment,
        "task": assignment.task,
        "reports": [r for r in reports if r.status != SubmissionStatus.DRAFT],
        "draft": draft,
        "carry_from": last_returned if draft is None and can_draft else None,
        "pending": pending,
        "draft_form": draft_form,
        "file_errors": forms.get("file_errors"),
        "conflict": forms.get("conflict"),
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
        and not assignment.withdrawn_at
        and not assignment.reported_at
        and pending_extension is None
        and assignment.effective_deadline is not None
        and today <= assignment.effective_deadline,
        "extension_form": forms.get("extension") or ExtensionRequestForm(),
        "changes": changes,
        "pending_change": pending_change,
        "can_request_change": mode is not None
        and not assignment.completed_at
        and not assignment.reported_at
        and not assignment.withdrawn_at
        and pending_change is None,
        "change_form": forms.get("change") or ChangeRequestForm(unit=assignment.unit),
        "can_decide_change": pending_change is not None and permissions.can_decide_extension(user, assignment),
        "can_decide_extension": pending_extension is not None and permissions.can_decide_extension(user, assignment),
        # Whoever may ask for the unit may take a pending request back (submissions.services.request_withdraw).
        "can_withdraw": mode is not None,
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

    reminders = assignment.unit_reminders.select_related("sent_by", "assignment__unit")[:100]
    return history.merged(history.entries(records, label), history.reminder_entries(list(reminders)))


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
    except EditConflict:
        messages.error(
            request,
            _(
                "Bản dự thảo vừa được người khác lưu trong lúc bạn sửa. Nội dung bạn nhập vẫn được giữ dưới đây; hãy "
                "đối chiếu với bản đã lưu rồi lưu lại."
            ),
        )
        current = assignment.reports.filter(status=SubmissionStatus.DRAFT).first()
        kept = DraftForm(initial={"text": form.cleaned_data["text"], "revision": current.revision if current else None})
        return assignment_detail(request, pk, draft_form=kept, forms={"conflict": current}, status=409)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return assignment_detail(request, pk, draft_form=form, status=400)
    upload = form.cleaned_data.get("file")
    if upload:
        try:
            submission_attach(actor=request.user, submission=draft, upload=upload)
        except ValidationError as error:
            # The text is saved; the refused file changed nothing. Show the error beside the file field.
            kept = DraftForm(initial={"text": draft.text, "revision": draft.revision})
            errors = submission_views.file_refused(request, error)
            return assignment_detail(request, pk, draft_form=kept, forms={"file_errors": errors}, status=400)
        messages.success(request, _("Đã đính kèm tệp “%(name)s”.") % {"name": upload.name})
    submission_views.tell_carried_files(request, draft)
    if request.POST.get("then") == "submit":
        return redirect("tasks:report_submit", pk=pk)
    messages.success(request, _("Đã lưu dự thảo."))
    return redirect("tasks:assignment_detail", pk=pk)


def _visible_attachment(request, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.filter(report__in=TaskReport.objects.visible_to(request.user)).select_related(
            "report__assignment"
        ),
        pk=pk,
    )


def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve an attachment only to those who may see its unit's data."""
    return submission_views.serve_stored_file(_visible_attachment(request, pk))


@require_POST
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = _visible_attachment(request, pk)
    assignment_pk = attachment.report.assignment_id
    try:
        submission_detach(actor=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    return redirect("tasks:assignment_detail", pk=assignment_pk)


def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign and send, in two steps: GET shows the draft exactly as it will be sent (text, files, what
    changed since the returned version, anything missing) with the confirmation; POST signs it,
    only at the revision that preview showed (docs/architecture.md §4)."""
    assignment = _visible_assignment(request, pk)
    draft = assignment.reports.filter(status=SubmissionStatus.DRAFT).prefetch_related("attachments").first()
    if draft is None:
        messages.error(request, _("Chưa có bản dự thảo để ký gửi."))
        return redirect("tasks:assignment_detail", pk=pk)

    def preview(status: int = 200) -> HttpResponse:
        previous = assignment.reports.exclude(status=SubmissionStatus.DRAFT).order_by("-version").first()
        context = {
            "assignment": assignment,
            "task": assignment.task,
            "draft": draft,
            "check": draft.completeness(),
            "changes": word_diff(previous.text, draft.text) if previous else [],
            "previous": previous,
            "signing_mode": signing_mode(request.user, assignment.unit_id),
            "signer_title": signer_title(request.user, assignment.unit_id),
        }
        return render(request, "tasks/report_sign.html", context, status=status)

    if request.method != "POST":
        return preview()
    # The report goes to the Office of the unit's authority (docs/architecture.md §17).
    office = special_unit_name(assignment.unit.authority_id, SpecialRole.OFFICE, _("Văn phòng"))
    return submission_views.confirm_signing(
        request,
        sign=lambda revision, confirmed: services.report_submit(
            actor=request.user, assignment=assignment, revision=revision, confirmed_empty=confirmed
        ),
        preview=preview,
        signed=_("Đã ký và gửi báo cáo tới %(office)s.") % {"office": office},
        done=reverse("tasks:assignment_detail", args=[pk]),
    )


def _visible_report(request, pk: int) -> TaskReport:
    return get_object_or_404(TaskReport.objects.visible_to(request.user).select_related("assignment"), pk=pk)


def _decide(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    """The Office accepts, or returns with reasons; a rejected return form is shown again as typed."""
    report = _visible_report(request, pk)
    return_form = submission_views.decide(
        request,
        allowed=permissions.can_decide_report(request.user),
        accept=accept,
        on_accept=lambda note: services.report_accept(actor=request.user, report=report, note=note),
        on_return=lambda reasons, note: services.report_return(
            actor=request.user, report=report, reasons=reasons, note=note
        ),
        accepted=_("Đã chấp nhận báo cáo; nhiệm vụ hoàn thành."),
        returned=_("Đã trả lại báo cáo để đơn vị hoàn thiện."),
    )
    if return_form is not None:
        return assignment_detail(request, report.assignment_id, forms={"return": return_form}, status=400)
    return submission_views.back_to(request, "tasks:assignment_detail", pk=report.assignment_id)


@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=True)


@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, accept=False)


@require_POST
def extension_request(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _visible_assignment(request, pk)
    form = ExtensionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.extension_request_create(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            submission_views.form_errors_from(form, error)
    if form.errors:
        return assignment_detail(request, pk, forms={"extension": form}, status=400)
    messages.success(request, _("Đã gửi đề nghị gia hạn tới lãnh đạo giao nhiệm vụ."))
    return redirect("tasks:assignment_detail", pk=pk)


# Deciding a request, and withdrawing it, are the shared views (submissions.views); each kind says
# its service and what the message says.
extension_decide = RequestDecideView.as_view(
    model=ExtensionRequest,
    decide=services.extension_decide,
    said=(gettext_lazy("Đã đồng ý gia hạn."), gettext_lazy("Đã không đồng ý gia hạn.")),
)
extension_withdraw = RequestWithdrawView.as_view(model=ExtensionRequest)
change_decide = RequestDecideView.as_view(model=AssignmentChange, decide=services.change_request_decide)
change_withdraw = RequestWithdrawView.as_view(model=AssignmentChange)


@require_POST
def change_request(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit asks that the task be withdrawn from it or given to another unit."""
    assignment = _visible_assignment(request, pk)
    form = ChangeRequestForm(request.POST, unit=assignment.unit)
    if form.is_valid():
        try:
            services.change_request_create(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ValidationError as error:
            submission_views.form_errors_from(form, error)
    if form.errors:
        return assignment_detail(request, pk, forms={"change": form}, status=400)
    messages.success(request, _("Đã gửi đề nghị tới lãnh đạo giao nhiệm vụ."))
    return redirect("tasks:assignment_detail", pk=pk)
