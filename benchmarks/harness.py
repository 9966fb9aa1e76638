"""The measuring harness: interleaved rounds, median/min/max, per-round ratios, machine facts.

Every comparison runs its variants A, B, C... in turn, round after round, in one process, so a
slow patch of the machine hits every variant alike. A ratio is taken inside each round (A and B
measured seconds apart) and then summarised, which cancels most of the noise a ratio of two
separately-taken medians would keep. The cyclic GC is collected (untimed) before every sample,
so garbage one variant leaves behind is never charged to the next one.
"""

from __future__ import annotations

import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Phases = dict[str, float]
"""A variant may time parts of its own run (e.g. forward and backward) and return them."""


@dataclass
class Variant:
    """One contestant: ``fn`` runs the work ``number`` times per sample; ``gc`` False runs it with the cyclic GC off.

    With ``setup``, ``fn`` is made afresh by ``setup()`` (untimed) before each sample and dropped
    after it, so one variant's data (e.g. 400,000 leaves) is not alive, and walked by the cyclic
    GC, while another variant is timed. ``steady`` times ``number`` runs back to back with the GC
    collecting whenever it decides to, as in a training loop (micrograd's cyclic graphs are
    collected inside the loop, not between samples): only the garbage of other variants is
    collected first, untimed.
    """

    name: str
    fn: Callable[[], Phases | None] | None = None
    gc: bool = True
    number: int = 1
    setup: Callable[[], Callable[[], Phases | None]] | None = None
    steady: bool = False


def summary(xs: list[float]) -> dict[str, float]:
    """Median, min and max of a list of samples (plus how many)."""
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "n": len(xs)}


def run_once(v: Variant) -> Phases:
    """One sample of ``v``: seconds per run for ``total`` and for each phase the variant reports."""
    fn = v.setup() if v.setup else v.fn
    assert fn is not None, f"variant {v.name!r} has neither fn nor setup"
    gc.collect()
    enabled = gc.isenabled()
    if not v.gc:
        gc.disable()
    phases: Phases = {}
    try:
        if v.steady:
            fn()  # one step first, untimed: the timed steps find the garbage a loop's earlier steps leave
        t0 = time.perf_counter()
        for _ in range(v.number):
            for k, dt in (fn() or {}).items():
                phases[k] = phases.get(k, 0.0) + dt
        total = time.perf_counter() - t0
    finally:
        if enabled:
            gc.enable()
    del fn
    gc.collect()
    return {"total": total / v.number, **{k: dt / v.number for k, dt in phases.items()}}


def alternate(variants: list[Variant], rounds: int, warmup: int = 1) -> dict[str, dict[str, list[float]]]:
    """Run every variant once per round, rotating who goes first; return samples[variant][phase].

    ``warmup`` untimed rounds come first (imports, caches, the allocator's free lists).
    """
    for _ in range(warmup):
        for v in variants:
            run_once(v)
    samples: dict[str, dict[str, list[float]]] = {v.name: {} for v in variants}
    for r in range(rounds):
        k = r % len(variants)
        for v in variants[k:] + variants[:k]:
            for phase, dt in run_once(v).items():
                samples[v.name].setdefault(phase, []).append(dt)
    return samples


def summarise(samples: dict[str, dict[str, list[float]]]) -> dict[str, dict[str, dict[str, float]]]:
    """summary() of every variant's every phase."""
    return {name: {phase: summary(xs) for phase, xs in phases.items()} for name, phases in samples.items()}


def ratio(samples: dict[str, dict[str, list[float]]], a: str, b: str, phase: str = "total") -> dict[str, float]:
    """How many times slower ``a`` is than ``b`` (time a / time b), taken round by round."""
    per_round = [x / y for x, y in zip(samples[a][phase], samples[b][phase], strict=True)]
    return summary(per_round)


def time_it(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call of ``fn`` takes, and what it returned."""
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def cpu_name() -> str:
    """The CPU's model name (from /proc/cpuinfo on Linux, else whatever platform knows)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict[str, Any]:
    """Facts a reader needs to compare figures: Python, OS, CPU, cores, the versions under test."""
    from importlib import metadata

    def version(dist: str) -> str | None:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return None

    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "cpu": cpu_name(),
        "cores": os.cpu_count(),
        "micrograd": version("micrograd"),
        "scikit-learn": version("scikit-learn"),
        "graphviz-pure": version("graphviz-pure"),
        "stepgrad_commit": commit(),
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
    }


def commit() -> str | None:
    """The git commit the figures were measured at ("+dirty" when the work tree has changes), if known."""
    import subprocess

    here = os.path.dirname(os.path.abspath(__file__))
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=here, capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here, capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return sha + ("+dirty" if dirty.strip() else "")


def calibrate(fn: Callable[[], Any], seconds: float = 0.05, cap: int = 100_000) -> int:
    """How many calls of ``fn`` make a sample of at least ``seconds`` (for work far below the timer's noise)."""
    number = 1
    while number < cap:
        t0 = time.perf_counter()
        for _ in range(number):
            fn()
        if time.perf_counter() - t0 >= seconds:
            break
        number *= 2
    return number


class Skipped(Exception):  # noqa: N818 -- a skip, not an error
    """A benchmark that cannot run here (a missing optional piece); the message says what is missing."""
