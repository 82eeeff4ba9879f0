"""Wagtail's own aging pages report, exported before and after decision 0024's 7 Dec section
("Wagtail's reports"): ``--pages`` published pages (50,000) under the home page, bulk-inserted, a
third of them with a publish log entry (the report's "last published by" column).

Before: the CSV as Wagtail's own view builds it inside the request (``AgingPagesView``, every row).
After: the export link through the real database queue, as ``bench.exports_audit_board`` measures the
audit log's: the GET showing the row count and the button, the POST answering 303, the job page,
interleaved with a view that does nothing; then the job in ``db_worker --backend queue --batch``.

    python -m bench.exports_wagtail_reports [--pages 50000] [--database-url postgres://…/bench_exports_x]
"""

import argparse
import datetime as dt
import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

from .common import configure_django, environment, run_in_workdir, step
from .exports_audit_board import REQUEST_MS, SLOW_S, _report, through_the_queue

BATCH = 5_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=50_000, help="published pages (50,000)")
    parser.add_argument("--iterations", type=int, default=20, help="measured button requests (20)")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (database name must start with 'bench')"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    return parser.parse_args(argv)


def build_pages(pages: int, publisher: Any) -> None:
    """``pages`` live pages under the home page, one published a minute apart (bulk_create of plain
    pages with their tree paths worked out; a third logged as published by ``publisher``)."""
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page, PageLogEntry, Site

    home = Site.objects.get(is_default_site=True).root_page
    locale = Locale.get_default()
    start = timezone.now() - dt.timedelta(minutes=pages + 10)
    with transaction.atomic():
        for first in range(0, pages, BATCH):
            batch = []
            for number in range(first, min(pages, first + BATCH)):
                published = start + dt.timedelta(minutes=number)
                batch.append(
                    Page(
                        title=f"Bài viết số {number}",
                        draft_title=f"Bài viết số {number}",
                        slug=f"bai-{number}",
                        url_path=f"{home.url_path}bai-{number}/",
                        path=Page._get_path(home.path, home.depth + 1, home.numchild + number + 1),
                        depth=home.depth + 1,
                        numchild=0,
                        live=True,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        first_published_at=published,
                        last_published_at=published,
                    )
                )
            created = Page.objects.bulk_create(batch)
            PageLogEntry.objects.bulk_create(
                PageLogEntry(
                    page_id=page.pk,
                    content_type_id=page.content_type_id,
                    label=page.title,
                    action="wagtail.publish",
                    user=publisher,
                    timestamp=page.last_published_at,
                )
                for page in created[::3]
            )
        Page.objects.filter(pk=home.pk).update(numchild=home.numchild + pages)


def wagtails_own_csv(boss: Any) -> int:
    """The CSV as Wagtail's own ``AgingPagesView`` builds it in the request; returns its size."""
    from django.urls import reverse
    from wagtail.admin.views.reports.aging_pages import AgingPagesView

    from danvan.core.queued_exports import view_for

    view = view_for(AgingPagesView.as_view(), reverse("wagtailadmin_reports:aging_pages"), boss, "", "csv")
    response = view.get(view.request)
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(response.content)


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from danvan.core.services import ensure_root_and_site

    from .bench_cases import verified_client

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    ensure_root_and_site()
    boss = get_user_model().objects.create_superuser("bench", "b@example.com", "bench-password-123")
    with step(f"Inserting {args.pages:,} published pages"):
        build_pages(args.pages, boss)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with step("Building the aging pages CSV inside the request (Wagtail's own view)"):
        started = time.perf_counter()
        size = wagtails_own_csv(boss)
        direct_s = time.perf_counter() - started
    queued = through_the_queue(
        args,
        verified_client(boss),
        f"aging pages, CSV ({args.pages:,} rows)",
        "/admin/reports/aging-pages/?export=csv",
    )
    env = environment(connection.vendor)
    load = os.getloadavg()
    print()
    print(
        f"danvan Wagtail reports export benchmark — {env['database']}, Python {env['python']}, "
        f"Wagtail {env['wagtail']}, {env['cpus']} CPUs (load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}); "
        f"{args.pages:,} pages"
    )
    flag = f"> {SLOW_S:g} s" if direct_s > SLOW_S else ""
    print("\nfile built inside the request (before):")
    print(f"  aging pages, CSV, everything          {direct_s:8.2f} s  {size / 1024:9.0f} KiB  {flag}")
    _report(queued)
    ok = queued["request_ms"][1] <= REQUEST_MS
    print(f"{'PASS' if ok else 'FAIL'}  aging pages: POST p95 ≤ {REQUEST_MS:g} ms")
    if args.json:
        results = {
            "environment": env,
            "load": load,
            "pages": args.pages,
            "direct_s": direct_s,
            "queued": queued,
        }
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0 if ok or args.no_fail else 1


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-exports-wr-")


if __name__ == "__main__":
    raise SystemExit(main())
