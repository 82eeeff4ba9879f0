"""``--profile``: cProfile over uncached renders, summed by package and by function."""

import cProfile
import io
import pstats
import re
from collections import defaultdict
from pathlib import Path

from django.test import Client

from .measure import Scenario, request_once

_SITE = re.compile(r".*/site-packages/")
_PROJECT = Path(__file__).resolve().parent.parent


def _area(filename: str, funcname: str) -> str:
    """Where a function lives: 'django/template', 'wagtail/images', 'danvan/portal', 'sqlite3 (C)'…"""
    if filename == "~":  # a built-in: "<method 'execute' of 'sqlite3.Cursor' objects>" and the like
        match = re.search(r"of '([\w.]+)\.", funcname)
        return f"{match.group(1)} (C)" if match else "builtins (C)"
    if "site-packages/" in filename:
        parts = _SITE.sub("", filename).split("/")
        return "/".join(parts[:2]) if len(parts) > 2 else parts[0].removesuffix(".py")
    try:
        return "/".join(Path(filename).resolve().relative_to(_PROJECT).parts[:2])
    except ValueError:
        return "python stdlib"


def profile(client: Client, scenario: Scenario, *, iterations: int, top: int, dump: Path | None) -> str:
    profiler = cProfile.Profile()
    for _ in range(iterations):
        profiler.enable()
        request_once(client, scenario)
        profiler.disable()
    stats = pstats.Stats(profiler)
    if dump is not None:
        stats.dump_stats(str(dump))

    raw = stats.stats  # type: ignore[attr-defined]
    total = sum(tt for (_, _, tt, _, _) in raw.values())
    by_area: dict[str, float] = defaultdict(float)
    for (filename, _, funcname), (_, _, tt, _, _) in raw.items():
        by_area[_area(filename, funcname)] += tt

    out = io.StringIO()
    per_request = total / iterations * 1000
    out.write(
        f"\nProfile of {iterations} uncached renders of {scenario.label} "
        f"(cProfile, {per_request:.1f} ms/request under the profiler)\n"
    )
    out.write("\nOwn time by package (ms per request):\n")
    for area, tt in sorted(by_area.items(), key=lambda kv: -kv[1])[:top]:
        out.write(f"  {tt / iterations * 1000:7.2f}  {tt / total:6.1%}  {area}\n")
    for order in ("cumulative",):
        buffer = io.StringIO()
        pstats.Stats(profiler, stream=buffer).sort_stats(order).print_stats(top)
        text = buffer.getvalue()
        out.write(f"\nTop {top} functions by {order} (seconds over all {iterations} requests):\n")
        out.write(text[text.find("   ncalls") :])
    return out.getvalue()
