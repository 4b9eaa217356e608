from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """Item 5 of directive 01/CT-UBND: meetings the Chairman convenes and who attended them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Cuộc họp")

    def ready(self):
        from . import queue  # noqa: F401 — joins what waits for a decision (submissions.queue)
