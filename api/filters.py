"""Filters of /api/v1/assignments/ (django-filter): status, unit, deadline range, directive."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from tasks.models import Assignment, Status
from units.models import today_local


class IdFilter(django_filters.Filter):
    """An id: a whole number a database column can hold (a float or a 20-digit number is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class AssignmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Status.choices, method="by_status", label=_("Trạng thái"))
    unit = django_filters.CharFilter(field_name="unit__code", label=_("Mã đơn vị"))
    deadline_from = django_filters.DateFilter(field_name="effective_deadline", lookup_expr="gte", label=_("Hạn từ"))
    deadline_to = django_filters.DateFilter(field_name="effective_deadline", lookup_expr="lte", label=_("Hạn đến"))
    directive = IdFilter(field_name="task__directive_id", label=_("Văn bản chỉ đạo (id)"))
    task = IdFilter(field_name="task_id", label=_("Nhiệm vụ (id)"))
    updated_since = django_filters.IsoDateTimeFilter(
        method="by_change", label=_("Thay đổi từ (ISO 8601, ví dụ 2026-12-01T00:00:00+07:00)")
    )

    class Meta:
        model = Assignment
        fields = ["status", "unit", "deadline_from", "deadline_to", "directive", "task", "updated_since"]

    def by_change(self, queryset, name, value):
        """Assignments with an entry in their history at or after `value` (given, extended, reported,
        accepted, returned, withdrawn…): what a system polling the API needs to fetch again."""
        if value is None:
            return queryset
        changed = Assignment.history.filter(history_date__gte=value).values("id")
        return queryset.filter(pk__in=changed)

    def by_status(self, queryset, name, value):
        return queryset.in_status(value, today_local()) if value else queryset
