from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DeputyRequest, Invitation, Meeting


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    autocomplete_fields = ["unit"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "starts_at", "chaired_by"]
    date_hierarchy = "starts_at"
    inlines = [InvitationInline]


@admin.register(DeputyRequest)
class DeputyRequestAdmin(SimpleHistoryAdmin):
    list_display = ["invitation", "deputy", "status", "requested_at"]
    list_filter = ["status"]
