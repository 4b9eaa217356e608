"""What waits for this user's decision (/queue/, "Chờ quyết định"): every kind that joined
submissions.queue — task reports for the Office to accept or return, quarterly reports for
Organization–Home Affairs (joined below), extension requests and requests to withdraw or reassign a
task for the leader who gave it, requests to send a deputy to a meeting for its chair (all of these
for the Office, which decides for any leader). Reads only, each through visible_to; no kind is named
here. The menu's count is `queue_count`, the same querysets counted — never past a limit
(library.paging.capped_count): "99+" in the menu, "hơn 10.000" on the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from library.paging import COUNT_LIMIT, capped_count
from library.workcalendar import Quarter
from submissions.models import SubmissionStatus
from submissions.queue import KINDS, Line, QueueKind, register
from units.access import allowed
from units.roles import roles_of
from units.selectors import work_calendar

from . import permissions
from .models import QuarterlyReport

QUEUE_PATH_NAME = "reports:queue"


def _kinds(user) -> list[QueueKind]:
    """The kinds this user decides, in the order they joined."""
    return [kind for kind in KINDS.values() if kind.decides(user)]


def queue_querysets(user) -> dict[str, QuerySet]:
    """The waiting items of each kind this user decides, scoped by visible_to."""
    return {kind.kind: kind.waiting(user) for kind in _kinds(user)}


def has_queue(user) -> bool:
    return allowed("queue.see", roles_of(user))


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
    among the oldest `limit` of each kind); items of the same age in the order the kinds joined."""
    back = urlencode({"next": reverse(QUEUE_PATH_NAME)})
    items: list[QueueItem] = []
    for kind in _kinds(user):
        waiting = kind.waiting(user).select_related(*kind.related).order_by(kind.since, "pk")[:limit]
        for obj in waiting:
            line = kind.describe(obj)
            page, _hash, anchor = line.url.partition("#")
            items.append(
                QueueItem(
                    kind=kind.kind,
                    kind_label=str(kind.label),
                    since=getattr(obj, kind.since),
                    title=line.title,
                    unit=line.unit,
                    detail=line.detail,
                    url=f"{page}?{back}" + (f"#{anchor}" if anchor else ""),
                )
            )
    items = sorted(items, key=lambda item: item.since)[:limit]
    calendar = work_calendar()
    for item in items:
        item.age = calendar.working_days_between(timezone.localdate(item.since), today)
    return items


# ---- reports' own kind: a quarterly report, for Organization–Home Affairs to accept or return ----


def _quarterly(report: QuarterlyReport) -> Line:
    url = reverse("reports:quarterly_report", args=[report.unit.code, report.quarter])
    return Line(
        _("Báo cáo kết quả thực hiện Chỉ thị — %(q)s") % {"q": Quarter.parse(report.quarter).label},
        report.unit.name,
        _("Lần %(n)d") % {"n": report.version},
        f"{url}#decide",
    )


register(
    QueueKind(
        kind="quarterly_report",
        label=gettext_lazy("Báo cáo quý"),
        decides=permissions.can_review,
        waiting=lambda user: QuarterlyReport.objects.visible_to(user).filter(status=SubmissionStatus.SUBMITTED),
        since="submitted_at",
        related=("unit",),
        describe=_quarterly,
    )
)
