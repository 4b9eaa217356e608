"""State only (no SQL: a choice added): a unit may withdraw its pending request, status "withdrawn"
(submissions.requests.DecisionStatus)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('meetings', '0002_deputy_request_shared_wording'),
    ]

    operations = [
        migrations.AlterField(
            model_name='deputyrequest',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ người chủ trì'), ('consented', 'Đồng ý'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='historicaldeputyrequest',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ người chủ trì'), ('consented', 'Đồng ý'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
    ]
