"""The quarterly report form, built from the template: a narrative per section, a field per indicator."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from library.formfields import VietnameseDecimalField, VietnameseIntegerField
from submissions.forms import attachment_field

from .models import IndicatorKind, ReportTemplate


def _indicator_field(indicator) -> forms.Field:
    """The form field of one indicator; figures are typed the Vietnamese way ("1.430", "92,5"), read
    by library.formfields (docs/architecture.md §9). Never required in the form: a draft is saved as far as
    it goes; a figure the template requires is checked when signing."""
    field = _blank_allowed_field(indicator)
    if indicator.required:
        # A draft may be saved with it blank; signing may not (QuarterlyReport.completeness).
        field.needed_to_sign = True
        field.help_text = _("Bắt buộc trước khi ký gửi.")
    return field


def _blank_allowed_field(indicator) -> forms.Field:
    if indicator.kind == IndicatorKind.INTEGER:
        return VietnameseIntegerField(label=indicator.label, required=False, min_value=0)
    if indicator.kind == IndicatorKind.PERCENT:
        return VietnameseDecimalField(
            label=indicator.label,
            required=False,
            max_digits=5,
            decimal_places=1,
            min_value=0,
            max_value=100,
            allow_percent=True,
            example="92,5",
        )
    if indicator.kind == IndicatorKind.BOOLEAN:
        return forms.TypedChoiceField(
            label=indicator.label, required=False, choices=[("", "—"), ("yes", _("Có")), ("no", _("Không"))]
        )
    return forms.CharField(label=indicator.label, required=False, max_length=300)


# A typed figure that differs from its register's count keeps its reason under this suffix.
WHY = "__why"


class QuarterlyReportForm(forms.Form):
    """Fields `section_<id>` (text) and `ind_<code>` (figures), plus the revision the user started from."""

    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    file = attachment_field()

    def __init__(self, *args, template: ReportTemplate, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = []
        for section in sections:
            self.fields[f"section_{section.pk}"] = forms.CharField(
                label=_("Kết quả thực hiện, đánh giá"),
                help_text=section.guidance,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            names = []
            for indicator in section.indicators.all():
                name = f"ind_{indicator.code}"
                self.fields[name] = _indicator_field(indicator)
                names.append(name)
            self.sections.append((section, f"section_{section.pk}", names))

    def section_rows(self):
        """(section, narrative bound field, [indicator bound fields, each followed by its reason box
        when a register counts it]) for the template."""
        rows = []
        for section, text, names in self.sections:
            fields = []
            for name in names:
                fields.append(self[name])
                if f"why_{name[4:]}" in self.fields:
                    fields.append(self[f"why_{name[4:]}"])
            rows.append((section, self[text], fields))
        return rows

    def narratives(self) -> dict[str, str]:
        return {
            str(section.pk): self.cleaned_data[text].strip()
            for section, text, _names in self.sections
            if self.cleaned_data[text].strip()
        }

    def values(self) -> dict:
        out = {}
        for _section, _text, names in self.sections:
            for name in names:
                value = self.cleaned_data.get(name)
                if value in (None, ""):
                    continue
                out[name[4:]] = float(value) if hasattr(value, "as_tuple") else value
                why = (self.cleaned_data.get(f"why_{name[4:]}") or "").strip()
                if why:
                    out[name[4:] + WHY] = why
        return out

    def prefill_from_registers(self, figures: dict[str, tuple[int, str]]) -> None:
        """Figures the app counts itself: the register's count is the starting value where the unit
        has typed nothing and is said beside the field; a different figure needs its reason, kept
        with the report (`<code>__why` in its values) and shown beside the figure."""
        self.register_counts = {}
        for code, (count, register) in figures.items():
            name = f"ind_{code}"
            if name not in self.fields:
                continue
            if self.initial.get(name) in (None, ""):
                self.initial[name] = count
            self.fields[name].help_text = _("Theo %(register)s: %(n)s.") % {"register": register, "n": count}
            self.fields[f"why_{code}"] = forms.CharField(
                label=_("Lý do ghi khác số theo sổ"), required=False, max_length=300
            )
            self.register_counts[code] = count

    def clean(self):
        data = super().clean()
        for code, count in getattr(self, "register_counts", {}).items():
            value = data.get(f"ind_{code}")
            if value in (None, "") or float(value) == count:
                continue
            if not (data.get(f"why_{code}") or "").strip():
                self.add_error(
                    f"why_{code}",
                    _("Số liệu khác sổ theo dõi (%(n)s): nêu lý do.") % {"n": count},
                )
        return data

    @staticmethod
    def initial_from(report) -> dict:
        initial = {f"section_{k}": v for k, v in report.narratives.items()}
        initial.update(
            {f"why_{k[: -len(WHY)]}" if k.endswith(WHY) else f"ind_{k}": v for k, v in report.values.items()}
        )
        initial["revision"] = report.revision
        return initial
