from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    """Item 7 of directive 01/CT-UBND: inspections of administrative discipline and their results."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "inspections"
    verbose_name = _("Kiểm tra kỷ luật, kỷ cương")
