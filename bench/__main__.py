"""``python -m bench``: how long the portal takes to render its pages, against a trivial Django view.

Self-contained: a fresh temporary database (an SQLite file by default, or PostgreSQL with
``--database-url``) and media folder, migrated and filled with a small site, then measured with
django.test.Client in this process. Prints a table and PASS/FAIL for the issue's targets; the exit
code is 1 when a target fails, unless ``--no-fail``.
"""

import argparse
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .common import configure_django, environment, run_in_workdir, step

if TYPE_CHECKING:
    from .measure import Result

P50_TARGET_MS = 25.0
MAX_QUERIES = 17


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=200, help="measured requests per scenario (200)")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured rounds first (20)")
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL to run against instead of a temporary SQLite file, e.g. "
        "postgres://postgres@127.0.0.1:5432/bench_danvan; the database is created and dropped, "
        "and its name must start with 'bench'",
    )
    parser.add_argument(
        "--other-articles", type=int, default=30, help="articles besides the two measured (30)"
    )
    parser.add_argument(
        "--no-feed-images", action="store_true", help="articles without a feed image (as in the unit tests)"
    )
    parser.add_argument(
        "--no-related-links", action="store_true", help="measured articles without chosen related articles"
    )
    parser.add_argument("--no-fail", action="store_true", help="report only: exit 0 even if a target fails")
    parser.add_argument(
        "--p50-target-ms", type=float, default=P50_TARGET_MS, help="uncached article p50 (25)"
    )
    parser.add_argument("--max-queries", type=int, default=MAX_QUERIES, help="queries per article (17)")
    parser.add_argument("--profile", action="store_true", help="then profile uncached article renders")
    parser.add_argument("--profile-dump", type=Path, help="also save the cProfile stats to this file")
    parser.add_argument(
        "--show-queries",
        type=int,
        nargs="?",
        const=240,
        default=0,
        metavar="CHARS",
        help="print the SQL of both articles' renders (first CHARS characters of each, 240)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (database, media)")
    args = parser.parse_args(argv)
    if args.iterations < 1 or args.warmup < 0 or args.other_articles < 0:
        parser.error("--iterations must be positive, --warmup and --other-articles not negative")
    if args.database_url and urlsplit(args.database_url).scheme not in ("postgres", "postgresql"):
        parser.error("--database-url must be a postgres:// URL")
    return args


@dataclass
class Target:
    label: str
    ok: bool | None  # None: not applicable here
    detail: str


def evaluate(
    results: dict[str, "Result"], *, vendor: str, p50_target: float, max_queries: int
) -> list[Target]:
    targets = []
    for key in ("article_1", "article_20"):
        result = results[key]
        label = f"uncached {result.scenario.label}: p50 ≤ {p50_target:g} ms"
        if vendor == "sqlite":
            targets.append(Target(label, result.p50 <= p50_target, f"p50 = {result.p50:.2f} ms"))
        else:
            targets.append(Target(label, None, f"p50 = {result.p50:.2f} ms (target is for SQLite)"))
    q1, q20 = results["article_1"].queries, results["article_20"].queries
    targets.append(Target("queries(1 image) == queries(20 images)", q1 == q20, f"{q1} vs {q20}"))
    targets.append(
        Target(
            f"queries per article ≤ {max_queries}",
            q1 is not None and q20 is not None and max(q1, q20) <= max_queries,
            f"{q1} and {q20}",
        )
    )
    return targets


def table(results: dict[str, "Result"]) -> str:
    baseline = results["baseline"].p50
    head = (
        f"{'scenario':<34} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8} {'×base p50':>10} "
        f"{'cpu p50':>8} {'queries':>8}"
    )
    lines = [head, "-" * len(head)]
    for result in results.values():
        queries = "" if result.queries is None else str(result.queries)
        lines.append(
            f"{result.scenario.label:<34} {result.p50:8.2f} {result.p95:8.2f} {result.mean:8.2f} "
            f"{result.p50 / baseline:10.1f} {result.cpu_p50:8.2f} {queries:>8}"
        )
    return "\n".join(lines)


def bench(args: argparse.Namespace, workdir: Path) -> int:
    with step("Setting up Django"):
        configure_django(workdir, args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from . import measure, site
    from .urls import BASELINE_PATH

    with step("Migrating a fresh database"):
        call_command("migrate", verbosity=0, interactive=False)
    with step(f"Building the site (home, category, 2 measured + {args.other_articles} other articles)"):
        built = site.build(
            other_articles=args.other_articles,
            feed_images=not args.no_feed_images,
            related_links=not args.no_related_links,
        )

    def figures(expected: int) -> Any:
        def check(response: Any) -> None:
            found = response.content.count(b'<figure class="figure">')
            if found != expected:
                raise measure.BenchError(f"expected {expected} images in the article body, found {found}")

        return check

    scenarios = [
        measure.Scenario("baseline", 'baseline: HttpResponse("ok")', BASELINE_PATH),
        measure.Scenario("article_1", "article, 1 image", built.article_1.url, check=figures(1)),
        measure.Scenario("article_20", "article, 20 images", built.article_20.url, check=figures(20)),
        measure.Scenario("home", "home page", built.home.url),
        measure.Scenario("category", "category page", built.category.url),
        measure.Scenario("article_1_hit", "article, 1 image: cache hit", built.article_1.url, cached=True),
    ]
    client = Client()
    vendor = connection.vendor

    with step(f"Warming up ({args.warmup} rounds; the first creates the renditions)"):
        for scenario in scenarios:  # renditions are made here, so that no measured request makes one
            client.get(scenario.path)
        results = measure.run(client, scenarios, iterations=0, warmup=args.warmup)

    captured: dict[str, list[measure.Query]] = {}
    with step("Counting queries"):
        for scenario in scenarios:
            captured[scenario.key], response = measure.count_queries(client, scenario)
            if scenario.check is not None:
                scenario.check(response)
            results[scenario.key].queries = len(captured[scenario.key])

    load_before = os.getloadavg()[0]
    with step(f"Measuring ({args.iterations} rounds of {len(scenarios)} requests, interleaved)"):
        timed = measure.run(client, scenarios, iterations=args.iterations, warmup=0)
        for key, result in timed.items():
            result.queries = results[key].queries
        results = timed
    load_after = os.getloadavg()[0]

    env = environment(vendor)
    print()
    print(
        f"danvan render benchmark — {env['database']}, Python {env['python']}, Django {env['django']}, "
        f"Wagtail {env['wagtail']}, {env['cpus']} CPUs"
    )
    print(
        f"{args.iterations} measured requests per scenario after {args.warmup} warm-up rounds; "
        f"site: {built.other_articles + 2} articles, {built.images} images"
        f"{'' if args.no_feed_images else ', feed images on all articles'}"
        f"{'' if args.no_related_links else ', 2 related links on each measured article'}; "
        "in-process django.test.Client"
    )
    busy = max(load_before, load_after) > (os.cpu_count() or 1)
    print(
        f"load average (1 min) before/after measuring: {load_before:.2f}/{load_after:.2f}"
        + ("  — the machine was busy: wall times are inflated, compare 'cpu p50'" if busy else "")
    )
    print()
    print(table(results))
    print()
    targets = evaluate(results, vendor=vendor, p50_target=args.p50_target_ms, max_queries=args.max_queries)
    for target in targets:
        verdict = {True: "PASS", False: "FAIL", None: "SKIP"}[target.ok]
        print(f"{verdict}  {target.label}  ({target.detail})")

    if args.show_queries:
        for key in ("article_1", "article_20"):
            print(f"\nSQL of one uncached render of {results[key].scenario.label}:")
            for n, query in enumerate(captured[key], 1):
                print(f"{n:3}. {query.origin}\n     {measure.short_sql(query.sql)[: args.show_queries]}")

    if args.json:
        payload = {
            "environment": env,
            "iterations": args.iterations,
            "warmup": args.warmup,
            "load_average_1min": {"before": load_before, "after": load_after},
            "results": {
                key: {
                    "label": r.scenario.label,
                    "path": r.scenario.path,
                    "p50_ms": r.p50,
                    "p95_ms": r.p95,
                    "mean_ms": r.mean,
                    "cpu_p50_ms": r.cpu_p50,
                    "ratio_to_baseline_p50": r.p50 / results["baseline"].p50,
                    "queries": r.queries,
                }
                for key, r in results.items()
            },
            "targets": [{"label": t.label, "ok": t.ok, "detail": t.detail} for t in targets],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")

    if args.profile or args.profile_dump:
        from .phases import breakdown
        from .profiling import profile

        print("\nWhere the time goes (wall time by phase; phases include those indented under them)\n")
        for scenario in scenarios:
            if not scenario.cached and scenario.key != "baseline":
                print(breakdown(client, scenario, iterations=args.iterations), end="\n\n")
        slowest = max((results["article_1"], results["article_20"]), key=lambda r: r.p50)
        print(profile(client, slowest.scenario, iterations=args.iterations, top=25, dump=args.profile_dump))

    failed = any(t.ok is False for t in targets)
    return 1 if failed and not args.no_fail else 0


def main(argv: list[str] | None = None) -> int:
    return run_in_workdir(parse_args(argv), bench, prefix="danvan-bench-")


if __name__ == "__main__":
    sys.exit(main())
