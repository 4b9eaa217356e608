"""API tokens: issued to a person by an administrator, shown once, kept only as a hash, revoked at
once; each request through one is that person's, scoped exactly as they are (docs §16)."""

from __future__ import annotations

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from units.models import User

PREFIX = "ct_"


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def new_key() -> str:
    """A fresh key: "ct_" and 43 URL-safe characters (256 bits)."""
    return PREFIX + secrets.token_urlsafe(32)


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("người dùng"))
    name = models.CharField(_("tên, mục đích"), max_length=120, help_text=_("Ví dụ: Kết nối hệ thống quản lý văn bản"))
    prefix = models.CharField(_("đầu khóa"), max_length=12, help_text=_("Phần đầu của khóa, để nhận ra khóa"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người cấp"))
    created_at = models.DateTimeField(_("cấp lúc"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người thu hồi")
    )

    objects = ApiTokenQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử khóa API"), excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = _("khóa API")
        verbose_name_plural = _("khóa API")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… — {self.user} ({self.name})"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def mark_used(self, every_seconds: int = 60) -> None:
        """Keep the last-used time, at most one write a minute per token (one conditional UPDATE)."""
        now = timezone.now()
        if self.last_used_at is None or (now - self.last_used_at).total_seconds() >= every_seconds:
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
