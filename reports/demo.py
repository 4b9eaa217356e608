"""Demo quarterly template for directive 01/CT-UBND and a few past quarters of reports (idempotent)."""

from __future__ import annotations

from tasks.models import Directive

from . import demo_data
from .models import Indicator, QuarterlyReport, ReportTemplate, TemplateSection


def load(directive: Directive, required: frozenset[str] | set[str] = demo_data.REQUIRED) -> ReportTemplate:
    """Version 1 of the template, made once; later runs leave it (and any newer version) alone.
    `required`: the codes of the figures a report cannot be signed without."""
    template, created = ReportTemplate.objects.get_or_create(
        directive=directive, version=1, defaults={"title": demo_data.TITLE}
    )
    if created:
        items = {i.number: i for i in directive.items.all()}
        for order, (item, title, indicators) in enumerate(demo_data.SECTIONS, start=1):
            section = TemplateSection.objects.create(template=template, item=items.get(item), order=order, title=title)
            for n, (code, label, kind) in enumerate(indicators, start=1):
                Indicator.objects.create(
                    section=section, code=code, label=label, kind=kind, order=n, required=code in required
                )
    return template


def sample_history(template: ReportTemplate, quarters: int = 4) -> None:
    """Accepted reports for the last few quarters (most on time, some late, some missing), so the
    dashboard has trends to show; made once."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from submissions.models import SubmissionStatus
    from units.models import SpecialRole, Unit, User, today_local
    from units.selectors import work_calendar
    from units.workcalendar import Quarter

    if QuarterlyReport.objects.exists():
        return
    office = User.objects.get(username="tcnv")
    calendar = work_calendar()
    units = list(Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS).order_by("sort_order"))
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
            reports.append(
                QuarterlyReport(
                    unit=unit,
                    quarter=quarter.key,
                    template=template,
                    status=SubmissionStatus.ACCEPTED,
                    created_by=office,
                    updated_by=office,
                    submitted_at=moment,
                    submitted_on=day,
                    decided_by=office,
                    decided_at=moment + timedelta(days=1),
                    signer_title=unit.head_title,
                    values={
                        "hoi_nghi_quan_triet": 1 + (i + q) % 3,
                        "nguoi_duoc_quan_triet": 20 + (i * 7 + q) % 40,
                        "ty_le_van_ban_dien_tu": float(80 + (i + 3 * q) % 20),
                        "quy_che_da_ra_soat": "yes" if (i + q) % 4 else "no",
                        "cuoc_kiem_tra": (i + q) % 3,
                        "vi_pham_phat_hien": (i + q) % 2,
                    },
                )
            )
    QuarterlyReport.objects.bulk_create(reports)
