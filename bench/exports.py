"""Every report and export staff can start, timed at national scale; the slow ones through the queue.

The nation after the 2025 reform: 3,321 communes × 10 branches ≈ 33,000 units, each with figures for
10 ratio indicators. Part 1 times each file as it was built inside the request (the programme report
in Excel, Word and PDF; the data values in CSV and Excel; the unit list's CSV; the case board's
Excel). Part 2 measures what the request costs now that the slow ones are background jobs: the
button's request (enqueue + redirect), the job page's request, and the job itself run by the worker
(`db_worker --backend queue`), with the ratio request / job. The baseline is a view that does
nothing, measured in the same run through the same test client.

    python -m bench.exports [--units 33000] [--database-url postgres://…/bench_exports]
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from .common import configure_django, environment, run_in_workdir, step

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
    """A programme over ``units`` branches in communes of 10, figures for one month, bulk-inserted
    (paths written as ``OrgUnit.save`` would: 33,000 saves one by one take minutes)."""
    from danvan.orgunits.models import OrgType, OrgUnit
    from danvan.programmes.models import (
        Comparator,
        DataElement,
        DataSet,
        DataValue,
        Indicator,
        Period,
        Programme,
        Submission,
        Target,
    )

    kind, _ = OrgType.objects.get_or_create(
        code="branch", defaults={"name": "Chi hội", "socio_political": True}
    )
    root = OrgUnit.objects.create(code=code, name=f"Tỉnh {code}")
    communes = OrgUnit.objects.bulk_create(
        [
            OrgUnit(code=f"{code}-{c}", name=f"Xã {c}", parent=root, path=f"{root.path}{code}-{c}/", depth=2)
            for c in range((units + 9) // 10)
        ],
        batch_size=2000,
    )
    if not all(commune.pk for commune in communes):  # SQLite < 3.35 returns no keys
        communes = list(OrgUnit.objects.filter(parent=root).order_by("pk"))
    branches = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"{commune.code}-{b}",
                name=f"Chi hội {c}.{b}",
                parent=commune,
                org_type=kind,
                path=f"{commune.path}{commune.code}-{b}/",
                depth=3,
            )
            for c, commune in enumerate(communes)
            for b in range(min(10, units - 10 * c))
        ],
        batch_size=2000,
    )
    if not all(branch.pk for branch in branches):
        branches = list(OrgUnit.objects.filter(depth=3, path__startswith=root.path).order_by("pk"))
    denominator, _ = DataElement.objects.get_or_create(
        code="eligible", defaults={"name": "Trong độ tuổi", "value_type": "count"}
    )
    numerators = [
        DataElement.objects.get_or_create(
            code=f"n{i}", defaults={"name": f"Tử số {i}", "value_type": "count"}
        )[0]
        for i in range(indicators)
    ]
    programme = Programme.objects.create(
        code=f"{code}-CTr/TU",
        title="Bench",
        issuer="Tỉnh ủy Bench",
        issued_on=dt.date(2025, 1, 1),
        year=2025,
        root_unit=root,
    )
    for i, element in enumerate(numerators):
        indicator, created = Indicator.objects.get_or_create(
            key=f"ind{i}",
            defaults={
                "name": f"Chỉ tiêu {i}",
                "kind": "ratio",
                "numerator": element,
                "denominator": denominator,
            },
        )
        if created:
            indicator.org_types.set([kind])
        Target.objects.create(
            programme=programme,
            indicator=indicator,
            comparator=Comparator.GT,
            value=Decimal(80),
            sort_order=i,
        )
    data_set = DataSet.objects.create(
        code=f"{code}-DS", name="Bench", period_type="monthly", programme=programme
    )
    data_set.elements.set([denominator, *numerators])
    data_set.org_types.set([kind])
    period = Period.for_code("2025-12")
    rng = random.Random(code)
    rows = []
    for unit in branches:
        eligible = rng.randint(200, 2000)
        rows.append(DataValue(element=denominator, period=period, org_unit=unit, value=eligible))
        rows += [
            DataValue(element=e, period=period, org_unit=unit, value=int(eligible * rng.uniform(0.6, 0.95)))
            for e in numerators
        ]
    Submission.objects.bulk_create(
        [Submission(data_set=data_set, period=period, org_unit=c, status="locked") for c in communes],
        batch_size=2000,
    )
    DataValue.objects.bulk_create(rows, batch_size=2000)
    return programme, period, len(rows)


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
