import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("documents", "0002_document_files")]

    operations = [
        migrations.AddField(
            model_name="legaldocument",
            name="published_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, editable=False, verbose_name="ngày đăng"
            ),
        ),
        migrations.AddField(
            model_name="legaldocument",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now, verbose_name="ngày cập nhật"),
            preserve_default=False,
        ),
    ]
