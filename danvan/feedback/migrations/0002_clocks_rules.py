"""The legal clocks as rows (issue 15); the data lives in feedback/clocks_rules.py."""

from typing import Any

from django.db import migrations


def add_rules(apps: Any, schema_editor: Any) -> None:
    from danvan.feedback.clocks_rules import ensure_default_rules

    ensure_default_rules(apps.get_model("feedback", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(add_rules, migrations.RunPython.noop)]
