from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Directives and the tasks given from them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks"
    verbose_name = _("Chỉ thị, nhiệm vụ")
