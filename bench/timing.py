"""Timing helpers shared by the benchmarks."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def median_ms(action: Callable[[], object], runs: int, warmup: int = 3) -> float:
    """Median wall time of `action` in milliseconds, after a few untimed warm-up calls."""
    for _ in range(warmup):
        action()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
