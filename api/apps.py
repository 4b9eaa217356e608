from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API /api/v1/ for the systems around the app (e-office, national reporting):
    per-user tokens, the same scoping as the pages (docs/architecture.md §16)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Giao diện lập trình (API)")

    def ready(self) -> None:
        from . import schema  # noqa: F401 — registers the token header in the OpenAPI schema
