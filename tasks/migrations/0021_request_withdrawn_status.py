"""State only (no SQL: a choice added): a unit may withdraw its pending request, status "withdrawn"
(submissions.requests.DecisionStatus)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('tasks', '0020_weekly_summary_authority_required'),
    ]

    operations = [
        migrations.AlterField(
            model_name='assignmentchange',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ quyết định'), ('approved', 'Đồng ý'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='extensionrequest',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ quyết định'), ('approved', 'Đồng ý gia hạn'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='historicalassignmentchange',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ quyết định'), ('approved', 'Đồng ý'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
        migrations.AlterField(
            model_name='historicalextensionrequest',
            name='status',
            field=models.CharField(choices=[('pending', 'Chờ quyết định'), ('approved', 'Đồng ý gia hạn'), ('refused', 'Không đồng ý'), ('withdrawn', 'Đơn vị đã rút đề nghị')], default='pending', max_length=20, verbose_name='trạng thái'),
        ),
    ]
