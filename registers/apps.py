from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistersConfig(AppConfig):
    """The register of outgoing documents (sổ đăng ký văn bản đi): the numbers in "Số:"."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "registers"
    verbose_name = _("Sổ văn bản đi")

    def ready(self):
        from . import exports  # noqa: F401 — registers the app's Excel exports (units.exports)
