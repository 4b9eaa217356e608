"""What the API shows of each object, and what it accepts to create a directive or a task. Reads
never carry more than the page shows the same person (docs §16)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from reports.models import QuarterlyReport, QuarterRollup
from tasks.models import (
    Assignment,
    Directive,
    DirectiveItem,
    DirectiveKind,
    Recurrence,
    Status,
    Task,
    TaskReport,
    WeeklySummary,
)
from units.models import Authority, Leader, Unit
from units.roles import roles_of


class AuthoritySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("Cơ quan ban hành cấp trên (mã)")
    )
    unit = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text=_("Là đơn vị (mã) của cơ quan cấp trên")
    )
    acting = serializers.SerializerMethodField(help_text=_("Yêu cầu này đang làm việc tại cơ quan này"))

    class Meta:
        model = Authority
        fields = ["id", "code", "name", "full_name", "parent_name", "place", "parent", "unit", "acting"]

    def get_acting(self, authority) -> bool:
        return authority.pk == roles_of(self.context["request"].user).authority_id


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "is_active"]


class DirectiveItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = DirectiveItem
        fields = ["number", "text"]


class DirectiveSerializer(serializers.ModelSerializer):
    items = DirectiveItemSerializer(many=True, read_only=True)

    class Meta:
        model = Directive
        fields = [
            "id",
            "kind",
            "number",
            "issued_on",
            "place",
            "signer_name",
            "signer_position",
            "subject",
            "items",
            "created_at",
        ]


class DirectiveItemInput(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=999)
    text = serializers.CharField(max_length=20000)


class DirectiveCreateSerializer(serializers.Serializer):
    """A directive as it arrives from the document-management system, with its items."""

    kind = serializers.ChoiceField(choices=DirectiveKind.choices, default=DirectiveKind.DIRECTIVE)
    number = serializers.CharField(max_length=50)
    issued_on = serializers.DateField()
    place = serializers.CharField(max_length=100)
    signer_name = serializers.CharField(max_length=150)
    signer_position = serializers.CharField(max_length=100)
    subject = serializers.CharField(max_length=5000)
    items = DirectiveItemInput(many=True, required=False)

    def validate_items(self, items):
        numbers = [i["number"] for i in items]
        if len(numbers) != len(set(numbers)):
            raise serializers.ValidationError(_("Số thứ tự các điểm không được trùng nhau."))
        return items


class AssignmentSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "task",
            "unit",
            "role",
            "sequence",
            "original_deadline",
            "deadline",
            "effective_deadline",
            "assigned_at",
            "reported_on",
            "completed_at",
            "withdrawn_at",
            "status",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=Status.choices))
    def get_status(self, obj) -> str:
        status = getattr(obj, "status", None)
        return status if status is not None else obj.status_on(self.context.get("today"))


class TaskSerializer(serializers.ModelSerializer):
    given_by = serializers.CharField(source="given_by.user.get_full_name", read_only=True)
    assignments = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "subject",
            "content",
            "given_by",
            "directive",
            "source_reference",
            "recurrence",
            "first_deadline",
            "priority",
            "coefficient",
            "created_at",
            "assignments",
        ]

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, obj) -> list:
        rows = getattr(obj, "visible_assignments", None)
        return AssignmentSerializer(rows if rows is not None else [], many=True, context=self.context).data


class InScope(serializers.PrimaryKeyRelatedField):
    """A related object chosen by id among the acting authority's (docs/architecture.md §17): the
    queryset is built at each validation, never once at import."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model.objects.none(), **kwargs)

    def get_queryset(self):
        return self.model.objects.all()


class TaskCreateSerializer(serializers.Serializer):
    """A task given from a directive's item, as the Office's form gives it."""

    subject = serializers.CharField(max_length=500)
    content = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    given_by = InScope(Leader, help_text=_("Lãnh đạo giao (id)"))
    deadline = serializers.DateField(allow_null=True, help_text=_("Để trống (null): không giao thời hạn"))
    units = serializers.ListField(
        child=serializers.CharField(max_length=40), min_length=1, max_length=500, help_text=_("Mã các đơn vị")
    )
    lead_unit = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    directive = InScope(Directive, required=False, allow_null=True)
    directive_item = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    source_reference = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, default=Recurrence.NONE)

    def validate_given_by(self, leader: Leader) -> Leader:
        """A leader in office today, as the task form offers."""
        if not Leader.objects.active().filter(pk=leader.pk).exists():
            raise serializers.ValidationError(_("Lãnh đạo này không còn đương nhiệm."))
        return leader

    def validate_deadline(self, value: date | None) -> date | None:
        if value is not None and not date(2000, 1, 1) <= value <= date(2100, 12, 31):
            raise serializers.ValidationError(_("Hạn phải trong khoảng năm 2000–2100."))
        return value


class ReportSendSerializer(serializers.Serializer):
    """A unit's report on an assignment, sent at once (the page's draft-then-sign in one step)."""

    text = serializers.CharField(max_length=50000, trim_whitespace=True)
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False),
        required=False,
        max_length=10,
        help_text=_("Tệp đính kèm (multipart/form-data, tối đa 10 tệp), kiểm tra như trên trang"),
    )


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class TaskReportSerializer(serializers.ModelSerializer):
    signed_by = serializers.CharField(source="signed_by.get_full_name", read_only=True, default="")
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = TaskReport
        fields = [
            "id",
            "assignment",
            "version",
            "status",
            "text",
            "submitted_at",
            "submitted_on",
            "signed_by",
            "signing_mode",
            "signer_title",
            "decided_at",
            "return_reasons",
            "decision_note",
            "attachments",
        ]


class WeeklySummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = WeeklySummary
        fields = [
            "id",
            "week",
            "as_of",
            "delivery_date",
            "generated_at",
            "document_number",
            "overdue_total",
            "overdue_tasks",
            "upcoming_total",
            "upcoming_tasks",
            "no_deadline_total",
            "no_deadline_tasks",
        ]


class QuarterlyReportSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    values = serializers.JSONField(read_only=True)
    narratives = serializers.JSONField(read_only=True)

    class Meta:
        model = QuarterlyReport
        fields = [
            "id",
            "unit",
            "quarter",
            "version",
            "status",
            "submitted_at",
            "submitted_on",
            "document_number",
            "values",
            "narratives",
        ]


class QuarterRollupSerializer(serializers.ModelSerializer):
    data = serializers.JSONField(read_only=True)

    class Meta:
        model = QuarterRollup
        fields = ["id", "quarter", "version", "status", "generated_at", "issued_at", "document_number", "data"]
