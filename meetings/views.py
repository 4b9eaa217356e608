"""Meetings pages (item 5): /meetings/ and each meeting's page, the Office's attendance screen, a
unit's request to send its deputy and the chair's answer (docs/architecture.md §13)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from submissions.views import RequestDecideView, RequestWithdrawView, form_errors_from
from units.models import Leader
from units.roles import roles_of

from . import permissions, selectors, services
from .forms import DeputyRequestForm, MeetingForm
from .models import DeputyRequest, DeputyRequestStatus, Invitation, Meeting

PAGE_SIZE = 50


def meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings the user may see, newest first; a unit's people see their own invitations."""
    page = Paginator(selectors.meetings_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/meeting_list.html",
        {"page": page, "can_convene": permissions.can_convene(request.user), "now": timezone.now()},
    )


def meeting_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_convene(request.user):
        raise PermissionDenied
    initial = {"chaired_by": Leader.objects.active().order_by("position").first()}
    form = MeetingForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_create(
                actor=request.user,
                title=data["title"],
                starts_at=data["starts_at"],
                chaired_by=data["chaired_by"],
                units=data["units"],
                place=data["place"],
                invitation_reference=data["invitation_reference"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã tạo cuộc họp và mời %(n)d đơn vị.") % {"n": len(data["units"])})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("chaired_by__user"), pk=pk)


def meeting_detail(request: HttpRequest, pk: int, request_form: DeputyRequestForm | None = None) -> HttpResponse:
    meeting = _meeting(request, pk)
    invitations = selectors.invitations_shown(meeting, request.user)
    started = meeting.starts_at <= timezone.now()
    own = [
        i
        for i in invitations
        if i.unit_id in roles_of(request.user).unit_ids and permissions.can_ask_for_deputy(request.user, i.unit_id)
    ]
    open_ = (DeputyRequestStatus.PENDING, DeputyRequestStatus.CONSENTED)
    asking = [i for i in own if not started and not any(r.status in open_ for r in i.deputy_requests.all())]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "started": started,
            "can_record_attendance": permissions.can_record_attendance(request.user),
            "can_answer": permissions.can_answer(request.user, meeting),
            "asking": asking,
            # The units this user speaks for: they may take a pending request back.
            "speaking_for": {i.unit_id for i in own},
            "request_form": request_form or DeputyRequestForm(),
        },
    )


@require_POST
def deputy_request(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit asks the chair's consent to send its deputy (its head, or a deputy under delegation)."""
    invitation = get_object_or_404(Invitation.objects.visible_to(request.user), pk=pk)
    form = DeputyRequestForm(request.POST)
    if form.is_valid():
        try:
            services.deputy_request_create(
                actor=request.user,
                invitation=invitation,
                deputy=form.cleaned_data["deputy"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã gửi đề nghị tới người chủ trì cuộc họp."))
            return redirect("meetings:meeting_detail", pk=invitation.meeting_id)
    # Rejected: the page again, with what was typed and the errors beside it.
    return meeting_detail(request, invitation.meeting_id, request_form=form)


# Answering, and withdrawing, are the shared request views (submissions.views).
deputy_decide = RequestDecideView.as_view(
    model=DeputyRequest,
    decide=services.deputy_request_decide,
    yes="consent",
    said=(gettext_lazy("Đã đồng ý cho cử người dự thay."), gettext_lazy("Đã không đồng ý.")),
)
deputy_withdraw = RequestWithdrawView.as_view(model=DeputyRequest)


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The Office records, after the meeting, who attended for each invited unit: a row per unit."""
    meeting = _meeting(request, pk)
    if not permissions.can_record_attendance(request.user):
        raise PermissionDenied
    invitations = selectors.invitations_shown(meeting, request.user)
    typed: dict[int, services.Entry] = {}
    error = ""
    if request.method == "POST":
        typed = {
            i.pk: services.Entry(
                choice=request.POST.get(f"a-{i.pk}", ""),
                attendee=request.POST.get(f"who-{i.pk}", ""),
                note=request.POST.get(f"note-{i.pk}", ""),
            )
            for i in invitations
        }
        try:
            version = int(request.POST.get("version", ""))
        except ValueError:
            version = None
        try:
            services.attendance_record(actor=request.user, meeting=meeting, entries=typed, version=version)
        except services.AttendanceConflict:
            error = _(
                "Người khác vừa ghi nhận dự họp của cuộc họp này. Những gì bạn chọn vẫn còn dưới đây; xem lại "
                "rồi bấm Lưu để ghi đè, hoặc tải lại trang để xem bản của họ."
            )
            meeting.refresh_from_db()
        except ValidationError as e:
            error = " ".join(e.messages)
        else:
            messages.success(request, _("Đã ghi nhận dự họp của %(n)d đơn vị.") % {"n": len(typed)})
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    rows = []
    for invitation in invitations:
        entry = typed.get(invitation.pk)
        consented = any(r.status == DeputyRequestStatus.CONSENTED for r in invitation.deputy_requests.all())
        rows.append(
            {
                "invitation": invitation,
                "choice": entry.choice if entry else _choice_of(invitation.attendance),
                "attendee": entry.attendee if entry else invitation.attendee,
                "note": entry.note if entry else invitation.note,
                "consented": consented,
            }
        )
    return render(
        request,
        "meetings/attendance.html",
        {
            "meeting": meeting,
            "rows": rows,
            "error": error,
            "started": meeting.starts_at <= timezone.now(),
            "choices": [
                (services.HEAD, _("Cấp trưởng")),
                (services.DEPUTY, _("Cấp phó")),
                (services.ABSENT_EXCUSED, _("Vắng có lý do")),
                (services.ABSENT, _("Vắng")),
            ],
        },
    )


def _choice_of(attendance: str) -> str:
    if attendance in ("deputy_consented", "deputy_unconsented"):
        return services.DEPUTY
    return attendance
