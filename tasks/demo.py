"""Demo directive 01/CT-UBND and a few sample tasks in every state (idempotent: made once)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from library.workcalendar import local_date
from submissions.models import ReturnReason, SubmissionStatus
from units.demo import DISTRICT, Cast
from units.models import Authority, Leader, LeaderPosition, Unit, User, today_local
from units.selectors import work_calendar

from . import demo_data, services
from .models import (
    Assignment,
    AssignmentRole,
    Directive,
    DirectiveItem,
    Recurrence,
    Task,
    TaskReport,
)


def load(
    authority: Authority, units: dict[str, Unit], data: dict = demo_data.DIRECTIVE, cast: Cast = DISTRICT
) -> Directive:
    """The directive with its items and recipients; sample tasks the first time only."""
    directive = _directive(authority, data)
    directive.units.set(units.values())
    if not Task.objects.filter(authority=authority).exists():
        _sample_tasks(authority, directive, units, cast)
    return directive


def load_commune(authority: Authority, offices: dict[str, Unit]) -> Directive:
    """Tân Trào's own plan and three tasks its chairman gave his offices (docs/architecture.md §17):
    one overdue and unreported, one reported and accepted, one due next week; made once."""
    plan = _directive(authority, demo_data.TAN_TRAO_PLAN)
    plan.units.set(offices.values())
    if Task.objects.filter(authority=authority).exists():
        return plan
    today = today_local()
    chairman = Leader.objects.get(authority=authority, position=LeaderPosition.CHAIRMAN)
    office = User.objects.get(username="cv.tantrao")
    item = {i.number: i for i in plan.items.all()}
    _task(
        authority,
        chairman,
        office,
        "Rà soát, cập nhật danh mục thủ tục hành chính tiếp nhận tại Trung tâm Phục vụ hành chính công xã",
        [offices["TT-KT"]],
        today - timedelta(days=6),
        plan,
        item[2],
    )
    done = _task(
        authority,
        chairman,
        office,
        "Tổ chức quán triệt Kế hoạch 12/KH-UBND tới cán bộ, công chức xã",
        [offices["TT-VHXH"]],
        today - timedelta(days=12),
        plan,
        item[1],
    )
    _report(done.assignments.get(), office, days_after=-2, accept=True)
    _task(
        authority,
        chairman,
        office,
        "Báo cáo tỷ lệ hồ sơ giải quyết đúng hạn tại Trung tâm Phục vụ hành chính công",
        [offices["TT-PVHCC"]],
        today + timedelta(days=7),
        plan,
        item[2],
    )
    return plan


def _directive(authority: Authority, data: dict) -> Directive:
    directive, _ = Directive.objects.update_or_create(
        authority=authority,
        number=data["number"],
        issued_on=date.fromisoformat(data["issued_on"]),
        defaults={
            "kind": data["kind"],
            "place": data["place"],
            "signer_name": data["signer_name"],
            "signer_position": data["signer_position"],
            "signing_mode": data["signing_mode"],
            "subject": data["subject"],
            "preamble": data["preamble"],
            "closing": data["closing"],
            "recipients": "\n".join(data["recipients"]),
        },
    )
    for number, text in data["items"]:
        DirectiveItem.objects.update_or_create(directive=directive, number=number, defaults={"text": text})
    return directive


def _sample_tasks(authority: Authority, directive: Directive, units: dict[str, Unit], cast: Cast) -> None:
    """Tasks dated around today: overdue, due soon, reported, returned, recurring."""
    today = today_local()
    chairman = Leader.objects.get(authority=authority, position=LeaderPosition.CHAIRMAN)
    vice = Leader.objects.filter(authority=authority, position=LeaderPosition.VICE_CHAIRMAN).order_by("pk").first()
    office = User.objects.get(username=cast.office)
    (first_code, first_chair), (second_code, second_chair) = cast.communes
    communes = [u for u in units.values() if u.is_local_government]
    agencies = [u for u in units.values() if not u.is_local_government and not u.special_role]
    item = {i.number: i for i in directive.items.all()}

    quan_triet = _task(
        authority,
        chairman,
        office,
        f"Tổ chức quán triệt {directive.get_kind_display()} {directive.number} và Quy chế làm việc của UBND "
        f"{cast.level} tới toàn thể cán bộ, công chức",
        communes,
        today - timedelta(days=10),
        directive,
        item[1],
    )
    _task(
        authority,
        chairman,
        office,
        "Rà soát, điều chỉnh quy chế làm việc và quy chế văn hóa công sở của cơ quan, đơn vị",
        agencies,
        today + timedelta(days=4),
        directive,
        item[3],
    )
    _task(
        authority,
        vice,
        office,
        "Báo cáo tỷ lệ hồ sơ công việc xử lý trên môi trường điện tử",
        [units[first_code], units[second_code]],
        today + timedelta(days=14),
        directive,
        item[2],
        recurrence=Recurrence.MONTHLY,
    )
    dat_cong = _task(
        authority,
        vice,
        office,
        "Rà soát diện tích đất công do UBND xã quản lý, báo cáo đề xuất phương án xử lý",
        [units[first_code], units[second_code]],
        today - timedelta(days=2),
        None,
        None,
        source_reference=f"Thông báo kết luận số 45/TB-UBND của Chủ tịch UBND {cast.level}",
    )

    # Some communes reported on the dissemination task, one late; the Office accepted two.
    chair_tt = User.objects.get(username=first_chair)
    chair_ht = User.objects.get(username=second_chair)
    # At most eight, and never all: the Monday summary has a commune to name.
    reporting = min(8, len(communes) - 1)
    for n, assignment in enumerate(quan_triet.assignments.order_by("unit__sort_order")[:reporting]):
        _report(assignment, office, days_after=2 if n == 3 else -3, accept=n < 2)
    # Tân Trào sent its land report (waiting for the Office); Hợp Thành's was returned.
    tt = dat_cong.assignments.get(unit__code=first_code)
    services.report_save_draft(
        actor=chair_tt,
        assignment=tt,
        text=(
            "UBND xã Tân Trào đã rà soát 12 thửa đất công, tổng diện tích 3,4 ha; "
            "đề xuất cho thuê 2 thửa theo quy định."
        ),
        revision=None,
    )
    services.report_submit(actor=chair_tt, assignment=tt)
    ht = dat_cong.assignments.get(unit__code=second_code)
    services.report_save_draft(
        actor=chair_ht, assignment=ht, text="Đã rà soát đất công trên địa bàn xã.", revision=None
    )
    report = services.report_submit(actor=chair_ht, assignment=ht)
    services.report_return(
        actor=office,
        report=report,
        reasons=[ReturnReason.LOW_QUALITY, ReturnReason.NO_LEGAL_ANALYSIS],
        note="Đề nghị nêu rõ số thửa, diện tích, hiện trạng sử dụng và căn cứ pháp lý của phương án đề xuất.",
    )


def _task(
    authority, leader, office, subject, units, deadline, directive, item, recurrence="", source_reference=""
) -> Task:
    """A task created as the Office would, but allowed a deadline in the past (for the demo)."""
    task = Task.objects.create(
        authority=authority,
        subject=subject,
        given_by=leader,
        directive=directive,
        directive_item=item,
        source_reference=source_reference,
        recurrence=recurrence,
        first_deadline=deadline,
        created_by=office,
    )
    effective = work_calendar().effective_date(deadline)
    Assignment.objects.bulk_create(
        [
            Assignment(
                task=task,
                unit=u,
                role=AssignmentRole.LEAD,
                original_deadline=deadline,
                deadline=deadline,
                effective_deadline=effective,
                assigned_by=office,
            )
            for u in units
        ]
    )
    # Given three weeks before the deadline, as an office would, so past Monday summaries include them.
    assigned = timezone.make_aware(datetime.combine(deadline - timedelta(days=21), time(8)))
    Task.objects.filter(pk=task.pk).update(created_at=assigned)
    task.assignments.update(assigned_at=assigned)
    return task


def _report(assignment: Assignment, office: User, *, days_after: int, accept: bool) -> None:
    """A paper report the Office entered for a commune that has no demo account (signed by its head)."""
    when = timezone.make_aware(datetime.combine(assignment.effective_deadline + timedelta(days=days_after), time(9)))
    report = TaskReport.objects.create(
        assignment=assignment,
        text="Đã tổ chức hội nghị quán triệt Chỉ thị tới 100% cán bộ, công chức.",
        status=SubmissionStatus.ACCEPTED if accept else SubmissionStatus.SUBMITTED,
        created_by=office,
        updated_by=office,
        signer_title=assignment.unit.head_title,
        submitted_at=when,
    )
    assignment.reported_at, assignment.reported_on = when, local_date(when)
    if accept:
        report.decided_by, report.decided_at = office, when + timedelta(days=1)
        report.save()
        assignment.completed_at = report.decided_at
    assignment.save()
