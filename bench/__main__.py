"""`make bench`: run every benchmark and print one table."""

from __future__ import annotations

import platform
import sys

from bench import core, documents, ingest
from bench.harness import measure, table


def main() -> int:
    timings = [measure(b) for b in [*core.benchmarks(), *ingest.benchmarks(), *documents.benchmarks()]]
    print(f"Prongsai benchmarks · Python {platform.python_version()} · {platform.machine()}")
    print("per op: median of 7 batches; ratio: per op ÷ the baseline's per op, timed in this same run")
    print(table(timings))
    if not documents.libreoffice():
        print(
            "note: LibreOffice is not installed, so the documents' baseline is skipped (ratio meaningless); "
            "apt-get install libreoffice-writer-nogui to measure it"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
