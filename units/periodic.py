"""Once-per-period jobs (docs/architecture.md §5): the Monday summary, the day-20 record, the day-25
rollup, the quarterly reminders. Each runs per authority (docs/architecture.md §17): `each_authority`
runs a job once inside each authority's scope, and a run is claimed by a unique (authority, kind,
period) `JobRun`; the result
and the run are written in one transaction, so a second trigger, a retry or a second worker finds the
run and does nothing; mail leaves after commit (units.notify). `force` makes a new result and keeps
the previous one as history; how it is kept is the caller's (`produce` gets the previous result)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from .acting import acting_in, required_authority_id
from .models import Authority, JobRun, JobRunStatus


def each_authority(job: Callable[[], list], authority: Authority | None = None) -> list:
    """`job()` inside each authority's scope (or only `authority`'s), its results concatenated:
    every authority gets its own Monday summary, rollups and reminders, to its own people."""
    authorities = [authority] if authority is not None else list(Authority.objects.order_by("sort_order", "pk"))
    results = []
    for each in authorities:
        with acting_in(each):
            done = job()
        # A line of text names its authority when there are several (as run_job prints them).
        results.extend(f"{each.code} {r}" if isinstance(r, str) and len(authorities) > 1 else r for r in done)
    return results


def job_authority() -> int:
    """The id of the authority a run belongs to: the active scope's (units.acting; no query).
    `ScopeError` with none: a job runs inside `each_authority` or `acting_in`, never unscoped."""
    return required_authority_id()


class Outcome(str, enum.Enum):
    """What one run did, as `run_job` prints it."""

    CREATED = "created"
    PRESENT = "already-present"
    REPLACED = "replaced"
    NO_WORKING_DAY = "no-working-day"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RunResult:
    """A run's outcome, its figures and what it produced (None when nothing was)."""

    period: str
    outcome: Outcome
    counts: dict = field(default_factory=dict)
    result: Any = None

    @property
    def line(self) -> str:
        """The one line `run_job` prints: `2026-W48 overdue=12 created`."""
        figures = [f"{name}={value}" for name, value in self.counts.items()]
        return " ".join([self.period, *figures, str(self.outcome)])


def run_once(
    *,
    kind: str,
    period: str,
    produce: Callable[[Any], Any],
    counts: Callable[[Any], dict],
    current: Callable[[], Any] | None = None,
    force: bool = False,
    skip: bool = False,
    skipped_counts: dict | None = None,
    after: Callable[[Any], None] | None = None,
) -> RunResult:
    """Claim (kind, period) and produce its result exactly once.

    `current()` gives the period's stored result under a lock (None if there is none); without it,
    the run row alone says the period is done. `produce(previous)` makes and stores the result;
    `counts(result)` gives the figures kept on the run and printed; `after(result)` runs in the same
    transaction (notices; their mail goes after commit). `skip` records a period that has nothing to
    produce (a week with no working day)."""
    authority_id = job_authority()
    with acting_in(authority_id), transaction.atomic():
        run, created = JobRun.objects.select_for_update().get_or_create(
            authority_id=authority_id,
            kind=kind,
            period=period,
            defaults={"status": JobRunStatus.SKIPPED if skip else JobRunStatus.DONE},
        )
        if skip:
            return RunResult(period, Outcome.NO_WORKING_DAY, dict(skipped_counts or {}))
        previous = current() if current is not None else None
        done_before = not created and (current is None or previous is not None)
        if done_before and not force:
            figures = counts(previous) if previous is not None else run.detail
            return RunResult(period, Outcome.PRESENT, figures, previous)
        result = produce(previous)
        run.status, run.detail = JobRunStatus.DONE, counts(result)
        if not created:
            run.forced_at = timezone.now()
        run.save()
        if after is not None:
            after(result)
        outcome = Outcome.REPLACED if previous is not None else Outcome.CREATED
        return RunResult(period, outcome, run.detail, result)


def supersede(result) -> None:
    """Keep a replaced result as history: it stays, marked superseded, and pages show it as such."""
    result.superseded_at = timezone.now()
    result.save(update_fields=["superseded_at"])


def first_period(kinds: list[str]) -> str | None:
    """The earliest period this installation ever ran for these kinds: reconcilers never backfill
    before it, so a fresh install does not mail history."""
    runs = JobRun.objects.filter(authority_id=job_authority(), kind__in=kinds)
    return runs.order_by("period").values_list("period", flat=True).first()


def done_periods(kinds: list[str], since: str | None = None) -> set[tuple[str, str]]:
    """(kind, period) of every run since `since` (inclusive)."""
    runs = JobRun.objects.filter(authority_id=job_authority(), kind__in=kinds)
    if since is not None:
        runs = runs.filter(period__gte=since)
    return set(runs.values_list("kind", "period"))
