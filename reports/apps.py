from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Quarterly reports and rollups."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self):
        from . import (
            exports,  # noqa: F401 — registers the app's Excel exports (units.exports)
            queue,  # noqa: F401 — joins what waits for a decision (submissions.queue)
        )
