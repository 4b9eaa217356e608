from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    """Directives and the tasks given from them."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "tasks"
    verbose_name = _("Chỉ thị, nhiệm vụ")

    def ready(self):
        from units.models import CalendarException  # models load after the app registry

        from . import (
            exports,  # noqa: F401 — registers the app's Excel exports (units.exports)
            queue,  # noqa: F401 — joins what waits for a decision (submissions.queue)
        )

        post_save.connect(_calendar_changed, sender=CalendarException, dispatch_uid="tasks-calendar-changed")
        post_delete.connect(_calendar_changed, sender=CalendarException, dispatch_uid="tasks-calendar-deleted")


def _calendar_changed(sender, instance, **kwargs):
    """An administrator's day-swap moves the effective deadlines around that day (units cannot know
    tasks); moving an exception from one date to another recomputes around both."""
    from .services import deadlines_recompute  # apps.py loads before the models services need

    for day in sorted(instance.changed_dates()):
        deadlines_recompute(start=day, end=day, authority=instance.authority)
    instance.mark_stored()
