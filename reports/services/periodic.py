"""The quarterly rollups (docs/architecture.md §5): the day-20 record (who submitted on time, late,
not at all, or was returned) and the day-25 draft for Organization–Home Affairs to assess, sign and
issue; and the reconciler that produces whichever is due. Each runs once per quarter through
units.periodic; `force` keeps the earlier result (day 20: superseded; day 25: an earlier version)."""

from __future__ import annotations

from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone

from library.workcalendar import LOCAL_TZ, Quarter
from submissions.models import SubmissionStatus
from submissions.services import save_with_history
from units.models import Leader, SpecialRole, User
from units.notify import notify, special_unit_people
from units.periodic import RunResult, done_periods, first_period, job_authority, run_once, supersede
from units.selectors import work_calendar

from ..models import QuarterRollup, SubmissionRollup
from ..selectors import count_statuses, reviewer_name, rollup_data, submission_rows

Q20, Q25 = "q20", "q25"
ROLLUP_TIME = time(7, 0)


def quarter_submissions_run(*, quarter: Quarter, force: bool = False) -> RunResult:
    """The day-20 record, once per quarter; tells the Chairman and Organization–Home Affairs."""

    def produce(previous: SubmissionRollup | None) -> SubmissionRollup:
        if previous is not None:
            supersede(previous)
        return SubmissionRollup.objects.create(
            authority_id=job_authority(), quarter=quarter.key, rows=submission_rows(quarter)
        )

    def tell(rollup: SubmissionRollup) -> None:
        leaders = [leader.user for leader in Leader.objects.active().select_related("user")]
        notify(
            users=[*leaders, *special_unit_people(SpecialRole.HOME_AFFAIRS)],
            key=f"{Q20}:{quarter.key}:{rollup.authority_id}",
            template="quarter_submissions",
            context={"rollup": rollup, "quarter": quarter, "counts": count_statuses(rollup.rows)},
            url=reverse("reports:dashboard") + f"?quarter={quarter.key}",
        )

    return run_once(
        kind=Q20,
        period=quarter.key,
        force=force,
        current=lambda: (
            SubmissionRollup.objects.select_for_update()
            .filter(authority_id=job_authority(), quarter=quarter.key, superseded_at__isnull=True)
            .first()
        ),
        produce=produce,
        counts=lambda rollup: count_statuses(rollup.rows),
        after=tell,
    )


def _q25_counts(rollup: QuarterRollup) -> dict:
    rows = rollup.data.get("submissions", [])
    return {
        "version": rollup.version,
        "accepted_units": sum(1 for r in rows if r["review"] == SubmissionStatus.ACCEPTED),
        "missing": sum(1 for r in rows if r["status"] == "missing"),
    }


def quarter_rollup_run(*, quarter: Quarter, force: bool = False, actor: User | None = None) -> RunResult:
    """The day-25 draft, once per quarter; `force` makes a new draft version with today's figures,
    carrying the assessment over (earlier versions kept, issued ones frozen). Organization–Home
    Affairs is told it is ready. `actor` is recorded in the history when a person asked for it."""

    def produce(latest: QuarterRollup | None) -> QuarterRollup:
        rollup = QuarterRollup(
            authority_id=job_authority(),
            quarter=quarter.key,
            version=latest.version + 1 if latest else 1,
            data=rollup_data(quarter),
            commentary=latest.commentary if latest else "",
        )
        if actor is not None:
            save_with_history(rollup, actor)
        else:
            rollup.save()
        return rollup

    def tell(rollup: QuarterRollup) -> None:
        notify(
            users=special_unit_people(SpecialRole.HOME_AFFAIRS),
            key=f"{Q25}:{quarter.key}:{rollup.version}:{rollup.authority_id}",
            template="quarter_rollup_draft",
            context={"rollup": rollup, "quarter": quarter, "reviewer": reviewer_name(rollup.authority_id)},
            url=reverse("reports:rollup", args=[quarter.key]),
        )

    return run_once(
        kind=Q25,
        period=quarter.key,
        force=force,
        current=lambda: (
            QuarterRollup.objects.select_for_update()
            .filter(authority_id=job_authority(), quarter=quarter.key)
            .order_by("-version")
            .first()
        ),
        produce=produce,
        counts=_q25_counts,
        after=tell,
    )


def quarter_rollups_reconcile(*, now: datetime | None = None) -> list[RunResult]:
    """Produce every quarterly rollup that is due and has no run: day 20 once its effective deadline
    has passed, day 25 from 07:00 of its effective date; the current and the previous quarter, but
    never before this installation's first rollup."""
    now = timezone.localtime(now or timezone.now(), LOCAL_TZ)
    calendar = work_calendar()
    current = Quarter.containing(now.date())
    first = first_period([Q20, Q25])
    quarters = [q for q in (current.previous(), current) if q == current or (first is not None and q.key >= first)]
    done = done_periods([Q20, Q25], since=quarters[0].key)
    outcomes = []
    for quarter in quarters:
        dates = calendar.quarter_dates(quarter)
        if (Q20, quarter.key) not in done and now.date() > dates.unit_deadline_effective:
            outcomes.append(quarter_submissions_run(quarter=quarter))
        rollup_due = now.date() > dates.rollup_date_effective or (
            now.date() == dates.rollup_date_effective and now.time() >= ROLLUP_TIME
        )
        if (Q25, quarter.key) not in done and rollup_due:
            outcomes.append(quarter_rollup_run(quarter=quarter))
    return outcomes
