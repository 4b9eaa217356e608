"""Forms every kind of submission shares: the file field of a draft, and the decision forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ReturnReason
from .uploads import ACCEPT_ATTRIBUTE


def attachment_field() -> forms.FileField:
    """The optional file of a draft form; the browser offers only the types `uploads` accepts. The
    form never refuses the file itself: `uploads.check_upload` does, after the text is saved, so a
    bad file (an empty one, say) costs nothing of what was typed."""
    return forms.FileField(
        label=_("Đính kèm tệp (PDF, Word, Excel, ảnh)"),
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )


class ReturnForm(forms.Form):
    """Send a submission back: at least one reason of item 8, and what to complete."""

    reasons = forms.MultipleChoiceField(
        label=_("Lý do trả lại (điểm 8 Chỉ thị 01/CT-UBND)"),
        choices=ReturnReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một lý do trả lại.")},
    )
    note = forms.CharField(label=_("Yêu cầu hoàn thiện"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
