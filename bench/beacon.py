"""``python -m bench.beacon``: page-view beacon throughput under gunicorn, against a trivial view.

Self-contained like ``python -m bench``: a fresh temporary SQLite file (or a throw-away PostgreSQL
database with ``--database-url``), migrated, with the default Site whose root page ("/") is live,
then gunicorn (sync workers) is started on a free local port and loaded by client threads in this
process over HTTP: ``GET /_bench/ok/`` (the baseline: ``HttpResponse("ok")``) and ``POST
/api/v1/hits/`` (the beacon), for ``--seconds`` each, interleaved over ``--rounds`` rounds. Prints
requests/s and latency percentiles per scenario, the beacon/baseline throughput ratio and PASS/FAIL
for the targets: ratio ≥ 0.5 and beacon p99 ≤ 20 ms. Every beacon answered 204 must be in the
database's page views afterwards, and every answer must be the expected one. Exit code 1 when a
target or a check fails (a failed check even with ``--no-fail``: the numbers would be meaningless).
"""

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .common import configure_django, environment, run_in_workdir, step

RATIO_TARGET = 0.5
P99_TARGET_MS = 20.0
HITS_PATH = "/api/v1/hits/"
HITS_PER_MINUTE = 1_000_000  # per visitor: high, so the rate limit is not what is measured
REPO = Path(__file__).resolve().parent.parent
# A current desktop Chrome; each simulated visitor appends its number, so visitors differ (and the
# per-visitor rate limit and visitor keys behave as with real traffic).
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36 visitor/{n}"
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(prog="python -m bench.beacon", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="measured seconds per scenario and round (10)"
    )
    parser.add_argument("--rounds", type=int, default=2, help="interleaved rounds of both scenarios (2)")
    parser.add_argument("--warmup", type=float, default=2.0, help="unmeasured seconds per scenario first (2)")
    parser.add_argument("--concurrency", type=int, default=8, help="client threads, each one connection (8)")
    parser.add_argument(
        "--redis-url",
        default="",
        help="run gunicorn with REDIS_URL (hits buffered in Redis, as in production with Redis), "
        "e.g. redis://127.0.0.1:6379/0; the benchmark's keys are deleted afterwards",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * cores + 1,
        help=f"gunicorn workers (2 × cores + 1 = {2 * cores + 1})",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per gunicorn worker (1: sync workers; more: gthread, which keeps connections alive)",
    )
    parser.add_argument(
        "--hits-per-visitor",
        type=int,
        default=3,
        help="beacons each simulated visitor sends before the next visitor starts (3)",
    )
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL instead of a temporary SQLite file, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_danvan_beacon (created and dropped; the name must "
        "start with 'bench')",
    )
    parser.add_argument(
        "--ratio-target", type=float, default=RATIO_TARGET, help="beacon/baseline req/s (0.5)"
    )
    parser.add_argument("--p99-target-ms", type=float, default=P99_TARGET_MS, help="beacon p99 (20)")
    parser.add_argument(
        "--show-queries",
        type=int,
        nargs="?",
        const=160,
        default=0,
        metavar="CHARS",
        help="print the SQL of a beacon (first CHARS characters of each, 160)",
    )
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if a target fails")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folder (database, gunicorn log)"
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.warmup < 0 or args.rounds < 1:
        parser.error("--seconds must be positive, --warmup not negative, --rounds at least 1")
    if args.concurrency < 1 or args.workers < 1 or args.threads < 1 or args.hits_per_visitor < 1:
        parser.error("--concurrency, --workers, --threads and --hits-per-visitor must be positive")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    return args


# --- CPU accounting from /proc: who used the cores during a measurement ------------------------

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_stat(pid: str) -> tuple[str, int, float] | None:
    """(command name, parent pid, CPU seconds) of a process; None if it is gone or unreadable."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    return name, int(rest[1]), (int(rest[11]) + int(rest[12])) / TICK


@dataclass
class Cpu:
    """CPU seconds used so far: by gunicorn (master and workers), this process, PostgreSQL, interrupt
    handling (mostly the loopback network's, not charged to any process), the whole machine."""

    gunicorn: float = 0.0
    client: float = 0.0
    postgres: float = 0.0
    irq: float = 0.0
    machine: float = 0.0

    @classmethod
    def now(cls, master: int) -> "Cpu":
        cpu = cls(client=time.process_time())
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return cpu
        user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        cpu.machine = (user + nice + system + irq + softirq + steal) / TICK
        cpu.irq = (irq + softirq) / TICK
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            stat = _proc_stat(entry.name)
            if stat is None:
                continue
            name, ppid, seconds = stat
            if int(entry.name) == master or ppid == master:
                cpu.gunicorn += seconds
            elif name == "postgres":
                cpu.postgres += seconds
        return cpu

    def __sub__(self, other: "Cpu") -> "Cpu":
        return Cpu(
            self.gunicorn - other.gunicorn,
            self.client - other.client,
            self.postgres - other.postgres,
            self.irq - other.irq,
            self.machine - other.machine,
        )

    def __add__(self, other: "Cpu") -> "Cpu":
        return Cpu(
            self.gunicorn + other.gunicorn,
            self.client + other.client,
            self.postgres + other.postgres,
            self.irq + other.irq,
            self.machine + other.machine,
        )

    @property
    def other(self) -> float:
        """Everything else: other programs on the machine."""
        return max(0.0, self.machine - self.gunicorn - self.client - self.postgres - self.irq)


# --- gunicorn ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    process: "subprocess.Popen[bytes]"
    port: int
    log_path: Path

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_gunicorn(workdir: Path, *, workers: int, threads: int, baseline_path: str) -> Server:
    """gunicorn on a free local port, with this process's Django environment; returns once it answers.

    It runs in the temporary folder so that the project's gunicorn.conf.py (gthread workers, an access
    log line per request, the scheduler) is not loaded: the options here are all it gets.
    """
    port = free_port()
    env = dict(os.environ)  # DJANGO_SETTINGS_MODULE, DATABASE_URL, DANVAN_* set by configure_django
    env.pop("GUNICORN_CMD_ARGS", None)
    env.pop("WEB_CONCURRENCY", None)
    env["DANVAN_SCHEDULER"] = "0"
    env["DANVAN_HITS_PER_MINUTE"] = str(HITS_PER_MINUTE)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "danvan.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync" if threads == 1 else "gthread",
        "--threads",
        str(threads),
        "--timeout",
        "60",
    ]
    log_path = workdir / "gunicorn.log"
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    server = Server(process, port, log_path)
    try:
        _wait_until_it_answers(server, baseline_path)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_it_answers(server: Server, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            conn.close()
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"gunicorn did not answer within {timeout:g} s:\n{server.log_tail()}"
                ) from None
            time.sleep(0.1)
            continue
        if response.status != 200:
            raise RuntimeError(f"gunicorn answered {response.status} for {path}:\n{server.log_tail()}")
        return


# --- the load generator ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    method: str
    path: str
    expected: int
    body: bytes | None = None


@dataclass
class Visitors:
    """Numbers the simulated visitors; each sends ``hits`` beacons, then the next one takes over."""

    hits: int
    _next: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new(self) -> int:
        with self._lock:
            self._next += 1
            return self._next


@dataclass
class ThreadTally:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    connections: int = 0


@dataclass
class Run:
    """One scenario for ``seconds``: every answer's latency and status, and the CPU used meanwhile."""

    seconds: float
    latencies_ms: list[float]
    statuses: Counter[int]
    errors: Counter[str]
    connections: int
    cpu: Cpu

    @property
    def rps(self) -> float:
        return len(self.latencies_ms) / self.seconds


def _exchange(conn: http.client.HTTPConnection, scenario: Scenario, headers: dict[str, str]) -> int:
    conn.request(scenario.method, scenario.path, body=scenario.body, headers=headers)
    response = conn.getresponse()
    response.read()  # an answer with "Connection: close" closes the connection; the next request reopens
    return response.status


def _client(
    port: int,
    scenario: Scenario,
    visitors: Visitors,
    go: threading.Event,
    clock: dict[str, float],
    tally: ThreadTally,
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "*/*"}
    if scenario.body is not None:
        headers.update({"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"})
    visitor, sent = visitors.new(), 0
    go.wait()
    deadline = clock["deadline"]
    try:
        while time.perf_counter() < deadline:
            if sent == visitors.hits:
                visitor, sent = visitors.new(), 0
            sent += 1
            headers["User-Agent"] = USER_AGENT.format(n=visitor)
            for attempt in (1, 2):
                reused = conn.sock is not None
                if not reused:
                    tally.connections += 1
                start = time.perf_counter()
                try:
                    status = _exchange(conn, scenario, headers)
                except (OSError, http.client.HTTPException) as exc:
                    conn.close()
                    if reused and attempt == 1:
                        # The server closed an idle kept-alive connection just as it was reused:
                        # what a browser also retries on a new connection.
                        tally.errors["retried on a new connection"] += 1
                        continue
                    tally.errors[type(exc).__name__] += 1
                    break
                tally.latencies_ms.append((time.perf_counter() - start) * 1000)
                tally.statuses[status] += 1
                break
    finally:
        conn.close()


def load(
    port: int, scenario: Scenario, *, seconds: float, concurrency: int, visitors: Visitors, master: int
) -> Run:
    """``concurrency`` threads, each with its own connection, send requests back to back for ``seconds``."""
    go = threading.Event()
    clock: dict[str, float] = {}
    tallies = [ThreadTally() for _ in range(concurrency)]
    threads = [
        threading.Thread(target=_client, args=(port, scenario, visitors, go, clock, tally), daemon=True)
        for tally in tallies
    ]
    for thread in threads:
        thread.start()
    cpu_before = Cpu.now(master)
    start = time.perf_counter()
    clock["deadline"] = start + seconds
    go.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    cpu = Cpu.now(master) - cpu_before
    statuses: Counter[int] = Counter()
    errors: Counter[str] = Counter()
    for tally in tallies:
        statuses.update(tally.statuses)
        errors.update(tally.errors)
    return Run(
        seconds=elapsed,
        latencies_ms=[ms for tally in tallies for ms in tally.latencies_ms],
        statuses=statuses,
        errors=errors,
        connections=sum(t.connections for t in tallies),
        cpu=cpu,
    )


@dataclass
class Result:
    scenario: Scenario
    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(r.seconds for r in self.runs)

    @property
    def latencies_ms(self) -> list[float]:
        return [ms for r in self.runs for ms in r.latencies_ms]

    @property
    def requests(self) -> int:
        return sum(len(r.latencies_ms) for r in self.runs)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def pct(self, p: float) -> float:
        from .measure import percentile

        return percentile(self.latencies_ms, p)

    @property
    def statuses(self) -> Counter[int]:
        total: Counter[int] = Counter()
        for r in self.runs:
            total.update(r.statuses)
        return total

    @property
    def errors(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for r in self.runs:
            total.update(r.errors)
        return total

    @property
    def unexpected(self) -> int:
        """Answers other than the expected status, and requests that got no answer."""
        wrong = sum(n for status, n in self.statuses.items() if status != self.scenario.expected)
        lost = sum(n for kind, n in self.errors.items() if not kind.startswith("retried"))
        return wrong + lost

    @property
    def connections(self) -> int:
        return sum(r.connections for r in self.runs)

    @property
    def cpu(self) -> Cpu:
        total = Cpu()
        for r in self.runs:
            total = total + r.cpu
        return total

    @property
    def own_cpu_ms(self) -> float:
        """CPU per answered request of everything the bench runs: gunicorn, the load generator, PostgreSQL."""
        cpu = self.cpu
        return (cpu.gunicorn + cpu.client + cpu.postgres) * 1000 / max(1, self.requests)


# --- the database's side -----------------------------------------------------------------------


def page_views() -> int:
    from django.db.models import Sum

    from danvan.analytics.models import DailyTotals
    from danvan.analytics.services import flush_buffer

    flush_buffer()  # with --redis-url, what the scheduler would do: the buffered hits into the tables

    return int(DailyTotals.objects.aggregate(n=Sum("page_views"))["n"] or 0)


def beacon_queries(body: bytes) -> dict[str, list[str]]:
    """The SQL of a beacon, through django.test.Client in this process, once warm (after a first
    beacon has loaded the day's salt and the public paths): a new visitor's first page view, then the
    same visitor's next one. All three are counted in the database like any other."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    found: dict[str, list[str]] = {}
    for key, visitor in (
        ("warm-up", "in-process-0"),
        ("new visit", "in-process-1"),
        ("same visit", "in-process-1"),
    ):
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                HITS_PATH,
                body,
                content_type="application/json",
                headers={"user-agent": USER_AGENT.format(n=visitor)},
            )
        if response.status_code != 204:
            raise RuntimeError(f"in-process beacon: HTTP {response.status_code} {response.content[:300]!r}")
        found[key] = [q["sql"] for q in ctx.captured_queries]
    del found["warm-up"]
    return found


def bench(args: argparse.Namespace, workdir: Path) -> int:
    os.environ["DANVAN_HITS_PER_MINUTE"] = str(HITS_PER_MINUTE)
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    from danvan.analytics import client as visitor_client
    from danvan.core.services import ensure_root_and_site

    from .urls import UNCACHED_BASELINE_PATH as BASELINE_PATH

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    vendor = connection.vendor
    _root, site = ensure_root_and_site()
    if not site.root_page.specific.live:
        raise RuntimeError(
            f"the default Site's root page {site.root_page!r} is not live: '/' would not count"
        )
    if visitor_client.is_robot(USER_AGENT.format(n=1)):
        raise RuntimeError(f"the analytics take the bench's user agent for a robot: {USER_AGENT!r}")

    body = json.dumps({"path": "/", "referrer": ""}).encode()
    baseline = Scenario("baseline", f"baseline: GET {BASELINE_PATH}", "GET", BASELINE_PATH, 200)
    beacon = Scenario("beacon", f"beacon: POST {HITS_PATH}", "POST", HITS_PATH, 204, body)
    scenarios = [baseline, beacon]

    queries = beacon_queries(body)  # in process, straight to the database
    if args.redis_url:  # gunicorn gets REDIS_URL; this process reads the same keys to flush them
        import uuid

        from django.conf import settings

        prefix = f"bench-{uuid.uuid4().hex[:8]}:stats:"
        os.environ["REDIS_URL"] = args.redis_url
        os.environ["DANVAN_STATS_REDIS_PREFIX"] = prefix
        os.environ["DANVAN_CACHE_PREFIX"] = prefix.removesuffix(":stats:")
        settings.REDIS_URL = args.redis_url
        settings.DANVAN_STATS_REDIS_PREFIX = prefix
    views_before_http = page_views()
    if views_before_http != 3:
        raise RuntimeError(f"3 beacons in process, but {views_before_http} page views in the database")
    mode = "sync" if args.threads == 1 else f"gthread ×{args.threads} threads"
    with step(f"Starting gunicorn ({args.workers} {mode} workers)"):
        server = start_gunicorn(
            workdir, workers=args.workers, threads=args.threads, baseline_path=BASELINE_PATH
        )
    try:
        visitors = Visitors(hits=args.hits_per_visitor)
        before = page_views()
        with step("Checking that one beacon is counted"):
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            headers = {"User-Agent": USER_AGENT.format(n=visitors.new()), "Content-Type": "application/json"}
            status = _exchange(conn, beacon, headers)
            conn.close()
            after = page_views()
            if status != 204 or after != before + 1:
                raise RuntimeError(
                    f"one beacon: HTTP {status}, page views {before} → {after} (expected 204 and +1)\n"
                    f"{server.log_tail()}"
                )
        warmups = [Result(s) for s in scenarios]
        if args.warmup > 0:
            with step(f"Warming up ({args.warmup:g} s per scenario)"):
                for warm in warmups:
                    warm.runs.append(
                        load(
                            server.port,
                            warm.scenario,
                            seconds=args.warmup,
                            concurrency=args.concurrency,
                            visitors=visitors,
                            master=server.process.pid,
                        )
                    )
        results = {s.key: Result(s) for s in scenarios}
        load_before = os.getloadavg()[0]
        with step(
            f"Measuring ({args.rounds} rounds × {len(scenarios)} scenarios × {args.seconds:g} s, "
            f"{args.concurrency} client threads)"
        ):
            for _round in range(args.rounds):
                for scenario in scenarios:  # interleaved, so that a busy moment hurts both alike
                    results[scenario.key].runs.append(
                        load(
                            server.port,
                            scenario,
                            seconds=args.seconds,
                            concurrency=args.concurrency,
                            visitors=visitors,
                            master=server.process.pid,
                        )
                    )
        load_after = os.getloadavg()[0]
        counted = page_views()
    finally:
        server.stop()

    for result in results.values():
        if not result.requests:
            raise RuntimeError(f"{result.scenario.label}: no answer at all; errors: {dict(result.errors)}")
    env = environment(vendor)
    base, hit = results["baseline"], results["beacon"]
    ratio = hit.rps / base.rps
    sent_204 = 1 + warmups[1].statuses[204] + hit.statuses[204]  # the check, the warm-up, measured
    recorded = counted - views_before_http
    cores = os.cpu_count() or 1

    print()
    print(
        f"danvan beacon benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"Wagtail {env['wagtail']}, {env['cpus']} CPUs"
    )
    print(
        f"gunicorn {args.workers} {mode} workers on 127.0.0.1; load generator: {args.concurrency} client "
        f"threads in this process (http.client, one connection each), sharing the {cores} cores with "
        f"gunicorn{' and PostgreSQL' if vendor == 'postgresql' else ''}; {args.rounds} interleaved rounds "
        f"× {args.seconds:g} s per scenario after {args.warmup:g} s warm-up; {args.hits_per_visitor} "
        "beacons per simulated visitor"
    )
    others = sum(r.cpu.other for r in results.values()) / sum(r.seconds for r in results.values())
    print(
        f"load average (1 min) before/after measuring: {load_before:.2f}/{load_after:.2f} (this benchmark's "
        f"own processes and threads count in it); other programs used {others:.2f} of the {cores} cores"
        + ("  — the machine was busy: the figures are lower than on a quiet machine" if others > 0.1 else "")
    )
    print(
        "SQL queries per beacon (in process, warm): "
        + ", ".join(f"{key}: {len(sqls)}" for key, sqls in queries.items())
        + (" — listed below" if args.show_queries else " (--show-queries lists them)")
    )
    if args.show_queries:
        for key, sqls in queries.items():
            print(f"  {key}:")
            for n, sql in enumerate(sqls, 1):
                print(f"  {n:3}. {' '.join(sql.split())[: args.show_queries]}")
    print()
    head = (
        f"{'scenario':<30} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'requests':>9} "
        f"{'not ok':>7} {'conns':>7} {'CPU ms/req':>10}  {'cores used: gunicorn/client/postgres/irq/other':>46}"
    )
    print(head)
    print("-" * len(head))
    for result in results.values():
        cpu = result.cpu
        share = "/".join(
            f"{x / result.seconds:.2f}" for x in (cpu.gunicorn, cpu.client, cpu.postgres, cpu.irq, cpu.other)
        )
        print(
            f"{result.scenario.label:<30} {result.rps:8.1f} {result.pct(50):7.2f} {result.pct(95):7.2f} "
            f"{result.pct(99):7.2f} {result.requests:9d} {result.unexpected:7d} {result.connections:7d} "
            f"{cpu.gunicorn * 1000 / max(1, result.requests):10.2f}  {share:>46}"
        )
    for result in results.values():
        rounds = ", ".join(f"{r.rps:.1f}" for r in result.runs)
        print(f"  {result.scenario.key} req/s per round: {rounds}")
    print(
        "  (CPU ms/req: gunicorn master and workers' CPU time per answered request; cores used: CPU "
        "seconds per second of the run, from /proc; irq: interrupt handling, mostly the loopback "
        "network's; other: other programs)"
    )
    print()
    cpu_ratio = base.own_cpu_ms / hit.own_cpu_ms
    print(f"throughput ratio beacon/baseline: {ratio:.3f}")
    print(
        f"CPU per request of gunicorn + load generator + PostgreSQL: baseline {base.own_cpu_ms:.2f} ms, "
        f"beacon {hit.own_cpu_ms:.2f} ms: the ratio a CPU-bound run with nothing else on the machine "
        f"would approach is {cpu_ratio:.3f}"
    )
    print(
        f"page views recorded by the database during the run: {recorded:,}; beacons answered 204: "
        f"{sent_204:,} (the check, the warm-up and the measured ones)"
    )
    print()
    targets = [
        (
            f"beacon throughput ≥ {args.ratio_target:g} × baseline",
            ratio >= args.ratio_target,
            f"{hit.rps:.1f} vs {base.rps:.1f} req/s: {ratio:.3f}",
        ),
        (
            f"beacon p99 ≤ {args.p99_target_ms:g} ms",
            hit.pct(99) <= args.p99_target_ms,
            f"p99 = {hit.pct(99):.2f} ms",
        ),
    ]
    all_results = [*warmups, *results.values()]
    not_ok = sum(r.unexpected for r in all_results)
    checks = [
        (
            "every answer as expected (baseline 200, beacon 204)",
            not_ok == 0,
            f"{not_ok} not; statuses: "
            + "; ".join(
                f"{k}: {dict(sum((r.statuses for r in all_results if r.scenario.key == k), Counter()))}"
                + (
                    f" errors {dict(e)}"
                    if (e := sum((r.errors for r in all_results if r.scenario.key == k), Counter()))
                    else ""
                )
                for k in results
            ),
        ),
        (
            "page views recorded == beacons answered 204",
            recorded == sent_204,
            f"{recorded:,} recorded vs {sent_204:,} answered 204",
        ),
    ]
    for label, ok, detail in targets:
        print(f"{'PASS' if ok else 'FAIL'}  {label}  ({detail})")
    for label, ok, detail in checks:
        print(f"{'OK  ' if ok else 'FAIL'}  check: {label}  ({detail})")

    if args.json:
        payload = {
            "environment": env,
            "gunicorn": {"workers": args.workers, "threads": args.threads, "worker_class": mode},
            "concurrency": args.concurrency,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "warmup_seconds": args.warmup,
            "hits_per_visitor": args.hits_per_visitor,
            "load_average_1min": {"before": load_before, "after": load_after},
            "other_programs_cores": others,
            "queries_per_beacon": {key: len(sqls) for key, sqls in queries.items()},
            "results": {
                key: {
                    "label": r.scenario.label,
                    "requests": r.requests,
                    "seconds": r.seconds,
                    "rps": r.rps,
                    "rps_per_round": [run.rps for run in r.runs],
                    "p50_ms": r.pct(50),
                    "p95_ms": r.pct(95),
                    "p99_ms": r.pct(99),
                    "statuses": {str(k): v for k, v in r.statuses.items()},
                    "errors": dict(r.errors),
                    "connections": r.connections,
                    "own_cpu_ms_per_request": r.own_cpu_ms,
                    "cpu_seconds": {
                        "gunicorn": r.cpu.gunicorn,
                        "client": r.cpu.client,
                        "postgres": r.cpu.postgres,
                        "irq": r.cpu.irq,
                        "other": r.cpu.other,
                    },
                }
                for key, r in results.items()
            },
            "ratio": ratio,
            "cpu_ratio": cpu_ratio,
            "page_views_recorded": recorded,
            "beacons_answered_204": sent_204,
            "targets": [{"label": label, "ok": ok, "detail": detail} for label, ok, detail in targets],
            "checks": [{"label": label, "ok": ok, "detail": detail} for label, ok, detail in checks],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    if not all(ok for _label, ok, _detail in checks):
        return 1
    failed = not all(ok for _label, ok, _detail in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-beacon-")


if __name__ == "__main__":
    sys.exit(main())
