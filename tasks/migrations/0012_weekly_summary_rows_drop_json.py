"""The Monday summary's JSON lists, now held as rows (0010, moved by 0011)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tasks", "0011_weekly_summary_rows_from_json")]

    operations = [
        migrations.RemoveField(
            model_name='weeklysummary',
            name='overdue',
        ),
        migrations.RemoveField(
            model_name='weeklysummary',
            name='upcoming',
        ),
    ]
