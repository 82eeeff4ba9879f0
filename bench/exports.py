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

    env = environment(vendor)
    print()
    print(
        f"danvan exports benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs; {args.units:,} units × {args.indicators} indicators ({values:,} values)"
    )
    if direct:
        print("\nfile built inside the request (before):")
        for label, seconds, size in direct:
            print(
                f"  {label:<28} {seconds:7.2f} s  {size / 1024:8.0f} KiB  {'> 2 s' if seconds > SLOW_S else ''}"
            )
    results: dict[str, Any] = {
        "environment": env,
        "units": args.units,
        "values": values,
        "direct": [{"label": label, "seconds": s, "bytes": n} for label, s, n in direct],
    }
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    _ = statistics
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-exports-")


if __name__ == "__main__":
    raise SystemExit(main())
