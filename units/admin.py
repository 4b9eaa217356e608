"""Admin for the organisation: every model, with Vietnamese labels, search and filters."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    Authority,
    CalendarException,
    Delegation,
    Export,
    JobRun,
    Leader,
    Membership,
    Notification,
    OrganisationImport,
    RenderedPdf,
    Unit,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "position", "title", "start_date", "end_date"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "email", "is_active", "is_superuser", "last_login"]
    search_fields = ["username", "full_name", "email"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Thông tin cá nhân"), {"fields": ("full_name", "email")}),
        (_("Quyền"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Mốc thời gian"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "full_name", "email", "password1", "password2")}),
    )


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "parent_name", "place", "abbreviation"]
    search_fields = ["name", "full_name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "special_role", "parent", "sort_order", "is_active"]
    list_filter = ["kind", "special_role", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]
    list_editable = ["sort_order"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("authority", "parent", "code", "name", "short_name", "kind", "special_role")}),
        (None, {"fields": ("sort_order", "is_active")}),
        (
            _("Thể thức văn bản (Nghị định 30/2020)"),
            {
                "fields": (
                    "symbol",
                    "letterhead_parent",
                    "letterhead_name",
                    "place",
                    "head_signature_title",
                    "deputy_signature_title",
                )
            },
        ),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "position", "title", "start_date", "end_date"]
    list_filter = ["position", "unit__kind"]
    search_fields = ["user__full_name", "user__username", "unit__name", "title"]
    autocomplete_fields = ["user", "unit"]
    date_hierarchy = "start_date"


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["user", "position", "portfolio", "start_date", "end_date"]
    list_filter = ["position"]
    search_fields = ["user__full_name", "portfolio"]
    autocomplete_fields = ["user"]


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    list_display = ["deputy", "granted_by", "unit", "start_date", "end_date", "reference"]
    list_filter = ["unit__kind"]
    search_fields = ["deputy__full_name", "granted_by__full_name", "unit__name", "reference"]
    autocomplete_fields = ["unit", "deputy", "granted_by"]
    date_hierarchy = "start_date"


@admin.register(CalendarException)
class CalendarExceptionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "authority", "note", "reference"]
    list_filter = ["kind", "authority"]
    search_fields = ["note", "reference"]
    date_hierarchy = "date"


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["subject", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["subject", "user__full_name", "key"]
    raw_id_fields = ["user"]
    date_hierarchy = "created_at"


@admin.register(OrganisationImport)
class OrganisationImportAdmin(admin.ModelAdmin):
    """Read in the app's own page (units.views.import_preview); here for the record."""

    list_display = ["file_name", "authority", "status", "uploaded_by", "uploaded_at", "applied_at"]
    list_filter = ["status", "authority"]
    search_fields = ["file_name", "uploaded_by__full_name"]
    exclude = ["content"]
    readonly_fields = ["result"]


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["kind", "period", "status", "finished_at", "forced_at"]
    list_filter = ["kind", "status"]
    search_fields = ["kind", "period"]


@admin.register(RenderedPdf)
class RenderedPdfAdmin(admin.ModelAdmin):
    list_display = ["key", "status", "requested_at", "finished_at"]
    list_filter = ["status"]
    search_fields = ["key"]
    readonly_fields = ["key", "status", "docx", "pdf", "error", "requested_at", "finished_at"]


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "status", "rows_done", "rows_total", "requested_at", "expires_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]
    readonly_fields = [f.name for f in Export._meta.fields]
