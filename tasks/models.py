"""Directives and their numbered items; tasks and assignments come with the task-tracking issue."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from units.models import Authority, Unit


class DirectiveKind(models.TextChoices):
    DIRECTIVE = "chi_thi", _("Chỉ thị")
    DECISION = "quyet_dinh", _("Quyết định")
    PLAN = "ke_hoach", _("Kế hoạch")
    CONCLUSION = "thong_bao_ket_luan", _("Thông báo kết luận")
    OFFICIAL_LETTER = "cong_van", _("Công văn")


class SigningMode(models.TextChoices):
    OWN = "", _("Ký trực tiếp")
    ON_BEHALF = "TM.", _("TM. (thay mặt)")
    FOR = "KT.", _("KT. (ký thay)")
    BY_ORDER = "TL.", _("TL. (thừa lệnh)")


class Directive(models.Model):
    """A source document (chỉ thị, quyết định, kế hoạch…) whose items give rise to tasks."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="directives", verbose_name=_("cơ quan ban hành"))
    kind = models.CharField(_("loại văn bản"), max_length=30, choices=DirectiveKind.choices, default=DirectiveKind.DIRECTIVE)
    number = models.CharField(_("số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 01/CT-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100)
    signing_mode = models.CharField(_("thể thức ký"), max_length=5, choices=SigningMode.choices, default=SigningMode.OWN, blank=True)
    subject = models.TextField(_("trích yếu"))
    preamble = models.TextField(_("phần mở đầu"), blank=True)
    closing = models.TextField(_("phần kết"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận"))
    units = models.ManyToManyField(Unit, blank=True, related_name="directives", verbose_name=_("đơn vị thực hiện"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issued_on", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "number", "issued_on"],
                name="directive_unique_number",
                violation_error_message=_("Đã có văn bản với số và ngày ban hành này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip() for line in self.recipients.splitlines() if line.strip()]


class DirectiveItem(models.Model):
    """A numbered item (điểm) of a directive."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="items", verbose_name=_("văn bản"))
    number = models.PositiveSmallIntegerField(_("điểm số"))
    text = models.TextField(_("nội dung"))

    class Meta:
        verbose_name = _("điểm")
        verbose_name_plural = _("các điểm")
        ordering = ["directive", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["directive", "number"],
                name="directive_item_unique_number",
                violation_error_message=_("Văn bản đã có điểm số này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.directive.number} — điểm {self.number}"

    @property
    def summary(self) -> str:
        """The item's first sentence, for lists."""
        first = self.text.split(". ")[0].split("\n")[0]
        return first if len(first) <= 160 else first[:157].rstrip() + "…"
