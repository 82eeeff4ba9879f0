from typing import Any

from django.db import migrations, models


def fill(apps: Any, schema_editor: Any) -> None:
    from danvan.feedback.answer_refs import fill_answer_refs

    fill_answer_refs(apps.get_model("feedback", "Case"), apps.get_model("danvan_search", "SearchDocument"))


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0003_attachments_private"),
        ("danvan_search", "0005_skilful_models_in_search"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="answer_ref",
            field=models.CharField(
                blank=True,
                editable=False,
                max_length=16,
                verbose_name="mã trang trả lời công bố",
            ),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(
                condition=models.Q(("answer_ref", ""), _negated=True),
                fields=("answer_ref",),
                name="feedback_case_answer_ref",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
