from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    """The organisation: Authority, units, people, positions, calendar."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "units"
    verbose_name = _("Tổ chức")

    def ready(self):
        from .acting import carry_scope_into_jobs  # Celery's signals, once the apps are ready

        carry_scope_into_jobs()
