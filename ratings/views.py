"""Rating pages (item 4; docs §15): /ratings/ a period's proposals per unit or unit head with the
Xuất sắc cap per group; /ratings/<pk>/ one rating, its products from the task record, the rater's
figures, the Chairman's approval, a leader's confirmation of an objective cause; Word and Excel."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from library.documents import docx_response
from library.formfields import shown_decimal
from submissions.views import form_errors_from
from tasks.models import Assignment, TaskReport
from units import exports
from units.models import today_local
from units.roles import roles_of

from . import documents, permissions, selectors, services
from .forms import ExemptionForm, ScoreForm
from .models import Band, ExemptionKind, Rating, Subject, period_key, period_label


def _list_url(year: int, quarter: int, subject: str, unit=None) -> str:
    url = f"{reverse('ratings:rating_list')}?period={period_key(year, quarter)}&subject={subject}"
    return f"{url}&unit={unit.code}" if unit is not None and subject == Subject.STAFF else url


def _periods(today: date) -> list[tuple[str, str]]:
    """The choices of the period box: this year's and last year's quarters and years, newest first."""
    out = []
    for year in (today.year, today.year - 1):
        out.append((str(year), period_label(year, 0)))
        for quarter in (4, 3, 2, 1):
            if date(year, quarter * 3 - 2, 1) <= today:
                out.append((f"{year}Q{quarter}", period_label(year, quarter)))
    return out


def rating_list(request: HttpRequest) -> HttpResponse:
    year, quarter, subject = selectors.period_params(request.GET, request.user)
    sees_all = permissions.sees_all(request.user)
    head_of = roles_of(request.user).head_of
    if not sees_all and not head_of:
        # An official who rates nobody sees the ratings about them, every period.
        mine = Rating.objects.visible_to(request.user).select_related("unit").order_by("-year", "-quarter")
        return render(request, "ratings/my_ratings.html", {"ratings": mine})
    unit = selectors.chosen_unit(request.user, request.GET.get("unit")) if subject == Subject.STAFF else None
    rows = selectors.period_rows(request.user, year, quarter, subject, unit)
    checks = selectors.cap_checks(year, quarter, subject, unit.pk if unit else None)
    if not sees_all and subject != Subject.STAFF:
        checks = {}
    counts = selectors.band_counts(rows)
    return render(
        request,
        "ratings/rating_list.html",
        {
            "rows": rows,
            "year": year,
            "quarter": quarter,
            "period": period_key(year, quarter),
            "period_label": period_label(year, quarter),
            "periods": _periods(today_local()),
            "subject": subject,
            "subjects": Subject.choices,
            "unit": unit,
            "units": selectors.rated_units() if sees_all else selectors.rated_units().filter(pk__in=head_of),
            "sees_all": sees_all,
            "can_prepare": permissions.can_prepare(request.user, subject, unit.pk if unit else None),
            "checks": [(selectors.GROUPS[g], c) for g, c in checks.items() if c.good or c.excellent],
            "band_counts": [(Band(b).label, b, n) for b, n in counts.items()],
            "unrated": sum(1 for row in rows if not row["rating"]),
        },
    )


@require_POST
def rating_propose(request: HttpRequest) -> HttpResponse:
    year, quarter, subject = selectors.period_params(request.POST)
    unit = selectors.chosen_unit(request.user, request.POST.get("unit")) if subject == Subject.STAFF else None
    if not permissions.can_prepare(request.user, subject, unit.pk if unit else None):
        raise PermissionDenied
    outcome = services.ratings_propose(actor=request.user, year=year, quarter=quarter, subject=subject, unit=unit)
    text = _("Đã tính %(made)s đề xuất %(period)s từ kết quả thực hiện nhiệm vụ đến hôm nay.") % {
        "made": outcome.made,
        "period": period_label(year, quarter),
    }
    if outcome.kept_frozen:
        text += " " + _("%(n)s kết quả đã duyệt được giữ nguyên.") % {"n": outcome.kept_frozen}
    if outcome.without_head:
        text += " " + _("%(n)s đơn vị chưa có người đứng đầu trong hệ thống, chưa tính.") % {"n": outcome.without_head}
    messages.success(request, text)
    return redirect(_list_url(year, quarter, subject, unit))


def _visible(request: HttpRequest, pk: int) -> Rating:
    return get_object_or_404(
        Rating.objects.visible_to(request.user).select_related("unit", "person", "approved_by", "computed_by"), pk=pk
    )


def _product_rows(rating: Rating) -> list[dict]:
    """The stored products with the returned versions' numbers and a link to each assignment."""
    report_ids = {i for p in rating.products for i in p["content_returns"]}
    versions = dict(TaskReport.objects.filter(pk__in=report_ids).values_list("pk", "version")) if report_ids else {}
    rows = []
    for p in rating.products:
        exempt = set(p["exempt_returns"])
        rows.append(
            {
                **p,
                "deadline": date.fromisoformat(p["deadline"]) if p["deadline"] else None,
                "completed_on": date.fromisoformat(p["completed_on"]) if p["completed_on"] else None,
                "reported_on": date.fromisoformat(p["reported_on"]) if p["reported_on"] else None,
                "returns": [
                    {"id": i, "version": versions.get(i, "?"), "exempt": i in exempt} for i in p["content_returns"]
                ],
            }
        )
    return rows


def rating_detail(request: HttpRequest, pk: int, score_form=None, exemption_form=None, code: int = 200) -> HttpResponse:
    rating = _visible(request, pk)
    can_prepare = permissions.can_prepare(request.user, rating.subject, rating.unit_id) and not rating.frozen
    if score_form is None and can_prepare:
        score_form = ScoreForm(
            initial={
                "revision": rating.revision,
                "common_points": shown_decimal(rating.common_points),
                "common_note": rating.common_note,
                "task_points_adjusted": shown_decimal(rating.task_points_adjusted),
                "adjust_reason": rating.adjust_reason,
                "lowered_for_cap": rating.lowered_for_cap,
                "lowered_reason": rating.lowered_reason,
            }
        )
    check = None
    if permissions.sees_all(request.user) or permissions.can_approve(request.user, rating.subject, rating.unit_id):
        check = selectors.cap_check_for(rating)
    quantity, quality, progress = rating.percentages
    return render(
        request,
        "ratings/rating_detail.html",
        {
            "rating": rating,
            "products": _product_rows(rating),
            "quantity": quantity,
            "quality_pct": quality,
            "progress_pct": progress,
            "score_form": score_form if can_prepare else None,
            "exemption_form": exemption_form,
            "can_prepare": can_prepare,
            "can_approve": permissions.can_approve(request.user, rating.subject, rating.unit_id) and not rating.frozen,
            "can_exempt": permissions.can_exempt(request.user) and not rating.frozen,
            "check": check,
            "list_url": _list_url(rating.year, rating.quarter, rating.subject, rating.unit),
            "history": rating.history.select_related("history_user").order_by("-history_date")[:50],
        },
        status=code,
    )


@require_POST
def rating_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible(request, pk)
    try:
        services.rating_compute(
            actor=request.user,
            unit=rating.unit,
            subject=rating.subject,
            year=rating.year,
            quarter=rating.quarter,
            person=rating.person,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã tính lại từ kết quả thực hiện nhiệm vụ đến hôm nay."))
    return redirect("ratings:rating_detail", pk=rating.pk)


@require_POST
def rating_score(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible(request, pk)
    if not permissions.can_prepare(request.user, rating.subject, rating.unit_id):
        raise PermissionDenied
    form = ScoreForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.rating_score(
                actor=request.user,
                rating=rating,
                revision=data["revision"],
                common_points=data["common_points"],
                common_note=data["common_note"],
                task_points_adjusted=data["task_points_adjusted"],
                adjust_reason=data["adjust_reason"],
                lowered_for_cap=data["lowered_for_cap"],
                lowered_reason=data["lowered_reason"],
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã lưu điểm. Tổng điểm và mức xếp loại đã được tính lại."))
            return redirect("ratings:rating_detail", pk=rating.pk)
    return rating_detail(request, pk, score_form=form, code=400)


@require_POST
def rating_approve(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible(request, pk)
    if not permissions.can_approve(request.user, rating.subject, rating.unit_id):
        raise PermissionDenied
    try:
        revision = int(request.POST.get("revision", ""))
    except ValueError:
        revision = None
    try:
        services.rating_approve(actor=request.user, rating=rating, revision=revision)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã duyệt. Kết quả được giữ nguyên, không thay đổi theo nhiệm vụ về sau."))
    return redirect("ratings:rating_detail", pk=rating.pk)


@require_POST
def rating_exempt(request: HttpRequest, pk: int) -> HttpResponse:
    rating = _visible(request, pk)
    if not permissions.can_exempt(request.user):
        raise PermissionDenied
    form = ExemptionForm(request.POST)
    listed = {p["assignment"] for p in rating.products}
    if form.is_valid():
        data = form.cleaned_data
        if data["assignment"] not in listed:
            raise PermissionDenied
        assignment = get_object_or_404(Assignment.objects.visible_to(request.user), pk=data["assignment"])
        report = None
        if data["kind"] == ExemptionKind.RETURN:
            report = TaskReport.objects.filter(pk=data["report"], assignment=assignment).first()
        try:
            services.exemption_confirm(
                actor=request.user, assignment=assignment, kind=data["kind"], reason=data["reason"], report=report
            )
        except ValidationError as error:
            form_errors_from(form, error)
        else:
            messages.success(request, _("Đã xác nhận nguyên nhân khách quan; điểm đã được tính lại."))
            return redirect("ratings:rating_detail", pk=rating.pk)
    return rating_detail(request, pk, exemption_form=form, code=400)


def _document_scope(request: HttpRequest):
    """The period, subject and unit a Word or Excel file is asked for, if the user may have it:
    every unit and head for those who see all ratings; a unit's officials for its head too."""
    year, quarter, subject = selectors.period_params(request.GET)
    unit = selectors.chosen_unit(request.user, request.GET.get("unit")) if subject == Subject.STAFF else None
    allowed = permissions.sees_all(request.user) or (
        subject == Subject.STAFF and unit is not None and unit.pk in roles_of(request.user).head_of
    )
    if not allowed or (subject == Subject.STAFF and unit is None):
        raise PermissionDenied
    return year, quarter, subject, unit


def rating_docx(request: HttpRequest) -> HttpResponse:
    name, content = documents.ratings_docx(request.user, *_document_scope(request))
    return docx_response(name, content)


def rating_xlsx(request: HttpRequest) -> HttpResponse:
    _document_scope(request)
    return exports.respond(request, "ratings.list")
