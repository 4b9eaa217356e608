"""A task's progress page (/tasks/<id>/): counts by status, the units grouped by status with days
overdue, reminding the units that have not reported, starring the task, its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from library.formfields import shown_decimal
from tasks import history, permissions, selectors, services
from tasks.forms import CoefficientForm
from tasks.models import Assignment, Status, Task
from units.models import today_local


def _visible_task(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(
        selectors.tasks_visible_to(request.user).select_related(
            "given_by__user", "directive", "directive_item", "created_by"
        ),
        pk=pk,
    )


def task_detail(request: HttpRequest, pk: int, coefficient_form=None, code: int = 200) -> HttpResponse:
    """A task at a glance: "23/31 chưa báo cáo", a bar of the statuses, the units grouped by
    status (overdue first, longest overdue first), filter by status, and — for the Office or the
    leader who gave it — remind the units that have not reported."""
    task = _visible_task(request, pk)
    today = today_local()
    status = request.GET.get("status") if request.GET.get("status") in Status.values else None
    data = selectors.task_progress(request.user, task, today, status)
    records = task.history.select_related("history_user")[:100]
    entries = history.merged(
        history.entries(records, lambda record: _("nhiệm vụ")), history.reminder_entries(data["reminders"])
    )
    return render(
        request,
        "tasks/task_detail.html",
        {
            "task": task,
            **data,
            "status": status,
            "statuses": [(code, label, data["progress"].counts[code]) for code, label in _in_urgency_order()],
            "can_follow_up": permissions.can_follow_up(request.user, task),
            "remindable": {Status.OVERDUE, Status.NOT_DUE},
            "remind_interval": permissions.remind_interval(),
            "history": entries[:100],
            "today": today,
            "coefficient_form": coefficient_form
            or (
                CoefficientForm(initial={"coefficient": shown_decimal(task.coefficient)})
                if permissions.can_set_coefficient(request.user)
                else None
            ),
        },
        status=code,
    )


def _in_urgency_order() -> list[tuple[str, str]]:
    return [(code, Status(code).label) for code in selectors.URGENCY]


@require_POST
def task_remind(request: HttpRequest, pk: int) -> HttpResponse:
    """Remind one unit (`one`), the ticked ones (`assignment`), or all that have not reported
    (`all`); a unit reminded within the interval is named and not reminded twice."""
    task = _visible_task(request, pk)
    if not permissions.can_follow_up(request.user, task):
        raise PermissionDenied
    if request.POST.get("one"):
        ids = [request.POST["one"]]
    elif request.POST.get("all"):
        # "All" means all on the page: every unit that has not reported, or those of the status shown.
        status = request.POST.get("status")
        ids = None
        if status in (Status.OVERDUE, Status.NOT_DUE):
            visible = Assignment.objects.visible_to(request.user).filter(task=task)
            ids = list(visible.in_status(status, today_local()).values_list("pk", flat=True))
    else:
        ids = request.POST.getlist("assignment")
        if not ids:
            messages.error(request, _("Chưa chọn đơn vị nào để nhắc: đánh dấu các đơn vị rồi bấm lại."))
            return redirect(_back(request, task))
    try:
        ids = None if ids is None else [int(i) for i in ids]
    except ValueError:
        ids = []
    outcome = services.units_remind(actor=request.user, task=task, assignment_ids=ids)
    if outcome.reminded:
        names = ", ".join(a.unit.name for a in outcome.reminded)
        messages.success(
            request,
            ngettext(
                "Đã nhắc %(n)d đơn vị (thông báo và thư điện tử): %(names)s.",
                "Đã nhắc %(n)d đơn vị (thông báo và thư điện tử): %(names)s.",
                len(outcome.reminded),
            )
            % {"n": len(outcome.reminded), "names": names},
        )
    for assignment, last in outcome.too_soon:
        messages.warning(
            request,
            _(
                "Chưa nhắc lại %(unit)s: đơn vị đã được %(who)s nhắc lúc %(when)s; "
                "chỉ nhắc lại sau %(days)d ngày làm việc (từ ngày %(next)s)."
            )
            % {
                "unit": assignment.unit.name,
                "who": last.sent_by.get_full_name(),
                "when": timezone.localtime(last.sent_at).strftime("%H:%M %d/%m/%Y"),
                "days": permissions.remind_interval(),
                "next": permissions.remind_allowed_from(last).strftime("%d/%m/%Y"),
            },
        )
    if not outcome.reminded and not outcome.too_soon:
        messages.info(request, _("Không có đơn vị nào cần nhắc: các đơn vị đã chọn đều đã báo cáo."))
    return redirect(_back(request, task))


def _back(request, task: Task) -> str:
    url = reverse("tasks:task_detail", args=[task.pk])
    status = request.POST.get("status")
    return f"{url}?status={status}#units" if status in Status.values else f"{url}#units"


@require_POST
def task_coefficient(request: HttpRequest, pk: int) -> HttpResponse:
    """The Office sets the task's conversion coefficient for the Decree 335 rating."""
    task = _visible_task(request, pk)
    if not permissions.can_set_coefficient(request.user):
        raise PermissionDenied
    form = CoefficientForm(request.POST)
    if not form.is_valid():
        # The page again, with what was typed and the reason beside it.
        return task_detail(request, pk, coefficient_form=form, code=400)
    services.task_set_coefficient(actor=request.user, task=task, coefficient=form.cleaned_data["coefficient"])
    messages.success(
        request,
        _("Đã đặt hệ số quy đổi %(n)s: mỗi sản phẩm của nhiệm vụ được tính bằng %(n)s khi đánh giá, xếp loại.")
        % {"n": number_format(shown_decimal(form.cleaned_data["coefficient"]))},
    )
    return redirect("tasks:task_detail", pk=task.pk)


@require_POST
def task_priority(request: HttpRequest, pk: int) -> HttpResponse:
    """Star or unstar the task as a priority (nhiệm vụ trọng tâm)."""
    task = _visible_task(request, pk)
    if not permissions.can_follow_up(request.user, task):
        raise PermissionDenied
    starred = request.POST.get("priority") == "1"
    services.task_set_priority(actor=request.user, task=task, priority=starred)
    if starred:
        messages.success(request, _("Đã đánh dấu nhiệm vụ trọng tâm: nhiệm vụ hiện trước với mọi người theo dõi."))
    else:
        messages.success(request, _("Đã bỏ đánh dấu nhiệm vụ trọng tâm."))
    # Back to where the star was clicked: the leader's list or the task's page.
    if request.POST.get("next") == "leader":
        return redirect("tasks:leader_tasks")
    return redirect("tasks:task_detail", pk=task.pk)
