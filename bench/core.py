"""The core: framework loading, scoring and analysis, timeframes, score sheets."""

from __future__ import annotations

import csv
import io
import tempfile
from decimal import Decimal
from importlib import resources
from pathlib import Path

import yaml
from pythainlp.util import thai_strptime

from bench.harness import Benchmark
from prongsai.core.analysis import analyse
from prongsai.core.scoring import ScoreSheet, compute_result, scores_from_rows
from prongsai.core.timeframe import parse_timeframe
from prongsai.frameworks import load_frameworks, parse_framework
from prongsai.ingest.score_sheet import read_score_rows

TIMEFRAMES = [
    "ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕",
    "กุมภาพันธ์ – กันยายน ๒๕๖๖",
    "ตุลาคม ๖๕ - กันยายน ๖๖",
    "ธันวาคม ๒๕๖๕",
    "ตุ ล า ค ม ๖ ๕",
    "ปีงบประมาณ ๒๕๖๖",
]


def benchmarks() -> list[Benchmark]:
    texts = [
        (e.name, e.read_text(encoding="utf-8"))
        for e in resources.files("prongsai.frameworks").iterdir()
        if e.name.endswith(".yaml")
    ]
    framework = load_frameworks(site_directory=None).get(2566)
    indicators = {n: Decimal("80.5") + n for n in range(1, 11)}
    questions = {q.code: Decimal(60 + i % 40) for i, q in enumerate(framework.questions)}
    items = {item.code: Decimal(100 if i % 7 else 0) for i, item in enumerate(framework.oit_items)}
    full_sheet = ScoreSheet({}, questions, items)
    values = [float(v) for v in indicators.values()]
    weights = [i.weight for i in framework.indicators]
    float_weights = [float(w) for w in weights]

    directory = Path(tempfile.mkdtemp(prefix="prongsai-bench-"))
    sheet_path = directory / "scores.csv"
    rows = [("code", "score")] + [(str(n), f"{v}") for n, v in indicators.items()]
    rows += [(code, f"{v}") for code, v in questions.items()] + [(code, f"{v}") for code, v in items.items()]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    sheet_path.write_text(buffer.getvalue(), encoding="utf-8")

    def weighted_sum_floats() -> float:
        return sum(w * v for w, v in zip(float_weights, values, strict=True)) / 100

    return [
        Benchmark(
            "load + validate 5 frameworks",
            lambda: [parse_framework(t, n) for n, t in texts],
            "yaml.safe_load alone",
            lambda: [yaml.safe_load(t) for _, t in texts],
        ),
        Benchmark(
            "score 98 answers + analyse",
            lambda: analyse(compute_result(framework, full_sheet)),
            "float weighted sum",
            weighted_sum_floats,
            budget_seconds=0.005,
        ),
        Benchmark(
            "read + score a 98-row CSV",
            lambda: compute_result(framework, scores_from_rows(read_score_rows(sheet_path), framework)),
            "csv.reader of the file",
            lambda: list(csv.reader(io.StringIO(sheet_path.read_text()))),
            budget_seconds=0.05,
        ),
        Benchmark(
            "parse 6 seed timeframes",
            lambda: [parse_timeframe(t) for t in TIMEFRAMES],
            "6 × pythainlp thai_strptime",
            lambda: [thai_strptime("5 ตุลาคม 2564", "%d %B %Y") for _ in range(6)],
            budget_seconds=0.002,
        ),
    ]
