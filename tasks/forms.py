"""Forms for tasks; errors show in Vietnamese next to the field and what was typed is kept."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from library.formfields import DateTextInput, VietnameseDateField
from submissions.forms import attachment_field
from units.forms import SCOPE_AGENCIES, SCOPE_LOCAL, SCOPE_PICKED, units_in_scope
from units.models import Leader, Unit

from .models import ChangeKind, Directive, DirectiveItem, Recurrence

# The day box of every date here and in the list filters (tasks/filters.py): dd/mm/yyyy typed, or
# picked from the calendar button, whatever the browser's language (library.formfields).
DateInput = DateTextInput


class TaskForm(forms.Form):
    """Record a task and assign it, in one form, to one or many units."""

    ALL_LOCAL = SCOPE_LOCAL
    ALL_AGENCIES = SCOPE_AGENCIES
    PICKED = SCOPE_PICKED

    subject = forms.CharField(label=_("Trích yếu nhiệm vụ"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    content = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    given_by = forms.ModelChoiceField(label=_("Lãnh đạo giao"), queryset=Leader.objects.none())
    directive = forms.ModelChoiceField(label=_("Văn bản chỉ đạo"), queryset=Directive.objects.none(), required=False)
    directive_item = forms.ModelChoiceField(label=_("Điểm"), queryset=DirectiveItem.objects.none(), required=False)
    source_reference = forms.CharField(label=_("Hoặc văn bản khác (số, ngày)"), max_length=300, required=False)
    deadline = VietnameseDateField(label=_("Hạn báo cáo"), required=False)
    no_deadline = forms.BooleanField(
        label=_("Không giao thời hạn"),
        required=False,
        help_text=_("Nhiệm vụ thường xuyên, không tính quá hạn; được thống kê riêng."),
    )
    recurrence = forms.ChoiceField(label=_("Báo cáo định kỳ"), choices=Recurrence.choices, required=False)
    recurrence_until = VietnameseDateField(
        label=_("Lặp đến ngày"),
        required=False,
        help_text=_("Để trống nếu lặp đến khi có chỉ đạo khác"),
        # Its calendar button says which day it picks (the deadline's says "Chọn ngày trên lịch").
        widget=DateInput(attrs={"data-picker-label": _("Chọn ngày kết thúc lặp")}),
    )
    scope = forms.ChoiceField(
        label=_("Giao cho"),
        choices=[
            (ALL_LOCAL, _("Tất cả UBND xã, thị trấn")),
            (ALL_AGENCIES, _("Tất cả cơ quan, đơn vị")),
            (PICKED, _("Các đơn vị chọn dưới đây")),
        ],
        widget=forms.RadioSelect,
        initial=PICKED,
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    lead_unit = forms.ModelChoiceField(label=_("Đơn vị chủ trì (nếu có)"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.visible_to(user).active()
        self.fields["units"].queryset = units
        self.fields["lead_unit"].queryset = units
        self.fields["given_by"].queryset = Leader.objects.active().select_related("user")
        # Per request (the acting authority's), never at import (docs/architecture.md §17).
        self.fields["directive"].queryset = Directive.objects.all()
        self.fields["directive_item"].queryset = DirectiveItem.objects.filter(
            directive__in=Directive.objects.all()
        ).select_related("directive")
        self.fields["given_by"].label_from_instance = lambda leader: f"{leader.get_position_display()} {leader.user}"
        self.fields["directive_item"].label_from_instance = lambda item: (
            f"{item.directive.number} — điểm {item.number}: {item.summary}"
        )

    def clean(self):
        data = super().clean()
        data["units"] = units_in_scope(data.get("scope"), Unit.objects.active(), data.get("units"))
        if data.get("no_deadline"):
            data["deadline"] = None
            if data.get("recurrence"):
                self.add_error("recurrence", _("Nhiệm vụ định kỳ phải có hạn báo cáo kỳ đầu."))
        elif not data.get("deadline") and "deadline" not in self.errors:
            self.add_error("deadline", _("Nhập hạn báo cáo, hoặc chọn “Không giao thời hạn”."))
        if not data["units"] and not data.get("lead_unit"):
            self.add_error("units", _("Chọn ít nhất một đơn vị thực hiện."))
        item = data.get("directive_item")
        if item and not data.get("directive"):
            data["directive"] = item.directive
        elif item and data.get("directive") and item.directive_id != data["directive"].pk:
            self.add_error("directive_item", _("Điểm đã chọn không thuộc văn bản chỉ đạo đã chọn."))
        return data


class DraftForm(forms.Form):
    """The report text and an optional file, with the revision the user started from (so a
    concurrent save is detected rather than overwritten)."""

    text = forms.CharField(label=_("Nội dung báo cáo"), required=False, widget=forms.Textarea(attrs={"rows": 10}))
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = attachment_field()


class ExtensionRequestForm(forms.Form):
    requested_deadline = VietnameseDateField(label=_("Đề nghị gia hạn đến ngày"))
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}))


class ChangeRequestForm(forms.Form):
    """A unit asks that the task be withdrawn from it or given to another unit (issue 13)."""

    kind = forms.ChoiceField(label=_("Đề nghị"), choices=ChangeKind.choices, widget=forms.RadioSelect)
    proposed_unit = forms.ModelChoiceField(
        label=_("Đơn vị đề xuất giao (nếu chuyển)"), queryset=Unit.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Căn cứ đề nghị"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Không thuộc chức năng, nhiệm vụ của đơn vị; phụ thuộc kết quả của cơ quan khác…"),
        error_messages={
            "required": _("Nêu lý do (không thuộc chức năng, nhiệm vụ của đơn vị; phụ thuộc cơ quan khác…).")
        },
    )

    def __init__(self, *args, unit=None, **kwargs):
        # Its own prefix: the extension form on the same page has a "reason" too.
        super().__init__(*args, prefix="change", **kwargs)
        units = Unit.objects.active()
        self.fields["proposed_unit"].queryset = units.exclude(pk=unit.pk) if unit else units


class CoefficientForm(forms.Form):
    """A task's conversion coefficient for the Decree 335 rating (the Office, on the task's page)."""

    coefficient = forms.DecimalField(
        label=_("Hệ số quy đổi"),
        min_value=Decimal("0.1"),
        max_value=Decimal("10"),
        decimal_places=2,
        localize=True,
        error_messages={
            "required": _("Nhập hệ số quy đổi (mặc định 1)."),
            "invalid": _("Hệ số quy đổi là một số, ví dụ 1 hoặc 1,5."),
            "min_value": _("Hệ số quy đổi nhỏ nhất là 0,1."),
            "max_value": _("Hệ số quy đổi lớn nhất là 10."),
            "max_decimal_places": _("Hệ số quy đổi có nhiều nhất 2 chữ số sau dấu phẩy."),
        },
    )
