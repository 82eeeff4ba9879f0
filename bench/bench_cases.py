"""``python -m bench.bench_cases``: the staff case list (``/admin/don-thu/``) at 100,000 cases.

Self-contained like ``python -m bench.programmes``: a fresh temporary SQLite file (or a throw-away
PostgreSQL database with ``--database-url``), migrated, with two districts of four communes each;
cases are bulk-created across the ten units (statuses, kinds, due dates and assignees mixed, some
without a deadline). A district-level handler (a membership on one district and
``feedback.handle_case``) asks for the list through django.test.Client; the baseline — a view that
does nothing — is measured in the same run, interleaved, through the same client.

Targets (issue 15): the list's p50 ≤ 200 ms at 100,000 cases, and the same number of queries at
1,000 cases as at 100,000. Exit code 1 when a target fails, unless ``--no-fail``.

    python -m bench.bench_cases [--cases 100000] [--iterations 30] [--database-url postgres://…/bench_x]
"""

import argparse
import datetime as dt
import json
import random
import statistics
import time
from pathlib import Path
from typing import Any

from .common import configure_django, environment, run_in_workdir, step

LIST_P50_MS = 200.0
SMALL = 1_000
BATCH = 5_000
KINDS = ["kien_nghi", "phan_anh", "khieu_nai", "to_cao", "cau_hoi"]
OPEN = ["received", "accepted", "assigned", "in_progress", "suspended"]
DONE = ["answered", "closed", "refused", "withdrawn"]
WORDS = (
    "đường giao thông ngập nước đèn chiếu sáng rác thải đất đai bồi thường giải phóng mặt bằng "
    "trật tự xây dựng tiếng ồn môi trường nước sạch trường học trạm y tế chợ cầu cống kênh mương"
).split()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.bench_cases",
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database (100000)")
    parser.add_argument("--iterations", type=int, default=30, help="measured list requests (30)")
    parser.add_argument("--warmup", type=int, default=3, help="unmeasured rounds first (3)")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (database name must start with 'bench')"
    )
    parser.add_argument("--p50-target-ms", type=float, default=LIST_P50_MS, help="list p50 (200)")
    parser.add_argument(
        "--show-queries",
        type=int,
        nargs="?",
        const=200,
        default=0,
        metavar="CHARS",
        help="print the SQL of the list at both sizes, with times (first CHARS characters, 200)",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    args = parser.parse_args(argv)
    if args.cases < SMALL or args.iterations < 1 or args.warmup < 0:
        parser.error(f"--cases must be at least {SMALL}, --iterations positive, --warmup not negative")
    return args


def build_units() -> tuple[Any, list[Any]]:
    """Two districts (the measured user's and another) of four communes each: ten units."""
    from danvan.orgunits.models import OrgUnit

    units = []
    for district_code in ("BD", "BO"):
        district = OrgUnit.objects.create(code=district_code, name=f"Huyện {district_code}")
        units.append(district)
        units += [
            OrgUnit.objects.create(
                code=f"{district_code}-X{n}", name=f"Xã {n} {district_code}", parent=district
            )
            for n in range(1, 5)
        ]
    return units[0], units


def handler(username: str, unit: Any) -> Any:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from danvan.orgunits.models import UnitMembership

    user = get_user_model().objects.create_user(username, f"{username}@example.vn", "bench-password-123")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="feedback", codename="handle_case"),
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    UnitMembership.objects.create(user=user, org_unit=unit, role=UnitMembership.Role.DATA_ENTRY)
    return user


def add_cases(start: int, count: int, units: list[Any], assignees: list[Any], rng: random.Random) -> None:
    """``count`` cases numbered from ``start``, bulk-created in batches."""
    from django.utils import timezone

    from danvan.core.text import fold
    from danvan.feedback.models import Case

    now = timezone.now()
    today = now.date()
    batch: list[Case] = []
    for n in range(start, start + count):
        status = rng.choice(OPEN) if rng.random() < 0.6 else rng.choice(DONE)
        title = " ".join(rng.sample(WORDS, 5)).capitalize()
        content = " ".join(rng.choices(WORDS, k=40))
        batch.append(
            Case(
                code=f"PA-2026-{n:06d}",
                kind=rng.choice(KINDS),
                status=status,
                title=title,
                content=content,
                unit=rng.choice(units),
                citizen_name="Người gửi",
                email=f"nguoi{n % 5000}@example.vn",
                assignee=rng.choice(assignees) if status in ("assigned", "in_progress") else None,
                received_at=now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 720)),
                next_due_on=(today + dt.timedelta(days=rng.randint(-30, 60))) if status in OPEN else None,
                folded_text=fold(f"{title}\n{content}"),
                contact_key=f"nguoi{n % 5000}@example.vn",
            )
        )
        if len(batch) >= BATCH:
            Case.objects.bulk_create(batch)
            batch = []
    if batch:
        Case.objects.bulk_create(batch)


def verified_client(user: Any) -> Any:
    """A client signed in as ``user`` past the second factor (as tests/second_factor.py does)."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    ).persistent_id
    session.save()
    return client


def _once(client: Any, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def _queries(client: Any, url: str, show: int = 0) -> int:
    """The number of SQL statements of one request (printed, with their time, when ``show``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # once before: per-session bookkeeping (last seen, session refresh) settles
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    for query in captured.captured_queries if show else []:
        print(f"{float(query['time']) * 1000:7.1f} ms  {query['sql'][:show]}")
    return len(captured.captured_queries)


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from danvan.core.services import ensure_root_and_site

    from .urls import BASELINE_PATH

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    ensure_root_and_site()
    rng = random.Random(15)
    district, units = build_units()
    user = handler("huyen.bench", district)
    assignees = [user, *(handler(f"xa.bench{n}", unit) for n, unit in enumerate(units[1:5]))]
    client = verified_client(user)
    url = "/admin/don-thu/"
    with step(f"Creating {SMALL:,} cases"):
        add_cases(0, SMALL, units, assignees, rng)
    queries_small = _queries(client, url, args.show_queries)
    with step(f"Creating {args.cases - SMALL:,} more cases"):
        add_cases(SMALL, args.cases - SMALL, units, assignees, rng)
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    queries_big = _queries(client, url, args.show_queries)
    with step("Measuring the case list"):
        for _ in range(args.warmup):
            _once(client, BASELINE_PATH)
            _once(client, url)
        baseline, samples = [], []
        for _ in range(args.iterations):  # interleaved: a busy moment hits both alike
            baseline.append(_once(client, BASELINE_PATH))
            samples.append(_once(client, url))
        overdue = [_once(client, url + "?due=overdue") for _ in range(max(3, args.iterations // 3))]

    env = environment(vendor)
    p50, p95 = statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]
    base = statistics.median(baseline)
    print()
    print(
        f"danvan case-list benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs; {args.cases:,} cases in {len(units)} units, a district-level handler"
    )
    print(f"baseline (a view that does nothing): p50 {base:.2f} ms")
    print(f"case list, first page: p50 {p50:.1f} ms, p95 {p95:.1f} ms, {p50 / base:.1f}× baseline")
    print(f"case list, overdue filter: p50 {statistics.median(overdue):.1f} ms")
    print(f"queries: {queries_small} at {SMALL:,} cases, {queries_big} at {args.cases:,}")
    targets = [
        (f"case list p50 ≤ {args.p50_target_ms:g} ms", p50 <= args.p50_target_ms),
        (f"same queries at {SMALL:,} and {args.cases:,} cases", queries_small == queries_big),
    ]
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "environment": env,
                    "cases": args.cases,
                    "list_ms": {"p50": p50, "p95": p95, "baseline_p50": base, "ratio": p50 / base},
                    "overdue_p50_ms": statistics.median(overdue),
                    "queries": {"small": queries_small, "big": queries_big},
                    "targets": [{"label": label, "ok": ok} for label, ok in targets],
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    failed = not all(ok for _label, ok in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-cases-")


if __name__ == "__main__":
    raise SystemExit(main())
