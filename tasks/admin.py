"""Admin for directives and their items."""

from django.contrib import admin

from .models import Directive, DirectiveItem


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
