"""Forms of the organisation app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from library.formfields import VietnameseDateField

from .models import CalendarExceptionKind, LeaderPosition, Membership, Position, Unit, User


def form_errors_from(form, error) -> None:
    """Put a service's ValidationError beside the fields it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class LoginForm(AuthenticationForm):
    """Django's login form with a plainer Vietnamese message for wrong credentials."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."),
    }


# "Giao cho" / "Mời": every unit, every commune, every agency, or the units ticked (the task form
# and the meeting form offer the same choice).
SCOPE_ALL, SCOPE_LOCAL, SCOPE_AGENCIES, SCOPE_PICKED = "all", "local", "agencies", "picked"


def units_in_scope(scope: str, units, picked) -> list:
    """The units a scope choice names, among `units` (a Unit queryset); `picked` for SCOPE_PICKED."""
    if scope == SCOPE_ALL:
        return list(units)
    if scope == SCOPE_LOCAL:
        return list(units.local_governments())
    if scope == SCOPE_AGENCIES:
        return list(units.agencies())
    return list(picked or [])


class MemberAddForm(forms.Form):
    """A head adds a deputy or an officer: the account with this email, or a new one."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Người mới nhận thư để tự đặt mật khẩu; người đã có tài khoản được thêm vào đơn vị."),
        error_messages={"required": _("Ghi thư điện tử."), "invalid": _("Thư điện tử không đúng dạng.")},
    )
    position = forms.ChoiceField(
        label=_("Vị trí"),
        choices=[(Position.DEPUTY, Position.DEPUTY.label), (Position.OFFICER, Position.OFFICER.label)],
    )
    title = forms.CharField(
        label=_("Chức danh"),
        max_length=150,
        required=False,
        help_text=_("Ví dụ: Phó Chủ tịch UBND xã, công chức Tư pháp"),
    )

    def __init__(self, *args, head: bool = False, **kwargs):
        """`head`: the authority's administrator may also record the unit's head."""
        super().__init__(*args, **kwargs)
        if head:
            self.fields["position"].choices = [(Position.HEAD, Position.HEAD.label), *self.fields["position"].choices]


class DelegationForm(forms.Form):
    """A head records that a deputy signs for him ("KT.")."""

    deputy = forms.ModelChoiceField(
        label=_("Cấp phó ký thay"),
        queryset=User.objects.none(),
        error_messages={"required": _("Chọn cấp phó."), "invalid_choice": _("Chọn cấp phó.")},
    )
    start_date = VietnameseDateField(label=_("Từ ngày"), error_messages={"required": _("Ghi ngày bắt đầu.")})
    end_date = VietnameseDateField(label=_("Đến ngày"), error_messages={"required": _("Ghi ngày kết thúc.")})
    reference = forms.CharField(
        label=_("Văn bản phân công ký thay"),
        max_length=200,
        help_text=_("Số, ngày văn bản, ví dụ: Quyết định số 12/QĐ-UBND ngày 01/12/2026"),
        error_messages={"required": _("Ghi số, ngày văn bản phân công ký thay.")},
    )

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            deputies = Membership.objects.active().filter(unit=unit, position=Position.DEPUTY).values("user_id")
            self.fields["deputy"].queryset = User.objects.filter(pk__in=deputies).order_by("full_name")


class LeaderForm(forms.Form):
    """An administrator records the authority's Chairman or a Vice Chairman: the account with this
    email, or a new one."""

    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Thư điện tử"),
        help_text=_("Người mới nhận thư để tự đặt mật khẩu; người đã có tài khoản được ghi với chức vụ này."),
        error_messages=MemberAddForm.base_fields["email"].error_messages,
    )
    position = forms.ChoiceField(label=_("Chức vụ"), choices=LeaderPosition.choices)
    portfolio = forms.CharField(label=_("Lĩnh vực phụ trách"), max_length=200, required=False)
    start_date = VietnameseDateField(label=_("Từ ngày"), error_messages={"required": _("Ghi ngày bắt đầu.")})


class CalendarExceptionForm(forms.Form):
    """A day-swap from a government notice, recorded by the top authority's administrator."""

    date = VietnameseDateField(label=_("Ngày"), error_messages={"required": _("Ghi ngày.")})
    kind = forms.ChoiceField(label=_("Loại"), choices=CalendarExceptionKind.choices)
    note = forms.CharField(label=_("Ghi chú"), max_length=200, required=False)
    reference = forms.CharField(
        label=_("Căn cứ"), max_length=200, required=False, help_text=_("Ví dụ: Thông báo số .../TB-BNV")
    )


class UnitForm(forms.ModelForm):
    """An administrator adds or edits one of the authority's units; `version` is the unit's latest
    history entry when the form was shown, so two people saving it at once never overwrite each
    other silently."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Unit
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "special_role",
            "sort_order",
            "is_active",
            "symbol",
            "letterhead_parent",
            "letterhead_name",
            "place",
            "head_signature_title",
            "deputy_signature_title",
        ]
        widgets = {"letterhead_name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, authority, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.authority = authority
        # The parent units of `authority`, named (an administrator may act from the authority above).
        units = Unit.all_authorities.filter(authority=authority)
        self.fields["parent"].queryset = units.exclude(pk=self.instance.pk) if self.instance.pk else units
        if self.instance.pk:
            # A unit's code is what other systems know it by: kept.
            self.fields["code"].disabled = True

    def clean_code(self):
        code = self.cleaned_data["code"]
        # Across authorities on purpose: a unit's code is unique in the deployment.
        if not self.instance.pk and Unit.all_authorities.filter(code=code).exists():
            raise forms.ValidationError(_("Mã “%(code)s” đã có trong hệ thống.") % {"code": code})
        return code
