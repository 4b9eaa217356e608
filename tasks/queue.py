"""What of tasks waits for a decision (submissions.queue; docs/architecture.md §4): a task report
for the Office, an extension and a withdrawal or reassignment for the leader who gave the task (all
of them for the Office). Joined from TasksConfig.ready."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from submissions.models import SubmissionStatus
from submissions.queue import Line, QueueKind, register, request_kind

from . import permissions
from .models import AssignmentChange, ExtensionRequest, TaskReport


def _assignment_line(assignment, detail: str, anchor: str) -> Line:
    url = reverse("tasks:assignment_detail", args=[assignment.pk])
    return Line(assignment.task.subject, assignment.unit.name, detail, f"{url}#{anchor}")


def _report(report: TaskReport) -> Line:
    who = report.signed_by.get_full_name() if report.signed_by else "—"
    detail = _("Báo cáo lần %(n)d, %(who)s ký gửi") % {"n": report.version, "who": who}
    return _assignment_line(report.assignment, detail, "decide")


def _extension(extension: ExtensionRequest) -> Line:
    detail = _("Gia hạn từ %(old)s đến %(new)s") % {
        "old": extension.current_deadline.strftime("%d/%m/%Y"),
        "new": extension.requested_deadline.strftime("%d/%m/%Y"),
    }
    return _assignment_line(extension.assignment, detail, "extension")


def _change(change: AssignmentChange) -> Line:
    detail = change.get_kind_display() + (f" ({change.proposed_unit.name})" if change.proposed_unit_id else "")
    return _assignment_line(change.assignment, detail, "change")


register(
    QueueKind(
        kind="task_report",
        label=gettext_lazy("Báo cáo nhiệm vụ"),
        decides=permissions.can_decide_report,
        waiting=lambda user: TaskReport.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED),
        since="submitted_at",
        related=("assignment__task", "assignment__unit", "signed_by"),
        describe=_report,
    )
)
register(
    request_kind(
        ExtensionRequest,
        kind="extension",
        label=gettext_lazy("Đề nghị gia hạn"),
        related=("assignment__task", "assignment__unit"),
        describe=_extension,
    )
)
register(
    request_kind(
        AssignmentChange,
        kind="change",
        label=gettext_lazy("Đề nghị rút, chuyển nhiệm vụ"),
        related=("assignment__task", "assignment__unit", "proposed_unit"),
        describe=_change,
    )
)
