"""The two exports decision 0024 left unmeasured, at national scale: the audit log's CSV/XLSX (Wagtail's
list export of ``nhat_ky``) and the case board's Excel (``feedback.admin_board``).

The world: ``--entries`` audit entries (1,000,000: a province's years of admin actions — sign-ins,
edits with their changes, reports approved — by 300 people over three years, bulk-inserted) and
``--cases`` citizens' cases (200,000) across ``--units`` communes (3,300, in districts of 10), with
their deadlines (met on time, met late, open, overdue) and 2,000 handlers.

Part 1 (before) times each file as the request built it: the audit log unfiltered and filtered to one
person's year, the board for the nation and for one district. Part 2 (after) measures what the request
costs now, against a view that does nothing measured in the same run through the same client: the
audit log's export button (a GET showing the row count, the POST that queues the job and answers
303), the job run by ``db_worker --backend queue --batch`` and the ratio request / job; and the case
board's Excel, answered in the request.

    python -m bench.exports_audit_board [--entries 1000000] [--cases 200000] [--units 3300]
        [--database-url postgres://…/bench_exports_x] [--skip-direct] [--no-fail]
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import configure_django, environment, run_in_workdir, step

REQUEST_MS = 100.0  # the button's request: it must not wait for the file
SLOW_S = 2.0  # over this at national scale, an export is a background job
BATCH = 10_000
ACTORS = 300
HANDLERS = 2_000
ACTIONS = [
    ("auth.login", 30),
    ("auth.logout", 20),
    ("auth.login_failed", 3),
    ("object.edit", 15),
    ("object.create", 8),
    ("page.publish", 6),
    ("page.edit", 8),
    ("report.save", 5),
    ("report.submit", 3),
    ("report.approve", 2),
]
KINDS = ["kien_nghi", "phan_anh", "khieu_nai", "to_cao", "cau_hoi"]
OPEN = ["received", "accepted", "assigned", "in_progress", "suspended"]
DONE = ["answered", "closed"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1_000_000, help="audit entries (1,000,000)")
    parser.add_argument("--cases", type=int, default=200_000, help="citizens' cases (200,000)")
    parser.add_argument("--units", type=int, default=3_300, help="communes with cases (3,300)")
    parser.add_argument("--iterations", type=int, default=20, help="measured button requests (20)")
    parser.add_argument(
        "--database-url", default="", help="PostgreSQL URL (database name must start with 'bench')"
    )
    parser.add_argument("--skip-direct", action="store_true", help="leave out part 1 (the direct builds)")
    parser.add_argument(
        "--skip", action="append", default=[], metavar="TEXT", help="leave out the part 1 builds naming TEXT"
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even when a target is missed")
    return parser.parse_args(argv)


# --- the world ----------------------------------------------------------------------------------


def _insert(table: str, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Rows into ``table`` by one prepared INSERT per batch, in one transaction (bulk_create's model
    instances cost minutes at a million rows)."""
    from django.db import connection, transaction

    quoted = connection.ops.quote_name(table)
    sql = f"INSERT INTO {quoted} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(sql, rows[start : start + BATCH])


def _stamp(value: dt.datetime) -> Any:
    from django.db import connection

    return connection.ops.adapt_datetimefield_value(value)


def build_audit(entries: int, rng: random.Random) -> list[Any]:
    """``entries`` audit entries by ``ACTORS`` people over three years; returns the people."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from danvan.audit.models import AuditEntry

    user_model = get_user_model()
    people = user_model.objects.bulk_create(
        user_model(username=f"can.bo{n:03d}", first_name=f"Cán bộ {n}", is_staff=True) for n in range(ACTORS)
    )
    types = list(ContentType.objects.order_by("pk")[:20])
    actions, weights = zip(*ACTIONS, strict=True)
    now = timezone.now()
    span = 3 * 365 * 24 * 3600
    rows: list[tuple[Any, ...]] = []
    columns = [
        "at",
        "actor_id",
        "actor_name",
        "ip",
        "action",
        "content_type_id",
        "object_id",
        "object_repr",
        "changes",
        "detail",
    ]
    for n in range(entries):
        person = people[rng.randrange(ACTORS)]
        action = rng.choices(actions, weights)[0]
        at = now - dt.timedelta(seconds=rng.randrange(span))
        ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        if action.startswith("auth."):
            kind, object_id, label, changes = None, "", "", None
        else:
            kind = types[rng.randrange(len(types))].pk
            object_id = str(rng.randrange(1, 50_000))
            label = f"Bài viết số {object_id} về công tác dân vận"
            changes = json.dumps({"title": [f"Tiêu đề {n}", f"Tiêu đề {n} (sửa)"], "live": [False, True]})
        rows.append((_stamp(at), person.pk, person.username, ip, action, kind, object_id, label, changes, ""))
        if len(rows) >= 100_000:
            _insert(AuditEntry._meta.db_table, columns, rows)
            rows = []
    if rows:
        _insert(AuditEntry._meta.db_table, columns, rows)
    return people


def build_cases(cases: int, units: int, rng: random.Random) -> tuple[Any, Any]:
    """``units`` communes in districts of 10 under one province, ``cases`` cases across them with their
    deadlines, ``HANDLERS`` handlers; returns (the province, a district)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from danvan.feedback.models import Case, CaseDeadline, DeadlineRule
    from danvan.orgunits.models import OrgUnit

    root = OrgUnit.objects.create(code="TINH", name="Tỉnh Bench")
    districts = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"H{d}", name=f"Huyện {d}", parent=root, path=f"{root.path}H{d}/", depth=2)
        for d in range((units + 9) // 10)
    )
    communes = OrgUnit.objects.bulk_create(
        OrgUnit(
            code=f"H{d}-X{c}",
            name=f"Xã {c} huyện {d}",
            parent=district,
            path=f"{district.path}H{d}-X{c}/",
            depth=3,
        )
        for d, district in enumerate(districts)
        for c in range(min(10, units - 10 * d))
    )
    user_model = get_user_model()
    handlers = user_model.objects.bulk_create(
        user_model(username=f"xu.ly{n:04d}", first_name="Người", last_name=f"xử lý {n}", is_staff=True)
        for n in range(HANDLERS)
    )
    rule = DeadlineRule.objects.order_by("pk").first()
    assert rule is not None, "the migrations seed the legal deadline rules"
    now = timezone.now()
    today = timezone.localdate()
    case_rows: list[tuple[Any, ...]] = []
    deadline_rows: list[tuple[Any, ...]] = []
    case_columns = [
        "code",
        "kind",
        "status",
        "title",
        "content",
        "unit_id",
        "citizen_name",
        "email",
        "assignee_id",
        "received_at",
        "answered_at",
        "next_due_on",
        "folded_text",
        "contact_key",
    ]
    # Only the columns without a database default are written; the model's own defaults fill the rest.
    defaults = {
        field.column: (
            now
            if getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False)
            else field.get_default()
        )
        for field in Case._meta.concrete_fields
        if not field.primary_key and field.column not in case_columns and not field.null
    }
    columns = case_columns + [str(column) for column in defaults]
    fill = tuple(_stamp(v) if isinstance(v, dt.datetime) else v for v in defaults.values())
    for n in range(cases):
        status = rng.choice(OPEN) if rng.random() < 0.35 else rng.choice(DONE)
        received = now - dt.timedelta(minutes=rng.randrange(60 * 24 * 540))
        answered = None
        if status in DONE:
            answered = min(now, received + dt.timedelta(days=rng.randint(1, 60)))
        due = (today + dt.timedelta(days=rng.randint(-20, 40))) if status in OPEN else None
        case_rows.append(
            (
                f"PA-{n:07d}",
                rng.choice(KINDS),
                status,
                "Đường giao thông xuống cấp",
                "Nội dung kiến nghị",
                communes[rng.randrange(len(communes))].pk,
                "Người gửi",
                f"nguoi{n % 5000}@example.vn",
                handlers[rng.randrange(HANDLERS)].pk if rng.random() < 0.8 else None,
                _stamp(received),
                _stamp(answered) if answered else None,
                due,
                "duong giao thong xuong cap",
                f"nguoi{n % 5000}@example.vn",
                *fill,
            )
        )
    _insert(Case._meta.db_table, columns, case_rows)
    ids = list(Case.objects.order_by("pk").values_list("pk", "status", "received_at", "next_due_on"))
    for pk, status, received, due in ids:
        if rng.random() < 0.3:
            continue  # a proposal or a question: no legal clock
        start = received.date()
        if status in DONE:
            due_on = start + dt.timedelta(days=30)
            met = start + dt.timedelta(days=rng.randint(5, 45))
            deadline_rows.append((pk, rule.pk, "answer", start, due_on, "met", met))
        else:
            deadline_rows.append((pk, rule.pk, "answer", start, due or today, "open", None))
    _insert(
        CaseDeadline._meta.db_table,
        [
            "case_id",
            "rule_id",
            "step",
            "starts_from",
            "due_on",
            "state",
            "met_on",
            "extra_days",
            "extensions",
        ],
        [(*row, 0, 0) for row in deadline_rows],
    )
    return root, districts[0]


# --- measuring ----------------------------------------------------------------------------------


def _ms(samples: list[float]) -> tuple[float, float]:
    return statistics.median(samples), sorted(samples)[int(0.95 * (len(samples) - 1))]


def _timed(build_file: Callable[[], int]) -> tuple[float, int]:
    start = time.perf_counter()
    size = build_file()
    return time.perf_counter() - start, size


def _audit_direct(boss: Any, query: str, file_format: str) -> int:
    """The audit file as the request builds it below DIRECT_ROWS — Wagtail's own writer on the list's
    queryset — here over every row the query selects; returns its size."""
    from danvan.audit import admin_log

    view = admin_log.index_view_for(boss, query, file_format)
    response = view.as_spreadsheet(view.get_queryset(), file_format)
    if response.streaming:
        return sum(len(chunk) for chunk in response.streaming_content)
    return len(b"".join(response))


def _board_direct(boss: Any, unit: Any) -> int:
    """The board's Excel as the request built it before (the same two calls the job makes now)."""
    from danvan.core.dates import today_in_vietnam
    from danvan.feedback import board_file, selectors

    today = today_in_vietnam()
    start, end = selectors.board_period(today)
    board = selectors.workload_board(boss, unit=unit, start=start, end=end, today=today)
    return len(board_file.board_xlsx(board, unit.name if unit else "Mọi đơn vị được xem"))


def direct_builds(
    signed_in: Callable[[], Any], boss: Any, actor: Any, district: Any, skip: list[str]
) -> list[tuple[str, float, int]]:
    """Part 1: each file as the request built it (the board's page, still a page, through the client
    with a fresh session each time: one request longer than the admin's idle timeout signs out)."""
    from django.utils import timezone

    year_ago = f"{timezone.localdate() - dt.timedelta(days=365):%Y-%m-%d}"
    person = f"actor={actor.pk}&at_from={year_ago}"
    cases: list[tuple[str, Callable[[], int]]] = [
        ("case board, Excel, the province", lambda: _board_direct(boss, None)),
        ("case board, Excel, one district", lambda: _board_direct(boss, district)),
        ("case board, page, the province", lambda: _download(signed_in(), "/admin/theo-doi-don-thu/")[1]),
        ("audit log, CSV, one person's year", lambda: _audit_direct(boss, person, "csv")),
        ("audit log, XLSX, one person's year", lambda: _audit_direct(boss, person, "xlsx")),
        ("audit log, CSV, everything", lambda: _audit_direct(boss, "", "csv")),
        ("audit log, XLSX, everything", lambda: _audit_direct(boss, "", "xlsx")),
    ]
    measured = []
    for label, build_file in cases:
        if any(part in label for part in skip):
            continue
        with step(f"Building {label}"):
            seconds, size = _timed(build_file)
        measured.append((label, seconds, size))
    return measured


def _download(client: Any, url: str, data: dict[str, str] | None = None) -> tuple[float, int]:
    """Seconds and bytes of one download, the streamed body read to its end (as a browser does)."""
    start = time.perf_counter()
    response = client.get(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    size = (
        sum(len(chunk) for chunk in response.streaming_content)
        if response.streaming
        else len(response.content)
    )
    return time.perf_counter() - start, size


QUEUE = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "queue": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}


def through_the_queue(args: argparse.Namespace, client: Any, label: str, button: str) -> dict[str, Any]:
    """Part 2: ``button`` (an export's address with its query) through the real database queue: its
    GET (what will be built, the button), its POST (queue the job, answer 303), the job page, all
    interleaved with the baseline; then one job run by ``db_worker --backend queue --batch``."""
    from django.core.management import call_command
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from danvan.core.models import ExportJob

    from .urls import BASELINE_PATH

    with override_settings(TASKS=QUEUE):
        with step(f"Measuring {args.iterations} × {label}: GET, POST, job page"):
            client.get(BASELINE_PATH)
            baseline, asks, posts, pages = [], [], [], []
            for _ in range(args.iterations):
                start = time.perf_counter()
                assert client.get(BASELINE_PATH).status_code == 200
                baseline.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                shown = client.get(button)
                asks.append((time.perf_counter() - start) * 1000)
                assert shown.status_code == 200 and not shown.streaming, shown.status_code
                start = time.perf_counter()
                response = client.post(button)
                posts.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 303, (response.status_code, response.get("Location"))
                start = time.perf_counter()
                assert client.get(response["Location"]).status_code == 200
                pages.append((time.perf_counter() - start) * 1000)
        job = ExportJob.objects.latest("pk")
        assert job.status == ExportJob.Status.QUEUED  # the request did not build it
        # One job is enough to time: the others are withdrawn.
        others = [task.pk for task in DBTaskResult.objects.all() if task.args_kwargs["args"] != [job.pk]]
        DBTaskResult.objects.filter(pk__in=others).delete()
        ExportJob.objects.exclude(pk=job.pk).delete()
        with step(f"Running the {label} job in db_worker --backend queue --batch"):
            start = time.perf_counter()
            call_command("db_worker", "--backend", "queue", "--batch", "--no-startup-delay", verbosity=0)
            worker_s = time.perf_counter() - start
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE and job.progress == 100, (job.status, job.error)
    assert job.started_at is not None and job.finished_at is not None
    download = client.get(f"/admin/tep-xuat/{job.pk}/tai-ve/")
    assert download.status_code == 200
    return {
        "label": label,
        "baseline_ms": _ms(baseline),
        "get_ms": _ms(asks),
        "request_ms": _ms(posts),
        "page_ms": _ms(pages),
        "job_s": (job.finished_at - job.started_at).total_seconds(),
        "worker_s": worker_s,
        "bytes": sum(len(chunk) for chunk in download.streaming_content),
    }


def _report(queued: dict[str, Any]) -> None:
    base, _ = queued["baseline_ms"]
    get_p50, _ = queued["get_ms"]
    request_p50, request_p95 = queued["request_ms"]
    page_p50, _ = queued["page_ms"]
    job_ms = queued["job_s"] * 1000
    print(f"\n{queued['label']}, through the queue (after):")
    print(f"  baseline (a view that does nothing)  p50 {base:8.2f} ms")
    print(f"  GET: what will be built, the button  p50 {get_p50:8.2f} ms")
    print(f"  POST: queue the job, answer 303      p50 {request_p50:8.2f} ms  p95 {request_p95:.2f} ms")
    print(f"  the job page                         p50 {page_p50:8.2f} ms")
    print(
        f"  the job in db_worker                     {queued['job_s']:8.2f} s  ({queued['bytes'] / 1024:.0f} KiB)"
    )
    print(f"  request / job: {request_p50 / job_ms:.5f}; request / baseline: {request_p50 / base:.1f}×")


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
    rng = random.Random(17)
    with step(f"Inserting {args.entries:,} audit entries"):
        people = build_audit(args.entries, rng)
    with step(f"Inserting {args.cases:,} cases in {args.units:,} communes"):
        _root, district = build_cases(args.cases, args.units, rng)
    vendor = connection.vendor
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    boss = get_user_model().objects.create_superuser("bench", "b@example.com", "bench-password-123")
    direct = (
        []
        if args.skip_direct
        else direct_builds(lambda: verified_client(boss), boss, people[0], district, args.skip)
    )
    queued = [
        through_the_queue(
            args,
            verified_client(boss),
            f"audit log, XLSX, everything ({args.entries:,} rows)",
            "/admin/nhat-ky/?export=xlsx",
        ),
        through_the_queue(
            args, verified_client(boss), "case board, Excel, the province", "/admin/theo-doi-don-thu/excel/"
        ),
    ]

    env = environment(vendor)
    load = os.getloadavg()
    print()
    print(
        f"danvan exports benchmark (audit log, case board) — {env['database']}, Python {env['python']}, "
        f"Django {env['django']}, {env['cpus']} CPUs (load {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}); "
        f"{args.entries:,} audit entries, {args.cases:,} cases in {args.units:,} communes"
    )
    if direct:
        print("\nfile built inside the request (before):")
        for label, seconds, size in direct:
            flag = f"> {SLOW_S:g} s" if seconds > SLOW_S else ""
            print(f"  {label:<36} {seconds:8.2f} s  {size / 1024:9.0f} KiB  {flag}")
    for one in queued:
        _report(one)
    targets = [
        (f"{one['label']}: POST p95 ≤ {REQUEST_MS:g} ms", one["request_ms"][1] <= REQUEST_MS)
        for one in queued
    ]
    for label, ok in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if args.json:
        results = {
            "environment": env,
            "load": load,
            "entries": args.entries,
            "cases": args.cases,
            "units": args.units,
            "direct": [{"label": label, "seconds": s, "bytes": n} for label, s, n in direct],
            "queued": queued,
            "targets": [{"label": label, "ok": ok} for label, ok in targets],
        }
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    failed = not all(ok for _label, ok in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-exports-ab-")


if __name__ == "__main__":
    raise SystemExit(main())
