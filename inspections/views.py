"""Inspections pages (item 7): /inspections/, an inspection's page with its violations, follow-up
measures and disciplinary decisions; names only for those who may see them (docs §14)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from submissions.views import form_errors_from
from tasks.models import Assignment

from . import permissions, selectors, services
from .forms import DecisionForm, FindingForm, InspectionForm, MeasureForm
from .models import Inspection

PAGE_SIZE = 50


def inspection_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.inspections_for(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/inspection_list.html",
        {"page": page, "can_create": permissions.can_record_some(request.user)},
    )


def inspection_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_record_some(request.user):
        raise PermissionDenied
    form = InspectionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_create(
                actor=request.user,
                unit=data["unit"],
                inspector=data["inspector"],
                held_on=data["held_on"],
                scope=data["scope"],
                team=data["team"],
                conclusion=data["conclusion"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã ghi cuộc kiểm tra. Thêm vi phạm, biện pháp khắc phục, quyết định kỷ luật."))
            return redirect("inspections:inspection_detail", pk=inspection.pk)
    return render(request, "inspections/inspection_form.html", {"form": form})


def inspection_detail(request: HttpRequest, pk: int, bound: dict | None = None, status: int = 200) -> HttpResponse:
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user).select_related("unit"), pk=pk)
    names = permissions.sees_names(request.user, inspection.unit_id)
    findings = list(inspection.findings.all())
    decisions = list(inspection.decisions.all())
    if names and (decisions or any(f.person for f in findings)):
        services.named_view_log(user=request.user, inspection=inspection)
    can_record = permissions.can_record(request.user, inspection.unit_id)
    bound = bound or {}
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "names": names,
            "findings": findings,
            # Each measure's assignment as this user may see it (scoped; a reassigned one, its current unit).
            "measures": list(
                inspection.measures.select_related("task").prefetch_related(
                    Prefetch("task__assignments", queryset=Assignment.objects.visible_to(request.user).current())
                )
            ),
            "decisions": decisions,
            "can_record": can_record,
            "finding_form": bound.get("finding") or FindingForm(prefix="f"),
            "measure_form": bound.get("measure") or MeasureForm(prefix="m"),
            "decision_form": bound.get("decision") or DecisionForm(prefix="d"),
            "open": next(iter(bound), ""),
        },
        status=status,
    )


def _add(request, pk, name, form_class, save, done):
    inspection = get_object_or_404(Inspection.objects.visible_to(request.user), pk=pk)
    if not permissions.can_record(request.user, inspection.unit_id):
        raise PermissionDenied
    form = form_class(request.POST, prefix=name[0])
    if form.is_valid():
        try:
            save(inspection, form.cleaned_data)
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, done)
            return redirect("inspections:inspection_detail", pk=pk)
    # Rejected: the page again, the form open with what was typed and the errors beside it.
    return inspection_detail(request, pk, bound={name: form}, status=400)


@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        "finding",
        FindingForm,
        lambda inspection, data: services.finding_add(actor=request.user, inspection=inspection, **data),
        _("Đã ghi vi phạm."),
    )


@require_POST
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        "measure",
        MeasureForm,
        lambda inspection, data: services.measure_add(actor=request.user, inspection=inspection, **data),
        _("Đã giao biện pháp khắc phục cho đơn vị (theo dõi như một nhiệm vụ)."),
    )


@require_POST
def decision_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _add(
        request,
        pk,
        "decision",
        DecisionForm,
        lambda inspection, data: services.decision_add(actor=request.user, inspection=inspection, **data),
        _("Đã ghi quyết định kỷ luật."),
    )
