from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Decision, Finding, Inspection, NamedView


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
    inlines = [FindingInline, DecisionInline]


@admin.register(NamedView)
class NamedViewAdmin(admin.ModelAdmin):
    list_display = ["inspection", "user", "viewed_at"]
    readonly_fields = ["inspection", "user", "viewed_at"]
