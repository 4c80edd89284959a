"""A process that reads files under an address-space limit, for the memory-bounded fuzzing of the readers.

`python -m tests.ingest.reader_worker HEADROOM_MB`: imports and warms every reader, then limits its address
space (RLIMIT_AS) to what it uses then plus HEADROOM_MB, and answers one JSON line per request line
{"path", "name", "reader": "document" | "scores" | "probe"} with {"outcome", "message", "peak_mb"}: "read", "refused" (the
readers' own error), "MemoryError", or the name of any other exception.
"""

from __future__ import annotations

import contextlib
import json
import resource
import sys
from pathlib import Path

MB = 1024 * 1024


def _address_space() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")


def _peak_mb() -> int:
    """The peak resident memory since the last reset (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise RuntimeError("no VmHWM")


def _reset_peak() -> None:
    """Start the peak afresh, so that each file's answer gives its own peak (Linux: clear_refs 5)."""
    Path("/proc/self/clear_refs").write_text("5")


def main() -> None:
    from prongsai.core.errors import ProngsaiError
    from prongsai.frameworks import load_frameworks
    from prongsai.ingest import read_document_bytes
    from prongsai.ingest.score_sheet import read_score_rows_bytes
    from tests.ingest.conftest import seed_text
    from tests.ingest.conversions import to_docx, to_pdf
    from tests.ingest.hostile import xlsx_with_sheet

    registry = load_frameworks(site_directory=None)
    text = seed_text("seed002")
    warm = [
        (to_docx(text), "a.docx"),
        (to_pdf(text), "a.pdf"),
        (text.encode(), "a.txt"),
        (b"code,score\n1,2\n", "a.csv"),
        (xlsx_with_sheet("<sheetData/>"), "a.xlsx"),
    ]
    for data, name in warm:
        with contextlib.suppress(ProngsaiError):
            read_document_bytes(data, name, registry)
    headroom = int(sys.argv[1]) * MB
    limit = _address_space() + headroom
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    print(json.dumps({"ready": True, "limit_mb": limit // MB, "peak_mb": _peak_mb()}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        _reset_peak()
        data = Path(request["path"]).read_bytes()
        message = ""
        try:
            if request["reader"] == "probe":  # the test's check that the limit bites: allocate `name` MB
                bytearray(int(request["name"]) * MB)
            elif request["reader"] == "scores":
                read_score_rows_bytes(data, request["name"])
            else:
                read_document_bytes(data, request["name"], registry)
            outcome = "read"
        except ProngsaiError as error:
            outcome, message = "refused", error.thai
        except MemoryError:
            outcome = "MemoryError"
        except Exception as error:  # noqa: BLE001 - reported to the test, which fails on it
            outcome, message = type(error).__name__, str(error)[:300]
        del data
        print(json.dumps({"outcome": outcome, "message": message, "peak_mb": _peak_mb()}), flush=True)


if __name__ == "__main__":
    main()
