"""Writes to the register (docs/architecture.md §6)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest

from units.models import Unit

from .models import DocumentKind, RegisteredDocument, RegisterYear


@transaction.atomic
def register_document(
    *,
    unit: Unit,
    key: str,
    issued_on: date,
    subject: str,
    signer_name: str = "",
    signer_title: str = "",
    url: str = "",
    kind: str = DocumentKind.REPORT,
) -> RegisteredDocument:
    """The next number of `unit`'s register for the year of `issued_on`, inside the caller's
    transaction: the register row is updated before it is read, so a second issuer waits for the
    first to commit (a row lock on PostgreSQL, the write lock on SQLite) and takes the number after
    it; a rolled-back issue gives its number back. A document already registered keeps its number."""
    existing = RegisteredDocument.objects.filter(key=key).first()
    if existing is not None:
        return existing
    register, _ = RegisterYear.objects.get_or_create(unit=unit, year=issued_on.year)
    RegisterYear.objects.filter(pk=register.pk).update(last_number=Greatest(F("last_number") + 1, F("start_number")))
    register.refresh_from_db(fields=["last_number"])
    return RegisteredDocument.objects.create(
        register=register,
        number=register.last_number,
        kind=kind,
        symbol=f"{kind}-{unit.document_symbol}",
        issued_on=issued_on,
        subject=subject[:500],
        signer_name=signer_name,
        signer_title=signer_title,
        url=url,
        key=key,
    )
