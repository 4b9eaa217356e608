"""Forms of the inspections pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from library.formfields import VietnameseDateField
from units.models import Leader, SpecialRole, Unit
from units.roles import roles_of

from .models import DisciplineForm, Inspector, StaffKind, ViolationCategory
from .permissions import records_any_unit


class InspectionForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Đơn vị được kiểm tra"), queryset=Unit.objects.none())
    inspector = forms.ChoiceField(label=_("Đơn vị kiểm tra"), choices=Inspector.choices, widget=forms.RadioSelect)
    held_on = VietnameseDateField(label=_("Ngày kiểm tra"))
    scope = forms.CharField(label=_("Nội dung kiểm tra"), widget=forms.Textarea(attrs={"rows": 3}))
    team = forms.CharField(label=_("Thành phần đoàn kiểm tra"), max_length=500, required=False)
    conclusion = forms.CharField(label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        roles = roles_of(user)
        units = Unit.objects.active().exclude(special_role=SpecialRole.HOME_AFFAIRS)
        if not records_any_unit(user):
            units = units.filter(pk__in=roles.head_of)
            self.fields["inspector"].choices = [(Inspector.HEAD, Inspector.HEAD.label)]
            self.fields["inspector"].initial = Inspector.HEAD
        elif not roles.head_of:
            self.fields["inspector"].choices = [(Inspector.HOME_AFFAIRS, Inspector.HOME_AFFAIRS.label)]
            self.fields["inspector"].initial = Inspector.HOME_AFFAIRS
        self.fields["unit"].queryset = units


class FindingForm(forms.Form):
    category = forms.ChoiceField(label=_("Loại vi phạm"), choices=ViolationCategory.choices)
    description = forms.CharField(label=_("Nội dung vi phạm"), widget=forms.Textarea(attrs={"rows": 2}))
    person = forms.CharField(label=_("Người vi phạm (họ tên, chức vụ; nếu có)"), max_length=200, required=False)


class MeasureForm(forms.Form):
    text = forms.CharField(label=_("Biện pháp khắc phục"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = VietnameseDateField(label=_("Hạn báo cáo kết quả khắc phục"))
    given_by = forms.ModelChoiceField(label=_("Lãnh đạo UBND chỉ đạo"), queryset=Leader.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = Leader.objects.active().select_related("user").order_by("position")
        self.fields["given_by"].label_from_instance = lambda leader: f"{leader.get_position_display()} {leader.user}"
        self.fields["given_by"].initial = self.fields["given_by"].queryset.first()


class DecisionForm(forms.Form):
    staff_kind = forms.ChoiceField(label=_("Đối tượng"), choices=StaffKind.choices)
    subject = forms.CharField(label=_("Người hoặc tập thể bị kỷ luật"), max_length=200)
    form = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineForm.choices)
    number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decided_on = VietnameseDateField(label=_("Ngày quyết định"))
