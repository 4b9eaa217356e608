"""Readable change history from django-simple-history records, diffed in Python (no query per record)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

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
}


@dataclass
class Entry:
    when: datetime
    who: str
    what: str
    changes: list[str] = field(default_factory=list)


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
        from submissions.models import ReturnReason

        return "; ".join(str(ReturnReason(v).label) if v in ReturnReason.values else str(v) for v in value)
    return str(value)


def entries(records, label) -> list[Entry]:
    """One entry per history record, newest first; `label(record)` names the object changed."""
    by_object: dict[tuple, list] = {}
    for record in records:
        by_object.setdefault((type(record), record.id), []).append(record)
    out = []
    for versions in by_object.values():
        versions.sort(key=lambda r: r.history_date)
        previous = None
        for record in versions:
            fields = [
                f for f in record.instance_type._meta.concrete_fields if f.attname not in SKIP and f.name not in SKIP
            ]
            if record.history_type == "+" or previous is None:
                changes = []
                verb = _("đã tạo")
            else:
                changes = [
                    f"{f.verbose_name}: {_show(getattr(previous, f.attname), f)} → "
                    f"{_show(getattr(record, f.attname), f)}"
                    for f in fields
                    if getattr(previous, f.attname) != getattr(record, f.attname) and not f.is_relation
                ]
                verb = _("đã xóa") if record.history_type == "-" else _("đã cập nhật")
            if changes or record.history_type != "~":
                who = record.history_user.get_full_name() if record.history_user else _("hệ thống")
                out.append(Entry(record.history_date, who, f"{verb} {label(record)}", changes))
            previous = record
    return sorted(out, key=lambda e: e.when, reverse=True)
