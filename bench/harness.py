"""A small timing harness: median of repeated batches, and the ratio to a baseline timed alongside.

Machines here are noisy, so no benchmark fails a build: the table reports, a person reads it. The ratio to a
baseline measured in the same run is what stays comparable from one machine or run to the next.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Benchmark:
    name: str
    run: Callable[[], object]
    baseline_name: str
    baseline: Callable[[], object]
    budget_seconds: float | None = None  # a target per operation, where an issue sets one
    per: int = 1  # the operations one call does (a PDF's pages): the table shows the time of one


@dataclass(frozen=True)
class Timing:
    benchmark: Benchmark
    seconds: float
    baseline_seconds: float

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds


def per_call(function: Callable[[], object], *, min_batch_seconds: float = 0.05, batches: int = 7) -> float:
    """Median seconds per call over `batches` batches, each long enough to swamp the timer's resolution."""
    function()  # warm: imports, caches, first-call set-up
    calls = 1
    while True:
        started = time.perf_counter()
        for _ in range(calls):
            function()
        if time.perf_counter() - started >= min_batch_seconds:
            break
        calls *= 2
    samples = []
    for _ in range(batches):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        samples.append((time.perf_counter() - started) / calls)
    return statistics.median(samples)


def measure(benchmark: Benchmark) -> Timing:
    per = benchmark.per
    return Timing(benchmark, per_call(benchmark.run) / per, per_call(benchmark.baseline) / per)


def human(seconds: float) -> str:
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.2f} {unit}"
    return f"{seconds / 1e-9:.0f} ns"


def table(timings: list[Timing]) -> str:
    header = ["benchmark", "per op", "ops/s", "baseline", "baseline per op", "ratio", "budget"]
    rows = []
    for t in timings:
        budget = t.benchmark.budget_seconds
        verdict = "" if budget is None else f"{human(budget)} {'ok' if t.seconds <= budget else 'OVER'}"
        skipped = "skipped" in t.benchmark.baseline_name  # no baseline on this machine: no ratio to show
        rows.append(
            [
                t.benchmark.name,
                human(t.seconds),
                f"{1 / t.seconds:,.0f}",
                t.benchmark.baseline_name,
                "–" if skipped else human(t.baseline_seconds),
                "–" if skipped else f"{t.ratio:.2f}×",
                verdict,
            ]
        )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
