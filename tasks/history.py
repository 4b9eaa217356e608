"""Readable change history from django-simple-history records, diffed in Python (no query per record).

One entry per action a person took, with its verb (docs/architecture.md §9):

- A submission's record reads as its transition: "Lưu dự thảo báo cáo lần 1", "Ký và gửi báo cáo
  lần 2" ("Ký thay (KT.) …" for a deputy), "Chấp nhận …", "Trả lại …, lý do: Chất lượng thấp; …";
  the workflow's own bookkeeping (who signed, when, the local day) is in the verb, not listed again.
- An extension request: "Đề nghị gia hạn đến 05/12/2026", "Đồng ý gia hạn đến …", "Không đồng ý …".
- Anything else: "Tạo / Cập nhật / Xóa <what>" with a line per changed field.

Why an action used to show twice: each transition writes two records in one transaction — the
submission's (its status) and the assignment's, whose `reported_at` / `reported_on` / `returned_at`
/ `completed_at` only mirror the report versions so that status stays plain SQL; an approved
extension writes the request's record and the assignment's new deadline. The mirror fields are
bookkeeping here (SKIP), and an assignment's deadline change made by an approved extension is
folded into that extension's entry. The records themselves stay as they are (the admin's audit).

A long text change (more than LONG characters either side) is shown as a short word diff (the
changed words with a few words of context, submissions.compare) and the whole old and new text
inside a <details> ("xem toàn bộ"), so one edit of a 100k-character report stays a few lines tall.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from submissions.compare import Segment, clip, word_diff
from submissions.models import ReturnReason, Submission, SubmissionStatus

from .models import Assignment, ExtensionRequest, ExtensionStatus, UnitReminder

# Bookkeeping fields nobody needs to read about.
SKIP = {
    "id",
    "revision",
    "reported_on",
    "updated_at",
    "updated_by",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    # The folded copy kept for search (docs/architecture.md §10), not in the history tables.
    "search_text",
    # An assignment's mirror of its report versions (the report's own record says it).
    "reported_at",
    "returned_at",
    "completed_at",
}

# A submission's workflow fields: its transition's verb says them.
WORKFLOW = {
    "version",
    "status",
    "created_by",
    "signed_by",
    "signing_mode",
    "signer_title",
    "submitted_at",
    "submitted_on",
    "decided_by",
    "decided_at",
    "return_reasons",
    "decision_note",
}
EXTENSION_WORKFLOW = {"status", "requested_by", "requested_at", "decided_by", "decided_at", "decision_note"}
DEADLINE_FIELDS = {"deadline", "effective_deadline"}

# A text longer than this either side is shown as a word diff, the whole of it folded away.
LONG = 200
# An approved extension and the deadline change it causes are saved within one transaction.
SAME_ACTION = timedelta(minutes=1)


@dataclass
class Change:
    """One line under an entry: `label: old → new`; a note has no `old`; a long text has `diff`."""

    label: str
    new: str
    old: str | None = None
    diff: list[Segment] | None = None
    name: str = ""  # the model field's name (not shown)

    def __str__(self) -> str:
        if self.old is None:
            return f"{self.label}: {self.new}"
        return f"{self.label}: {self.old} → {self.new}"


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    changes: list[Change] = field(default_factory=list)
    # For folding the records of one action (not shown).
    user_id: int | None = None
    moves_deadline_to: date | None = None


def _show(value, model_field) -> str:
    if value in (None, "", []):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, list):
        return _reasons(value)
    return str(value)


def _reasons(codes) -> str:
    return "; ".join(str(ReturnReason(v).label) if v in ReturnReason.values else str(v) for v in codes or [])


def _change(model_field, old, new) -> Change:
    label, name = str(model_field.verbose_name), model_field.name
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > LONG:
        return Change(label, new, old, diff=word_diff(old, new), name=name)
    return Change(label, _show(new, model_field), _show(old, model_field), name=name)


def _note(label: str, text: str) -> list[Change]:
    """A decision's note or a request's reason, under the entry; a long one folded like a long change."""
    text = (text or "").strip()
    if not text:
        return []
    if len(text) > LONG:
        return [Change(label, text, diff=clip([Segment("same", text)]))]
    return [Change(label, text)]


def _field_changes(record, previous, skip: set[str]) -> list[Change]:
    fields = [
        f
        for f in record.instance_type._meta.concrete_fields
        if f.attname not in SKIP and f.name not in SKIP and f.name not in skip and not f.is_relation
    ]
    return [
        _change(f, getattr(previous, f.attname), getattr(record, f.attname))
        for f in fields
        if getattr(previous, f.attname) != getattr(record, f.attname)
    ]


def _submission_entry(record, previous, what: str) -> tuple[str, list[Change]] | None:
    """The verb of a submission's record, from the status before and after, and what else changed."""
    if record.history_type == "-":
        return _("Xóa %(what)s") % {"what": what}, []
    before = previous.status if previous is not None and record.history_type != "+" else None
    after = record.status
    changes = [] if before is None else _field_changes(record, previous, WORKFLOW)
    if after == before or (before is None and after == SubmissionStatus.DRAFT):
        if before is not None and not changes:
            return None  # a save that changed nothing anyone reads (a file's revision bump)
        verb = _("Lưu dự thảo %(what)s") if after == SubmissionStatus.DRAFT else _("Cập nhật %(what)s")
        return verb % {"what": what}, changes
    if after == SubmissionStatus.SUBMITTED:
        if record.signing_mode:
            verb = _("Ký thay (%(mode)s) và gửi %(what)s") % {"mode": record.signing_mode, "what": what}
        else:
            verb = _("Ký và gửi %(what)s") % {"what": what}
        return verb, changes
    if after == SubmissionStatus.ACCEPTED:
        return _("Chấp nhận %(what)s") % {"what": what}, changes + _note(_("ý kiến"), record.decision_note)
    if after == SubmissionStatus.RETURNED:
        verb = _("Trả lại %(what)s, lý do: %(reasons)s") % {"what": what, "reasons": _reasons(record.return_reasons)}
        return verb, changes + _note(_("ý kiến"), record.decision_note)
    return _("Cập nhật %(what)s") % {"what": what}, changes


def _extension_entry(record, previous) -> tuple[str, list[Change]] | None:
    day = record.requested_deadline.strftime("%d/%m/%Y")
    if record.history_type == "-":
        return _("Xóa đề nghị gia hạn đến %(date)s") % {"date": day}, []
    if record.history_type == "+" or previous is None:
        return _("Đề nghị gia hạn đến %(date)s") % {"date": day}, _note(_("lý do"), record.reason)
    changes = _field_changes(record, previous, EXTENSION_WORKFLOW)
    if record.status != previous.status and record.status == ExtensionStatus.APPROVED:
        return _("Đồng ý gia hạn đến %(date)s") % {"date": day}, changes + _note(_("ý kiến"), record.decision_note)
    if record.status != previous.status and record.status == ExtensionStatus.REFUSED:
        verb = _("Không đồng ý gia hạn đến %(date)s") % {"date": day}
        return verb, changes + _note(_("ý kiến"), record.decision_note)
    if record.status != previous.status and record.status == ExtensionStatus.WITHDRAWN:
        return _("Rút đề nghị gia hạn đến %(date)s") % {"date": day}, changes
    if not changes:
        return None
    return _("Cập nhật đề nghị gia hạn"), changes


def _other_entry(record, previous, what: str) -> tuple[str, list[Change]] | None:
    if record.history_type == "-":
        return _("Xóa %(what)s") % {"what": what}, []
    if record.history_type == "+" or previous is None:
        if issubclass(record.instance_type, Assignment):
            if record.deadline is None:
                return _("Giao nhiệm vụ, không giao thời hạn"), []
            return _("Giao nhiệm vụ, hạn báo cáo %(date)s") % {"date": record.deadline.strftime("%d/%m/%Y")}, []
        return _("Tạo %(what)s") % {"what": what}, []
    changes = _field_changes(record, previous, set())
    if not changes:
        return None
    return _("Cập nhật %(what)s") % {"what": what}, changes


def entries(records, label) -> list[Entry]:
    """One entry per action, newest first; `label(record)` names the object changed ("báo cáo lần 2").
    `records` come with `history_user` loaded: nothing here queries."""
    by_object: dict[tuple, list] = {}
    for record in records:
        by_object.setdefault((type(record), record.id), []).append(record)
    out: list[Entry] = []
    approvals: list[Entry] = []
    deadline_moves: list[Entry] = []
    for versions in by_object.values():
        versions.sort(key=lambda r: r.history_date)
        previous = None
        for record in versions:
            model = record.instance_type
            if issubclass(model, Submission):
                made = _submission_entry(record, previous, label(record))
            elif issubclass(model, ExtensionRequest):
                made = _extension_entry(record, previous)
            else:
                made = _other_entry(record, previous, label(record))
            if made is not None:
                who = record.history_user.get_full_name() if record.history_user else _("hệ thống")
                entry = Entry(record.history_date, who, made[0], made[1], user_id=record.history_user_id)
                out.append(entry)
                if issubclass(model, ExtensionRequest) and record.status == ExtensionStatus.APPROVED:
                    entry.moves_deadline_to = record.requested_deadline
                    approvals.append(entry)
                elif (
                    issubclass(model, Assignment)
                    and record.history_type == "~"
                    and {c.name for c in entry.changes} <= DEADLINE_FIELDS
                ):
                    entry.moves_deadline_to = record.deadline
                    deadline_moves.append(entry)
            previous = record
    for move in deadline_moves:
        # An approved extension moves the assignment's deadline in the same transaction: one
        # action, one entry (the extension's, with the deadline lines under it).
        approval = next(
            (
                a
                for a in approvals
                if a.user_id == move.user_id
                and a.moves_deadline_to == move.moves_deadline_to
                and abs(move.when - a.when) <= SAME_ACTION
            ),
            None,
        )
        if approval is not None:
            approval.changes += move.changes
            out.remove(move)
    return sorted(out, key=lambda e: e.when, reverse=True)


def reminder_entries(reminders: list[UnitReminder]) -> list[Entry]:
    """One entry per reminder action (the rows one person sent at one moment), naming the units:
    "Nhắc báo cáo: Xã Tân Trào, Xã Hợp Thành". `reminders` come with `sent_by` and
    `assignment__unit` loaded."""
    actions: dict[tuple, list[UnitReminder]] = {}
    for reminder in reminders:
        actions.setdefault((reminder.sent_by_id, reminder.sent_at), []).append(reminder)
    out = []
    for (user_id, when), rows in actions.items():
        names = ", ".join(r.assignment.unit.name for r in rows)
        what = _("Nhắc %(n)d đơn vị báo cáo: %(units)s") % {"n": len(rows), "units": names}
        out.append(Entry(when, rows[0].sent_by.get_full_name(), what, user_id=user_id))
    return out


def merged(*lists: list[Entry]) -> list[Entry]:
    """Entries of several sources, newest first."""
    return sorted((e for entries_ in lists for e in entries_), key=lambda e: e.when, reverse=True)
