"""Fetching a file that is built in the task queue (decision 0024), as a user does: post the button,
follow the job page, download. Tests run tasks at once (settings/test.py), so the job is done when
the POST answers."""

from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from danvan.core.models import ExportJob

# The queue that keeps jobs without running them (the default backend still runs at once): a test
# can see a job queued and not built, then run it itself (core.exports.run_export).
DUMMY_QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
}


def client_of(user: Any) -> Client:
    """A signed-in client whose server errors come back as 500 answers, not exceptions."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def job_from(response: Any) -> ExportJob:
    """The job a button's 303 answer leads to."""
    assert response.status_code == 303, (response.status_code, response.content[:300])
    job_id = int(response["Location"].rstrip("/").rsplit("/", 1)[-1])
    assert response["Location"] == reverse("export_job", args=[job_id])
    return ExportJob.objects.get(pk=job_id)


def read(response: Any) -> HttpResponse:
    """A download (a FileResponse, streamed) as a plain response with ``content``, headers kept."""
    if not getattr(response, "streaming", False):
        return response
    plain = HttpResponse(b"".join(response.streaming_content), status=response.status_code)
    for header, value in response.headers.items():
        plain[header] = value
    return plain


def export_file(client: Client, path: str, data: dict[str, str]) -> HttpResponse:
    """The file the button at ``path`` makes; a refusal (or a 400) comes back as it is."""
    response = client.post(path, data)
    if response.status_code != 303:
        return read(response)
    return read(client.get(reverse("export_job_download", args=[job_from(response).pk])))


def download(client: Client, job: ExportJob) -> HttpResponse:
    """The job's file, as its download link gives it."""
    return read(client.get(reverse("export_job_download", args=[job.pk])))
