"""Demo quarterly template for directive 01/CT-UBND and a few past quarters of reports (idempotent)."""

from __future__ import annotations

from library.workcalendar import Quarter
from registers.services import register_document
from submissions.models import SubmissionStatus
from tasks.models import Directive
from units.models import Membership, Position, SpecialRole, Unit, User, today_local
from units.selectors import work_calendar

from . import demo_data
from .documents import quarterly_subject
from .models import Indicator, QuarterlyReport, ReportTemplate, TemplateSection
from .services import report_url


def at_level(text: str, level: str) -> str:
    """The demo's words for the district ("UBND huyện") said for another level ("UBND tỉnh", "UBND xã")."""
    return text.replace("UBND huyện", f"UBND {level}")


def load(
    directive: Directive,
    required: frozenset[str] | set[str] = demo_data.REQUIRED,
    level: str = "huyện",
    title: str = demo_data.TITLE,
) -> ReportTemplate:
    """Version 1 of the template, made once; later runs leave it (and any newer version) alone.
    `required`: the codes of the figures a report cannot be signed without."""
    template, created = ReportTemplate.objects.get_or_create(directive=directive, version=1, defaults={"title": title})
    if created:
        items = {i.number: i for i in directive.items.all()}
        for order, (item, title, indicators) in enumerate(demo_data.SECTIONS, start=1):
            section = TemplateSection.objects.create(
                template=template, item=items.get(item), order=order, title=at_level(title, level)
            )
            for n, (code, label, kind) in enumerate(indicators, start=1):
                Indicator.objects.create(
                    section=section,
                    code=code,
                    label=at_level(label, level),
                    kind=kind,
                    order=n,
                    required=code in required,
                )
    return template


def sample_history(template: ReportTemplate, quarters: int = 4, reviewer: str = "tcnv", level: str = "huyện") -> None:
    """Accepted reports for the last few quarters (most on time, some late, some missing), so the
    dashboard has trends to show and each report reads like a real one: signed by the unit's head,
    a paragraph under every item agreeing with its figures, numbered in the unit's register; made once."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    if QuarterlyReport.objects.exists():
        return
    office = User.objects.get(username=reviewer)
    calendar = work_calendar()
    units = list(
        Unit.objects.active()
        .exclude(special_role=SpecialRole.HOME_AFFAIRS)
        .select_related("authority")
        .order_by("sort_order")
    )
    heads = {
        m.unit_id: m.user for m in Membership.objects.active().filter(position=Position.HEAD).select_related("user")
    }
    sections = list(template.sections.prefetch_related("indicators"))
    quarter = Quarter.containing(today_local())
    reports = []
    for q in range(1, quarters + 1):
        quarter = quarter.previous()
        deadline = calendar.quarter_dates(quarter).unit_deadline_effective
        for i, unit in enumerate(units):
            if (i + q) % 6 == 0:
                continue  # this unit did not report that quarter
            day = deadline + timedelta(days=2) if (i + q) % 5 == 0 else deadline - timedelta(days=(i % 4))
            moment = timezone.make_aware(datetime.combine(day, time(9)))
            values = _values(i, q)
            reports.append(
                QuarterlyReport(
                    unit=unit,
                    quarter=quarter.key,
                    template=template,
                    status=SubmissionStatus.ACCEPTED,
                    created_by=office,
                    updated_by=office,
                    signed_by=heads.get(unit.pk),
                    signer_title=unit.signature_title(),
                    submitted_at=moment,
                    submitted_on=day,
                    decided_by=office,
                    decided_at=moment + timedelta(days=1),
                    values=values,
                    narratives=_narratives(sections, unit, values, i, level),
                    task_counts=_task_counts(i, q),
                )
            )
    QuarterlyReport.objects.bulk_create(reports)
    for report in QuarterlyReport.objects.select_related(
        "unit__authority", "signed_by", "template__directive"
    ).order_by("submitted_at", "unit__sort_order"):
        report.document_number = register_document(
            unit=report.unit,
            key=f"quarterly:{report.pk}",
            issued_on=report.submitted_on,
            subject=quarterly_subject(report).replace("\n", " — "),
            signer_name=report.signed_by.get_full_name() if report.signed_by else "",
            signer_title=report.signer_title,
            url=report_url(report.unit, Quarter.parse(report.quarter)),
        ).label
        QuarterlyReport.objects.filter(pk=report.pk).update(document_number=report.document_number)


def _values(i: int, q: int) -> dict:
    """The figures of unit number `i` in the `q`-th quarter back: varied, plausible, every required one."""
    return {
        "hoi_nghi_quan_triet": 1 + (i + q) % 3,
        "nguoi_duoc_quan_triet": 20 + (i * 7 + q) % 40,
        "van_ban_tham_muu_do_thu_truong_ky": "yes",
        "ty_le_van_ban_dien_tu": float(80 + (i + 3 * q) % 20) + (0.5 if i % 2 else 0),
        "ho_so_dung_han": 120 + (i * 37 + q * 11) % 900,
        "ho_so_tre_han": (i + q) % 4,
        "quy_che_da_ra_soat": "yes" if (i + q) % 4 else "no",
        "quy_che_van_hoa_cong_so": "yes",
        "xep_loai_xuat_sac": 1 + i % 3,
        "xep_loai_tot": 8 + i % 7,
        "xep_loai_hoan_thanh": 2 + i % 3,
        "xep_loai_khong_hoan_thanh": 0,
        "hop_cu_cap_pho_co_dong_y": (i + q) % 2,
        "hop_cu_cap_pho_khong_dong_y": 0,
        "hop_vang_khong_ly_do": 0,
        "vi_pham_van_hoa_cong_so": 1 if (i + q) % 5 == 0 else 0,
        "cuoc_kiem_tra": (i + q) % 3,
        "vi_pham_phat_hien": (i + q) % 2,
        "ca_nhan_bi_ky_luat": 0,
        "tap_the_bi_ky_luat": 0,
    }


def _narratives(sections, unit, values: dict, i: int, level: str) -> dict:
    """A paragraph under every item, in the unit's name and with its own figures."""
    figures = {k: (f"{v:g}".replace(".", ",") if isinstance(v, float) else v) for k, v in values.items()}
    out = {}
    for section in sections:
        variants = demo_data.NARRATIVES.get(section.item.number if section.item else section.order, [])
        if variants:
            out[str(section.pk)] = at_level(variants[i % len(variants)], level).format(unit=unit.name, **figures)
    return out


def _task_counts(i: int, q: int) -> dict:
    """The unit's tasks in the period as the system counts them (tasks.models.Status)."""
    total = 4 + (i + q) % 5
    late = 1 if (i + q) % 3 == 0 else 0
    overdue = 1 if (i + 2 * q) % 7 == 0 else 0
    return {
        "total": total,
        "not_due": 0,
        "on_time": total - late - overdue,
        "late": late,
        "overdue": overdue,
        "completed": 0,
    }
