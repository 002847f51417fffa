"""What the page benchmarks share: timing requests with their SQL count, the p50/p95/max
table, and the scratch databases they fill.

Nothing here is a timed test: the benchmarks print what they measured.
"""
from __future__ import annotations

import math
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import create_engine, event, text

from web import migrate


@dataclass(frozen=True)
class PageTiming:
    """One page's timings over the repeats, in milliseconds."""

    path: str
    status: int
    #: requests measured (fewer than asked when the page used up its time budget)
    requests: int
    queries: int
    p50: float
    p95: float
    worst: float


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` from 0 to 1) of `values`."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def time_pages(app, paths: Iterable[str], repeats: int, get: Callable[[str], int],
               budget: float = math.inf) -> list[PageTiming]:
    """Request each path through `get` (which returns the status) `repeats` times after one
    warm-up request, counting SQL statements; a page stops early once it has used `budget`
    seconds."""
    engine = app.extensions["db_engine"]
    counter = {"n": 0}

    def count(*_args):
        counter["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        results = []
        for path in paths:
            print(f"  {path}", file=sys.stderr, flush=True)
            get(path)
            timings, status = [], 0
            counter["n"] = 0
            for _ in range(repeats):
                start = time.perf_counter()
                status = get(path)
                timings.append((time.perf_counter() - start) * 1000)
                if sum(timings) > budget * 1000:
                    break
            results.append(PageTiming(path, status, len(timings),
                                      round(counter["n"] / len(timings)),
                                      statistics.median(timings), percentile(timings, .95),
                                      max(timings)))
        return results
    finally:
        event.remove(engine, "before_cursor_execute", count)


def table(results: list[PageTiming], target_p95_ms: float) -> str:
    """The timings as a Markdown table, pages at or above the target p95 marked."""
    lines = ["| page | status | requests | SQL / request | p50 (ms) | p95 (ms) | max (ms) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        mark = " ⚠" if r.p95 >= target_p95_ms else ""
        lines.append(f"| {r.path} | {r.status} | {r.requests} | {r.queries} | {r.p50:.1f} "
                     f"| {r.p95:.1f}{mark} | {r.worst:.1f} |")
    return "\n".join(lines)


def migrated_sqlite(folder: str) -> str:
    """The URL of a new, migrated SQLite database in `folder`."""
    url = f"sqlite:///{folder}/bench.db"
    engine = create_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def migrated_postgres(url: str) -> None:
    """Wipe the PostgreSQL database at `url` (its public schema) and migrate it."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        migrate.upgrade(engine)
    finally:
        engine.dispose()
