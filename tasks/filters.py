"""The assignment list's filters (django-filter); the same filters drive the page and its .xlsx."""

from __future__ import annotations

from datetime import date

import django_filters
from django import forms
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from library.formfields import VietnameseDateField
from units.models import Leader, Unit, matching, today_local

from . import selectors
from .forms import DateInput
from .models import Assignment, AssignmentRole, Category, Directive, Status, category_conditions

# Past this many units a drop-down is useless (and weighs 200 KiB at 3,500 units): the unit is then
# found by typing part of its name or code, and a unit chosen by a link (?unit=<id>) stays hidden.
UNIT_SELECT_LIMIT = 300

# The category filter's extra choice: the assignments counted as due (tasks.models.due_count).
DUE = "due"


class VietnameseDateFilter(django_filters.DateFilter):
    """A date filter typed as dd/mm/yyyy, read like every other date field (library.formfields)."""

    field_class = VietnameseDateField


class AssignmentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm nhiệm vụ"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Status.choices, method="in_status")
    category = django_filters.ChoiceFilter(
        label=_("Phân loại (theo VPCP)"), choices=[*Category.choices, (DUE, _("Đến hạn"))], method="in_category"
    )
    unit = django_filters.ModelChoiceFilter(label=_("Đơn vị"), queryset=Unit.objects.none())
    unit_name = django_filters.CharFilter(label=_("Đơn vị (tên hoặc mã)"), method="search_unit")
    leader = django_filters.ModelChoiceFilter(
        label=_("Lãnh đạo giao"), field_name="task__given_by", queryset=Leader.objects.none()
    )
    directive = django_filters.ModelChoiceFilter(
        label=_("Văn bản chỉ đạo"), field_name="task__directive", queryset=Directive.objects.none()
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
        units = Unit.objects.visible_to(user)
        self.filters["unit"].queryset = units
        # Built here, per request, never at import: the managers filter by the acting authority
        # (docs/architecture.md §17), and a class-level queryset would keep the first request's.
        self.filters["leader"].queryset = Leader.objects.select_related("user")
        self.filters["directive"].queryset = Directive.objects.all()
        self.many_units = units.count() > UNIT_SELECT_LIMIT
        if self.many_units:
            self.filters["unit"].extra["widget"] = forms.HiddenInput
        else:
            del self.filters["unit_name"]
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

    def search_unit(self, queryset, name, value):
        return matching(queryset, value, "unit__search_text")

    @property
    def chosen_unit(self) -> Unit | None:
        """The unit chosen by a link while the drop-down is hidden (shown to the reader as a chip)."""
        if not self.many_units or not self.is_bound or not self.is_valid():
            return None
        return self.form.cleaned_data.get("unit")

    @property
    def form_errors(self) -> bool:
        return bool(self.form.errors)


def as_querystring(data) -> str:
    """The filter part of the request, to carry onto the export link and pagination."""
    params = data.copy()
    params.pop("page", None)
    return params.urlencode()


def filtered_assignments(user, params) -> tuple[AssignmentFilter, QuerySet]:
    """The filter form and its rows for the list page and its .xlsx (tasks.exports); a filter that
    does not validate (say, a unit the user may not see) gives no rows and an error beside the
    field, never a silently widened list."""
    today = today_local()
    filtered = AssignmentFilter(params or None, queryset=selectors.assignments_for(user, today), user=user, today=today)
    rows = filtered.qs if not filtered.is_bound or filtered.is_valid() else filtered.queryset.none()
    return filtered, rows.order_by(F("effective_deadline").asc(nulls_last=True), "pk")


def unit_table_units(user, params) -> tuple[QuerySet, forms.Form]:
    """The units of the per-unit table (those the user may see, active, of the kind asked) and
    the form holding its range of deadlines."""
    form = AssignmentFilter(params or None, queryset=Assignment.objects.none(), user=user).form
    units = Unit.objects.visible_to(user).active()
    kind = params.get("kind")
    if kind == "local":
        units = units.local_governments()
    elif kind == "agency":
        units = units.agencies()
    return units, form


def deadline_range(form) -> tuple[date | None, date | None]:
    if form.is_valid():
        return form.cleaned_data.get("due_from"), form.cleaned_data.get("due_to")
    return None, None


def range_label(form) -> str:
    start, end = deadline_range(form)
    if start and end:
        return f"Hạn từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"
    if start:
        return f"Hạn từ {start:%d/%m/%Y}"
    if end:
        return f"Hạn đến {end:%d/%m/%Y}"
    return "Mọi thời hạn"
