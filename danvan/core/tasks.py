"""The task queue's work for core: building a report or export file (decision 0024)."""

from django_tasks import task


@task(backend="queue")  # the database queue (settings.TASKS), run by db_worker beside gunicorn
def build_export(job_id: int) -> str:
    from .exports import run_export

    return run_export(job_id)
