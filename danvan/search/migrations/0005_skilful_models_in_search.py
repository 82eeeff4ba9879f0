from django.db import migrations, models

from danvan.search.sqlite_fts import restore


class Migration(migrations.Migration):

    dependencies = [
        ('danvan_search', '0004_answers_in_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='searchdocument',
            name='kind',
            field=models.CharField(choices=[('article', 'Bài viết'), ('page', 'Trang'), ('document', 'Văn bản'), ('answer', 'Trả lời công dân'), ('skilful_model', 'Mô hình Dân vận khéo')], db_index=True, max_length=20, verbose_name='loại'),
        ),
        # A change of choices only; should a Django version copy the table, the FTS5 triggers come back.
        migrations.RunPython(restore, migrations.RunPython.noop),
    ]
