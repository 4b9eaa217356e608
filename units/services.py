"""Writes of the organisation app that are not the administrator's: a person's own notices."""

from __future__ import annotations

from django.utils import timezone

from .models import Notification, User


def notifications_mark_read(*, actor: User, pk: int | None = None) -> Notification | None:
    """Mark one of the actor's own notices read (and return it), or all of them when `pk` is None.
    Another person's notice is never found (None)."""
    own = Notification.objects.filter(user=actor)
    if pk is None:
        own.filter(read_at__isnull=True).update(read_at=timezone.now())
        return None
    notice = own.filter(pk=pk).first()
    if notice is not None and notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice
