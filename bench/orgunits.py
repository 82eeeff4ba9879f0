"""``python -m bench.orgunits``: importing the national unit structure and paging `/api/v1/org-units/`.

Self-contained like ``python -m bench.data_import``: a fresh temporary SQLite file (or a throw-away
PostgreSQL database with ``--database-url``), migrated, with the levels (province, district,
commune) and one org type. It generates the structure of the 1/7/2025 reform as two CSV files, the
shape ``import_org_units`` reads:

- before: 63 provinces, 705 districts, 10,000 communes, all ending 30/06/2025;
- after: 34 provinces and 3,321 communes from 01/07/2025 (no districts);
- successions: each old commune merges into a new one (every 25th is split in halves between two),
  each old province into a new one — 10,463 rows.

Measured, each against a baseline in the same run:

- the import (``services.import_org_units``, what the command and the admin upload call: every row
  checked, then written in one transaction) vs a plain ``bulk_create`` of the same rows (paths and
  parents computed beforehand, no checks), into the same empty tables;
- importing the same files again (every code exists: checks, nothing changes);
- every page of ``/api/v1/org-units/?page_size=1000`` (all units, and those in force on 01/07/2025)
  through ``django.test.Client``, p50/p95 per page, vs a raw SELECT of the same rows and their
  successors serialised with ``json.dumps``.

Targets (issue 17): the import ≤ 10 s; each page's p95 ≤ 100 ms. Exit 1 when one fails, unless
``--no-fail``. Not timed in the unit tests.
"""

import argparse
import csv
import datetime as dt
import gc
import io
import json
import statistics
import sys
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .common import configure_django, environment, run_in_workdir, step

IMPORT_TARGET_S = 10.0
PAGE_TARGET_MS = 100.0
PAGE_SIZE = 1000
BEFORE = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)
UNITS_HEADER = ["code", "name", "parent_code", "level", "org_type", "valid_from", "valid_to"]
SUCCESSIONS_HEADER = ["predecessor", "successor", "kind", "effective_on", "share"]
ORG_TYPE = "administrative"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.orgunits", description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=63, help="provinces before the reform (63)")
    parser.add_argument("--districts", type=int, default=705, help="districts before the reform (705)")
    parser.add_argument("--communes", type=int, default=10_000, help="communes before the reform (10000)")
    parser.add_argument("--new-provinces", type=int, default=34, help="provinces after the reform (34)")
    parser.add_argument("--new-communes", type=int, default=3321, help="communes after the reform (3321)")
    parser.add_argument("--split-every", type=int, default=25, help="every Nth old commune is split (25)")
    parser.add_argument("--iterations", type=int, default=20, help="measured rounds over the pages (20)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL instead of a temporary SQLite file, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_danvan_orgunits (created and dropped; the name must "
        "start with 'bench')",
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile summary of the import")
    parser.add_argument(
        "--profile-page",
        type=int,
        metavar="N",
        default=0,
        help="also profile page N of 1,000 units: its SQL with each statement's time, and a cProfile summary",
    )
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if a target fails")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if min(args.provinces, args.districts, args.communes, args.new_provinces, args.new_communes) < 1:
        parser.error("every count must be positive")
    if args.new_communes < 2 or args.split_every < 1:
        parser.error("--new-communes must be at least 2 and --split-every positive")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    return args


# --- the structure ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    parent: str
    level: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class SuccessionSpec:
    predecessor: str
    successor: str
    kind: str
    share: Decimal


def national_structure(args: argparse.Namespace) -> tuple[list[UnitSpec], list[SuccessionSpec]]:
    """Units (parents before children, as the export writes them) and successions."""
    units: list[UnitSpec] = []
    successions: list[SuccessionSpec] = []
    old_provinces = [f"P{p + 1:02d}" for p in range(args.provinces)]
    new_provinces = [f"T{p + 1:02d}" for p in range(args.new_provinces)]
    for code in old_provinces:
        units.append(UnitSpec(code, f"Tỉnh cũ {code}", "", "province", None, BEFORE))
    districts = []
    for d in range(args.districts):
        province = old_provinces[d * args.provinces // args.districts]
        code = f"{province}-H{d + 1:03d}"
        districts.append(code)
        units.append(UnitSpec(code, f"Huyện {d + 1}", province, "district", None, BEFORE))
    new_communes = []
    for c in range(args.new_communes):
        province = new_provinces[c * args.new_provinces // args.new_communes]
        new_communes.append(f"{province}-X{c + 1:04d}")
    for c in range(args.communes):
        district = districts[c * args.districts // args.communes]
        code = f"{district}-X{c + 1:05d}"
        units.append(UnitSpec(code, f"Xã Đông Hòa {c + 1}", district, "commune", None, BEFORE))
        heir = c * args.new_communes // args.communes
        if c % args.split_every == args.split_every - 1:
            other = heir + 1 if heir + 1 < args.new_communes else heir - 1
            half = Decimal("0.5")
            successions.append(SuccessionSpec(code, new_communes[heir], "split", half))
            successions.append(SuccessionSpec(code, new_communes[other], "split", half))
        else:
            successions.append(SuccessionSpec(code, new_communes[heir], "merge", Decimal(1)))
    for p, code in enumerate(old_provinces):
        heir = new_provinces[p * args.new_provinces // args.provinces]
        successions.append(SuccessionSpec(code, heir, "merge", Decimal(1)))
    for code in new_provinces:
        units.append(UnitSpec(code, f"Tỉnh {code}", "", "province", REFORM, None))
    for code in new_communes:
        units.append(UnitSpec(code, f"Xã Tân Phú {code[-4:]}", code.split("-")[0], "commune", REFORM, None))
    return units, successions


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def as_csv(units: list[UnitSpec], successions: list[SuccessionSpec]) -> tuple[str, str]:
    out_units, out_successions = io.StringIO(), io.StringIO()
    writer = csv.writer(out_units, lineterminator="\n")
    writer.writerow(UNITS_HEADER)
    writer.writerows(
        [u.code, u.name, u.parent, u.level, ORG_TYPE, _iso(u.valid_from), _iso(u.valid_to)] for u in units
    )
    writer = csv.writer(out_successions, lineterminator="\n")
    writer.writerow(SUCCESSIONS_HEADER)
    writer.writerows(
        [s.predecessor, s.successor, s.kind, REFORM.isoformat(), str(s.share)] for s in successions
    )
    return out_units.getvalue(), out_successions.getvalue()


def create_levels() -> None:
    from danvan.orgunits.models import OrgLevel, OrgType

    for rank, (code, name) in enumerate((("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")), 1):
        OrgLevel.objects.create(code=code, name=name, rank=rank)
    OrgType.objects.create(code=ORG_TYPE, name="Ủy ban nhân dân")


# --- baseline: the same rows, bulk_create and nothing else -------------------------------------------


def plain_bulk_create(units: list[UnitSpec], successions: list[SuccessionSpec]) -> float:
    """Seconds to write the same rows with bulk_create, paths and parents worked out beforehand."""
    from django.db import transaction

    from danvan.orgunits.models import OrgLevel, OrgType, OrgUnit, Succession

    start = time.perf_counter()
    levels = {level.code: level.pk for level in OrgLevel.objects.all()}
    org_type = OrgType.objects.get(code=ORG_TYPE).pk
    paths: dict[str, str] = {}
    pks: dict[str, int] = {}
    by_depth: dict[int, list[UnitSpec]] = {}
    for unit in units:  # parents come first in the file
        paths[unit.code] = (paths[unit.parent] if unit.parent else "/") + unit.code + "/"
        by_depth.setdefault(paths[unit.code].count("/") - 1, []).append(unit)
    with transaction.atomic():
        for depth in sorted(by_depth):
            created = OrgUnit.objects.bulk_create(
                [
                    OrgUnit(
                        code=u.code,
                        name=u.name,
                        parent_id=pks[u.parent] if u.parent else None,
                        level_id=levels[u.level],
                        org_type_id=org_type,
                        valid_from=u.valid_from,
                        valid_to=u.valid_to,
                        path=paths[u.code],
                        depth=depth,
                    )
                    for u in by_depth[depth]
                ]
            )
            pks.update((unit.code, unit.pk) for unit in created)
        Succession.objects.bulk_create(
            Succession(
                predecessor_id=pks[s.predecessor],
                successor_id=pks[s.successor],
                kind=s.kind,
                effective_on=REFORM,
                share=s.share,
            )
            for s in successions
        )
    return time.perf_counter() - start


def empty_tables() -> None:
    from django.db import transaction

    from danvan.orgunits.models import OrgUnit, Succession

    with transaction.atomic():
        Succession.objects.all().delete()
        OrgUnit.objects.update(parent=None)
        OrgUnit.objects.all().delete()


# --- the API and its baseline --------------------------------------------------------------------


def raw_page(filters: dict[str, str], page: int) -> bytes:
    """The same page as the API, by one SELECT for the units and one for their successors, json.dumps."""
    from django.db import connection

    where, params = "", []
    if "on" in filters:
        where = (
            "WHERE (u.valid_from IS NULL OR u.valid_from <= %s) AND (u.valid_to IS NULL OR u.valid_to >= %s)"
        )
        params = [filters["on"], filters["on"]]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM orgunits_orgunit u {where}", params)
        count = cursor.fetchone()[0]
        cursor.execute(
            "SELECT u.id, u.code, u.name, p.code, l.code, t.code, u.valid_from, u.valid_to, u.path "
            "FROM orgunits_orgunit u LEFT JOIN orgunits_orgunit p ON p.id = u.parent_id "
            "LEFT JOIN orgunits_orglevel l ON l.id = u.level_id "
            f"LEFT JOIN orgunits_orgtype t ON t.id = u.org_type_id {where} "
            "ORDER BY u.path, u.id LIMIT %s OFFSET %s",
            [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
        )
        rows = cursor.fetchall()
        ids = [row[0] for row in rows]
        successors: dict[int, list[dict[str, str]]] = {}
        if ids:
            cursor.execute(
                "SELECT s.predecessor_id, u.code, s.kind, s.effective_on, s.share FROM orgunits_succession s "
                "JOIN orgunits_orgunit u ON u.id = s.successor_id "
                f"WHERE s.predecessor_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY s.effective_on, u.code",
                ids,
            )
            for predecessor, code, kind, effective_on, share in cursor.fetchall():
                successors.setdefault(predecessor, []).append(
                    {"code": code, "kind": kind, "effective_on": str(effective_on), "share": str(share)}
                )
    results = [
        {
            "code": code,
            "name": name,
            "parent": parent,
            "level": level,
            "type": org_type,
            "valid_from": str(valid_from) if valid_from else None,
            "valid_to": str(valid_to) if valid_to else None,
            "path": path,
            "successors": successors.get(pk, []),
        }
        for pk, code, name, parent, level, org_type, valid_from, valid_to, path in rows
    ]
    return json.dumps({"count": count, "results": results}, ensure_ascii=False).encode()


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[round(0.95 * (len(ordered) - 1))]


def measure_pages(
    client: Any, filters: dict[str, str], iterations: int
) -> tuple[list[tuple[int, list[float], list[float], int]], int]:
    """Per page: (page, API ms samples, baseline ms samples, bytes); and the count the API gave."""
    first = client.get("/api/v1/org-units/", {**filters, "page_size": PAGE_SIZE})
    assert first.status_code == 200, first.content[:300]
    count = first.json()["count"]
    pages = max(1, -(-count // PAGE_SIZE))
    samples: dict[int, tuple[list[float], list[float]]] = {page: ([], []) for page in range(1, pages + 1)}
    sizes: dict[int, int] = {}
    for round_ in range(iterations + 2):  # two warm-up rounds
        for page in range(1, pages + 1):
            start = time.perf_counter()
            response = client.get("/api/v1/org-units/", {**filters, "page_size": PAGE_SIZE, "page": page})
            api_ms = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, (page, response.status_code)
            start = time.perf_counter()
            raw = raw_page(filters, page)
            raw_ms = (time.perf_counter() - start) * 1000
            if round_ >= 2:
                samples[page][0].append(api_ms)
                samples[page][1].append(raw_ms)
            sizes[page] = len(response.content)
            if round_ == 0:
                got = [row["code"] for row in response.json()["results"]]
                expected = [row["code"] for row in json.loads(raw)["results"]]
                assert got == expected, f"page {page}: the API and the raw SELECT differ"
    return [(page, api, raw, sizes[page]) for page, (api, raw) in samples.items()], count


def profile_page(client: Any, page: int, rounds: int = 20) -> None:
    """One page's SQL (each statement with its time) and a cProfile summary over ``rounds`` requests."""
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = {"page_size": PAGE_SIZE, "page": page}
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        response = client.get("/api/v1/org-units/", query)
        total_ms = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.content[:300]
    print(f"\nPage {page} of {PAGE_SIZE}: {total_ms:.1f} ms, {len(captured.captured_queries)} queries")
    for number, item in enumerate(captured.captured_queries, 1):
        print(f"  {number}. {float(item['time']) * 1000:6.1f} ms  {item['sql'][:300]}")
    profiler = cProfile.Profile()
    for _ in range(rounds):
        profiler.enable()
        client.get("/api/v1/org-units/", query)
        profiler.disable()
    print(f"\ncProfile of {rounds} requests of page {page} (own time, then cumulative):")
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(20)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(30)


# --- the run -----------------------------------------------------------------------------------------


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from danvan.orgunits.models import OrgUnit, Succession
    from danvan.orgunits.services import import_org_units

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    create_levels()
    units, successions = national_structure(args)
    units_text, successions_text = as_csv(units, successions)

    with step(f"Baseline: bulk_create of {len(units):,} units and {len(successions):,} successions"):
        baseline_s = plain_bulk_create(units, successions)
    empty_tables()

    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    with step("Importing the same rows through import_org_units"):
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        first = import_org_units(units_text, successions_text)
        if profiler is not None:
            profiler.disable()
        import_s = time.perf_counter() - start
    if not first.ok:
        raise RuntimeError("the import refused the generated files: " + "; ".join(first.errors[:5]))
    stored = (OrgUnit.objects.count(), Succession.objects.count())
    if (first.created, first.successions_created) != (len(units), len(successions)) or stored != (
        len(units),
        len(successions),
    ):
        raise RuntimeError(f"expected {len(units)} units and {len(successions)} successions, stored {stored}")
    with step("Importing the same files again"):
        start = time.perf_counter()
        again = import_org_units(units_text, successions_text)
        again_s = time.perf_counter() - start
    if (again.updated, again.successions_updated) != (len(units), len(successions)):
        raise RuntimeError("the second import did not find every row already there")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    # The generated structure, its CSV and the import's results stay alive for the whole run, which no
    # worker serving the API holds: a full collection over them (~0.2 s) fell in one request of every
    # run. Frozen, the collector leaves them alone (what gunicorn's preload + gc.freeze would do).
    gc.collect()
    gc.freeze()
    client = Client()
    with step(f"Measuring the API pages ({args.iterations} rounds)"):
        all_pages, all_count = measure_pages(client, {}, args.iterations)
        today_pages, today_count = measure_pages(client, {"on": REFORM.isoformat()}, args.iterations)

    if args.profile_page:
        profile_page(client, args.profile_page)

    env = environment(connection.vendor)
    rows = len(units) + len(successions)
    print()
    print(
        f"danvan org-unit benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs; {len(units):,} units + {len(successions):,} successions "
        f"({(len(units_text) + len(successions_text)) / 2**20:.1f} MiB CSV)"
    )
    head = f"{'step':<64} {'seconds':>8} {'×baseline':>10} {'rows/s':>10}"
    print(head)
    print("-" * len(head))
    for label, seconds in (
        ("baseline: bulk_create of the same rows (no checks)", baseline_s),
        ("import: check every row, then write in one transaction", import_s),
        ("import again: every code exists, nothing changes", again_s),
    ):
        print(f"{label:<64} {seconds:8.2f} {seconds / baseline_s:10.1f} {rows / seconds:10,.0f}")
    print()
    head = f"{'API page (page_size 1000)':<34} {'p50 ms':>8} {'p95 ms':>8} {'raw p50':>8} {'×raw p50':>9} {'KiB':>6}"
    print(head)
    print("-" * len(head))
    worst_p95 = 0.0
    api_all: list[float] = []
    raw_all: list[float] = []
    for label, pages, count in (("all", all_pages, all_count), ("on=2025-07-01", today_pages, today_count)):
        for page, api, raw, size in pages:
            p50, p95, raw50 = statistics.median(api), _p95(api), statistics.median(raw)
            worst_p95 = max(worst_p95, p95)
            api_all += api
            raw_all += raw
            name = f"{label} ({count:,}), page {page}"
            print(f"{name:<34} {p50:8.1f} {p95:8.1f} {raw50:8.1f} {p50 / raw50:9.1f} {size / 1024:6.0f}")
    api50, raw50 = statistics.median(api_all), statistics.median(raw_all)
    print(f"{'every page':<34} {api50:8.1f} {_p95(api_all):8.1f} {raw50:8.1f} {api50 / raw50:9.1f}")
    print()
    targets = [
        (f"import ≤ {IMPORT_TARGET_S:g} s", import_s <= IMPORT_TARGET_S, f"{import_s:.2f} s"),
        (
            f"every API page p95 ≤ {PAGE_TARGET_MS:g} ms",
            worst_p95 <= PAGE_TARGET_MS,
            f"slowest page p95 {worst_p95:.1f} ms",
        ),
    ]
    for label, ok, detail in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}  ({detail})")
    if profiler is not None:
        import pstats

        print()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    if args.json:
        payload: dict[str, Any] = {
            "environment": env,
            "units": len(units),
            "successions": len(successions),
            "baseline_s": baseline_s,
            "import_s": import_s,
            "import_again_s": again_s,
            "pages": {
                label: [
                    {
                        "page": page,
                        "p50_ms": statistics.median(api),
                        "p95_ms": _p95(api),
                        "raw_p50_ms": statistics.median(raw),
                        "bytes": size,
                    }
                    for page, api, raw, size in pages
                ]
                for label, pages in (("all", all_pages), ("on", today_pages))
            },
            "targets": [{"label": label, "ok": ok, "detail": detail} for label, ok, detail in targets],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    failed = not all(ok for _label, ok, _detail in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-orgunits-")


if __name__ == "__main__":
    sys.exit(main())
