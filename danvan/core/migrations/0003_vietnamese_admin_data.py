"""Wagtail's initial data in Vietnamese: the groups, the default workflow and its task, the root
page and the root collection that Wagtail's migrations create with English names."""

from typing import Any

from django.db import migrations

# (model, field, English name from Wagtail's migrations, Vietnamese name; see danvan/core/roles.py)
RENAMES = [
    ("auth", "Group", "name", "Moderators", "Người duyệt bài"),
    ("auth", "Group", "name", "Editors", "Biên tập viên"),
    ("wagtailcore", "Workflow", "name", "Moderators approval", "Quy trình duyệt bài"),
    ("wagtailcore", "Task", "name", "Moderators approval", "Lãnh đạo duyệt bài"),
    ("wagtailcore", "Collection", "name", "Root", "Gốc"),
]


def _rename(apps: Any, *, forward: bool) -> None:
    for app, model_name, field, english, vietnamese in RENAMES:
        model = apps.get_model(app, model_name)
        old, new = (english, vietnamese) if forward else (vietnamese, english)
        if not model.objects.filter(**{field: new}).exists():  # group names are unique
            model.objects.filter(**{field: old}).update(**{field: new})
    Page = apps.get_model("wagtailcore", "Page")
    old, new = ("Root", "Gốc") if forward else ("Gốc", "Root")
    Page.objects.filter(depth=1, title=old).update(title=new, draft_title=new)


def forwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, forward=True)


def backwards(apps: Any, schema_editor: Any) -> None:
    _rename(apps, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_siteidentity_english"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
