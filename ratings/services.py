"""Writes on ratings (docs §15): compute or refresh a proposal from the task record, the rater's
figures with their reasons, the Chairman's approval that freezes it, a leader's confirmation of an
objective cause. Keyword-only, with the acting user, one transaction each; history on every row."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from submissions.models import SubmissionStatus
from submissions.services import save_with_history
from tasks.models import Assignment, TaskReport
from units.models import Unit, User, today_local

from . import permissions, selectors
from .method import CONTENT_REASONS, band_for, task_result
from .models import PERSONS, Band, Exemption, ExemptionKind, Rating, RatingStatus, Subject


def _frozen() -> ValidationError:
    return ValidationError(_("Kết quả này đã được duyệt và giữ nguyên; không sửa, không tính lại được."))


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Người khác vừa lưu đề xuất này. Trang đã hiện bản mới nhất; những gì bạn nhập vẫn còn trong ô, "
            "hãy xem lại rồi lưu."
        )
    )


def _derive(rating: Rating) -> None:
    """Total and band from what is stored: the task points used plus the common criteria."""
    task, common = rating.task_points_used, rating.common_points
    rating.total = task + common if task is not None and common is not None else None
    rating.band = band_for(rating.total, disciplined=bool(rating.discipline), lowered_for_cap=rating.lowered_for_cap)


def _fill(rating: Rating, today) -> None:
    start, end = selectors.period_bounds(rating.year, rating.quarter)
    products = selectors.products_for(rating.unit_id, start, end, as_of=today)
    result = task_result(products)
    rating.as_of = today
    rating.assigned, rating.completed = result.assigned, result.completed
    rating.quality, rating.progress = result.quality, result.progress
    rating.task_points = result.task_points
    rating.products = [p.as_json() for p in products]
    rating.discipline = selectors.discipline_for(
        rating.unit_id, rating.subject, rating.person_name, rating.year, min(end, today)
    )
    _derive(rating)


def _save(rating: Rating, actor: User) -> Rating:
    rating.revision += 1 if rating.pk else 0
    save_with_history(rating, actor)
    return rating


def _denied(subject: str) -> PermissionDenied:
    if subject == Subject.STAFF:
        return PermissionDenied(_("Chỉ người đứng đầu đơn vị đánh giá cán bộ, công chức của đơn vị mình."))
    return PermissionDenied(_("Chỉ cơ quan Tổ chức - Nội vụ lập đề xuất đánh giá, xếp loại."))


def _person(unit: Unit, subject: str, person):
    """Who a person's rating is about: the unit's head today if not given; an official of the unit."""
    if subject == Subject.HEAD and person is None:
        person = selectors.heads_of([unit.pk]).get(unit.pk)
        if person is None:
            raise ValidationError(_("%(unit)s chưa có người đứng đầu trong hệ thống.") % {"unit": unit.name})
    if subject == Subject.STAFF and person not in selectors.staff_of(unit.pk):
        raise ValidationError(_("Người này không phải cán bộ, công chức của %(unit)s.") % {"unit": unit.name})
    return person


@transaction.atomic
def rating_compute(
    *, actor: User, unit: Unit, subject: str, year: int, quarter: int, person=None, _retried: bool = False
) -> Rating:
    """Compute the proposal of a unit, its head or one of its officials for a period, or refresh it
    from the task record as it stands today; what the rater entered is kept. An approved rating is
    never recomputed."""
    if not permissions.can_prepare(actor, subject, unit.pk):
        raise _denied(subject)
    person = _person(unit, subject, person) if subject in PERSONS else None
    rows = Rating.objects.select_for_update().filter(unit=unit, subject=subject, year=year, quarter=quarter)
    rating = (rows.filter(person=person) if person else rows).first()
    if rating and rating.frozen:
        raise _frozen()
    now = timezone.now()
    if rating is None:
        rating = Rating(
            authority=unit.authority,
            unit=unit,
            subject=subject,
            person=person,
            person_name=person.get_full_name() if person else "",
            year=year,
            quarter=quarter,
            as_of=today_local(),
            computed_by=actor,
            computed_at=now,
        )
    rating.computed_by, rating.computed_at = actor, now
    _fill(rating, today_local())
    if rating.pk:
        return _save(rating, actor)
    try:
        with transaction.atomic():  # a savepoint: another computation may create the row first
            return _save(rating, actor)
    except IntegrityError:
        if _retried:
            raise
        # Someone computed the same proposal at the same moment: take theirs, locked, and refresh it.
        return rating_compute(
            actor=actor, unit=unit, subject=subject, year=year, quarter=quarter, person=person, _retried=True
        )


@dataclass
class Proposed:
    made: int = 0
    kept_frozen: int = 0
    without_head: int = 0


def ratings_propose(*, actor: User, year: int, quarter: int, subject: str, unit: Unit | None = None) -> Proposed:
    """Compute (or refresh) the proposals of the period: of every active unit, of every unit's head,
    or of every official of `unit`. Approved ones are left as they are."""
    if subject == Subject.STAFF and unit is None:
        raise ValidationError(_("Chọn đơn vị."))
    if not permissions.can_prepare(actor, subject, unit.pk if unit else None):
        raise _denied(subject)
    outcome = Proposed()
    approved = Rating.objects.filter(year=year, quarter=quarter, subject=subject, status=RatingStatus.APPROVED)
    frozen = set(approved.values_list("unit_id", "person_id"))
    if subject == Subject.STAFF:
        pairs = [(unit, person) for person in selectors.staff_of(unit.pk)]
    else:
        units = list(selectors.rated_units().select_related("authority"))
        heads = selectors.heads_of([u.pk for u in units]) if subject == Subject.HEAD else {}
        outcome.without_head = sum(1 for u in units if subject == Subject.HEAD and u.pk not in heads)
        pairs = [(u, heads.get(u.pk)) for u in units if subject != Subject.HEAD or u.pk in heads]
    for each, person in pairs:
        if (each.pk, person.pk if person else None) in frozen:
            outcome.kept_frozen += 1
            continue
        rating_compute(actor=actor, unit=each, subject=subject, year=year, quarter=quarter, person=person)
        outcome.made += 1
    return outcome


def _locked(rating: Rating, revision: int | None) -> Rating:
    current = Rating.objects.select_for_update().get(pk=rating.pk)
    if current.frozen:
        raise _frozen()
    if revision is not None and current.revision != revision:
        raise _stale()
    return current


@transaction.atomic
def rating_score(
    *,
    actor: User,
    rating: Rating,
    revision: int | None,
    common_points: Decimal | None,
    common_note: str = "",
    task_points_adjusted: Decimal | None = None,
    adjust_reason: str = "",
    lowered_for_cap: bool = False,
    lowered_reason: str = "",
) -> Rating:
    """The rater's part: the common criteria (≤ 30) with a note; an adjusted task-results figure
    with its reason; lowering a Xuất sắc to Tốt for the cap, with its reason."""
    if not permissions.can_prepare(actor, rating.subject, rating.unit_id):
        raise _denied(rating.subject)
    rating = _locked(rating, revision)
    errors = {}
    if common_points is not None and not common_note.strip():
        errors["common_note"] = _("Ghi nhận xét về tiêu chí chung (căn cứ chấm điểm).")
    if task_points_adjusted is not None and not adjust_reason.strip():
        errors["adjust_reason"] = _("Ghi lý do điều chỉnh điểm kết quả thực hiện nhiệm vụ.")
    if lowered_for_cap and not lowered_reason.strip():
        errors["lowered_reason"] = _("Ghi lý do hạ mức xếp loại.")
    if errors:
        raise ValidationError(errors)
    rating.common_points, rating.common_note = common_points, common_note.strip()
    rating.task_points_adjusted = task_points_adjusted
    rating.adjust_reason = adjust_reason.strip() if task_points_adjusted is not None else ""
    rating.lowered_for_cap = lowered_for_cap
    rating.lowered_reason = lowered_reason.strip() if lowered_for_cap else ""
    _derive(rating)
    return _save(rating, actor)


@transaction.atomic
def rating_approve(*, actor: User, rating: Rating, revision: int | None) -> Rating:
    """The Chairman approves: the rating is frozen as it stands (figures, products, band)."""
    if not permissions.can_approve(actor, rating.subject, rating.unit_id):
        if rating.subject == Subject.STAFF:
            raise PermissionDenied(_("Chỉ người đứng đầu đơn vị duyệt kết quả của cán bộ, công chức đơn vị mình."))
        raise PermissionDenied(_("Chỉ Chủ tịch UBND duyệt kết quả đánh giá, xếp loại."))
    rating = _locked(rating, revision)
    if rating.task_points_used is None:
        raise ValidationError(
            _(
                "Kỳ này đơn vị không có sản phẩm được giao: nhập điểm kết quả thực hiện nhiệm vụ với lý do "
                "trước khi duyệt."
            )
        )
    if rating.common_points is None and rating.band != Band.FAILED:
        raise ValidationError(_("Chưa chấm điểm tiêu chí chung: chưa duyệt được."))
    if rating.band == Band.EXCELLENT:
        check = selectors.cap_check_for(rating)
        if check.exceeded:
            raise ValidationError(
                _(
                    "Không duyệt được mức Xuất sắc: nhóm này có %(excellent)s đề xuất Xuất sắc, tối đa %(cap)s "
                    "(20%% của %(good)s Hoàn thành tốt). Hạ mức %(over)s đề xuất trước khi duyệt."
                )
                % {"excellent": check.excellent, "cap": check.cap, "good": check.good, "over": check.over}
            )
    rating.status = RatingStatus.APPROVED
    rating.approved_by, rating.approved_at = actor, timezone.now()
    return _save(rating, actor)


@transaction.atomic
def exemption_confirm(
    *, actor: User, assignment: Assignment, kind: str, reason: str, report: TaskReport | None = None
) -> Exemption:
    """A leader confirms an objective cause: the assignment's delay, or one of its content returns,
    deducts nothing. Every proposal (not approved) that lists the assignment is refreshed."""
    if not permissions.can_exempt(actor):
        raise PermissionDenied(_("Chỉ Chủ tịch, Phó Chủ tịch UBND xác nhận nguyên nhân khách quan."))
    if not reason.strip():
        raise ValidationError({"reason": _("Ghi nguyên nhân khách quan được xác nhận.")})
    if kind == ExemptionKind.RETURN:
        if (
            report is None
            or report.assignment_id != assignment.pk
            or report.status != SubmissionStatus.RETURNED
            or not CONTENT_REASONS.intersection(report.return_reasons or ())
        ):
            raise ValidationError(_("Chỉ xác nhận cho một lần bị trả lại vì sai sót về nội dung của nhiệm vụ này."))
    else:
        report = None
    if Exemption.objects.filter(assignment=assignment, kind=kind, report=report).exists():
        raise ValidationError(_("Nguyên nhân khách quan này đã được xác nhận."))
    exemption = Exemption(assignment=assignment, kind=kind, report=report, reason=reason.strip(), confirmed_by=actor)
    save_with_history(exemption, actor)
    for rating in _proposals_listing(assignment):
        _fill(rating, rating.as_of)
        _save(rating, actor)
    return exemption


def _proposals_listing(assignment: Assignment) -> list[Rating]:
    """The proposals (not approved) of the assignment's unit that list it (SQLite has no JSON
    containment, so filtered here: a unit has a handful of ratings)."""
    rows = Rating.objects.select_for_update().filter(unit_id=assignment.unit_id, status=RatingStatus.PROPOSED)
    return [r for r in rows if any(p["assignment"] == assignment.pk for p in r.products)]
