"""What waits for someone's decision, kind by kind (docs/architecture.md §4, "What waits for a
decision"). Each kind joins from its app's AppConfig.ready (`register`), as the Excel exports do
(units.exports): task reports, quarterly reports, and every kind of request (`request_kind`).
`reports.queue` reads them all — the page, oldest first, and the menu's count — and names none."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db.models import QuerySet

from units.models import User

from . import permissions
from .requests import DecisionRequest


class Line(NamedTuple):
    """One waiting item as the queue shows it: what it is about, the unit, a detail, and the page it
    is decided on (with its anchor; the queue adds the way back)."""

    title: str
    unit: str
    detail: str
    url: str


@dataclass(frozen=True)
class QueueKind:
    """`decides(user)`: whether this user decides this kind at all (then the queue is theirs);
    `waiting(user)`: what waits for them, through visible_to; `since`: the field its age counts
    from, read oldest first (an index serves it); `related`: what `describe` reads, joined in the
    same query; `describe(obj)`: its line."""

    kind: str
    label: str
    decides: Callable[[User], bool]
    waiting: Callable[[User], QuerySet]
    since: str
    related: tuple[str, ...]
    describe: Callable[[Any], Line]


KINDS: dict[str, QueueKind] = {}


def register(kind: QueueKind) -> QueueKind:
    """Join the queue (again: the same kind is replaced, so a second import changes nothing). The
    kinds are read in the order they joined — INSTALLED_APPS' — which orders items of the same age."""
    KINDS[kind.kind] = kind
    return kind


def request_kind(
    model: type[DecisionRequest], *, kind: str, label: str, related: tuple[str, ...], describe: Callable[[Any], Line]
) -> QueueKind:
    """A kind of request in the queue: the pending ones for the Office (all) and the leaders (those
    the kind's `decider_path` gives them), oldest request first (DecisionRequestQuerySet.waiting_for)."""
    return QueueKind(
        kind=kind,
        label=label,
        decides=permissions.can_decide_requests,
        waiting=model.objects.waiting_for,
        since="requested_at",
        related=related,
        describe=describe,
    )
