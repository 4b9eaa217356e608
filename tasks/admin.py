"""Admin for directives and their items."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Assignment,
    AssignmentChange,
    Attachment,
    Directive,
    DirectiveItem,
    ExtensionRequest,
    ReminderSent,
    Task,
    TaskReport,
    UnitReminder,
    WeeklySummary,
    WeeklySummaryRow,
    WeeklySummaryTask,
    WeeklySummaryUnit,
)


class DirectiveItemInline(admin.StackedInline):
    model = DirectiveItem
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "issued_on", "signer_name", "subject"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["number", "subject", "signer_name"]
    filter_horizontal = ["units"]
    date_hierarchy = "issued_on"
    inlines = [DirectiveItemInline]


@admin.register(DirectiveItem)
class DirectiveItemAdmin(admin.ModelAdmin):
    list_display = ["directive", "number", "summary"]
    list_filter = ["directive"]
    search_fields = ["text", "directive__number"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    fields = [
        "unit",
        "role",
        "sequence",
        "original_deadline",
        "deadline",
        "effective_deadline",
        "reported_at",
        "completed_at",
    ]
    readonly_fields = ["effective_deadline", "reported_at", "completed_at"]
    raw_id_fields = ["unit"]


@admin.register(Task)
class TaskAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "given_by", "directive", "recurrence", "priority", "created_at"]
    list_filter = ["recurrence", "given_by", "directive"]
    search_fields = ["subject", "content", "source_reference"]
    raw_id_fields = ["directive_item", "created_by"]
    inlines = [AssignmentInline]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["task", "unit", "role", "effective_deadline", "reported_on", "completed_at"]
    list_filter = ["role", "unit__kind", "effective_deadline"]
    search_fields = ["task__subject", "unit__name"]
    raw_id_fields = ["task", "unit", "assigned_by"]
    readonly_fields = ["reported_at", "reported_on", "returned_at", "completed_at"]
    date_hierarchy = "effective_deadline"


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]
    readonly_fields = fields


@admin.register(TaskReport)
class TaskReportAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "version", "status", "signed_by", "signing_mode", "submitted_at"]
    list_filter = ["status", "signing_mode"]
    search_fields = ["assignment__task__subject", "assignment__unit__name", "text"]
    raw_id_fields = ["assignment", "created_by", "updated_by", "signed_by", "decided_by"]
    inlines = [AttachmentInline]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "current_deadline", "requested_deadline", "status", "requested_by", "decided_by"]
    list_filter = ["status"]
    search_fields = ["assignment__task__subject", "assignment__unit__name", "reason"]
    raw_id_fields = ["assignment", "requested_by", "decided_by"]


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "report", "content_type", "size", "uploaded_at"]
    search_fields = ["original_name", "sha256"]
    raw_id_fields = ["report", "uploaded_by"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["assignment", "deadline", "days_before", "sent_at"]
    search_fields = ["assignment__task__subject", "assignment__unit__name"]
    raw_id_fields = ["assignment"]


@admin.register(UnitReminder)
class UnitReminderAdmin(admin.ModelAdmin):
    list_display = ["assignment", "sent_by", "sent_at"]
    search_fields = ["assignment__task__subject", "assignment__unit__name", "sent_by__username"]
    list_select_related = ["assignment__task", "assignment__unit", "sent_by"]
    raw_id_fields = ["assignment"]
    date_hierarchy = "sent_at"


@admin.register(WeeklySummary)
class WeeklySummaryAdmin(admin.ModelAdmin):
    list_display = [
        "week",
        "as_of",
        "delivery_date",
        "overdue_total",
        "upcoming_total",
        "generated_at",
        "superseded_at",
    ]
    list_filter = ["superseded_at"]
    search_fields = ["week"]
    date_hierarchy = "as_of"
    readonly_fields = [
        "week",
        "as_of",
        "delivery_date",
        "generated_at",
        "overdue_total",
        "overdue_tasks",
        "upcoming_total",
        "upcoming_tasks",
        "notes",
        "superseded_at",
    ]


# The Monday summary's rows: what was sent, for reading (tasks.services.weekly writes them; nothing edits them).


@admin.register(WeeklySummaryTask)
class WeeklySummaryTaskAdmin(admin.ModelAdmin):
    list_display = ["summary", "part", "position", "task", "leader", "count", "first_deadline", "last_deadline"]
    list_filter = ["part"]
    search_fields = ["task", "summary__week", "leader"]
    list_select_related = ["summary"]
    raw_id_fields = ["summary"]


@admin.register(WeeklySummaryRow)
class WeeklySummaryRowAdmin(admin.ModelAdmin):
    list_display = ["group", "position", "unit", "effective_deadline", "extended", "returned"]
    search_fields = ["unit", "group__task", "group__summary__week"]
    list_select_related = ["group"]
    raw_id_fields = ["group"]


@admin.register(WeeklySummaryUnit)
class WeeklySummaryUnitAdmin(admin.ModelAdmin):
    list_display = ["summary", "unit", "leader_id", "count"]
    search_fields = ["unit", "summary__week"]
    list_select_related = ["summary"]
    raw_id_fields = ["summary"]


@admin.register(AssignmentChange)
class AssignmentChangeAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "kind", "proposed_unit", "status", "requested_by", "decided_by"]
    list_filter = ["kind", "status"]
    search_fields = ["assignment__task__subject", "assignment__unit__name", "reason"]
    raw_id_fields = ["assignment", "proposed_unit", "requested_by", "decided_by"]
