"""Work done in the task queue (django-tasks; `manage.py db_worker` runs it beside gunicorn): a
dashboard's figures, when computing them is too much for a request (decision 0028)."""

import logging

from django_tasks import task

from danvan.orgunits import selectors as orgunits

from . import figures_cache, selectors

logger = logging.getLogger(__name__)


@task(backend="queue")  # the database queue (settings.TASKS)
def refresh_dashboard_figures(programme_id: int, unit_id: int, period_ids: list[int]) -> str:
    return refresh(programme_id, unit_id, period_ids)


def refresh(programme_id: int, unit_id: int, period_ids: list[int]) -> str:
    """Compute and keep a dashboard's figures for these periods; the page shows them when done.
    What the job runs (bench.programmes runs it too, timed apart from any request)."""
    try:
        programme = selectors.programme(programme_id)
        unit = orgunits.unit_by_pk(unit_id)
        periods = [p for p in selectors.all_periods() if p.pk in set(period_ids)]
        if programme is None or unit is None or not periods:
            return "gone"
        selectors.refresh_figures(programme, periods, unit)
        return "done"
    finally:
        figures_cache.release_refresh(programme_id, unit_id)


def queue_refresh(programme_id: int, unit_id: int, period_ids: list[int]) -> None:
    refresh_dashboard_figures.enqueue(programme_id=programme_id, unit_id=unit_id, period_ids=period_ids)


selectors.on_refresh_needed(queue_refresh)
