from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Read-only here: tokens are issued on /api/tokens/ (the key is shown once there)."""

    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    search_fields = ["user__username", "name", "prefix"]
    readonly_fields = ["user", "name", "prefix", "created_by", "created_at", "last_used_at", "revoked_at", "revoked_by"]

    def has_add_permission(self, request) -> bool:
        return False
