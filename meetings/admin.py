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
    search_fields = ["title", "invitation_reference"]
    inlines = [InvitationInline]


@admin.register(DeputyRequest)
class DeputyRequestAdmin(SimpleHistoryAdmin):
    list_display = ["invitation", "deputy", "status", "requested_at"]
    list_filter = ["status"]
    search_fields = ["deputy", "reason", "invitation__unit__name"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "unit", "attendance", "recorded_at"]
    list_filter = ["attendance"]
    search_fields = ["meeting__title", "unit__name", "attendee"]
    raw_id_fields = ["meeting", "unit", "recorded_by"]
