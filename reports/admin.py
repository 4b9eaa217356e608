"""Admin for quarterly templates (editable until used; then a new version) and reports."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, QuarterlyReport, ReportTemplate, TemplateSection
from .services import template_new_version


class SectionInline(admin.StackedInline):
    model = TemplateSection
    extra = 0
    fields = ["order", "item", "title", "guidance"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "directive", "version", "created_at"]
    list_filter = ["directive"]
    search_fields = ["title"]
    inlines = [SectionInline]
    actions = ["new_version"]

    def get_readonly_fields(self, request, obj=None):
        # A template in use is frozen: every field read-only, sections too (see has_change_permission).
        return [f.name for f in ReportTemplate._meta.fields] if obj and obj.in_use else []

    def get_inlines(self, request, obj):
        return [] if obj and obj.in_use else self.inlines

    @admin.action(description="Tạo phiên bản mới (sao chép các phần và chỉ tiêu)")
    def new_version(self, request, queryset):
        for template in queryset:
            created = template_new_version(actor=request.user, template=template)
            messages.success(request, f"Đã tạo {created}.")


@admin.register(TemplateSection)
class TemplateSectionAdmin(admin.ModelAdmin):
    list_display = ["title", "template", "order", "item"]
    list_filter = ["template"]
    search_fields = ["title"]

    def save_model(self, request, obj, form, change):
        try:
            super().save_model(request, obj, form, change)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["label", "code", "kind", "required", "section", "order"]
    list_filter = ["kind", "required", "section__template"]
    search_fields = ["label", "code"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "quarter", "version", "status", "signed_by", "signing_mode", "submitted_at"]
    list_filter = ["quarter", "status"]
    search_fields = ["unit__name", "quarter"]
    raw_id_fields = ["unit", "template", "created_by", "updated_by", "signed_by", "decided_by"]
