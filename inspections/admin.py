from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, Finding, Inspection, Measure, NamedView


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


@admin.register(Inspection)
class InspectionAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "held_on", "inspector"]
    date_hierarchy = "held_on"
    search_fields = ["unit__name", "scope"]
    inlines = [FindingInline, DecisionInline]


@admin.register(NamedView)
class NamedViewAdmin(admin.ModelAdmin):
    list_display = ["inspection", "user", "viewed_at"]
    search_fields = ["user__username", "inspection__unit__name"]
    readonly_fields = ["inspection", "user", "viewed_at"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["inspection", "category"]
    list_filter = ["category"]
    search_fields = ["description", "person", "inspection__unit__name"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["inspection", "task"]
    search_fields = ["task__subject", "inspection__unit__name"]
    raw_id_fields = ["inspection", "task"]


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["inspection", "staff_kind", "form", "number", "decided_on"]
    list_filter = ["staff_kind", "form"]
    search_fields = ["subject", "number", "inspection__unit__name"]
