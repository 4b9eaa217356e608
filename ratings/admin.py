from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Exemption, Rating


@admin.register(Rating)
class RatingAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "subject", "year", "quarter", "total", "band", "status"]
    list_filter = ["subject", "year", "quarter", "band", "status"]
    search_fields = ["unit__name", "person_name"]


@admin.register(Exemption)
class ExemptionAdmin(SimpleHistoryAdmin):
    list_display = ["assignment", "kind", "confirmed_by", "confirmed_at"]
    search_fields = ["assignment__unit__name", "assignment__task__subject"]
