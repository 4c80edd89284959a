"""Field-level accuracy of the reader on generated variants of the real reports, per field and per producer
(text, DOCX, PDF saved by LibreOffice, PDF printed by Chromium). `python -m bench.accuracy [documents]`."""

from __future__ import annotations

import sys
import time

from tests.ingest.variants import PRODUCERS, accuracy_table, read_all

from prongsai.frameworks import load_frameworks
from prongsai.ingest import read_document_bytes

TARGET = 0.98


def main(argv: list[str]) -> int:
    documents = int(argv[0]) if argv else 40
    registry = load_frameworks(site_directory=None)
    started = time.perf_counter()
    scores = read_all(
        range(documents), PRODUCERS, lambda data, name: read_document_bytes(data, name, registry)
    )
    print(
        f"Reader accuracy on {documents} generated reports per producer (target ≥ {TARGET:.0%} of fields, "
        f"0 invented, 0 lost silently) · {time.perf_counter() - started:.0f} s"
    )
    print(accuracy_table(scores))
    for producer, found in scores.items():
        verdict = (
            "meets"
            if found.accuracy >= TARGET and not found.invented and not found.lost_silently
            else "MISSES"
        )
        print(f"{producer}: {verdict} the target")
        for failure in found.failures[:8]:
            print(f"  {failure[:160]}")
    missing = [p for p in PRODUCERS if p not in scores]
    if missing:
        print(f"not measured (tool not installed): {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
