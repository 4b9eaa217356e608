"""Ratings under Decree 335/2025/NĐ-CP (item 4 of directive 01/CT-UBND): a proposal per unit or unit
head and period, its task-results part computed from the task record, the common criteria entered by
the rater, adjusted with reasons, approved and frozen; leader-confirmed objective causes that exempt
a delay or a content return (docs/architecture.md §15)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from library.workcalendar import Quarter
from tasks.models import Assignment, TaskReport
from units.acting import cross_authority_manager, scoped_manager
from units.models import Authority, AuthorityOwned, Unit, User
from units.roles import roles_of

YEAR = 0  # Rating.quarter for a whole year's rating


class Subject(models.TextChoices):
    """Who is rated: a unit and its head (by Organization–Home Affairs, approved by the Chairman);
    a unit's own officials (by the unit's head, who approves them)."""

    UNIT = "unit", _("Cơ quan, đơn vị")
    HEAD = "head", _("Người đứng đầu")
    STAFF = "staff", _("Cán bộ, công chức của đơn vị")


PERSONS = (Subject.HEAD, Subject.STAFF)


class Band(models.TextChoices):
    """The four levels of Decree 335/2025/NĐ-CP, best first."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    DONE = "done", _("Hoàn thành nhiệm vụ")
    FAILED = "failed", _("Không hoàn thành nhiệm vụ")


class RatingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đề xuất")
    APPROVED = "approved", _("Đã duyệt")


class RatingQuerySet(models.QuerySet):
    def visible_to(self, user) -> RatingQuerySet:
        """Ratings are personnel records: Organization–Home Affairs, the leaders and administrators
        see all; a unit's head sees the unit's rating, their officials' and their own; everyone
        else their own only."""
        from .permissions import sees_all  # permissions imports these models: a circle, broken here

        roles = roles_of(user)
        if sees_all(user):
            return self.filter(authority_id=roles.authority_id)
        own = Q(person=user, authority_id=roles.authority_id)
        if roles.head_of:
            own |= Q(unit_id__in=roles.head_of, subject__in=[Subject.UNIT, Subject.STAFF])
        return self.filter(own)


class Rating(AuthorityOwned):
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("đơn vị"))
    subject = models.CharField(_("đối tượng"), max_length=10, choices=Subject.choices)
    person = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name=_("người đứng đầu")
    )
    person_name = models.CharField(_("họ tên người đứng đầu"), max_length=200, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), help_text=_("0: cả năm"))
    as_of = models.DateField(_("tính đến ngày"))
    # The task-results part as computed (weighted by each task's coefficient), and its products.
    assigned = models.DecimalField(_("sản phẩm được giao (quy đổi)"), max_digits=12, decimal_places=2, default=0)
    completed = models.DecimalField(_("sản phẩm hoàn thành (quy đổi)"), max_digits=12, decimal_places=2, default=0)
    quality = models.DecimalField(_("điểm chất lượng (quy đổi)"), max_digits=12, decimal_places=4, default=0)
    progress = models.DecimalField(_("điểm tiến độ (quy đổi)"), max_digits=12, decimal_places=4, default=0)
    task_points = models.DecimalField(
        _("điểm kết quả thực hiện nhiệm vụ (tính)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    products = models.JSONField(_("sản phẩm, công việc"), default=list, blank=True)
    discipline = models.JSONField(_("kỷ luật trong năm"), default=list, blank=True)
    # What the rater enters.
    task_points_adjusted = models.DecimalField(
        _("điểm kết quả thực hiện nhiệm vụ (điều chỉnh)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("70"))],
    )
    adjust_reason = models.TextField(_("lý do điều chỉnh"), blank=True)
    common_points = models.DecimalField(
        _("điểm tiêu chí chung"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("30"))],
    )
    common_note = models.TextField(_("nhận xét tiêu chí chung"), blank=True)
    lowered_for_cap = models.BooleanField(_("hạ mức do giới hạn tỷ lệ xuất sắc"), default=False)
    lowered_reason = models.TextField(_("lý do hạ mức"), blank=True)
    # Derived on each save (services), stored so lists, documents and a frozen rating never recompute.
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=10, choices=Band.choices, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=RatingStatus.choices, default=RatingStatus.PROPOSED
    )
    revision = models.PositiveIntegerField(_("phiên bản"), default=1)
    computed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người tính"))
    computed_at = models.DateTimeField(_("tính lúc"))
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người duyệt")
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)

    objects = scoped_manager(RatingQuerySet)
    all_authorities = cross_authority_manager(RatingQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử đánh giá"))

    class Meta:
        verbose_name = _("đánh giá, xếp loại")
        verbose_name_plural = _("đánh giá, xếp loại")
        ordering = ["-year", "-quarter", "unit__sort_order", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "quarter"], condition=Q(subject="unit"), name="rating_one_per_unit_period"
            ),
            models.UniqueConstraint(
                fields=["unit", "subject", "person", "year", "quarter"],
                condition=~Q(subject="unit"),
                name="rating_one_per_person_period",
            ),
            models.CheckConstraint(
                condition=Q(subject="unit", person__isnull=True) | (~Q(subject="unit") & Q(person__isnull=False)),
                name="rating_person_iff_a_person_is_rated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} — {self.unit} — {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.quarter)

    @property
    def period_key(self) -> str:
        return period_key(self.year, self.quarter)

    @property
    def frozen(self) -> bool:
        return self.status == RatingStatus.APPROVED

    @property
    def task_points_used(self) -> Decimal | None:
        """The task-results points the total uses: the rater's adjusted figure, else the computed one."""
        return self.task_points_adjusted if self.task_points_adjusted is not None else self.task_points

    @property
    def percentages(self) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
        from .method import percent  # method imports these models (Band): a circle, broken here

        return (
            percent(self.completed, self.assigned),
            percent(self.quality, self.assigned),
            percent(self.progress, self.assigned),
        )


def period_key(year: int, quarter: int) -> str:
    """ "2026Q4" or "2026", as the period box and the links carry it."""
    return f"{year}" if quarter == YEAR else Quarter(year, quarter).key


def period_label(year: int, quarter: int) -> str:
    """ "Quý IV/2026" or "Năm 2026", as people say them."""
    return str(_("Năm %(year)s") % {"year": year}) if quarter == YEAR else Quarter(year, quarter).label


class ExemptionKind(models.TextChoices):
    DELAY = "delay", _("Chậm tiến độ")
    RETURN = "return", _("Bị trả lại vì sai sót về nội dung")


class Exemption(models.Model):
    """An objective cause confirmed by a leader: the delay, or one content return, of an assignment
    deducts nothing (Decree 335/2025/NĐ-CP: "trừ trường hợp … do nguyên nhân khách quan được cấp có
    thẩm quyền xác nhận")."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="rating_exemptions", verbose_name=_("giao nhiệm vụ")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=ExemptionKind.choices)
    report = models.ForeignKey(
        TaskReport,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lần báo cáo bị trả lại"),
    )
    reason = models.TextField(_("nguyên nhân khách quan"))
    confirmed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("lãnh đạo xác nhận")
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("lịch sử xác nhận nguyên nhân khách quan"))

    class Meta:
        verbose_name = _("xác nhận nguyên nhân khách quan")
        verbose_name_plural = _("xác nhận nguyên nhân khách quan")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(kind="delay"), name="exemption_one_delay_per_assignment"
            ),
            models.UniqueConstraint(fields=["report"], condition=Q(kind="return"), name="exemption_one_per_return"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.assignment}"
