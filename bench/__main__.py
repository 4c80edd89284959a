"""`make bench`: run every benchmark and print one table."""

from __future__ import annotations

import platform
import sys

from bench import core, ingest
from bench.harness import measure, table


def main() -> int:
    timings = [measure(b) for b in [*core.benchmarks(), *ingest.benchmarks()]]
    print(f"Prongsai benchmarks · Python {platform.python_version()} · {platform.machine()}")
    print("per op: median of 7 batches; ratio: per op ÷ the baseline's per op, timed in this same run")
    print(table(timings))
    return 0


if __name__ == "__main__":
    sys.exit(main())
