"""The first documents after a start, rendered at once by a server's threads, all succeed.

Each check runs in a fresh process, where nothing is loaded yet: twenty threads released together render a
report whose narrow column makes the renderer cut a run of Thai into syllables, which loads the syllable
dictionary on first use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

import pytest

SCRIPT = """
import json, threading
from prongsai.core.compose import Column, Report, Row, Table
from prongsai.documents.pdf import render_pdf

def report(n):
    run = "ประสิทธิภาพ" * 3 + "กขฃคฅฆงจฉชซฌญฎฏ" * 2 + str(n)  # no dictionary word: cut into syllables
    table = Table(None, (Column("a", "ก", 0.08), Column("b", "ข", 0.92)), (Row(((run,), ("ข้อความ",))),))
    return Report(title=("รายงาน",), memo=None, introduction=(), tables=(table,))

reports = [report(n) for n in range(20)]
barrier = threading.Barrier(len(reports))
outcomes = []

def render(one):
    barrier.wait()
    try:
        outcomes.append("pdf" if render_pdf(one).startswith(b"%PDF") else "empty")
    except Exception as error:
        outcomes.append(f"{type(error).__name__}: {error}")

threads = [threading.Thread(target=render, args=(r,)) for r in reports]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(json.dumps(outcomes, ensure_ascii=False))
"""


@pytest.mark.parametrize("start", [1, 2])
def test_twenty_threads_render_at_once_in_a_fresh_process(start: int) -> None:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    finished = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=True,
    )
    outcomes = Counter(json.loads(finished.stdout))
    assert outcomes == {"pdf": 20}, (start, outcomes, finished.stderr[-500:])
