"""The register of outgoing documents (sổ đăng ký văn bản đi) of each issuing body, one per year
(docs/architecture.md §6): a document issued takes the next number, with no gap and no repeat."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from units.acting import cross_authority_manager, scoped_manager
from units.models import AuthorityOwned, Unit, scoped_by_unit


class DocumentKind(models.TextChoices):
    """The kinds of administrative document the app issues (Decree 30/2020, appendix III)."""

    REPORT = "BC", _("Báo cáo")


class RegisterYear(AuthorityOwned):
    """One body's register for one year. `last_number` is the last number given; an office that
    starts using the app in mid-year sets `start_number` to the next number of its paper register."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="registers", verbose_name=_("cơ quan"))
    year = models.PositiveSmallIntegerField(_("năm"))
    start_number = models.PositiveIntegerField(
        _("số bắt đầu"), default=1, help_text=_("Số đầu tiên ứng dụng cấp trong năm (khi chuyển từ sổ giấy giữa năm)")
    )
    last_number = models.PositiveIntegerField(_("số đã cấp cuối cùng"), default=0, editable=False)

    objects = scoped_manager(lookup="unit__authority")
    all_authorities = cross_authority_manager()

    class Meta:
        verbose_name = _("sổ văn bản đi theo năm")
        verbose_name_plural = _("sổ văn bản đi theo năm")
        ordering = ["-year", "unit__sort_order"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="register_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    def clean(self):
        if self.last_number and self.start_number <= self.last_number:
            raise ValidationError(
                {
                    "start_number": _("Sổ năm %(year)s đã cấp đến số %(last)s; số bắt đầu phải lớn hơn.")
                    % {"year": self.year, "last": self.last_number}
                }
            )


class RegisteredDocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> RegisteredDocumentQuerySet:
        return scoped_by_unit(self, user, "register__unit_id")


class RegisteredDocument(models.Model):
    """One line of the register: number, date, kind, subject, signer, where to read it. `key` names
    the document ("rollup:12"), so one document never takes two numbers."""

    register = models.ForeignKey(RegisterYear, on_delete=models.PROTECT, related_name="documents", verbose_name=_("sổ"))
    number = models.PositiveIntegerField(_("số"))
    kind = models.CharField(_("loại văn bản"), max_length=10, choices=DocumentKind.choices)
    symbol = models.CharField(_("ký hiệu"), max_length=40, help_text=_("Ví dụ: BC-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    subject = models.CharField(_("trích yếu"), max_length=500)
    signer_name = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=150, blank=True)
    url = models.CharField(_("đường dẫn"), max_length=300, blank=True)
    key = models.CharField(_("mã văn bản"), max_length=100, unique=True)
    created_at = models.DateTimeField(_("vào sổ lúc"), auto_now_add=True)

    objects = RegisteredDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-register__year", "register__unit__sort_order", "-number"]
        constraints = [models.UniqueConstraint(fields=["register", "number"], name="register_number_unique")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "05/BC-VP": numbers under 10 with a leading zero (Decree 30/2020, appendix I)."""
        return f"{self.number:02d}/{self.symbol}"
