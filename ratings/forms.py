"""Forms of the rating pages; errors in Vietnamese beside the field, what was typed kept."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ExemptionKind


def _points(label, most: int, required_message: str | None = None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal(most),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 6}),
        error_messages={
            "invalid": _("Nhập một số điểm, ví dụ 25 hoặc 27,5."),
            "min_value": _("Điểm không được âm."),
            "max_value": _("Tối đa %(limit_value)s điểm."),
            "max_decimal_places": _("Nhiều nhất 2 chữ số sau dấu phẩy."),
        },
    )


class ScoreForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)
    common_points = _points(_("Điểm tiêu chí chung (tối đa 30)"), 30)
    common_note = forms.CharField(
        label=_("Nhận xét tiêu chí chung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Chấp hành chủ trương, pháp luật; kỷ luật, kỷ cương hành chính; "
            "trách nhiệm người đứng đầu; văn hóa công vụ."
        ),
    )
    task_points_adjusted = _points(_("Điểm kết quả thực hiện nhiệm vụ điều chỉnh (tối đa 70)"), 70)
    adjust_reason = forms.CharField(
        label=_("Lý do điều chỉnh"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Để trống ô điểm điều chỉnh để dùng điểm tính từ nhiệm vụ."),
    )
    lowered_for_cap = forms.BooleanField(label=_("Hạ xuống Hoàn thành tốt do giới hạn tỷ lệ Xuất sắc"), required=False)
    lowered_reason = forms.CharField(label=_("Lý do hạ mức"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExemptionForm(forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ExemptionKind.choices, widget=forms.HiddenInput)
    report = forms.IntegerField(required=False, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Nguyên nhân khách quan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Ghi nguyên nhân khách quan được xác nhận.")},
    )
