"""Work done after the answer, in the task queue (django-tasks; `manage.py db_worker` runs it beside
gunicorn): the receipt e-mail with a case's tracking code (issue 15).

A mail server that refuses or is down costs a retry, later and later, up to ``MAX_ATTEMPTS``; then the
failure is logged. The case itself was committed before the task was queued: nothing here can lose it.
"""

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Case

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_DELAY = dt.timedelta(minutes=1)  # then 4, 16, 64… minutes


def retry_delay(attempt: int) -> dt.timedelta:
    """How long to wait after failed attempt number ``attempt`` (1, 2, …): 1, 4, 16, 64, 256 minutes."""
    return FIRST_DELAY * int(4 ** (attempt - 1))


def lookup_url(code: str) -> str:
    base = str(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")
    return base + reverse("case_status", kwargs={"code": code})


@task(backend="queue")  # the database queue (settings.TASKS): retried later by db_worker
def send_case_receipt(case_id: int, attempt: int = 1) -> str:
    """E-mail the citizen the case's tracking code and lookup link (plain Vietnamese text)."""
    case = Case.objects.filter(pk=case_id).only("code", "kind", "title", "email", "received_at").first()
    if case is None or not case.email:
        return "skipped"
    body = render_to_string(
        "feedback/public/email_receipt.txt",
        {"case": case, "url": lookup_url(case.code), "kind": case.get_kind_display()},
    )
    subject = _("Đã nhận đơn của bạn — mã tra cứu %(code)s") % {"code": case.code}
    try:
        send_mail(subject, body, None, [case.email])
    except (smtplib.SMTPException, OSError):
        if attempt >= MAX_ATTEMPTS:
            logger.error("receipt e-mail of case %s not sent after %d attempts", case.code, attempt)
            return "gave up"
        logger.warning("receipt e-mail of case %s failed (attempt %d); retrying", case.code, attempt)
        later = send_case_receipt
        if later.get_backend().supports_defer:
            later = later.using(run_after=timezone.now() + retry_delay(attempt))
        later.enqueue(case_id=case_id, attempt=attempt + 1)
        return "retrying"
    return "sent"
