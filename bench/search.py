"""``python -m bench.search``: site search over 50,000 generated Vietnamese articles.

Self-contained like ``python -m bench``: a fresh temporary SQLite file (or a throw-away PostgreSQL
database with ``--database-url``), migrated, filled with generated articles through the same code
that indexes pages (``services.text_fields``), then the search and suggestion APIs are requested
through django.test.Client, interleaved with a trivial view measured in the same run. Prints the
indexing rate, the index size, a table per query and PASS/FAIL for the targets: query p95 ≤ 50 ms,
suggestion p95 ≤ 30 ms (over all requests of each kind). Exit code 1 when a target fails, unless
``--no-fail``.
"""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from .common import configure_django, environment, log, run_in_workdir, step
from .measure import percentile

QUERY_P95_MS = 50.0
SUGGEST_P95_MS = 30.0
BATCH = 1000

# What readers type: the acceptance queries, common and rare words, phrases, filters, a deep page,
# nothing found. The generated text uses the same words (bench/search_corpus.py).
SEARCHES: list[dict[str, str]] = [
    {"q": "dan van"},
    {"q": "dân vận"},
    {"q": "DÂN VẬN"},
    {"q": "dong nai"},
    {"q": "Đồng Nai"},
    {"q": "vinh cuu"},
    {"q": "huyen"},
    {"q": '"quy che dan chu"'},
    {"q": "dan toc ton giao"},
    {"q": "dân vận khéo"},
    {"q": "nong thon moi"},
    {"q": "giải quyết khiếu nại tố cáo"},
    {"q": "bán"},
    {"q": "cuu chien binh"},
    {"q": "chuyen doi so"},
    {"q": "mô hình điển hình tiên tiến"},
    {"q": "xyzzy không có"},
    {"q": "dan van", "page": "5"},
    {"q": "dong nai", "type": "article", "from": "2018-01-01", "to": "2020-12-31"},
    {"q": "tôn giáo", "page_size": "50"},
]
SUGGESTIONS = ["da", "dan v", "dân vận k", "dong n", "Vĩnh C", "quy che d", "hu", "nong thon m", "kh", "xyz"]


@dataclass
class Timing:
    label: str
    path: str
    samples_ms: list[float] = field(default_factory=list)
    count: int | None = None

    @property
    def p50(self) -> float:
        return percentile(self.samples_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.search", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=50_000, help="generated articles (50000)")
    parser.add_argument("--iterations", type=int, default=30, help="measured requests per query (30)")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured rounds first (2)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL instead of a temporary SQLite file, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_danvan_search (created and dropped; the name must "
        "start with 'bench')",
    )
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if a target fails")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--reuse",
        type=Path,
        metavar="DIR",
        help="work in DIR and keep it (and the PostgreSQL database): the first run builds the database, "
        "later runs with the same --articles measure it again without rebuilding",
    )
    args = parser.parse_args(argv)
    if args.articles < 1 or args.iterations < 1 or args.warmup < 0:
        parser.error("--articles and --iterations must be positive, --warmup not negative")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    return args


def index_articles(count: int, root_path: str) -> tuple[float, float]:
    """Generate and index ``count`` articles; returns (seconds indexing, seconds generating)."""
    from django.db import transaction

    from danvan.search.models import SearchDocument
    from danvan.search.services import text_fields

    from .search_corpus import generate

    generating = indexing = 0.0
    articles = generate(count)
    done = 0
    while done < count:
        start = time.perf_counter()
        batch = [next(articles) for _ in range(min(BATCH, count - done))]
        generating += time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            SearchDocument.objects.bulk_create(
                SearchDocument(
                    kind=SearchDocument.Kind.ARTICLE,
                    path=root_path + "0001",
                    date=a.date,
                    **text_fields(title=a.title, lead=a.lead, body=a.body),
                )
                for a in batch
            )
        indexing += time.perf_counter() - start
        done += len(batch)
    return indexing, generating


def settle(vendor: str) -> float:
    """What a database does after a bulk load anyway (autovacuum, FTS5 merging), timed."""
    from django.db import connection

    start = time.perf_counter()
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE danvan_search_searchdocument")
        else:
            cursor.execute("INSERT INTO danvan_search_fts(danvan_search_fts) VALUES ('optimize')")
            cursor.execute("ANALYZE")
    return time.perf_counter() - start


def index_size(vendor: str) -> list[tuple[str, int]]:
    from django.db import connection

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            table = "danvan_search_searchdocument"
            cursor.execute(
                "SELECT pg_relation_size(%s), pg_total_relation_size(%s) - pg_relation_size(%s) "
                "- pg_indexes_size(%s), pg_indexes_size(%s)",
                [table] * 5,
            )
            heap, toast, indexes = cursor.fetchone()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_relation_size(indexrelid) FROM pg_index "
                "WHERE indrelid = %s::regclass AND indexrelid::regclass::text LIKE '%%vector'",
                [table],
            )
            full_text = sum(size for _name, size in cursor.fetchall())
            return [
                ("table rows", heap),
                ("long text out of the rows (TOAST)", toast),
                ("indexes", indexes),
                ("  of which full-text (GIN)", full_text),
                ("total", heap + toast + indexes),
            ]
        cursor.execute("PRAGMA page_size")
        page_size = cursor.fetchone()[0]
        cursor.execute("PRAGMA page_count")
        total = cursor.fetchone()[0] * page_size
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'danvan_search_fts%' AND name != 'danvan_search_fts'"
            )
            fts = cursor.fetchone()[0] or 0
        except Exception:  # dbstat is an optional SQLite module
            cursor.execute("SELECT SUM(length(block)) FROM danvan_search_fts_data")
            fts = cursor.fetchone()[0] or 0
        return [("full-text index (FTS5)", fts), ("whole database file", total)]


def measure(client: Any, timings: list[Timing], *, iterations: int, warmup: int) -> None:
    for round_ in range(warmup + iterations):
        for timing in timings:  # interleaved, so that a slow moment hurts every query alike
            start = time.perf_counter()
            response = client.get(timing.path)
            elapsed = (time.perf_counter() - start) * 1000
            if response.status_code != 200:
                raise RuntimeError(f"{timing.label}: HTTP {response.status_code}")
            if round_ >= warmup:
                timing.samples_ms.append(elapsed)
            if timing.count is None and timing.path.startswith("/api/v1/search/?"):
                timing.count = response.json()["count"]
            elif timing.count is None and "suggest" in timing.path:
                timing.count = len(response.json()["results"])


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from danvan.core.services import ensure_root_and_site

    from .urls import BASELINE_PATH

    # One client asks far more often than a reader may (settings.DANVAN_RATE_LIMITS): the limits stay
    # on, counted as for every request, but high enough never to answer 429.
    settings.DANVAN_RATE_LIMITS = {
        **settings.DANVAN_RATE_LIMITS,
        # "api": the general limit of every /api/v1/ GET (core.api.ApiMiddleware, decision 0030)
        **{scope: "1000000/m" for scope in ("search_api", "search_suggest", "search_page", "api")},
    }
    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    vendor = connection.vendor
    _root, site = ensure_root_and_site()
    from danvan.search.models import SearchDocument

    built = SearchDocument.objects.count()
    if built and built != args.articles:
        raise SystemExit(f"the reused database holds {built:,} documents, not --articles {args.articles:,}")
    if built:
        log(f"Reusing the {built:,} indexed articles of an earlier --reuse run")
        indexing_s = generating_s = settle_s = float("nan")
    else:
        with step(f"Generating and indexing {args.articles:,} articles"):
            indexing_s, generating_s = index_articles(args.articles, site.root_page.path)
        with step("Settling the index (PostgreSQL: VACUUM ANALYZE; SQLite: FTS5 optimize, ANALYZE)"):
            settle_s = settle(vendor)

    timings = [Timing("baseline: HttpResponse('ok')", BASELINE_PATH)]
    timings += [Timing(f"search {p}", "/api/v1/search/?" + urlencode(p)) for p in SEARCHES]
    timings += [
        Timing(f"suggest {q!r}", "/api/v1/search/suggest/?" + urlencode({"q": q})) for q in SUGGESTIONS
    ]
    client = Client()
    with step(f"Measuring ({args.iterations} rounds of {len(timings)} requests, interleaved)"):
        measure(client, timings, iterations=args.iterations, warmup=args.warmup)

    env = environment(vendor)
    baseline = timings[0]
    searches = [t for t in timings if t.label.startswith("search")]
    suggests = [t for t in timings if t.label.startswith("suggest")]
    search_p95 = percentile([s for t in searches for s in t.samples_ms], 95)
    suggest_p95 = percentile([s for t in suggests for s in t.samples_ms], 95)
    sizes = index_size(vendor)
    rate = args.articles / indexing_s

    print()
    print(
        f"danvan search benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs; {args.articles:,} generated articles (~2 KB each)"
    )
    if built:
        print("indexing: not measured (a database built by an earlier --reuse run)")
    else:
        print(
            f"indexing: {rate:,.0f} articles/s ({indexing_s:.1f} s: folding, storing, full-text index), "
            f"then settling {settle_s:.1f} s; generating the text took {generating_s:.1f} s (not counted)"
        )
    for label, size in sizes:
        print(f"index size: {label}: {size / 2**20:,.1f} MiB")
    print()
    head = f"{'request':<78} {'p50 ms':>8} {'p95 ms':>8} {'×base p50':>10} {'found':>7}"
    print(head)
    print("-" * len(head))
    for t in timings:
        found = "" if t.count is None else str(t.count)
        print(f"{t.label[:78]:<78} {t.p50:8.2f} {t.p95:8.2f} {t.p50 / baseline.p50:10.1f} {found:>7}")
    print()
    targets = [
        (
            f"search p95 ≤ {QUERY_P95_MS:g} ms (all {len(searches)} queries)",
            search_p95 <= QUERY_P95_MS,
            search_p95,
        ),
        (
            f"suggestion p95 ≤ {SUGGEST_P95_MS:g} ms (all {len(suggests)} prefixes)",
            suggest_p95 <= SUGGEST_P95_MS,
            suggest_p95,
        ),
    ]
    for label, ok, value in targets:
        print(
            f"{'PASS' if ok else 'FAIL'}  {label}  (p95 = {value:.2f} ms, {value / baseline.p50:.1f}× baseline p50)"
        )

    if args.json:
        payload = {
            "environment": env,
            "articles": args.articles,
            "indexing_articles_per_s": rate,
            "index_size_bytes": dict(sizes),
            "requests": {
                t.label: {"path": t.path, "p50_ms": t.p50, "p95_ms": t.p95, "found": t.count} for t in timings
            },
            "targets": [{"label": label, "ok": ok, "p95_ms": value} for label, ok, value in targets],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    failed = not all(ok for _label, ok, _value in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-search-")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
