"""Recording a task and assigning it (its page is tasks.views.progress)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from submissions.views import form_errors_from
from tasks import permissions, services
from tasks.forms import TaskForm
from units.models import Leader


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
                recurrence_until=data["recurrence_until"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
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
