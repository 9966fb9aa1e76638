"""Benchmark 2: a deep chain, ``y = y * 1.0000001 + 0.0`` repeated (two op nodes per step).

stepgrad runs 500,000 steps (1,000,000 op nodes) forward and backward. micrograd's topological
sort is recursive, so it stops with a RecursionError far earlier: the largest chain it can do is
found by doubling then bisection, and both engines are then timed side by side at that size.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from .harness import Variant, alternate, calibrate, ratio, summarise
from .report import row, target


def build(value: Any, steps: int) -> Any:
    """The chain's forward: ``steps`` times y = y * 1.0000001 + 0.0, from the leaf ``value``."""
    y = value
    for _ in range(steps):
        y = y * 1.0000001 + 0.0
    return y


def stepgrad_chain(steps: int) -> dict[str, float]:
    """Forward, backward and freeing of a stepgrad chain, each timed; checks the gradient."""
    from autograd_core import Value

    x = Value(1.0)
    t0 = time.perf_counter()
    y = build(x, steps)
    t1 = time.perf_counter()
    y.backward()
    t2 = time.perf_counter()
    del y
    t3 = time.perf_counter()
    expected = 1.0000001**steps
    if abs(x.grad - expected) > 1e-6 * expected:
        raise AssertionError(f"chain: ∂y/∂x = {x.grad!r}, expected {expected!r}")
    return {"forward": t1 - t0, "backward": t2 - t1, "forward+backward": t2 - t0, "free": t3 - t2}


def micrograd_works(steps: int) -> bool:
    """Whether micrograd's backward survives a chain of ``steps`` steps at the default recursion limit."""
    from micrograd.engine import Value

    y = build(Value(1.0), steps)
    try:
        y.backward()
    except RecursionError:
        return False
    return True


def micrograd_limit(hi_cap: int = 1 << 20) -> int:
    """The largest number of chain steps micrograd's backward handles (doubling, then bisection)."""
    lo, hi = 0, 1
    while hi < hi_cap and micrograd_works(hi):
        lo, hi = hi, hi * 2
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if micrograd_works(mid) else (lo, mid)
    return lo


def side_by_side(steps: int) -> Any:
    """Closures that build a chain of ``steps`` steps and run backward, one per engine."""
    from micrograd.engine import Value as MicroValue

    from autograd_core import Value

    return (lambda: build(Value(1.0), steps).backward()), (lambda: build(MicroValue(1.0), steps).backward())


def run(quick: bool = False, rounds: int | None = None) -> dict[str, Any]:
    """The stepgrad chain at full length, micrograd's limit, and both engines at a size micrograd can do."""
    steps = 20_000 if quick else 500_000
    rounds = rounds or (2 if quick else 3)
    # the GC-off run is a diagnostic (no target): the cyclic GC's share of the time, as the graph grows
    samples = alternate(
        [Variant("stepgrad", lambda: stepgrad_chain(steps)), Variant("stepgrad, GC off", lambda: stepgrad_chain(steps), gc=False)], rounds
    )
    st, off = summarise(samples)["stepgrad"], summarise(samples)["stepgrad, GC off"]
    limit = micrograd_limit()
    small = limit * 3 // 4  # leaves head-room for the harness's own stack frames
    sg, mg = side_by_side(small)
    number = calibrate(mg)
    duel = alternate([
        Variant("stepgrad", sg, number=number),
        Variant("micrograd (GC on)", mg, number=number),
        Variant("micrograd (GC off)", mg, gc=False, number=number),
    ], rounds * 2)  # fmt: skip
    ds = summarise(duel)
    nodes = 2 * steps
    rows = [
        row(f"stepgrad {nodes:,}-node chain: forward", st["forward"], "s"),
        row(f"stepgrad {nodes:,}-node chain: backward", st["backward"], "s"),
        row(f"stepgrad {nodes:,}-node chain: forward + backward", st["forward+backward"], "s", tgt=target("<=", 2.0, "< 2 s"), quick=quick),
        row(f"stepgrad {nodes:,}-node chain: freeing it (refcounting)", st["free"], "s"),
        row("stepgrad: ns per node, forward + backward", st["forward+backward"], "ns/node", 1e9 / nodes),
        row("diagnostic: the same with the GC off: forward", off["forward"], "s"),
        row("diagnostic: the same with the GC off: backward", off["backward"], "s"),
        row("micrograd: longest chain before RecursionError", 2 * limit, "nodes", note=f"{limit} steps"),
        row(f"{2 * small}-node chain fwd+bwd: stepgrad", ds["stepgrad"]["total"], "µs", 1e6),
        row(f"{2 * small}-node chain fwd+bwd: micrograd GC on", ds["micrograd (GC on)"]["total"], "µs", 1e6),
        row(f"{2 * small}-node chain: speed-up over micrograd GC on", ratio(duel, "micrograd (GC on)", "stepgrad"), "×"),
        row(f"{2 * small}-node chain: speed-up over micrograd GC off", ratio(duel, "micrograd (GC off)", "stepgrad"), "×"),
    ]
    notes = [
        f"micrograd's recursive topological sort raises RecursionError past {limit} steps = {2 * limit} op nodes "
        f"(recursion limit {sys.getrecursionlimit()}); stepgrad is iterative",
    ]
    params = {"steps": steps, "nodes": nodes, "rounds": rounds, "micrograd_limit_steps": limit, "side_by_side_steps": small}
    return {"title": "deep chain", "params": params, "rows": rows, "notes": notes, "samples": {"chain": samples, "side_by_side": duel}}
