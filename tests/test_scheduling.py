import datetime as dt
import time
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from .factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def test_scheduled_article_goes_live_when_the_scheduler_runs(client: Client, category: Any) -> None:
    article = ArticlePageFactory.create(parent=category, slug="hen-gio", live=False)
    article.go_live_at = timezone.now() + dt.timedelta(seconds=1)
    article.save_revision().publish()  # publishing a future go_live_at only schedules it
    article.refresh_from_db()
    assert not article.live
    assert client.get(f"{category.url}hen-gio/").status_code == 404

    time.sleep(1.2)  # let the scheduled moment pass, as it would for a real editor
    call_command("run_scheduler", "--once")
    article.refresh_from_db()
    assert article.live
    assert client.get(f"{category.url}hen-gio/").status_code == 200
