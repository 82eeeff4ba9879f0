"""What makes the dashboard's kept figures out of date (decision 0028, ``figures_cache``).

A value or a report retires its period's figures; any other change to the programme's models or to the
tree of units retires them all. Writes that send no model signal call ``figures_cache`` themselves
(the values' import) or send ``orgunits.services.tree_changed`` (the units' import).
"""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from danvan.orgunits import services as orgunit_services

from . import figures_cache

PER_PERIOD = {"programmes.datavalue", "programmes.submission"}
# Records that change no figure: the history of values and reports, narrative reports and their
# evidence, and who may enter or approve.
NO_FIGURES = {
    "programmes.datavaluechange",
    "programmes.submissionevent",
    "programmes.taskreport",
    "programmes.taskevidence",
    "orgunits.unitmembership",
}
APPS = {"programmes", "orgunits"}


def _changed(sender: Any, instance: Any = None, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in APPS:
        return
    label = meta.label_lower
    if label in PER_PERIOD:
        figures_cache.periods_changed([instance.period_id])
    elif label not in NO_FIGURES:
        figures_cache.structure_changed()


def _tree_changed(**kwargs: Any) -> None:
    figures_cache.structure_changed()


def connect() -> None:
    post_save.connect(_changed, dispatch_uid="programmes-figures-save")
    post_delete.connect(_changed, dispatch_uid="programmes-figures-delete")
    m2m_changed.connect(_changed, dispatch_uid="programmes-figures-m2m")
    orgunit_services.tree_changed.connect(_tree_changed, dispatch_uid="programmes-figures-tree")
