"""Lists of assignments, each through visible_to(user): the Office's filtered list and its .xlsx, a
unit's own list most urgent first, the per-unit table, and the leader's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from tasks import permissions, selectors
from tasks.filters import AssignmentFilter, as_querystring
from tasks.models import Assignment, Status
from units.models import Unit, today_local
from units.xlsx import build_workbook, xlsx_response

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
    """All tasks and assignments the user may see, with filters; the same filters drive the .xlsx.
    Filtered to one directive or one leader, the list is grouped by task (one row per task with its
    progress, tasks.selectors.task_rows) unless `view=assignments` asks for one row per assignment."""
    filtered, rows = _filtered_assignments(request)
    data = filtered.form.cleaned_data if filtered.is_bound and filtered.is_valid() else {}
    can_group = bool(data.get("directive") or data.get("leader"))
    by_task = can_group and request.GET.get("view") != "assignments"
    if by_task:
        grouped = selectors.task_rows(rows, today_local(), open_only=False)
        page = Paginator(grouped, 30).get_page(request.GET.get("page"))
        page.object_list = selectors.with_tasks(page.object_list)
    else:
        page = Paginator(rows, 50).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("view", None)
    return render(
        request,
        "tasks/assignment_list.html",
        {
            "filter": filtered,
            "page": page,
            "querystring": as_querystring(request.GET),
            "can_assign": permissions.can_assign(request.user),
            "can_group": can_group,
            "by_task": by_task,
            "plain_querystring": params.urlencode(),
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
    data = selectors.leader_page(request.user, today_local(), request.GET.get("page"))
    return render(request, "tasks/leader_tasks.html", data)
