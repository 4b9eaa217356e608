"""Writes on inspections (item 7): record an inspection, its violations, its follow-up measures
(each a task assigned to the inspected unit through the task flow) and its disciplinary decisions.
Keyword-only, with the acting user, one transaction each."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from submissions.services import save_with_history
from tasks.services import task_record
from units.models import Leader, Unit, User, today_local

from . import permissions
from .models import FORMS_FOR, Decision, Finding, Inspection, Measure, NamedView


def _may_record(actor: User, unit_id: int, inspector: str | None = None) -> None:
    if not permissions.can_record(actor, unit_id, inspector):
        raise PermissionDenied(
            _("Chỉ cơ quan Tổ chức - Nội vụ, hoặc người đứng đầu đơn vị với đơn vị mình, được ghi kết quả kiểm tra.")
        )


@transaction.atomic
def inspection_create(
    *, actor: User, unit: Unit, inspector: str, held_on: date, scope: str, team: str = "", conclusion: str = ""
) -> Inspection:
    _may_record(actor, unit.pk, inspector)
    if held_on > today_local():
        raise ValidationError({"held_on": _("Ngày kiểm tra không được sau hôm nay.")})
    if not scope.strip():
        raise ValidationError({"scope": _("Ghi nội dung kiểm tra.")})
    inspection = Inspection(
        authority=unit.authority,
        unit=unit,
        inspector=inspector,
        held_on=held_on,
        scope=scope.strip(),
        team=team.strip(),
        conclusion=conclusion.strip(),
        created_by=actor,
    )
    save_with_history(inspection, actor)
    return inspection


@transaction.atomic
def finding_add(*, actor: User, inspection: Inspection, category: str, description: str, person: str = "") -> Finding:
    _may_record(actor, inspection.unit_id)
    if not description.strip():
        raise ValidationError({"description": _("Ghi nội dung vi phạm.")})
    finding = Finding(inspection=inspection, category=category, description=description.strip(), person=person.strip())
    finding.full_clean()
    save_with_history(finding, actor)
    return finding


@transaction.atomic
def measure_add(*, actor: User, inspection: Inspection, text: str, deadline: date, given_by: Leader) -> Measure:
    """A follow-up measure becomes a task assigned to the inspected unit, with the inspection as its
    source, followed like any other (reports, reminders, the Monday summary)."""
    _may_record(actor, inspection.unit_id)
    if not text.strip():
        raise ValidationError({"text": _("Ghi biện pháp khắc phục.")})
    task = task_record(
        actor=actor,
        subject=text.strip(),
        given_by=given_by,
        deadline=deadline,
        units=[inspection.unit],
        source_reference=f"Kết luận kiểm tra ngày {inspection.held_on:%d/%m/%Y}",
    )
    return Measure.objects.create(inspection=inspection, task=task)


@transaction.atomic
def decision_add(
    *, actor: User, inspection: Inspection, staff_kind: str, subject: str, form: str, number: str, decided_on: date
) -> Decision:
    _may_record(actor, inspection.unit_id)
    errors = {}
    if form not in FORMS_FOR.get(staff_kind, []):
        errors["form"] = _("Hình thức kỷ luật này không áp dụng cho đối tượng đã chọn.")
    if not subject.strip():
        errors["subject"] = _("Ghi người hoặc tập thể bị kỷ luật.")
    if not number.strip():
        errors["number"] = _("Ghi số quyết định kỷ luật.")
    if decided_on and decided_on > today_local():
        errors["decided_on"] = _("Ngày quyết định không được sau hôm nay.")
    if errors:
        raise ValidationError(errors)
    decision = Decision(
        inspection=inspection,
        staff_kind=staff_kind,
        subject=subject.strip(),
        form=form,
        number=number.strip(),
        decided_on=decided_on,
    )
    save_with_history(decision, actor)
    return decision


def named_view_log(*, user: User, inspection: Inspection) -> None:
    """Every view of a record with names shown is kept (who, when)."""
    NamedView.objects.create(inspection=inspection, user=user)
