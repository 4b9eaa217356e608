"""What waits for this user's decision (/queue/, "Chờ quyết định"): task reports for the Office to
accept or return, quarterly reports for Organization–Home Affairs, extension requests and requests
to withdraw or reassign a task for the leader who gave it, requests to send a deputy to a meeting
for its chair (all of these for the Office, which decides for any leader). Reads only,
each through visible_to; the menu's count is `queue_count`, the same querysets counted — never past
a limit (units.paging.capped_count): "99+" in the menu, "hơn 10.000" on the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from meetings.models import DeputyRequest
from submissions.models import SubmissionStatus
from tasks import permissions as task_permissions
from tasks.models import AssignmentChange, ExtensionRequest, TaskReport
from units.paging import COUNT_LIMIT, capped_count
from units.roles import roles_of
from units.selectors import work_calendar
from units.workcalendar import Quarter

from . import permissions
from .models import QuarterlyReport

QUEUE_PATH_NAME = "reports:queue"


def queue_querysets(user) -> dict[str, QuerySet]:
    """The waiting items of each kind this user decides, scoped by visible_to."""
    out: dict[str, QuerySet] = {}
    if task_permissions.can_decide_report(user):
        out["task_report"] = TaskReport.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED)
    if permissions.can_review(user):
        out["quarterly_report"] = QuarterlyReport.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED)
    roles = roles_of(user)
    if roles.office or roles.leader:
        out["extension"] = ExtensionRequest.objects.waiting_for(user)
        out["change"] = AssignmentChange.objects.waiting_for(user)
        out["deputy"] = DeputyRequest.objects.waiting_for(user)
    return out


def has_queue(user) -> bool:
    roles = roles_of(user)
    return roles.office or roles.leader or permissions.can_review(user)


# The menu's badge counts this many and says "99+" past it; the queue page counts up to PAGE_LIMIT
# and says "hơn 10.000" past it (read when counting, so a test can lower it).
MENU_LIMIT = 99
PAGE_LIMIT = COUNT_LIMIT


class QueueCount(int):
    """How many items wait, counted no further than `limit + 1`: past `limit`, `capped` is true
    and the number itself means only "more than `limit`"."""

    limit: int

    def __new__(cls, value: int, limit: int) -> QueueCount:
        count = super().__new__(cls, value)
        count.limit = limit
        return count

    @property
    def capped(self) -> bool:
        return self > self.limit


def queue_count(user, limit: int | None = None) -> QueueCount:
    """How many items wait for this user, counted no further than `limit + 1` (PAGE_LIMIT unless
    told): one query (the kinds' ids counted together), the same cost however many wait."""
    limit = PAGE_LIMIT if limit is None else limit
    querysets = list(queue_querysets(user).values())
    if not querysets:
        return QueueCount(0, limit)
    ids = [qs.order_by().values_list("pk", flat=True) for qs in querysets]
    rows = ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0]
    return QueueCount(capped_count(rows, limit), limit)


@dataclass
class QueueItem:
    kind: str
    kind_label: str
    since: datetime
    title: str
    unit: str
    detail: str
    url: str
    age: int = 0  # working days waited


# The page lists the oldest this many; the count says how many wait in all.
SHOWN = 100


def queue_items(user, today: date, limit: int = SHOWN) -> list[QueueItem]:
    """What waits for this user's decision, the oldest `limit` first, with its age in working days.
    One query per kind, whatever the number of items (the oldest `limit` of all kinds together are
    among the oldest `limit` of each kind)."""
    querysets = queue_querysets(user)
    back = urlencode({"next": reverse(QUEUE_PATH_NAME)})
    items: list[QueueItem] = []
    task_reports = querysets.get("task_report", TaskReport.objects.none())
    for report in task_reports.select_related("assignment__task", "assignment__unit", "signed_by").order_by(
        "submitted_at", "pk"
    )[:limit]:
        assignment = report.assignment
        items.append(
            QueueItem(
                kind="task_report",
                kind_label=_("Báo cáo nhiệm vụ"),
                since=report.submitted_at,
                title=assignment.task.subject,
                unit=assignment.unit.name,
                detail=_("Báo cáo lần %(n)d, %(who)s ký gửi")
                % {"n": report.version, "who": report.signed_by.get_full_name() if report.signed_by else "—"},
                url=f"{reverse('tasks:assignment_detail', args=[assignment.pk])}?{back}#decide",
            )
        )
    quarterly = querysets.get("quarterly_report", QuarterlyReport.objects.none())
    for report in quarterly.select_related("unit").order_by("submitted_at", "pk")[:limit]:
        quarter = Quarter.parse(report.quarter)
        items.append(
            QueueItem(
                kind="quarterly_report",
                kind_label=_("Báo cáo quý"),
                since=report.submitted_at,
                title=_("Báo cáo kết quả thực hiện Chỉ thị — %(q)s") % {"q": quarter.label},
                unit=report.unit.name,
                detail=_("Lần %(n)d") % {"n": report.version},
                url=f"{reverse('reports:quarterly_report', args=[report.unit.code, report.quarter])}?{back}#decide",
            )
        )
    extensions = querysets.get("extension", ExtensionRequest.objects.none())
    for extension in extensions.select_related("assignment__task", "assignment__unit").order_by("requested_at", "pk")[
        :limit
    ]:
        assignment = extension.assignment
        items.append(
            QueueItem(
                kind="extension",
                kind_label=_("Đề nghị gia hạn"),
                since=extension.requested_at,
                title=assignment.task.subject,
                unit=assignment.unit.name,
                detail=_("Gia hạn từ %(old)s đến %(new)s")
                % {
                    "old": extension.current_deadline.strftime("%d/%m/%Y"),
                    "new": extension.requested_deadline.strftime("%d/%m/%Y"),
                },
                url=f"{reverse('tasks:assignment_detail', args=[assignment.pk])}?{back}#extension",
            )
        )
    changes = querysets.get("change", AssignmentChange.objects.none())
    for change in changes.select_related("assignment__task", "assignment__unit", "proposed_unit").order_by(
        "requested_at", "pk"
    )[:limit]:
        assignment = change.assignment
        items.append(
            QueueItem(
                kind="change",
                kind_label=_("Đề nghị rút, chuyển nhiệm vụ"),
                since=change.requested_at,
                title=assignment.task.subject,
                unit=assignment.unit.name,
                detail=change.get_kind_display()
                + (f" ({change.proposed_unit.name})" if change.proposed_unit_id else ""),
                url=f"{reverse('tasks:assignment_detail', args=[assignment.pk])}?{back}#change",
            )
        )
    deputies = querysets.get("deputy", DeputyRequest.objects.none())
    for deputy in deputies.select_related("invitation__meeting", "invitation__unit").order_by("requested_at", "pk")[
        :limit
    ]:
        meeting = deputy.invitation.meeting
        items.append(
            QueueItem(
                kind="deputy",
                kind_label=_("Đề nghị cử cấp phó dự họp"),
                since=deputy.requested_at,
                title=meeting.title,
                unit=deputy.invitation.unit.name,
                detail=_("Cử %(who)s dự thay; họp %(when)s")
                % {"who": deputy.deputy, "when": timezone.localtime(meeting.starts_at).strftime("%H:%M %d/%m/%Y")},
                url=f"{reverse('meetings:meeting_detail', args=[meeting.pk])}?{back}",
            )
        )
    items = sorted(items, key=lambda item: item.since)[:limit]
    calendar = work_calendar()
    for item in items:
        item.age = calendar.working_days_between(timezone.localdate(item.since), today)
    return items
