"""Quarterly reports on a directive: templates (sections following the directive's items, with
indicators), and each unit's report for a quarter, filed by day 20 (docs/architecture.md §3–§4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from library.formfields import format_number
from library.workcalendar import Quarter
from submissions.models import Completeness, StoredFile, Submission, SubmissionStatus
from tasks.models import Directive, DirectiveItem
from units.acting import cross_authority_manager, scoped_manager
from units.models import Authority, AuthorityOwned, Unit, User, scoped_by_unit


class ReportTemplate(AuthorityOwned):
    """The form units fill for a directive each quarter. A template that a submitted report uses
    is frozen: changes go into a new version, so no submitted report changes under anyone."""

    directive = models.ForeignKey(
        Directive, on_delete=models.PROTECT, related_name="report_templates", verbose_name=_("văn bản chỉ đạo")
    )
    version = models.PositiveSmallIntegerField(_("phiên bản"), default=1)
    title = models.CharField(_("tên mẫu"), max_length=300)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = scoped_manager(lookup="directive__authority")
    all_authorities = cross_authority_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử mẫu báo cáo quý"))

    class Meta:
        verbose_name = _("mẫu báo cáo quý")
        verbose_name_plural = _("mẫu báo cáo quý")
        ordering = ["directive", "-version"]
        constraints = [models.UniqueConstraint(fields=["directive", "version"], name="report_template_unique_version")]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"

    @property
    def in_use(self) -> bool:
        """Used by a report that has left the draft stage."""
        return self.reports.exclude(status=SubmissionStatus.DRAFT).exists()

    def check_editable(self) -> None:
        if self.pk and self.in_use:
            raise ValidationError(_("Mẫu đã được dùng cho báo cáo đã gửi; hãy tạo phiên bản mới thay vì sửa mẫu này."))

    @classmethod
    def latest_for(cls, directive: Directive) -> ReportTemplate | None:
        return cls.objects.filter(directive=directive).order_by("-version").first()


class _FrozenWithTemplate(models.Model):
    """Sections and indicators refuse changes once their template is in use."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._template().check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._template().check_editable()
        return super().delete(*args, **kwargs)

    def clean(self):
        self._template().check_editable()

    def _template(self) -> ReportTemplate:
        raise NotImplementedError


class TemplateSection(_FrozenWithTemplate):
    """A section of the template, following one item of the directive."""

    template = models.ForeignKey(
        ReportTemplate, on_delete=models.CASCADE, related_name="sections", verbose_name=_("mẫu")
    )
    item = models.ForeignKey(
        DirectiveItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("điểm")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu đề"), max_length=300)
    guidance = models.TextField(_("hướng dẫn viết"), blank=True)

    class Meta:
        verbose_name = _("phần của mẫu")
        verbose_name_plural = _("các phần của mẫu")
        ordering = ["template", "order"]
        constraints = [models.UniqueConstraint(fields=["template", "order"], name="template_section_unique_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"

    def _template(self) -> ReportTemplate:
        return self.template


class IndicatorKind(models.TextChoices):
    INTEGER = "integer", _("Số nguyên")
    PERCENT = "percent", _("Tỷ lệ %")
    BOOLEAN = "boolean", _("Có/Không")
    TEXT = "text", _("Văn bản ngắn")


class Indicator(_FrozenWithTemplate):
    """A figure a reviewer asks for under a section; `code` keys the value in each report."""

    section = models.ForeignKey(
        TemplateSection, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("phần")
    )
    code = models.SlugField(_("mã"), max_length=60)
    label = models.CharField(_("chỉ tiêu"), max_length=300)
    kind = models.CharField(_("kiểu"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.INTEGER)
    required = models.BooleanField(
        _("bắt buộc"), default=False, help_text=_("Báo cáo không ký gửi được khi chỉ tiêu này còn trống")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["section", "order"]

    def __str__(self) -> str:
        return self.label

    def _template(self) -> ReportTemplate:
        return self.section.template

    def display(self, value) -> str:
        """A figure as the report reads, on screen and in Word: "1.430", "92,5%", "Có", "—" if blank."""
        if value in (None, ""):
            return "—"
        if self.kind == IndicatorKind.BOOLEAN:
            return "Có" if value == "yes" else "Không"
        if self.kind in (IndicatorKind.INTEGER, IndicatorKind.PERCENT):
            shown = format_number(value)
            return f"{shown}%" if self.kind == IndicatorKind.PERCENT else shown
        return str(value)


@dataclass
class SectionBody:
    """One section of a report as it reads: its text and its figures (indicator, value as shown)."""

    section: TemplateSection
    text: str
    figures: list[tuple[Indicator, str]]


class QuarterlyReportQuerySet(models.QuerySet):
    """Chainable filters; `visible_to` is the scoping rule."""

    def visible_to(self, user) -> QuarterlyReportQuerySet:
        return scoped_by_unit(self, user, "unit_id")

    def in_quarter(self, key: str) -> QuarterlyReportQuerySet:
        return self.filter(quarter=key)


class QuarterlyReport(AuthorityOwned, Submission):
    """One version of a unit's quarterly report on a directive. `narratives` maps section ids to
    text, `values` maps indicator codes to figures; `task_counts` is the unit's assignment counts
    for the Decree 09 period, filled in by the system so nobody retypes them."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="quarterly_reports", verbose_name=_("đơn vị"))
    quarter = models.CharField(_("quý"), max_length=6, help_text=_("Ví dụ: 2026Q3"))
    template = models.ForeignKey(
        ReportTemplate, on_delete=models.PROTECT, related_name="reports", verbose_name=_("mẫu")
    )
    narratives = models.JSONField(_("nội dung theo từng phần"), default=dict, blank=True)
    values = models.JSONField(_("số liệu"), default=dict, blank=True)
    task_counts = models.JSONField(_("tình hình thực hiện nhiệm vụ"), default=dict, blank=True)
    document_number = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Cấp từ sổ văn bản đi của đơn vị khi ký gửi")
    )

    objects = scoped_manager(QuarterlyReportQuerySet, "unit__authority")
    all_authorities = cross_authority_manager(QuarterlyReportQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo quý"))

    class Meta:
        verbose_name = _("báo cáo quý")
        verbose_name_plural = _("báo cáo quý")
        ordering = ["-quarter", "unit__sort_order", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "quarter", "template", "version"], name="quarterly_report_unique_version"
            ),
            models.UniqueConstraint(
                fields=["unit", "quarter", "template"], condition=Q(status="draft"), name="quarterly_report_one_draft"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.quarter_label} (lần {self.version})"

    def owning_unit_id(self) -> int:
        return self.unit_id

    @property
    def quarter_label(self) -> str:
        """The quarter as people say it: "Quý IV/2026"."""
        return Quarter.parse(self.quarter).label

    def has_content(self) -> bool:
        return bool(self.narratives) or bool(self.values) or self.attachments.exists()

    def sections(self) -> list[TemplateSection]:
        """The template's sections with their indicators (a template in use never changes)."""
        return list(self.template.sections.prefetch_related("indicators"))

    def body(self, sections: list[TemplateSection] | None = None) -> list[SectionBody]:
        """The report as it reads, section by section, for the screen, the preview and the diff."""
        return [
            SectionBody(
                section,
                self.narratives.get(str(section.pk), ""),
                [(indicator, self._shown(indicator)) for indicator in section.indicators.all()],
            )
            for section in (self.sections() if sections is None else sections)
        ]

    def _shown(self, indicator: Indicator) -> str:
        """The figure as typed; with the unit's reason when it differs from the register's count."""
        shown = indicator.display(self.values.get(indicator.code))
        why = self.values.get(indicator.code + "__why")
        return f"{shown} (lý do khác số theo sổ: {why})" if why else shown

    def completeness(self, sections: list[TemplateSection] | None = None) -> Completeness:
        """Required figures left blank block signing; sections with no text ask for confirmation."""
        check = super().completeness()
        for part in self.body(sections):
            for indicator, _shown in part.figures:
                if indicator.required and self.values.get(indicator.code) in (None, ""):
                    check.missing.append(
                        gettext("chỉ tiêu bắt buộc “%(label)s” (phần %(n)s)")
                        % {"label": indicator.label, "n": part.section.order}
                    )
            if not part.text.strip():
                check.empty.append(f"{part.section.order}. {part.section.title}")
        return check


class SubmissionRollup(AuthorityOwned):
    """Day-20 record for a quarter: which units submitted on time, late, not at all, or were
    returned, with headline figures. Stored as made; a forced re-run supersedes it (history)."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    quarter = models.CharField(_("quý"), max_length=6, db_index=True)
    generated_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    rows = models.JSONField(_("các đơn vị"), default=list)
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)

    objects = scoped_manager()
    all_authorities = cross_authority_manager()

    class Meta:
        verbose_name = _("tổng hợp tình hình gửi báo cáo (ngày 20)")
        verbose_name_plural = _("tổng hợp tình hình gửi báo cáo (ngày 20)")
        ordering = ["-quarter", "-generated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "quarter"],
                condition=Q(superseded_at__isnull=True),
                name="submission_rollup_one_current_per_authority",
            )
        ]

    def __str__(self) -> str:
        return self.quarter

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row["status"] == status)


class RollupStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class QuarterRollup(AuthorityOwned):
    """Day-25 consolidated report for the Chairman: figures per directive item and indicator across
    units (agencies / communes), task completion per unit, units missing, late or returned.
    Organization–Home Affairs adds commentary, signs and issues it; an issued version is frozen and
    a later draft (say, after a late report) is a new version."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    quarter = models.CharField(_("quý"), max_length=6, db_index=True)
    version = models.PositiveSmallIntegerField(_("lần"), default=1)
    status = models.CharField(_("trạng thái"), max_length=20, choices=RollupStatus.choices, default=RollupStatus.DRAFT)
    generated_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    data = models.JSONField(_("số liệu tổng hợp"), default=dict)
    commentary = models.TextField(_("nhận xét, đánh giá"), blank=True)
    revision = models.PositiveIntegerField(_("số lần sửa"), default=0)
    signed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    signing_mode = models.CharField(_("thể thức ký"), max_length=5, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=150, blank=True)
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    document_number = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Cấp từ sổ văn bản đi khi ban hành")
    )

    objects = scoped_manager()
    all_authorities = cross_authority_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo tổng hợp"))

    class Meta:
        verbose_name = _("báo cáo tổng hợp quý (ngày 25)")
        verbose_name_plural = _("báo cáo tổng hợp quý (ngày 25)")
        ordering = ["-quarter", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "quarter", "version"], name="quarter_rollup_unique_version_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.quarter_label} (lần {self.version})"

    @property
    def quarter_label(self) -> str:
        """The quarter as people say it: "Quý IV/2026"."""
        return Quarter.parse(self.quarter).label

    def completeness(self) -> Completeness:
        """Issuing without the assessment of Organization–Home Affairs asks for confirmation."""
        return Completeness(empty=[] if self.commentary.strip() else [gettext("Nhận xét, đánh giá và kiến nghị")])


class QuarterlyAttachment(StoredFile):
    """A file attached to a quarterly report version."""

    report = models.ForeignKey(
        QuarterlyReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("báo cáo quý")
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("tệp đính kèm báo cáo quý")
        verbose_name_plural = _("tệp đính kèm báo cáo quý")
