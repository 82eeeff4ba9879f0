"""Every report and export staff can start, timed at national scale; the slow ones through the queue.

The nation after the 2025 reform: 3,321 communes × 10 branches ≈ 33,000 units, each with figures for
10 ratio indicators. Part 1 times each file as it was built inside the request (the programme report
in Excel, Word and PDF; the data values in CSV and Excel; the unit list's CSV — the audit log and
the case board are ``bench.exports_audit_board``'s). Part 2 measures what the request costs now that the slow ones are background jobs: the
button's request (enqueue + redirect), the job page's request, and the job itself run by the worker
(`db_worker --backend queue`), with the ratio request / job. The baseline is a view that does
nothing, measured in the same run through the same test client.

    python -m bench.exports [--units 33000] [--database-url postgres://…/bench_exports]
"""

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import configure_django, environment, run_in_workdir, step
from .programmes import build as build_world

REQUEST_MS = 100.0  # the button's request: it must not wait for the file
SLOW_S = 2.0  # over this at national scale, an export is a background job


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--units", type=int, default=33_000, help="reporting branches (33,000)")
    parser.add_argument("--indicators", type=int, default=10, help="ratio indicators, one target each (10)")
    parser.add_argument("--iterations", type=int, default=20, help="measured button requests (20)")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (database name must start with 'bench')"
    )
    parser.add_argument("--skip-direct", action="store_true", help="leave out part 1 (the direct builds)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    return parser.parse_args(argv)


def build(units: int, indicators: int, *, code: str) -> tuple[Any, Any, int]:
    """A programme over ``units`` branches in communes of 10 with figures for one month: the
    dashboard benchmark's world (``bench.programmes.build``)."""
    return build_world(units, indicators, 1, code=code)


def timed(build_file: Callable[[], bytes | str]) -> tuple[float, int]:
    start = time.perf_counter()
    content = build_file()
    return time.perf_counter() - start, len(content)


def direct_builds(programme: Any, period: Any) -> list[tuple[str, float, int]]:
    """Part 1: each file as the request used to build it (seconds, bytes)."""
    from danvan.collection import exchange
    from danvan.orgunits import selectors as unit_selectors
    from danvan.reports import exports

    measured = []
    cases: list[tuple[str, Callable[[], bytes | str]]] = [
        ("programme report, Excel", lambda: exports.render_xlsx(exports.build_report(programme, period))),
        ("programme report, Word", lambda: exports.render_docx(exports.build_report(programme, period))),
        ("programme report, PDF", lambda: exports.render_pdf(exports.build_report(programme, period))),
        (
            "data values, CSV",
            lambda: exchange.export_data_values(programme=programme, period=period, file_format="csv"),
        ),
        (
            "data values, Excel",
            lambda: exchange.export_data_values(programme=programme, period=period, file_format="xlsx"),
        ),
        ("unit list, CSV", unit_selectors.units_csv),
    ]
    for label, build_file in cases:
        with step(f"Building {label}"):
            seconds, size = timed(build_file)
        measured.append((label, seconds, size))
    return measured


def _ms(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]


def through_the_queue(args: argparse.Namespace, programme: Any, period: Any) -> dict[str, Any]:
    """Part 2: the button's request, the job page's, and the job in the worker, on the database queue
    (the bench's test settings run tasks at once: here the queue is the real one)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from danvan.core.models import ExportJob

    from .bench_cases import verified_client
    from .urls import BASELINE_PATH

    client = verified_client(
        get_user_model().objects.create_superuser("bench", "b@example.com", "bench-password-123")
    )
    button = f"/admin/chuong-trinh/{programme.pk}/bao-cao/"
    data = {"period": period.code, "format": "xlsx"}
    queue = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
    }
    with override_settings(TASKS=queue):
        with step(f"Measuring {args.iterations} button requests and job pages"):
            client.get(BASELINE_PATH)
            baseline, requests, pages = [], [], []
            for _ in range(args.iterations):
                start = time.perf_counter()
                assert client.get(BASELINE_PATH).status_code == 200
                baseline.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                response = client.post(button, data)
                requests.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 303, (response.status_code, response.get("Location"))
                start = time.perf_counter()
                assert client.get(response["Location"]).status_code == 200
                pages.append((time.perf_counter() - start) * 1000)
        job = ExportJob.objects.latest("pk")
        assert job.status == ExportJob.Status.QUEUED  # the request did not build it
        # One job is enough to time (each takes tens of seconds): the others are withdrawn.
        others = [task.pk for task in DBTaskResult.objects.all() if task.args_kwargs["args"] != [job.pk]]
        DBTaskResult.objects.filter(pk__in=others).delete()
        ExportJob.objects.exclude(pk=job.pk).delete()
        with step("Running the job in db_worker --backend queue --batch"):
            start = time.perf_counter()
            call_command("db_worker", "--backend", "queue", "--batch", "--no-startup-delay", verbosity=0)
            worker_s = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100, (job.status, job.error)
    assert job.started_at is not None and job.finished_at is not None
    job_s = (job.finished_at - job.started_at).total_seconds()
    download = client.get(f"/admin/tep-xuat/{job.pk}/tai-ve/")
    assert download.status_code == 200
    size = sum(len(chunk) for chunk in download.streaming_content)
    return {
        "baseline_ms": _ms(baseline),
        "request_ms": _ms(requests),
        "page_ms": _ms(pages),
        "job_s": job_s,
        "worker_s": worker_s,
        "bytes": size,
    }


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from danvan.core.services import ensure_root_and_site

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    ensure_root_and_site()
    with step(f"Generating {args.units:,} units × {args.indicators} indicators"):
        programme, period, values = build(args.units, args.indicators, code="NAT")
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    direct = [] if args.skip_direct else direct_builds(programme, period)
    queued = through_the_queue(args, programme, period)

    env = environment(vendor)
    load = os.getloadavg()[0]
    print()
    print(
        f"danvan exports benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs (load {load:.1f}); {args.units:,} units × {args.indicators} indicators "
        f"({values:,} values)"
    )
    if direct:
        print("\nfile built inside the request (before):")
        for label, seconds, size in direct:
            flag = f"> {SLOW_S:g} s" if seconds > SLOW_S else ""
            print(f"  {label:<28} {seconds:7.2f} s  {size / 1024:8.0f} KiB  {flag}")
    base, _ = queued["baseline_ms"]
    request_p50, request_p95 = queued["request_ms"]
    page_p50, _ = queued["page_ms"]
    job_ms = queued["job_s"] * 1000
    print("\nprogramme report, Excel, through the queue (after):")
    print(f"  baseline (a view that does nothing)  p50 {base:8.2f} ms")
    print(f"  the button: queue the job, redirect  p50 {request_p50:8.2f} ms  p95 {request_p95:.2f} ms")
    print(f"  the job page                         p50 {page_p50:8.2f} ms")
    print(
        f"  the job in db_worker                     {queued['job_s']:8.2f} s  ({queued['bytes'] / 1024:.0f} KiB)"
    )
    print(
        f"  request / job: {request_p50 / job_ms:.5f} (the request waits {request_p50 / job_ms:.3%} of the job)"
    )
    print(f"  request / baseline: {request_p50 / base:.1f}×")
    targets = [(f"button request p95 ≤ {REQUEST_MS:g} ms", request_p95 <= REQUEST_MS)]
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        results = {
            "environment": env,
            "load": load,
            "units": args.units,
            "values": values,
            "direct": [{"label": label, "seconds": s, "bytes": n} for label, s, n in direct],
            "queued": queued,
            "targets": [{"label": label, "ok": ok} for label, ok in targets],
        }
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    failed = not all(ok for _label, ok in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-exports-")


if __name__ == "__main__":
    raise SystemExit(main())
