from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingsConfig(AppConfig):
    """Item 4 of directive 01/CT-UBND: rating units and their heads under Decree 335/2025/NĐ-CP."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ratings"
    verbose_name = _("Đánh giá, xếp loại")

    def ready(self) -> None:
        from . import exports  # noqa: F401 — registers the app's Excel exports (units.exports)
