from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubmissionsConfig(AppConfig):
    """What units send up, whatever it is about: draft, attach, sign and submit, accept or return;
    and what units ask, whatever it is about: ask, decide, withdraw; and the registry of what waits
    for a decision (docs/architecture.md §4). Abstract models, shared services and views only;
    `tasks`, `meetings` and `reports` own the concrete kinds."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "submissions"
    verbose_name = _("Báo cáo gửi lên")
