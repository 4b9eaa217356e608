"""A saved draft's revision counts from 1; 0 now means "the form saw no draft" (docs/architecture.md §4)."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    apps.get_model("tasks", "TaskReport").objects.filter(status="draft").update(revision=F("revision") + 1)


def backwards(apps, schema_editor):
    apps.get_model("tasks", "TaskReport").objects.filter(status="draft").update(revision=F("revision") - 1)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0005_taskreport_submitted_on")]
    operations = [migrations.RunPython(forwards, backwards)]
