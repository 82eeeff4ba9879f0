"""The yes/no element behind the “Dân vận khéo” indicator is written from recognition decisions from
now on (decision 0020): mark it automatic where it exists — no hand entry or import of it; a unit in
scope without a value counts as "no". Values already stored stay as they are."""

from django.apps.registry import Apps
from django.conf import settings
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def mark_automatic(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    indicator_model = apps.get_model("programmes", "Indicator")
    element_model = apps.get_model("programmes", "DataElement")
    key = getattr(settings, "DANVAN_SKILFUL_INDICATOR", "skilful_mobilisation")
    indicator = indicator_model.objects.filter(key=key).first()
    if indicator is not None and indicator.rating_element_id is not None:
        element_model.objects.filter(pk=indicator.rating_element_id).update(automatic=True)
    else:
        element_model.objects.filter(code=key, value_type="boolean").update(automatic=True)


class Migration(migrations.Migration):
    dependencies = [
        ("emulation", "0001_initial"),
        ("programmes", "0006_task_progress_and_automatic_elements"),
    ]

    operations = [migrations.RunPython(mark_automatic, migrations.RunPython.noop)]
