"""Admin of the register: the starting number of a year; the lines are read-only (they are issued)."""

from django.contrib import admin

from .models import RegisteredDocument, RegisterYear


@admin.register(RegisterYear)
class RegisterYearAdmin(admin.ModelAdmin):
    list_display = ["unit", "year", "start_number", "last_number"]
    list_filter = ["year"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["last_number"]


@admin.register(RegisteredDocument)
class RegisteredDocumentAdmin(admin.ModelAdmin):
    list_display = ["label", "register", "issued_on", "kind", "subject", "signer_name"]
    list_filter = ["register__year", "kind"]
    search_fields = ["subject", "symbol", "register__unit__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
