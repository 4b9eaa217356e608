"""State only (no SQL: verbose names): a deputy request's decider and decision time take the shared
request's wording (submissions.requests.DecisionRequest)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='deputyrequest',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='quyết định lúc'),
        ),
        migrations.AlterField(
            model_name='deputyrequest',
            name='decided_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người quyết định'),
        ),
        migrations.AlterField(
            model_name='historicaldeputyrequest',
            name='decided_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='quyết định lúc'),
        ),
        migrations.AlterField(
            model_name='historicaldeputyrequest',
            name='decided_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='người quyết định'),
        ),
    ]
