"""Lists of assignments, each through visible_to(user): the Office's filtered list and its .xlsx, a
unit's own list most urgent first, the per-unit table, and the leader's page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from library.paging import CappedPaginator
from tasks import permissions, selectors
from tasks.filters import as_querystring, deadline_range, filtered_assignments, unit_table_units
from tasks.models import COUNTED_STATUSES
from units import exports
from units.models import Unit, today_local


def assignment_list(request: HttpRequest) -> HttpResponse:
    """All tasks and assignments the user may see, with filters; the same filters drive the .xlsx.
    Filtered to one directive or one leader, the list is grouped by task (one row per task with its
    progress, tasks.selectors.task_rows) unless `view=assignments` asks for one row per assignment."""
    filtered, rows = filtered_assignments(request.user, request.GET)
    data = filtered.form.cleaned_data if filtered.is_bound and filtered.is_valid() else {}
    can_group = bool(data.get("directive") or data.get("leader"))
    by_task = can_group and request.GET.get("view") != "assignments"
    if by_task:
        grouped = selectors.task_rows(rows, today_local(), open_only=False)
        page = CappedPaginator(grouped, 30).get_page(request.GET.get("page"))
        page.object_list = selectors.with_tasks(page.object_list)
    else:
        page = CappedPaginator(rows).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("view", None)
    without_unit = params.copy()
    without_unit.pop("unit", None)
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
            "without_unit": without_unit.urlencode(),
        },
    )


def assignment_export(request: HttpRequest) -> HttpResponse:
    """The filtered assignment list as .xlsx: at once when small, else in the background (tasks.exports)."""
    return exports.respond(request, "tasks.assignments")


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
    """Per-unit counts (on time, late, overdue, completed, not yet due) for any range of deadlines:
    50 units a page, counted for that page's units only (the (unit, deadline) index serves it, so
    the page costs the same at 100 or 3,500 units); the Excel file has every unit (tasks.exports)."""
    if request.GET.get("format") == "xlsx":
        return exports.respond(request, "tasks.unit_table")
    units, form = unit_table_units(request.user, request.GET)
    start, end = deadline_range(form)
    page = Paginator(units.order_by("sort_order", "name"), UNITS_PER_PAGE).get_page(request.GET.get("page"))
    page_units = Unit.objects.filter(pk__in=[unit.pk for unit in page.object_list])
    rows = selectors.unit_counts(page_units, start=start, end=end, today=today_local())
    return render(
        request,
        "tasks/unit_table.html",
        {
            "rows": rows,
            "page": page,
            "form": form,
            "statuses": [(s.value, s.label) for s in COUNTED_STATUSES],
            "querystring": as_querystring(request.GET),
        },
    )


UNITS_PER_PAGE = 50


def leader_tasks(request: HttpRequest) -> HttpResponse:
    """For a leader: the tasks they gave, and extension requests waiting for their decision."""
    data = selectors.leader_page(request.user, today_local(), request.GET.get("page"))
    return render(request, "tasks/leader_tasks.html", data)
