"""Forms of the meetings pages."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from library.formfields import DateTextInput, VietnameseDateField
from units.forms import SCOPE_AGENCIES, SCOPE_ALL, SCOPE_LOCAL, SCOPE_PICKED, units_in_scope
from units.models import Leader, SpecialRole, Unit


class MeetingForm(forms.Form):
    ALL, ALL_LOCAL, ALL_AGENCIES, PICKED = SCOPE_ALL, SCOPE_LOCAL, SCOPE_AGENCIES, SCOPE_PICKED

    title = forms.CharField(label=_("Nội dung cuộc họp"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    day = VietnameseDateField(label=_("Ngày họp"), widget=DateTextInput)
    at = forms.TimeField(
        label=_("Giờ họp"),
        input_formats=["%H:%M", "%Hh%M", "%Hh"],
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric", "placeholder": "08:00"}),
        error_messages={"invalid": _("Giờ họp viết như 08:00 hoặc 14h30.")},
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=200, required=False)
    chaired_by = forms.ModelChoiceField(label=_("Người chủ trì"), queryset=Leader.objects.none())
    invitation_reference = forms.CharField(
        label=_("Giấy mời (số, ngày)"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Giấy mời số 45/GM-UBND ngày 20/11/2026"),
    )
    scope = forms.ChoiceField(
        label=_("Mời cấp trưởng của"),
        choices=[
            (ALL, _("Tất cả cơ quan, đơn vị và UBND xã, thị trấn")),
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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.visible_to(user).active().exclude(special_role=SpecialRole.OFFICE)
        self.fields["chaired_by"].queryset = Leader.objects.active().select_related("user")
        self.fields["chaired_by"].label_from_instance = lambda leader: f"{leader.get_position_display()} {leader.user}"

    def clean(self):
        data = super().clean()
        data["units"] = units_in_scope(data.get("scope"), self.fields["units"].queryset, data.get("units"))
        if not data["units"]:
            self.add_error("units", _("Chọn ít nhất một đơn vị được mời."))
        if data.get("day") and data.get("at"):
            data["starts_at"] = timezone.make_aware(datetime.combine(data["day"], data["at"]))
        return data


class DeputyRequestForm(forms.Form):
    deputy = forms.CharField(
        label=_("Người dự thay (họ tên, chức vụ)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(label=_("Lý do khách quan không thể dự họp"), widget=forms.Textarea(attrs={"rows": 3}))
