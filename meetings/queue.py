"""What of meetings waits for a decision (submissions.queue; docs/architecture.md §4): a unit's
request to send its deputy, for the meeting's chair (all of them for the Office). Joined from
MeetingsConfig.ready."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from submissions.queue import Line, register, request_kind

from .models import DeputyRequest


def _deputy(request: DeputyRequest) -> Line:
    meeting = request.invitation.meeting
    detail = _("Cử %(who)s dự thay; họp %(when)s") % {
        "who": request.deputy,
        "when": timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y"),
    }
    return Line(meeting.title, request.invitation.unit.name, detail, request.get_absolute_url())


register(
    request_kind(
        DeputyRequest,
        kind="deputy",
        label=gettext_lazy("Đề nghị cử cấp phó dự họp"),
        related=("invitation__meeting", "invitation__unit"),
        describe=_deputy,
    )
)
