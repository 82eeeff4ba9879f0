"""gunicorn settings for `make run`: HOST/PORT from the environment, the scheduler and the task worker
(e-mails to citizens, issue 15) as sidecars."""

import os
import subprocess
import sys
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
# No personal data in the access log (issue 14): no client address, user agent, referrer or query
# string (a search, a name typed in a form) — date, method, path, status, size and time only.
access_log_format = os.environ.get("GUNICORN_ACCESS_LOG_FORMAT", '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms')
wsgi_app = "danvan.wsgi:application"

_sidecars: list[subprocess.Popen[bytes]] = []


def on_starting(server: Any) -> None:
    """Start the scheduled-publishing loop (disable with DANVAN_SCHEDULER=0) and the worker of the task
    queue (disable with DANVAN_TASK_WORKER=0) beside the web workers."""
    if os.environ.get("DANVAN_SCHEDULER", "1") == "1":
        _sidecars.append(subprocess.Popen([sys.executable, "manage.py", "run_scheduler"]))
    if os.environ.get("DANVAN_TASK_WORKER", "1") == "1":
        _sidecars.append(subprocess.Popen([sys.executable, "manage.py", "db_worker", "--backend", "queue"]))


def on_exit(server: Any) -> None:
    for sidecar in _sidecars:
        sidecar.terminate()
    for sidecar in _sidecars:
        try:
            sidecar.wait(timeout=10)
        except subprocess.TimeoutExpired:
            sidecar.kill()
