"""The statistics as pages show them, with their Thai labels."""

from __future__ import annotations

from typing import Any

from prongsai.core import complaints as core


def statistics_table(numbers: core.ComplaintStatistics) -> dict[str, Any]:
    """The figures with their Thai labels, as the statistics page and the public year page show them."""
    kinds, statuses, destinations = dict(core.KINDS), dict(core.STATUSES), dict(core.DESTINATIONS)
    return {
        "received": numbers.received,
        "by_kind": [(kinds.get(k, k), n) for k, n in numbers.by_kind.items()],
        "by_status": [(statuses.get(k, k), n) for k, n in numbers.by_status.items()],
        "forwarded": [(destinations.get(k, k), n) for k, n in numbers.forwarded.items()],
        "to_answer": core.days_text(numbers.median_days_to_first_answer),
        "to_close": core.days_text(numbers.median_days_to_close),
        "answered": numbers.answered,
        "closed": numbers.closed,
    }
