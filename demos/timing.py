"""Timing one call the way the demos compare engines: the cyclic GC paused meanwhile (as timeit does),
so a collection lands on neither side of a comparison."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from autograd_core.gc_pause import paused_gc


def timed(step: Callable[[], Any]) -> float:
    """Seconds one call of ``step`` takes."""
    with paused_gc():
        start = time.perf_counter()
        step()
        return time.perf_counter() - start
