"""Timing of requests through django.test.Client, in process: the whole middleware stack, no network."""

import contextlib
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from django.db import connection
from django.http.response import HttpResponseBase
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danvan.core import page_cache

CACHE_HEADER = "X-Danvan-Cache"


@dataclass(frozen=True)
class Scenario:
    key: str
    label: str
    path: str
    cached: bool = False  # True: a hit in the anonymous page cache; False: a full render
    check: Callable[[Any], None] | None = None  # looks at a rendered response


@dataclass
class Result:
    scenario: Scenario
    samples_ms: list[float] = field(default_factory=list)  # wall time
    cpu_ms: list[float] = field(default_factory=list)  # this thread's CPU time: less hurt by a busy machine
    queries: int | None = None

    @property
    def p50(self) -> float:
        return statistics.median(self.samples_ms)

    @property
    def p95(self) -> float:
        return percentile(self.samples_ms, 95)

    @property
    def mean(self) -> float:
        return statistics.fmean(self.samples_ms)

    @property
    def cpu_p50(self) -> float:
        return statistics.median(self.cpu_ms)


def percentile(samples: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default)."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


class BenchError(RuntimeError):
    pass


def _expect(scenario: Scenario, response: HttpResponseBase, cache_state: str) -> None:
    if response.status_code != 200:
        raise BenchError(f"{scenario.label}: HTTP {response.status_code} for {scenario.path}")
    if response.get(CACHE_HEADER) != cache_state:
        raise BenchError(
            f"{scenario.label}: expected a page-cache {cache_state}, got {response.get(CACHE_HEADER)!r}"
        )


def request_once(client: Client, scenario: Scenario) -> tuple[float, float]:
    """One measured request: wall and CPU time in ms. Uncached: the page cache is retired first, untimed."""
    if scenario.cached:
        # Another scenario's round may have retired the cached copy: store it again, untimed.
        client.get(scenario.path)
    else:
        page_cache.invalidate()
    cpu_start = time.thread_time_ns()
    start = time.perf_counter_ns()
    response = client.get(scenario.path)
    elapsed = time.perf_counter_ns() - start
    cpu = time.thread_time_ns() - cpu_start
    _expect(scenario, response, "hit" if scenario.cached else "miss")
    return elapsed / 1e6, cpu / 1e6


@dataclass
class Query:
    sql: str
    origin: str  # the innermost caller outside Django and the standard library


_NOT_ORIGIN = re.compile(r"/(django|asgiref)/|/lib/python3\.\d+/(?!site-packages)|^<frozen ")


def _origin() -> str:
    """Who asked: the innermost template node or function that is not Django's own machinery."""
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        code = frame.f_code
        if code.co_name == "render_annotated" and code.co_filename.endswith("django/template/base.py"):
            node = frame.f_locals.get("self")
            token, origin = getattr(node, "token", None), getattr(node, "origin", None)
            if token is not None and origin is not None:
                return f"template {origin.template_name}:{token.lineno} {token.contents!r}"
        if not _NOT_ORIGIN.search(code.co_filename):
            path = code.co_filename
            if "/site-packages/" in path:
                path = path.split("/site-packages/")[-1]
            else:
                with contextlib.suppress(ValueError):
                    path = str(Path(path).relative_to(Path.cwd()))
            return f"{path}:{frame.f_lineno} {code.co_name}"
        frame = frame.f_back
    return "?"


def count_queries(client: Client, scenario: Scenario) -> tuple[list[Query], Any]:
    """The SQL of one request, and its response (uncached: a render; cached: a hit)."""
    if scenario.cached:
        client.get(scenario.path)
    else:
        page_cache.invalidate()
    origins: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        origins.append(_origin())
        return execute(sql, params, many, context)

    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(record):
        response = client.get(scenario.path)
    _expect(scenario, response, "hit" if scenario.cached else "miss")
    return [Query(q["sql"], o) for q, o in zip(ctx.captured_queries, origins, strict=True)], response


def short_sql(sql: str) -> str:
    """SELECT's column list left out: what is read, and how."""
    return re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", sql.replace('"', ""), count=1)


def run(
    client: Client,
    scenarios: Sequence[Scenario],
    *,
    iterations: int,
    warmup: int,
) -> dict[str, Result]:
    """Rounds of one request per scenario, interleaved so that drift on a shared machine hits all alike."""
    for _ in range(warmup):
        for scenario in scenarios:
            request_once(client, scenario)
    results = {s.key: Result(s) for s in scenarios}
    for _ in range(iterations):
        for scenario in scenarios:
            wall, cpu = request_once(client, scenario)
            results[scenario.key].samples_ms.append(wall)
            results[scenario.key].cpu_ms.append(cpu)
    return results
