"""Demo quarterly template for directive 01/CT-UBND (idempotent)."""

from __future__ import annotations

from tasks.models import Directive

from . import demo_data
from .models import Indicator, ReportTemplate, TemplateSection


def load(directive: Directive) -> ReportTemplate:
    """Version 1 of the template, made once; later runs leave it (and any newer version) alone."""
    template, created = ReportTemplate.objects.get_or_create(directive=directive, version=1, defaults={"title": demo_data.TITLE})
    if created:
        items = {i.number: i for i in directive.items.all()}
        for order, (item, title, indicators) in enumerate(demo_data.SECTIONS, start=1):
            section = TemplateSection.objects.create(template=template, item=items.get(item), order=order, title=title)
            for n, (code, label, kind) in enumerate(indicators, start=1):
                Indicator.objects.create(section=section, code=code, label=label, kind=kind, order=n)
    return template
