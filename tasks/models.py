"""Directives and their items; tasks given from them, assigned to units, reported on, extended."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from library.workcalendar import Week
from submissions.models import StoredFile, Submission
from submissions.requests import DecisionRequest, DecisionStatus, one_pending, status_field
from units.acting import cross_authority_manager, scoped_manager
from units.models import (
    Authority,
    AuthorityOwned,
    FoldedSearch,
    Leader,
    Unit,
    User,
    fill_search_text,
    scoped_by_unit,
    today_local,
)


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


class Directive(AuthorityOwned, FoldedSearch):
    """A source document (chỉ thị, quyết định, kế hoạch…) whose items give rise to tasks."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="directives", verbose_name=_("cơ quan ban hành")
    )
    kind = models.CharField(
        _("loại văn bản"), max_length=30, choices=DirectiveKind.choices, default=DirectiveKind.DIRECTIVE
    )
    number = models.CharField(_("số, ký hiệu"), max_length=50, help_text=_("Ví dụ: 01/CT-UBND"))
    issued_on = models.DateField(_("ngày ban hành"))
    place = models.CharField(_("địa danh"), max_length=100)
    signer_name = models.CharField(_("người ký"), max_length=150)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=100)
    signing_mode = models.CharField(
        _("thể thức ký"), max_length=5, choices=SigningMode.choices, default=SigningMode.OWN, blank=True
    )
    subject = models.TextField(_("trích yếu"))
    preamble = models.TextField(_("phần mở đầu"), blank=True)
    closing = models.TextField(_("phần kết"), blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận"))
    units = models.ManyToManyField(Unit, blank=True, related_name="directives", verbose_name=_("đơn vị thực hiện"))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = scoped_manager()
    all_authorities = cross_authority_manager()

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

    def search_source(self) -> str:
        return " ".join((self.get_kind_display(), self.number, self.subject, self.signer_name))

    def save(self, *args, **kwargs):
        # Its tasks fold its number (Task.search_source): a renumbered directive refolds them.
        fields = kwargs.get("update_fields")
        renumbered = (
            self.pk is not None
            and (fields is None or "number" in fields)
            and Directive.objects.filter(pk=self.pk).exclude(number=self.number).exists()
        )
        super().save(*args, **kwargs)
        if renumbered:
            Task.objects.bulk_update(fill_search_text(self.tasks.all()), ["search_text"], batch_size=1000)

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


class Recurrence(models.TextChoices):
    NONE = "", _("Không lặp lại")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


class Task(AuthorityOwned, FoldedSearch):
    """One instruction (nhiệm vụ) given by a leader, from a directive item, another document, or none."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("cơ quan ban hành")
    )
    subject = models.CharField(_("trích yếu nhiệm vụ"), max_length=500)
    content = models.TextField(_("nội dung"), blank=True)
    given_by = models.ForeignKey(
        Leader, on_delete=models.PROTECT, related_name="tasks_given", verbose_name=_("lãnh đạo giao")
    )
    directive = models.ForeignKey(
        Directive,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("văn bản chỉ đạo"),
    )
    directive_item = models.ForeignKey(
        DirectiveItem, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks", verbose_name=_("điểm")
    )
    source_reference = models.CharField(
        _("văn bản khác"),
        max_length=300,
        blank=True,
        help_text=_("Số, ngày văn bản giao nhiệm vụ nếu không thuộc văn bản chỉ đạo nào"),
    )
    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=20, choices=Recurrence.choices, default=Recurrence.NONE, blank=True
    )
    # The deadline it was given with: a recurring task's schedule counts from it (tasks.services.recurring).
    first_deadline = models.DateField(_("hạn kỳ đầu"), null=True, blank=True)
    # A recurring task has no period due after this day (empty: until it is withdrawn).
    recurrence_until = models.DateField(_("lặp đến ngày"), null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="tasks_created", verbose_name=_("người tạo")
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    # Decree 335/2025/NĐ-CP weighs each product by a conversion coefficient ("đã quy đổi"): the
    # Office sets it per task; the rating reads it (ratings app, docs/architecture.md §15).
    coefficient = models.DecimalField(
        _("hệ số quy đổi"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("10"))],
        help_text=_("Dùng khi đánh giá, xếp loại theo Nghị định 335/2025/NĐ-CP; mặc định 1."),
    )
    priority = models.BooleanField(
        _("nhiệm vụ trọng tâm"),
        default=False,
        help_text=_("Đánh dấu sao: hiện trước các nhiệm vụ khác với mọi người theo dõi nhiệm vụ"),
    )

    objects = scoped_manager()
    all_authorities = cross_authority_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử nhiệm vụ"), excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def search_source(self) -> str:
        directive = self.directive.number if self.directive_id else ""
        return " ".join((self.subject, self.content, self.source_reference, directive))

    @property
    def source_label(self) -> str:
        """Where the task comes from, as an official would cite it."""
        if self.directive_item_id:
            return f"Điểm {self.directive_item.number}, {self.directive.get_kind_display()} {self.directive.number}"
        if self.directive_id:
            return f"{self.directive.get_kind_display()} {self.directive.number}"
        return self.source_reference


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    COORDINATING = "coordinating", _("Phối hợp")


class Status(models.TextChoices):
    """Assignment status, derived from dates and reports (docs/architecture.md §4), never typed in."""

    NOT_DUE = "not_due", _("Chưa đến hạn")
    NO_DEADLINE = "no_deadline", _("Không giao thời hạn")
    ON_TIME = "on_time", _("Đã báo cáo đúng hạn")
    LATE = "late", _("Đã báo cáo trễ hạn")
    OVERDUE = "overdue", _("Quá hạn chưa báo cáo")
    COMPLETED = "completed", _("Hoàn thành")
    WITHDRAWN = "withdrawn", _("Đã rút khỏi đơn vị")


# The statuses a count shows (a withdrawn assignment is counted nowhere: docs/architecture.md §4).
COUNTED_STATUSES = [status for status in Status if status != Status.WITHDRAWN]


class AssignmentQuerySet(models.QuerySet):
    """Chainable, side-effect-free filters; `visible_to` is the scoping rule."""

    def visible_to(self, user) -> AssignmentQuerySet:
        return scoped_by_unit(self, user, "unit_id")

    def with_status(self, today: date | None = None) -> AssignmentQuerySet:
        """Annotate `status` in SQL, as of the local day `today`: lists and counts filter on it."""
        return self.annotate(status=status_expression(today or today_local()))

    def overdue(self, today: date | None = None) -> AssignmentQuerySet:
        """Due for reporting and not reported: past the effective deadline with no live report."""
        return self.filter(status_conditions(today or today_local())[Status.OVERDUE])

    def in_status(self, status: str, today: date | None = None) -> AssignmentQuerySet:
        return self.filter(status_conditions(today or today_local())[status])

    def open(self) -> AssignmentQuerySet:
        """Still to do: neither completed nor withdrawn."""
        return self.filter(completed_at__isnull=True, withdrawn_at__isnull=True)

    def current(self) -> AssignmentQuerySet:
        """Not withdrawn: what counts (a withdrawn assignment keeps its history, leaves every count)."""
        return self.filter(withdrawn_at__isnull=True)


def _rooted(prefix: str):
    """A Q builder whose lookups start at `prefix` (a relation path ending in "__", or "")."""

    def q(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    return q


def status_conditions(today: date, prefix: str = "") -> dict[str, Q]:
    """The status rule as one exclusive Q per status, as of the local day `today` (docs/architecture.md §4):
    completed once accepted; reported on time / late by the local day of the live report; overdue
    from the local day after the effective deadline; otherwise not yet due. `prefix` re-roots the
    fields ("assignments__" from a Task)."""
    q = _rooted(prefix)
    deadline = F(f"{prefix}effective_deadline")
    open_ = q(completed_at__isnull=True)
    unreported = open_ & q(reported_on__isnull=True)
    # A task given "không giao thời hạn" has no deadline (NULL): never overdue, its own status until
    # reported, and a report on it is on time (docs/architecture.md §4).
    no_deadline = q(effective_deadline__isnull=True)
    # Withdrawn (issue 13): its own status, in no other; it leaves every count (`current()`).
    current = q(withdrawn_at__isnull=True)
    return {
        Status.COMPLETED: current & q(completed_at__isnull=False),
        Status.ON_TIME: current & open_ & (q(reported_on__lte=deadline) | (no_deadline & q(reported_on__isnull=False))),
        Status.LATE: current & open_ & q(reported_on__gt=deadline),
        Status.OVERDUE: current & unreported & q(effective_deadline__lt=today),
        Status.NOT_DUE: current & unreported & q(effective_deadline__gte=today),
        Status.NO_DEADLINE: current & unreported & no_deadline,
        Status.WITHDRAWN: q(withdrawn_at__isnull=False),
    }


def status_expression(today: date) -> Case:
    """`status_conditions` as one SQL CASE, for annotating and filtering lists."""
    return Case(
        *(When(condition, then=Value(status)) for status, condition in status_conditions(today).items()),
        default=Value(Status.NOT_DUE),
        output_field=models.CharField(),
    )


class Category(models.TextChoices):
    """The four categories of the Government Office's task tracking (VPCP), for assignments falling
    due in a period, judged as of a day (docs/architecture.md §4, "Categories and rates"). Unlike
    `Status`, a report counts whether or not the Office has accepted it yet."""

    DONE_ON_TIME = "done_on_time", _("Hoàn thành đúng hạn")
    DONE_LATE = "done_late", _("Hoàn thành trễ hạn")
    IN_PROGRESS = "in_progress", _("Đang thực hiện, còn hạn")
    OVERDUE = "overdue", _("Quá hạn chưa hoàn thành")
    NO_DEADLINE = "no_deadline", _("Không giao thời hạn")


def category_conditions(as_of: date, prefix: str = "") -> dict[str, Q]:
    """One exclusive Q per category, as of the local day `as_of`; `prefix` re-roots the fields
    ("assignments__" from a Task). Together they cover every assignment; one without a deadline is in
    its own category, reported or not, and never counts as due (no rate judges it)."""
    q = _rooted(prefix)
    deadline = F(f"{prefix}effective_deadline")
    unreported = q(reported_on__isnull=True)
    no_deadline = q(effective_deadline__isnull=True)
    current = q(withdrawn_at__isnull=True)  # a withdrawn assignment is in no category
    return {
        Category.DONE_ON_TIME: current & q(reported_on__lte=deadline),
        Category.DONE_LATE: current & q(reported_on__gt=deadline),
        Category.IN_PROGRESS: current & unreported & q(effective_deadline__gte=as_of),
        Category.OVERDUE: current & unreported & q(effective_deadline__lt=as_of),
        Category.NO_DEADLINE: current & no_deadline,
    }


# The rates, defined once; their formulas are shown to users in a tooltip (templates read these).
UPDATE_RATE_FORMULA = _("Tỷ lệ cập nhật = (hoàn thành đúng hạn + hoàn thành trễ hạn) ÷ số nhiệm vụ đã đến hạn")
ON_TIME_RATE_FORMULA = _("Tỷ lệ đúng hạn = hoàn thành đúng hạn ÷ số nhiệm vụ đã đến hạn")
DUE_FORMULA = _("Đã đến hạn = hoàn thành đúng hạn + hoàn thành trễ hạn + quá hạn chưa hoàn thành")


def due_count(counts: dict[str, int]) -> int:
    """Assignments whose deadline has come (or that were reported early): everything but those
    still in progress within their deadline. A unit with none has no rate, not 0%."""
    return counts[Category.DONE_ON_TIME] + counts[Category.DONE_LATE] + counts[Category.OVERDUE]


def update_rate(counts: dict[str, int]) -> float | None:
    """Share of due assignments with a report (Đà Nẵng's "tỷ lệ cập nhật"), in percent, or None."""
    due = due_count(counts)
    return round(100 * (counts[Category.DONE_ON_TIME] + counts[Category.DONE_LATE]) / due, 1) if due else None


def on_time_rate(counts: dict[str, int]) -> float | None:
    """Share of due assignments reported on time, in percent, or None when nothing is due."""
    due = due_count(counts)
    return round(100 * counts[Category.DONE_ON_TIME] / due, 1) if due else None


class Assignment(AuthorityOwned):
    """A task given to one unit, with its own deadline (nominal, extended, effective), report and status."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("nhiệm vụ"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=20, choices=AssignmentRole.choices, default=AssignmentRole.LEAD)
    sequence = models.PositiveIntegerField(_("kỳ"), default=1, help_text=_("Kỳ thứ mấy của nhiệm vụ định kỳ"))
    # All three empty for a task given "không giao thời hạn" (docs/architecture.md §4).
    original_deadline = models.DateField(_("hạn ban đầu"), null=True, blank=True)
    deadline = models.DateField(
        _("hạn hiện hành"), null=True, blank=True, help_text=_("Hạn ban đầu hoặc hạn đã được gia hạn")
    )
    effective_deadline = models.DateField(
        _("hạn thực tế"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Hạn hiện hành, lùi sang ngày làm việc kế tiếp nếu rơi vào ngày nghỉ"),
    )
    assigned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người giao"))
    assigned_at = models.DateTimeField(_("giao lúc"), auto_now_add=True)
    # Kept by the services from the report versions, so that status is plain SQL.
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    reported_on = models.DateField(_("ngày báo cáo (giờ địa phương)"), null=True, blank=True)
    returned_at = models.DateTimeField(_("bị trả lại lúc"), null=True, blank=True)
    completed_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)
    # Set when the leader who gave the task (or the Office) agrees to withdraw it from the unit or to
    # give it to another unit (AssignmentChange): it stays, with its history, out of every count.
    withdrawn_at = models.DateTimeField(_("rút khỏi đơn vị lúc"), null=True, blank=True)

    objects = scoped_manager(AssignmentQuerySet, "unit__authority")
    all_authorities = cross_authority_manager(AssignmentQuerySet)
    history = HistoricalRecords(verbose_name=_("lịch sử giao nhiệm vụ"))

    class Meta:
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        ordering = [F("effective_deadline").asc(nulls_last=True), "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "sequence"], name="assignment_once_per_unit_and_period"),
        ]
        indexes = [models.Index(fields=["unit", "effective_deadline"])]

    def __str__(self) -> str:
        return f"{self.task} — {self.unit}"

    def status_on(self, today: date | None = None) -> str:
        """The same rule as `status_expression`, in Python, for one loaded object."""
        today = today or today_local()
        if self.withdrawn_at:
            return Status.WITHDRAWN
        if self.completed_at:
            return Status.COMPLETED
        if self.effective_deadline is None:
            return Status.ON_TIME if self.reported_on else Status.NO_DEADLINE
        if self.reported_on:
            return Status.ON_TIME if self.reported_on <= self.effective_deadline else Status.LATE
        return Status.OVERDUE if self.effective_deadline < today else Status.NOT_DUE

    @property
    def current_status(self) -> str:
        return getattr(self, "status", None) or self.status_on()

    @property
    def status_label(self) -> str:
        return Status(self.current_status).label

    @property
    def extended(self) -> bool:
        return self.deadline != self.original_deadline

    @property
    def deadline_moved(self) -> bool:
        return self.effective_deadline != self.deadline


class TaskReportQuerySet(models.QuerySet):
    """Chainable filters over report versions."""

    def visible_to(self, user) -> TaskReportQuerySet:
        return scoped_by_unit(self, user, "assignment__unit_id")


class TaskReport(Submission):
    """One version of a unit's report on an assignment. Submitted versions are never edited;
    a resubmission after a return is a new version."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("giao nhiệm vụ")
    )
    text = models.TextField(_("nội dung báo cáo"), blank=True)

    objects = TaskReportQuerySet.as_manager()
    history = HistoricalRecords(verbose_name=_("lịch sử báo cáo"))

    class Meta:
        verbose_name = _("báo cáo nhiệm vụ")
        verbose_name_plural = _("báo cáo nhiệm vụ")
        ordering = ["assignment", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "version"], name="report_unique_version"),
            models.UniqueConstraint(
                fields=["assignment"], condition=Q(status="draft"), name="report_one_draft_per_assignment"
            ),
        ]
        # The queue's oldest-first read of what waits (reports.queue), and its capped count.
        indexes = [
            models.Index(
                fields=["submitted_at", "id"], condition=Q(status="submitted"), name="report_waiting_oldest_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} — lần {self.version}"

    def owning_unit_id(self) -> int:
        return self.assignment.unit_id

    def has_content(self) -> bool:
        return bool(self.text.strip()) or self.attachments.exists()


class Attachment(StoredFile):
    """A file attached to a task report version."""

    report = models.ForeignKey(
        TaskReport, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("báo cáo")
    )

    class Meta(StoredFile.Meta):
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Chờ quyết định")
    APPROVED = "approved", _("Đồng ý gia hạn")
    REFUSED = "refused", _("Không đồng ý")
    WITHDRAWN = "withdrawn", _("Đơn vị đã rút đề nghị")


class AssignmentRequest(DecisionRequest):
    """A unit's request about an assignment, to the leader who gave the task (the Office decides
    for any leader): an extension, a withdrawal or reassignment. The shared workflow is
    submissions.requests (docs/architecture.md §4, "Requests")."""

    subject_field = "assignment"
    unit_path = "assignment__unit_id"
    decider_path = "assignment__task__given_by__user"

    class Meta(DecisionRequest.Meta):
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse("tasks:assignment_detail", args=[self.assignment_id])

    @property
    def asking_unit(self) -> Unit:
        return self.assignment.unit

    def deciders(self) -> list[User]:
        return [self.assignment.task.given_by.user]

    def notice_context(self) -> dict:
        return {"assignment": self.assignment}


class ExtensionRequest(AssignmentRequest):
    """A unit asks for a later deadline; the leader who gave the task (or the Office) decides."""

    notice = "extension"
    already_pending = _("Đã có một đề nghị gia hạn đang chờ quyết định.")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="extension_requests", verbose_name=_("giao nhiệm vụ")
    )
    current_deadline = models.DateField(_("hạn lúc đề nghị"))
    requested_deadline = models.DateField(_("hạn đề nghị"))
    status = status_field(ExtensionStatus)

    history = HistoricalRecords(verbose_name=_("lịch sử gia hạn"))

    class Meta(AssignmentRequest.Meta):
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        constraints = [
            one_pending("assignment", "extension_one_pending_per_assignment"),
            models.CheckConstraint(
                condition=Q(requested_deadline__gt=F("current_deadline")), name="extension_moves_deadline_later"
            ),
        ]
        # The queue's oldest-first read of pending requests (reports.queue).
        indexes = [
            models.Index(
                fields=["requested_at", "id"], condition=Q(status="pending"), name="extension_pending_oldest_first"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} → {self.requested_deadline:%d/%m/%Y}"


class ReminderSent(models.Model):
    """A reminder already sent for an assignment's deadline: the unique row makes a rerun a no-op."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("giao nhiệm vụ")
    )
    deadline = models.DateField(_("hạn được nhắc"))
    days_before = models.PositiveSmallIntegerField(_("số ngày làm việc trước hạn"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhắc hạn đã gửi")
        verbose_name_plural = _("nhắc hạn đã gửi")
        constraints = [models.UniqueConstraint(fields=["assignment", "deadline", "days_before"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.days_before})"


class UnitReminder(models.Model):
    """A reminder someone sent by hand to a unit that has not reported on an assignment (from the
    task progress page): who, whom, when. The latest one per assignment gates the next
    (settings.CHITHI_REMIND_INTERVAL_WORKING_DAYS, docs/architecture.md §4)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="unit_reminders", verbose_name=_("giao nhiệm vụ")
    )
    sent_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", verbose_name=_("người nhắc"))
    sent_at = models.DateTimeField(_("nhắc lúc"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("nhắc báo cáo")
        verbose_name_plural = _("nhắc báo cáo")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["assignment", "-sent_at"])]

    def __str__(self) -> str:
        return f"{self.assignment} ({self.sent_at:%d/%m/%Y %H:%M})"


class WeeklySummary(AuthorityOwned):
    """The Monday list for the Chairman and Vice Chairmen, stored as it was sent (item 8): later
    changes to tasks never rewrite it. A forced re-run supersedes it and keeps it as history.

    Its content is rows, not a document (docs/architecture.md §5): one WeeklySummaryTask per task
    (per part: overdue, due this week) with its counts, one WeeklySummaryRow per unit under it, and
    WeeklySummaryUnit counts per unit and leader; the totals are on this record, so a list of weeks
    or one page of a week reads a slice, never every row."""

    authority = models.ForeignKey(
        Authority, on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan ban hành")
    )
    week = models.CharField(_("tuần"), max_length=10, db_index=True)
    as_of = models.DateField(_("tính đến 00:00 ngày"))
    delivery_date = models.DateField(_("ngày gửi"))
    generated_at = models.DateTimeField(_("lập lúc"), auto_now_add=True)
    overdue_total = models.PositiveIntegerField(_("số lượt quá hạn chưa báo cáo"), default=0)
    overdue_tasks = models.PositiveIntegerField(_("số nhiệm vụ quá hạn chưa báo cáo"), default=0)
    upcoming_total = models.PositiveIntegerField(_("số lượt đến hạn trong tuần"), default=0)
    upcoming_tasks = models.PositiveIntegerField(_("số nhiệm vụ đến hạn trong tuần"), default=0)
    # Tasks given "không giao thời hạn" and not yet reported: counted apart, never overdue.
    no_deadline_total = models.PositiveIntegerField(_("số lượt không giao thời hạn chưa báo cáo"), default=0)
    no_deadline_tasks = models.PositiveIntegerField(_("số nhiệm vụ không giao thời hạn chưa báo cáo"), default=0)
    notes = models.JSONField(_("ghi chú"), default=list, blank=True)
    superseded_at = models.DateTimeField(_("bị thay thế lúc"), null=True, blank=True)
    document_number = models.CharField(
        _("số, ký hiệu"), max_length=60, blank=True, help_text=_("Cấp từ sổ văn bản đi của Văn phòng khi gửi")
    )

    objects = scoped_manager()
    all_authorities = cross_authority_manager()

    class Meta:
        verbose_name = _("báo cáo thứ hai hằng tuần")
        verbose_name_plural = _("báo cáo thứ hai hằng tuần")
        ordering = ["-as_of", "-generated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "week"],
                condition=Q(superseded_at__isnull=True),
                name="weekly_summary_one_current_per_authority_week",
            ),
        ]

    def __str__(self) -> str:
        return self.week

    @property
    def overdue_count(self) -> int:
        return self.overdue_total

    @property
    def week_label(self) -> str:
        """ "tuần từ 23/11 đến 29/11/2026" (library.workcalendar.Week.label); the code stays in URLs."""
        return Week.parse(self.week).label


class SummaryPart(models.TextChoices):
    OVERDUE = "overdue", _("Quá hạn chưa báo cáo")
    UPCOMING = "upcoming", _("Đến hạn trong tuần")


class WeeklySummaryTask(models.Model):
    """One task of a Monday summary, as sent: its subject, source and leader written out (ids kept
    as plain numbers, for links, never joined), how many units had not reported, their deadlines'
    range, how many were returned, and the days overdue when every unit is as late. `position`
    orders a part: per leader (the Chairman first), most units first, then the oldest deadline."""

    summary = models.ForeignKey(WeeklySummary, on_delete=models.CASCADE, related_name="task_groups")
    part = models.CharField(max_length=8, choices=SummaryPart.choices)
    position = models.PositiveIntegerField()
    leader_id = models.IntegerField()
    leader = models.CharField(max_length=255)
    leader_rank = models.PositiveSmallIntegerField(default=1)
    task_id = models.IntegerField(null=True, blank=True)
    task = models.TextField()
    source = models.TextField(blank=True)
    count = models.PositiveIntegerField()
    first_deadline = models.DateField()
    last_deadline = models.DateField()
    returned = models.PositiveIntegerField(default=0)
    same_days = models.IntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ trong báo cáo thứ hai")
        verbose_name_plural = _("nhiệm vụ trong báo cáo thứ hai")
        ordering = ["summary", "part", "position"]
        constraints = [
            models.UniqueConstraint(fields=["summary", "part", "position"], name="weekly_task_position"),
        ]
        indexes = [models.Index(fields=["summary", "part", "leader_id", "position"], name="weekly_task_leader")]

    def __str__(self) -> str:
        return self.task


class WeeklySummaryRow(models.Model):
    """One unit that had not reported on a task of a Monday summary, as sent; `position` orders the
    units of the task, the longest overdue first. The days overdue are the summary's Monday less
    the effective deadline (tasks.selectors)."""

    group = models.ForeignKey(WeeklySummaryTask, on_delete=models.CASCADE, related_name="unit_rows")
    position = models.PositiveIntegerField()
    assignment_id = models.IntegerField()
    unit_id = models.IntegerField()
    unit = models.CharField(max_length=255)
    unit_order = models.IntegerField(default=0)
    original_deadline = models.DateField()
    effective_deadline = models.DateField()
    extended = models.BooleanField(default=False)
    returned = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("đơn vị trong báo cáo thứ hai")
        verbose_name_plural = _("đơn vị trong báo cáo thứ hai")
        ordering = ["group", "position"]
        constraints = [models.UniqueConstraint(fields=["group", "position"], name="weekly_row_position")]

    def __str__(self) -> str:
        return self.unit


class WeeklySummaryUnit(models.Model):
    """How many overdue assignments a unit had in a Monday summary, per leader who gave them (the
    per-unit table, for all leaders or one, without reading the rows)."""

    summary = models.ForeignKey(WeeklySummary, on_delete=models.CASCADE, related_name="unit_counts")
    leader_id = models.IntegerField()
    unit_id = models.IntegerField()
    unit = models.CharField(max_length=255)
    unit_order = models.IntegerField(default=0)
    count = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("số quá hạn của đơn vị trong báo cáo thứ hai")
        verbose_name_plural = _("số quá hạn của đơn vị trong báo cáo thứ hai")
        constraints = [
            models.UniqueConstraint(fields=["summary", "leader_id", "unit_id"], name="weekly_unit_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.count}"


class ChangeKind(models.TextChoices):
    WITHDRAW = "withdraw", _("Rút nhiệm vụ khỏi đơn vị")
    REASSIGN = "reassign", _("Giao cho đơn vị khác")


# A withdrawal or reassignment is approved or refused in the shared words.
ChangeStatus = DecisionStatus


class AssignmentChange(AssignmentRequest):
    """A unit asks that a task be withdrawn from it, or given to another unit, because it is not
    within its competence or depends on another body (the Government Office's practice); the leader
    who gave the task (or the Office) decides."""

    notice = "change"
    already_pending = _("Đã có một đề nghị rút, chuyển nhiệm vụ đang chờ quyết định.")

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("giao nhiệm vụ")
    )
    kind = models.CharField(_("đề nghị"), max_length=20, choices=ChangeKind.choices)
    proposed_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị đề xuất giao")
    )

    history = HistoricalRecords(verbose_name=_("lịch sử đề nghị rút, chuyển nhiệm vụ"))

    class Meta(AssignmentRequest.Meta):
        verbose_name = _("đề nghị rút, chuyển nhiệm vụ")
        verbose_name_plural = _("đề nghị rút, chuyển nhiệm vụ")
        constraints = [one_pending("assignment", "change_one_pending_per_assignment")]

    def __str__(self) -> str:
        return f"{self.assignment} — {self.get_kind_display()}"
