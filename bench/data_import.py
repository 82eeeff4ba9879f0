"""``python -m bench.data_import``: importing 36,000 data values (300 units × 10 elements × 12 months).

Self-contained like ``python -m bench.search``: a fresh temporary SQLite file (or a throw-away
PostgreSQL database with ``--database-url``), migrated, with 300 units under one district, 10 count
elements, a monthly data set and open reports. A CSV of every value is generated, then imported
through ``exchange.import_data_values`` (all checks, bulk writes, one audit row per value). The
baseline, measured in the same run, is reading the same file with ``csv.reader`` only. A second
import of the same file (every value unchanged: checks only, nothing written) is timed too.
Target: the first import ≤ 10 s. Exit code 1 when it fails, unless ``--no-fail``.
"""

import argparse
import csv
import io
import json
import os
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .common import configure_django, environment, run_in_workdir, step

IMPORT_TARGET_S = 10.0
MONTHS = 12
YEAR = 2023
# The four counts the cross-field rules know (members ≤ eligible, attendees and core ≤ members) and six
# more, so that every rule runs on every unit and month.
ELEMENTS = [
    "eligible_population",
    "members",
    "members_attending_regularly",
    "core_members",
    *(f"extra_count_{n}" for n in range(1, 7)),
]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.data_import", description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=300, help="reporting units (300)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL instead of a temporary SQLite file, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_danvan_import (created and dropped; the name must "
        "start with 'bench')",
    )
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if the target fails")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.units < 1:
        parser.error("--units must be positive")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    return args


def create_structure(units: int) -> None:
    """A district, ``units`` communes under it, the elements, a monthly data set and open reports."""
    from danvan.orgunits.models import OrgType, OrgUnit
    from danvan.programmes.models import DataElement, DataSet, ElementRule, Period, RuleComparator, Submission

    kind = OrgType.objects.create(code="youth_union", name="Đoàn TNCS Hồ Chí Minh", socio_political=True)
    district = OrgUnit.objects.create(code="BENCH", name="Huyện mẫu", org_type=kind)
    OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"BENCH-{n:04d}",
            name=f"Xã mẫu {n}",
            parent=district,
            org_type=kind,
            path=f"{district.path}BENCH-{n:04d}/",
            depth=2,
        )
        for n in range(1, units + 1)
    )
    elements = DataElement.objects.bulk_create(
        DataElement(code=code, name=code.replace("_", " "), value_type="count") for code in ELEMENTS
    )
    by_code = {e.code: e for e in DataElement.objects.all()}
    rules = [  # a part is never more than its whole: the import checks these on every unit and month
        ("members", "eligible_population", "Số hội viên vượt số người trong độ tuổi"),
        ("members_attending_regularly", "members", "Số sinh hoạt thường xuyên vượt số hội viên"),
        ("core_members", "members", "Số nòng cốt vượt số hội viên"),
    ]
    ElementRule.objects.bulk_create(
        ElementRule(left=by_code[left], comparator=RuleComparator.LTE, right=by_code[right], message=message)
        for left, right, message in rules
    )
    data_set = DataSet.objects.create(code="BENCH-MONTHLY", name="Báo cáo tháng", period_type="monthly")
    data_set.elements.set(elements)
    data_set.org_types.set([kind])
    periods = [Period.for_code(f"{YEAR}-{month:02d}") for month in range(1, MONTHS + 1)]
    Submission.objects.bulk_create(
        Submission(data_set=data_set, period=period, org_unit=unit)
        for period in periods
        for unit in OrgUnit.objects.filter(parent=district)
    )


def generate_csv(units: int) -> bytes:
    """Every element for every unit and month; counts that satisfy the cross-field rules."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["data_element", "period", "org_unit", "value", "comment"])
    for month in range(1, MONTHS + 1):
        for n in range(1, units + 1):
            eligible = 1000 + 7 * n + month
            members = eligible * 8 // 10
            figures = [eligible, members, members * 9 // 10, members // 2, *(n + k for k in range(6))]
            for code, value in zip(ELEMENTS, figures, strict=True):
                writer.writerow([code, f"{YEAR}-{month:02d}", f"BENCH-{n:04d}", value, ""])
    return buffer.getvalue().encode("utf-8")


def baseline_parse(data: bytes) -> tuple[float, int]:
    start = time.perf_counter()
    rows = sum(1 for _row in csv.reader(io.StringIO(data.decode("utf-8"))))
    return time.perf_counter() - start, rows - 1


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from danvan.collection.exchange import import_data_values
    from danvan.programmes.models import DataValue, DataValueChange

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    with step(f"Creating {args.units} units, {len(ELEMENTS)} elements, {MONTHS} monthly reports each"):
        create_structure(args.units)
    data = generate_csv(args.units)
    baseline_s, rows = baseline_parse(data)

    start = time.perf_counter()
    first = import_data_values(data)
    import_s = time.perf_counter() - start
    start = time.perf_counter()
    again = import_data_values(data)
    again_s = time.perf_counter() - start

    stored, audited = DataValue.objects.count(), DataValueChange.objects.count()
    if (first.created, stored, audited, again.unchanged) != (rows, rows, rows, rows):
        raise RuntimeError(
            f"expected {rows} values created, stored, audited and then unchanged; got {first.created}, "
            f"{stored}, {audited}, {again.unchanged}"
        )
    env = environment(connection.vendor)
    print()
    print(
        f"danvan data import benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs; {args.units} units × {len(ELEMENTS)} elements × {MONTHS} months = "
        f"{rows:,} values, {len(data) / 2**20:.1f} MiB CSV"
    )
    head = f"{'step':<62} {'seconds':>8} {'×baseline':>10} {'values/s':>10}"
    print(head)
    print("-" * len(head))
    for label, seconds in (
        ("baseline: csv.reader over the same file", baseline_s),
        ("import: check every row, write values and audit rows", import_s),
        ("import again: every value unchanged, nothing written", again_s),
    ):
        print(f"{label:<62} {seconds:8.2f} {seconds / baseline_s:10.1f} {rows / seconds:10,.0f}")
    print()
    ok = import_s <= IMPORT_TARGET_S
    print(
        f"{'PASS' if ok else 'FAIL'}  importing {rows:,} values ≤ {IMPORT_TARGET_S:g} s  "
        f"({import_s:.2f} s, {import_s / baseline_s:.0f}× parsing the file alone)"
    )
    if args.json:
        payload: dict[str, Any] = {
            "environment": env,
            "values": rows,
            "baseline_s": baseline_s,
            "import_s": import_s,
            "import_unchanged_s": again_s,
            "target": {"label": f"import ≤ {IMPORT_TARGET_S:g} s", "ok": ok},
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 1 if not ok and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-import-")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
