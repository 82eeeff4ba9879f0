"""``python -m bench.memory``: does an app worker's memory grow under mixed traffic? (issue 17)

Target: a worker's resident memory grows ≤ 10 % over 20,000 mixed requests. A temporary folder gets
an SQLite database (or, with ``--database-url``, a PostgreSQL database it creates and drops) with the demo content (``migrate``, ``collectstatic``, ``load_demo``, the search
index), then gunicorn serves it with the project's settings (``danvan.settings.dev``, what
``make run`` uses; file-based page cache, no Redis) and **one sync worker**, whose VmRSS is read
from /proc after a warm-up and at the end (and every ``--sample-every`` requests between, for the
curve). The load comes from this process over HTTP, one request at a time on a new connection:
pages from the sitemap, home, feeds, the search page, search and suggestion APIs with varied
queries, the documents list and API, the visit counts, org units, visit beacons, 404s and the
sitemap, each from a different client address (through a trusted proxy's X-Forwarded-For) so that
the rate limits count per visitor as in real traffic.

Same-run baseline: a fresh worker answering ``/robots.txt`` the same number of times (its growth is
what the framework and the allocator do on their own). Prints both curves, the growth of each and
PASS/FAIL; exit code 1 when the target fails or any request answered 5xx (unless ``--no-fail``).
``--tracemalloc`` traces the mixed worker's allocations and prints the 25 lines whose memory grew
most between the warm-up and the end — where to look when the target fails.
"""

import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

from .common import create_pg_database, drop_pg_database, log, step

REPO = Path(__file__).resolve().parent.parent
GROWTH_TARGET_PCT = 10.0
USER_AGENT = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
# Words of the demo content and of what citizens type: queries are drawn from these, two or three at a
# time, so that most queries differ (a cache keyed on the query would grow with every one).
WORDS = (
    "dân vận khéo chương trình hội nghị xã phường mô hình tuyên truyền nhân dân cán bộ đảng "
    "chính quyền mặt trận đoàn thể dân chủ cơ sở giảm nghèo nông thôn mới văn bản kế hoạch "
    "báo cáo quyết định hướng dẫn tôn giáo dân tộc thanh niên phụ nữ cựu chiến binh nông dân "
    "dan van kheo chuong trinh hoi nghi xa phuong"
).split()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000, help="measured mixed requests (20,000)")
    parser.add_argument("--warmup", type=int, default=1_000, help="requests before the first sample (1,000)")
    parser.add_argument(
        "--baseline-requests",
        type=int,
        default=0,
        help="measured /robots.txt requests (as many as --requests)",
    )
    parser.add_argument("--sample-every", type=int, default=2_000, help="RSS samples between (every 2,000)")
    parser.add_argument("--target-pct", type=float, default=GROWTH_TARGET_PCT, help="growth allowed (10 %%)")
    parser.add_argument("--seed", type=int, default=17, help="of the request mix (17)")
    parser.add_argument("--tracemalloc", action="store_true", help="trace the mixed worker's allocations")
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if the target fails")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, logs)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL URL (database name must start with 'bench'; created and dropped): the same run on it",
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="a folder kept by an earlier --keep run: its site is used as it is, not rebuilt",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.sample_every < 1 or args.baseline_requests < 0:
        parser.error("--requests and --sample-every must be positive, --warmup not negative")
    args.baseline_requests = args.baseline_requests or args.requests
    return args


# --- the site -----------------------------------------------------------------------------------


DATABASE_URL = ""  # --database-url: PostgreSQL instead of the folder's SQLite file


def app_environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GUNICORN", "REDIS_URL", "DATABASE_URL"))}
    env.pop("WEB_CONCURRENCY", None)
    env.update(
        DJANGO_SETTINGS_MODULE="danvan.settings.dev",
        DATABASE_URL=DATABASE_URL or f"sqlite:///{workdir / 'db.sqlite3'}",
        DANVAN_VAR_DIR=str(workdir / "var"),
        DANVAN_MEDIA_ROOT=str(workdir / "media"),
        DANVAN_STATIC_ROOT=str(workdir / "static"),
        DANVAN_TRUSTED_PROXIES="127.0.0.1",  # the client's X-Forwarded-For names each request's visitor
        DANVAN_HITS_PER_MINUTE="1000000",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
    )
    return env


def build_site(workdir: Path) -> None:
    env = app_environment(workdir)
    for command in (
        ["migrate", "--noinput", "--verbosity", "0"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
        ["load_demo"],
        ["rebuild_search_index", "--if-empty"],
    ):
        with step(f"manage.py {command[0]}"):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=REPO,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=900,
            )


# --- gunicorn with one worker -------------------------------------------------------------------

# Loaded with --tracemalloc: the worker traces its allocations; SIGUSR2 takes a snapshot, the second
# and later ones are compared with the first and the top lines written to tracemalloc.txt.
TRACE_CONFIG = """
import signal, tracemalloc
from pathlib import Path

_first = []


def post_worker_init(worker):
    tracemalloc.start(12)

    def snapshot(signum, frame):
        snap = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")]
        )
        if not _first:
            _first.append(snap)
            return
        stats = snap.compare_to(_first[0], "traceback")[:25]
        lines = []
        for stat in stats:
            lines.append(f"{stat.size_diff / 1024:+.1f} KiB, {stat.count_diff:+d} blocks")
            lines.extend("    " + line for line in stat.traceback.format(limit=6, most_recent_first=True))
        Path("tracemalloc.txt").write_text("\\n".join(lines) + "\\n")

    signal.signal(signal.SIGUSR2, snapshot)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Worker:
    master: "subprocess.Popen[bytes]"
    port: int
    pid: int
    folder: Path

    def rss_kib(self) -> int:
        status = Path(f"/proc/{self.pid}/status").read_text()
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        if match is None:
            raise RuntimeError(f"no VmRSS for worker {self.pid}")
        return int(match.group(1))

    def stop(self) -> None:
        try:
            os.killpg(self.master.pid, signal.SIGKILL)  # the master and its worker; nothing is in flight
        except ProcessLookupError:
            pass
        self.master.wait()


def start_worker(workdir: Path, name: str, *, trace: bool = False) -> Worker:
    folder = workdir / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "danvan.wsgi:application", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--worker-class", "sync", "--timeout", "120", "--no-control-socket"]
    if trace:
        (folder / "trace.py").write_text(TRACE_CONFIG)
        command += ["--config", str(folder / "trace.py")]
    with (folder / "gunicorn.log").open("wb") as out:
        # In its own folder, so the project's gunicorn.conf.py (3 workers, the scheduler) is not loaded.
        master = subprocess.Popen(
            command, cwd=folder, env=app_environment(workdir), stdout=out, stderr=out, start_new_session=True
        )
    deadline = time.monotonic() + 120
    while True:
        if master.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError((folder / "gunicorn.log").read_text(errors="replace")[-3000:])
        children = _children(master.pid)
        if len(children) == 1 and request(port, "GET", "/robots.txt", 0)[0] == 200:
            return Worker(master, port, children[0], folder)
        time.sleep(0.2)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat[stat.rindex(")") + 2 :].split()[1]) == pid:
                found.append(int(entry.name))
    return found


# --- the load -----------------------------------------------------------------------------------


def request(port: int, method: str, path: str, n: int, body: bytes | None = None) -> tuple[int, bytes]:
    """One request on a new connection, from visitor number ``n``; (status, body); 0 if no answer."""
    headers = {
        "User-Agent": f"{USER_AGENT} visitor/{n}",
        "X-Forwarded-For": f"198.18.{n // 250 % 250}.{n % 250 + 1}",  # 198.18.0.0/15: for benchmarks
        "Accept": "text/html,application/json,*/*",
    }
    if body is not None:
        headers.update({"Content-Type": "application/json", "Sec-Fetch-Site": "same-origin"})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException):
        return 0, b""
    finally:
        conn.close()


@dataclass(frozen=True)
class Kind:
    name: str
    weight: int
    make: Callable[[random.Random], tuple[str, str, bytes | None]]  # method, path, body


def discover(port: int) -> tuple[list[str], list[str]]:
    """The site's pages (from its sitemap) and the feeds among them (a page whose rss/ answers 200)."""
    status, body = request(port, "GET", "/sitemap.xml", 0)
    if status != 200:
        raise RuntimeError(f"/sitemap.xml answered {status}")
    pages = sorted(
        {
            quote(urlsplit(loc).path, safe="/%")
            for loc in re.findall(rb"<loc>([^<]+)</loc>", body)
            for loc in [loc.decode()]
        }
    )
    if len(pages) < 10:
        raise RuntimeError(f"the sitemap lists only {len(pages)} pages: is the demo content loaded?")
    feeds = [p + "rss/" for p in pages if p.endswith("/") and request(port, "GET", p + "rss/", 0)[0] == 200]
    if not feeds:
        raise RuntimeError("no page of the sitemap has a feed at rss/")
    return pages, feeds


def mix(pages: list[str], feeds: list[str]) -> list[Kind]:
    def words(rng: random.Random, n: int) -> str:
        return quote(" ".join(rng.sample(WORDS, n)))

    def beacon(rng: random.Random) -> tuple[str, str, bytes | None]:
        return "POST", "/api/v1/hits/", json.dumps({"path": rng.choice(pages), "referrer": ""}).encode()

    return [
        Kind("page", 30, lambda r: ("GET", r.choice(pages), None)),
        Kind("home", 5, lambda r: ("GET", "/", None)),
        Kind("feed", 4, lambda r: ("GET", r.choice(feeds), None)),
        Kind("search page", 8, lambda r: ("GET", f"/search/?q={words(r, r.randint(1, 3))}", None)),
        Kind("search API", 8, lambda r: ("GET", f"/api/v1/search/?q={words(r, r.randint(1, 3))}", None)),
        Kind(
            "suggest API",
            8,
            lambda r: ("GET", f"/api/v1/search/suggest/?q={quote(r.choice(WORDS)[: r.randint(2, 5)])}", None),
        ),
        Kind(
            "documents",
            4,
            lambda r: ("GET", f"/van-ban/?q={words(r, 1)}" if r.random() < 0.5 else "/van-ban/", None),
        ),
        Kind("documents API", 4, lambda r: ("GET", "/api/v1/documents/", None)),
        Kind("visits API", 3, lambda r: ("GET", "/api/v1/stats/visits/", None)),
        Kind(
            "org units API",
            3,
            lambda r: ("GET", f"/api/v1/org-units/?page_size={r.choice((10, 50, 100))}", None),
        ),
        Kind("beacon", 15, beacon),
        Kind("404", 5, lambda r: ("GET", f"/khong-co-trang-nay-{r.randrange(10**9)}/", None)),
        Kind("sitemap", 3, lambda r: ("GET", "/sitemap.xml", None)),
    ]


def requests_of(kinds: list[Kind], rng: random.Random) -> Iterator[tuple[str, str, str, bytes | None]]:
    names = [k for k in kinds for _w in range(k.weight)]
    while True:
        kind = rng.choice(names)
        method, path, body = kind.make(rng)
        yield kind.name, method, path, body


@dataclass
class Run:
    label: str
    samples: list[tuple[int, int]] = field(default_factory=list)  # (requests so far, VmRSS KiB)
    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def after_warmup(self) -> int:
        return self.samples[0][1]

    @property
    def at_end(self) -> int:
        return self.samples[-1][1]

    @property
    def growth_pct(self) -> float:
        return (self.at_end - self.after_warmup) * 100 / self.after_warmup

    @property
    def server_errors(self) -> int:
        return sum(
            n for c in self.statuses.values() for status, n in c.items() if status >= 500 or status == 0
        )


def drive(
    worker: Worker,
    label: str,
    requests: Iterator[tuple[str, str, str, bytes | None]],
    *,
    warmup: int,
    measured: int,
    sample_every: int,
    on_sample: Callable[[int], None] = lambda done: None,
) -> Run:
    run = Run(label)
    start = time.perf_counter()
    for n in range(1, warmup + measured + 1):
        kind, method, path, body = next(requests)
        status, _body = request(worker.port, method, path, n, body)
        run.statuses.setdefault(kind, Counter())[status] += 1
        done = n - warmup
        if done >= 0 and (done % sample_every == 0 or done == measured):
            run.samples.append((done, worker.rss_kib()))
            on_sample(done)
            log(f"  {label}: {done:>6} requests after the warm-up, VmRSS {run.samples[-1][1] / 1024:.1f} MiB")
    run.seconds = time.perf_counter() - start
    return run


# --- report -------------------------------------------------------------------------------------


def report(runs: list[Run], args: argparse.Namespace) -> bool:
    mixed, baseline = runs
    print(f"\nWorker memory (VmRSS of the one sync worker), after {args.warmup:,} warm-up requests:")
    print(f"| requests after warm-up | {mixed.label} | {baseline.label} |")
    print("| ---: | ---: | ---: |")
    by_count = {done: rss for done, rss in baseline.samples}
    for done, rss in mixed.samples:
        other = f"{by_count[done] / 1024:.1f} MiB" if done in by_count else ""
        print(f"| {done:,} | {rss / 1024:.1f} MiB | {other} |")
    print()
    print("| scenario | requests | after warm-up | at the end | growth | req/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for run in runs:
        total = run.samples[-1][0] + args.warmup
        print(
            f"| {run.label} | {run.samples[-1][0]:,} | {run.after_warmup / 1024:.1f} MiB | {run.at_end / 1024:.1f} MiB "
            f"| {run.growth_pct:+.1f} % | {total / run.seconds:.0f} |"
        )
    print("\nAnswers of the mixed run, by kind of request:")
    for kind, statuses in sorted(mixed.statuses.items()):
        print(
            f"  {kind:<14} "
            + ", ".join(f"{status or 'no answer'}: {n}" for status, n in sorted(statuses.items()))
        )
    ok = mixed.growth_pct <= args.target_pct
    errors = sum(run.server_errors for run in runs)
    print(
        f"\n{'PASS' if ok else 'FAIL'}: mixed-traffic growth {mixed.growth_pct:+.1f} % (target ≤ {args.target_pct:g} %); "
        f"baseline {baseline.growth_pct:+.1f} %, difference {mixed.growth_pct - baseline.growth_pct:+.1f} points"
    )
    print(f"{'PASS' if not errors else 'FAIL'}: {errors} answers 5xx or none")
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    {
                        "label": r.label,
                        "samples": r.samples,
                        "growth_pct": r.growth_pct,
                        "seconds": r.seconds,
                        "statuses": {k: dict(v) for k, v in r.statuses.items()},
                    }
                    for r in runs
                ],
                indent=2,
            )
        )
    return ok and not errors


def main(argv: list[str] | None = None) -> int:
    global DATABASE_URL
    args = parse_args(argv)
    workdir = args.site or Path(tempfile.mkdtemp(prefix="danvan-bench-memory-"))
    workers: list[Worker] = []
    DATABASE_URL = args.database_url
    try:
        if not args.site:
            if DATABASE_URL:
                create_pg_database(DATABASE_URL)
            build_site(workdir)
        log(
            "database: "
            + ("PostgreSQL " + urlsplit(DATABASE_URL).path.lstrip("/") if DATABASE_URL else "SQLite")
        )
        with step("Mixed traffic: starting the worker"):
            worker = start_worker(workdir, "mixed", trace=args.tracemalloc)
            workers.append(worker)
        pages, feeds = discover(worker.port)
        log(f"  {len(pages)} pages in the sitemap, {len(feeds)} feeds")

        def trace(done: int) -> None:
            if args.tracemalloc and done in (0, args.requests):
                os.kill(worker.pid, signal.SIGUSR2)
                time.sleep(2 if done else 0.5)

        rng = random.Random(args.seed)
        mixed = drive(
            worker,
            "mixed traffic",
            requests_of(mix(pages, feeds), rng),
            warmup=args.warmup,
            measured=args.requests,
            sample_every=args.sample_every,
            on_sample=trace,
        )
        worker.stop()
        with step("Baseline: starting a fresh worker"):
            worker = start_worker(workdir, "baseline")
            workers.append(worker)
        robots = iter(lambda: ("robots.txt", "GET", "/robots.txt", None), None)
        baseline = drive(
            worker,
            "GET /robots.txt",
            robots,
            warmup=args.warmup,
            measured=args.baseline_requests,
            sample_every=args.sample_every,
        )
        ok = report([mixed, baseline], args)
        traced = workdir / "mixed" / "tracemalloc.txt"
        if args.tracemalloc and traced.exists():
            print("\nGrowth by allocation site (tracemalloc, warm-up → end):\n" + traced.read_text())
        return 0 if ok or args.no_fail else 1
    finally:
        for w in workers:
            w.stop()
        if args.keep or args.site:
            log(f"Kept {workdir}" + (f" and the database {DATABASE_URL}" if DATABASE_URL else ""))
        else:
            shutil.rmtree(workdir, ignore_errors=True)
            if DATABASE_URL:
                drop_pg_database(DATABASE_URL)


if __name__ == "__main__":
    sys.exit(main())
