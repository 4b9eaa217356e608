"""The shared shape of what units send up (task reports, quarterly reports, and later kinds): a
versioned submission and the files attached to it. Abstract only: each app owns its concrete kind
(docs/architecture.md §4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import User, today_local

from .uploads import check_upload


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã gửi, chờ xem xét")
    ACCEPTED = "accepted", _("Đã chấp nhận")
    RETURNED = "returned", _("Bị trả lại")


class ReturnReason(models.TextChoices):
    """The grounds of item 8 of directive 01/CT-UBND for sending a submission back."""

    WRONG_PROCEDURE = "wrong_procedure", _("Không đảm bảo trình tự, thủ tục quy định")
    NO_LEGAL_ANALYSIS = "no_legal_analysis", _("Chưa làm rõ sự phù hợp với quy định hiện hành của pháp luật")
    LOW_QUALITY = "low_quality", _("Chất lượng thấp")
    WRONG_AUTHORITY = "wrong_authority", _("Chưa đúng thẩm quyền")
    LATE = "late", _("Chưa đúng thời gian quy định")


@dataclass
class Completeness:
    """What a signer is told before signing: `missing` blocks signing (nothing to sign, a figure the
    template requires); `empty` (sections with no text) asks the signer to confirm."""

    missing: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.empty

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.empty)


class Submission(models.Model):
    """What units send up: draft → submitted → accepted, or → returned with the reasons of item 8 →
    a new version. Who signed, how ("KT."), when (also as the local day), and who decided."""

    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    revision = models.PositiveIntegerField(
        _("số lần sửa"), default=0, help_text=_("Chống ghi đè khi hai người cùng sửa")
    )
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người soạn"))
    updated_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người sửa cuối"))
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    signed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    signing_mode = models.CharField(
        _("thể thức ký"), max_length=5, blank=True, help_text=_("Trống: cấp trưởng ký; KT.: cấp phó ký thay")
    )
    signer_title = models.CharField(_("chức danh người ký"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi (giờ địa phương)"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người xem xét")
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    return_reasons = models.JSONField(_("lý do trả lại"), default=list, blank=True)
    decision_note = models.TextField(_("ý kiến"), blank=True)

    class Meta:
        abstract = True

    @property
    def return_reason_labels(self) -> list[str]:
        return [ReturnReason(code).label for code in self.return_reasons if code in ReturnReason.values]

    def owning_unit_id(self) -> int:
        """The unit that prepares, signs and sends this submission."""
        raise NotImplementedError

    def has_content(self) -> bool:
        """Whether there is anything to sign: an empty submission is refused."""
        raise NotImplementedError

    def completeness(self) -> Completeness:
        """What is missing or empty; a kind with sections or required figures says more."""
        if self.has_content():
            return Completeness()
        return Completeness(missing=[str(_("Báo cáo chưa có nội dung hoặc tệp đính kèm."))])


def attachment_path(instance: StoredFile, filename: str) -> str:
    """Generated names only: the user's file name never reaches the file system."""
    return f"attachments/{today_local():%Y/%m}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """A checked upload kept outside the web root under a generated name, with size and SHA-256;
    served only through a view that applies visible_to. A concrete kind adds `report`, a foreign key
    to its submission with related_name "attachments"."""

    file = models.FileField(_("tệp"), upload_to=attachment_path, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tải lên"))
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def store(self, upload) -> None:
        """Check the upload (uploads.check_upload), write the file, then the row; a row that cannot be
        written takes its file with it."""

        checked = check_upload(upload)
        self.original_name, self.content_type = checked.name, checked.content_type
        self.size, self.sha256 = checked.size, checked.sha256
        self.file.save("upload", upload, save=False)
        try:
            self.save()
        except Exception:
            self.file.delete(save=False)
            raise
