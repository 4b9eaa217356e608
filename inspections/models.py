"""Inspections of administrative discipline (item 7 of directive 01/CT-UBND): who inspected which
unit and when, the violations found, the follow-up measures (each a task through the normal task
flow) and the disciplinary decisions. Names of officials are personal data: only Organization–Home
Affairs, the leaders and the head of the unit concerned see them, and each view of a record with
names is logged (docs/architecture.md §14)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tasks.models import Task
from units.acting import cross_authority_manager, scoped_manager
from units.models import Authority, AuthorityOwned, Unit, User, scoped_by_unit


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> InspectionQuerySet:
        return scoped_by_unit(self, user, "unit_id")


class Inspector(models.TextChoices):
    HOME_AFFAIRS = "home_affairs", _("Cơ quan Tổ chức - Nội vụ")
    HEAD = "head", _("Người đứng đầu đơn vị tự kiểm tra")


class Inspection(AuthorityOwned):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="inspections", verbose_name=_("đơn vị"))
    inspector = models.CharField(_("đơn vị kiểm tra"), max_length=20, choices=Inspector.choices)
    held_on = models.DateField(_("ngày kiểm tra"))
    scope = models.TextField(_("nội dung kiểm tra"))
    team = models.CharField(_("thành phần đoàn kiểm tra"), max_length=500, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người ghi"))
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    objects = scoped_manager(InspectionQuerySet)
    all_authorities = cross_authority_manager(InspectionQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử cuộc kiểm tra"))

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.unit} — {self.held_on:%d/%m/%Y}"


class ViolationCategory(models.TextChoices):
    LATE_HANDLING = "late_handling", _("Chậm xử lý công việc")
    HARASSMENT = "harassment", _("Gây phiền hà, sách nhiễu người dân, doanh nghiệp")
    OFFICE_CULTURE = "office_culture", _("Vi phạm văn hóa công sở")
    PUBLIC_ASSETS = "public_assets", _("Sử dụng tài sản công sai mục đích")
    ABSENCE = "absence", _("Vắng mặt, bỏ vị trí làm việc không lý do")
    OTHER = "other", _("Khác")


class Finding(models.Model):
    """One violation found by the inspection; the official may be named (personal data)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField(_("loại vi phạm"), max_length=20, choices=ViolationCategory.choices)
    description = models.TextField(_("nội dung vi phạm"))
    person = models.CharField(_("người vi phạm (họ tên, chức vụ)"), max_length=200, blank=True)

    history = HistoricalRecords(verbose_name=_("lịch sử vi phạm"))

    class Meta:
        verbose_name = _("vi phạm")
        verbose_name_plural = _("vi phạm")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.get_category_display()


class Measure(models.Model):
    """A follow-up measure with its deadline: a task assigned to the inspected unit."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="measures")
    task = models.OneToOneField(Task, on_delete=models.PROTECT, related_name="inspection_measure")

    class Meta:
        verbose_name = _("biện pháp khắc phục")
        verbose_name_plural = _("biện pháp khắc phục")
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return str(self.task)


class StaffKind(models.TextChoices):
    CIVIL_SERVANT = "civil_servant", _("Công chức")
    PUBLIC_EMPLOYEE = "public_employee", _("Viên chức")
    COLLECTIVE = "collective", _("Tập thể")


class DisciplineForm(models.TextChoices):
    """The forms of discipline (Law on Cadres and Civil Servants art. 79, Law on Public Employees
    art. 52; Decree 112/2020/NĐ-CP): a collective is reprimanded or warned only."""

    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    SALARY_DOWN = "salary_down", _("Hạ bậc lương")
    DEMOTION = "demotion", _("Giáng chức")
    DISMISSAL = "dismissal", _("Cách chức")
    DISCHARGE = "discharge", _("Buộc thôi việc")


FORMS_FOR = {
    StaffKind.CIVIL_SERVANT: list(DisciplineForm),
    StaffKind.PUBLIC_EMPLOYEE: [
        DisciplineForm.REPRIMAND,
        DisciplineForm.WARNING,
        DisciplineForm.DISMISSAL,
        DisciplineForm.DISCHARGE,
    ],
    StaffKind.COLLECTIVE: [DisciplineForm.REPRIMAND, DisciplineForm.WARNING],
}


class Decision(models.Model):
    """A disciplinary decision following the inspection (a person or a body of the unit)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="decisions")
    staff_kind = models.CharField(_("đối tượng"), max_length=20, choices=StaffKind.choices)
    subject = models.CharField(_("người hoặc tập thể bị kỷ luật"), max_length=200)
    form = models.CharField(_("hình thức kỷ luật"), max_length=20, choices=DisciplineForm.choices)
    number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))

    history = HistoricalRecords(verbose_name=_("lịch sử quyết định kỷ luật"))

    class Meta:
        verbose_name = _("quyết định kỷ luật")
        verbose_name_plural = _("quyết định kỷ luật")
        ordering = ["inspection", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} — {self.get_form_display()}"


class NamedView(models.Model):
    """Who opened an inspection with its names shown, and when (personal data: every view kept)."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="named_views")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    viewed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lượt xem có tên")
        verbose_name_plural = _("lượt xem có tên")
        ordering = ["-viewed_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.viewed_at:%d/%m/%Y %H:%M}"
