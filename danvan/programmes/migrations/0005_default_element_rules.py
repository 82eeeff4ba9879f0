"""The three checks that used to be written in the code of both the entry form and the import, now
rows of ElementRule: created for an existing install that has the demo's elements, so it keeps its
rules; a fresh database gets them from the demo loader (danvan.programmes.demo) instead."""

from django.db import migrations

# (left element, comparator, right element, message): as the code said them before.
DEFAULT_RULES = [
    (
        "members",
        "<=",
        "eligible_population",
        "Số đoàn viên, hội viên không được lớn hơn số người trong độ tuổi",
    ),
    (
        "members_attending_regularly",
        "<=",
        "members",
        "Số sinh hoạt thường xuyên không được lớn hơn số đoàn viên, hội viên",
    ),
    (
        "core_members",
        "<=",
        "members",
        "Số nòng cốt không được lớn hơn số đoàn viên, hội viên",
    ),
]


def create_default_rules(apps, schema_editor):
    DataElement = apps.get_model("programmes", "DataElement")
    ElementRule = apps.get_model("programmes", "ElementRule")
    codes = {code for left, _comparator, right, _message in DEFAULT_RULES for code in (left, right)}
    elements = {e.code: e for e in DataElement.objects.filter(code__in=codes)}
    for left, comparator, right, message in DEFAULT_RULES:
        if left in elements and right in elements:
            ElementRule.objects.get_or_create(
                left=elements[left],
                comparator=comparator,
                right=elements[right],
                defaults={"message": message},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0004_elementrule"),
    ]

    operations = [
        migrations.RunPython(create_default_rules, migrations.RunPython.noop),
    ]
