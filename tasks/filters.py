"""The assignment list's filters (django-filter); the same filters drive the page and its .xlsx."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from units.formfields import VietnameseDateField
from units.models import Leader, Unit, matching, today_local

from .forms import DateInput
from .models import AssignmentRole, Category, Directive, Status, category_conditions

# The category filter's extra choice: the assignments counted as due (tasks.models.due_count).
DUE = "due"


class VietnameseDateFilter(django_filters.DateFilter):
    """A date filter typed as dd/mm/yyyy, read like every other date field (units.formfields)."""

    field_class = VietnameseDateField


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm nhiệm vụ"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Status.choices, method="in_status")
    category = django_filters.ChoiceFilter(
        label=_("Phân loại (theo VPCP)"), choices=[*Category.choices, (DUE, _("Đến hạn"))], method="in_category"
    )
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.none())
    leader = django_filters.ModelChoiceFilter(
        label=_("Lãnh đạo giao"), field_name="task__given_by", queryset=Leader.objects.select_related("user")
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Văn bản chỉ đạo"), field_name="task__directive", queryset=Directive.objects.all()
    )
    role = django_filters.ChoiceFilter(label=_("Vai trò"), choices=AssignmentRole.choices)
    due_from = VietnameseDateFilter(
        label=_("Hạn từ ngày"), field_name="effective_deadline", lookup_expr="gte", widget=DateInput()
    )
    due_to = VietnameseDateFilter(
        label=_("đến ngày"), field_name="effective_deadline", lookup_expr="lte", widget=DateInput()
    )

    def __init__(self, *args, user=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or today_local()
        self.filters["unit"].queryset = Unit.objects.visible_to(user)
        self.filters["leader"].field.label_from_instance = lambda leader: (
            f"{leader.get_position_display()} {leader.user}"
        )

    def in_status(self, queryset, name, value):
        # The plain conditions, not the CASE annotation: the database can use its indexes.
        return queryset.in_status(value, self.today)

    def in_category(self, queryset, name, value):
        # The dashboard's counts link here (reports.selectors.completion_rows): the same rule, as of today;
        # "due" is what tasks.models.due_count adds up (everything but in progress within its deadline).
        conditions = category_conditions(self.today)
        if value == DUE:
            return queryset.filter(
                conditions[Category.DONE_ON_TIME] | conditions[Category.DONE_LATE] | conditions[Category.OVERDUE]
            )
        return queryset.filter(conditions[value])

    def search(self, queryset, name, value):
        # Accent- and case-insensitive, the same on SQLite and PostgreSQL (docs/architecture.md §10).
        return matching(queryset, value, "task__search_text", "unit__search_text")

    @property
    def form_errors(self) -> bool:
        return bool(self.form.errors)


def as_querystring(data) -> str:
    """The filter part of the request, to carry onto the export link and pagination."""
    params = data.copy()
    params.pop("page", None)
    return params.urlencode()
