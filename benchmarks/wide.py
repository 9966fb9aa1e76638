"""Benchmark 3: a wide graph, 200,000 products wᵢ·xᵢ summed; ns per node forward and backward.

The leaves (400,000 Values) are made before each sample, outside the timing, as parameters would be. stepgrad
sums with ``vsum`` (one n-ary node) and, for a like-for-like graph with micrograd, with a
balanced tree of pairwise ``+``. micrograd cannot use Python's ``sum`` here: that is a chain of
200,000 additions and its recursive backward stops at about a thousand nodes.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

from .harness import Variant, alternate, ratio, summarise
from .report import row


def tree_sum(xs: list[Any]) -> Any:
    """Σ xs as a balanced tree of pairwise ``+`` (depth log₂ n), for any engine's Values."""
    while len(xs) > 1:
        pairs = [a + b for a, b in zip(xs[::2], xs[1::2], strict=False)]
        xs = pairs + xs[-1:] if len(xs) % 2 else pairs
    return xs[0]


def workload(value: type, n: int, sum_: Callable[[list[Any]], Any]) -> Callable[[], dict[str, float]]:
    """Fresh leaves of type ``value``, and a closure timing forward (products and their sum) and backward on them."""
    rng = random.Random(0)
    ws = [value(rng.uniform(-1.0, 1.0)) for _ in range(n)]
    xs = [value(rng.uniform(-1.0, 1.0)) for _ in range(n)]

    def go() -> dict[str, float]:
        t0 = time.perf_counter()
        s = sum_([w * x for w, x in zip(ws, xs, strict=True)])
        t1 = time.perf_counter()
        s.backward()
        t2 = time.perf_counter()
        del s
        t3 = time.perf_counter()
        return {"forward": t1 - t0, "backward": t2 - t1, "free": t3 - t2}

    return go


def run(quick: bool = False, rounds: int | None = None) -> dict[str, Any]:
    """stepgrad (vsum and pairwise tree) against micrograd (pairwise tree, GC on and off), interleaved."""
    from micrograd.engine import Value as MicroValue

    from autograd_core import Value, vsum

    n = 5_000 if quick else 200_000
    rounds = rounds or (2 if quick else 4)
    nodes = {"stepgrad vsum": n + 1, "stepgrad pairwise +": 2 * n - 1, "micrograd pairwise + (GC on)": 2 * n - 1,
             "micrograd pairwise + (GC off)": 2 * n - 1}  # fmt: skip
    variants = [
        Variant("stepgrad vsum", setup=lambda: workload(Value, n, vsum)),
        Variant("stepgrad pairwise +", setup=lambda: workload(Value, n, tree_sum)),
        Variant("micrograd pairwise + (GC on)", setup=lambda: workload(MicroValue, n, tree_sum)),
        Variant("micrograd pairwise + (GC off)", setup=lambda: workload(MicroValue, n, tree_sum), gc=False),
    ]
    samples = alternate(variants, rounds)
    stats = summarise(samples)
    rows = []
    for v in variants:
        for phase in ("forward", "backward"):
            rows.append(row(f"{v.name}: {phase}", stats[v.name][phase], "ns/node", 1e9 / nodes[v.name], note=f"{nodes[v.name]:,} op nodes"))
        rows.append(row(f"{v.name}: forward + backward + free", stats[v.name]["total"], "ms", 1e3))
    like = ("micrograd pairwise + (GC on)", "stepgrad pairwise +")
    pairs = [(*like, "forward"), (*like, "backward"), (*like, "total"), ("micrograd pairwise + (GC off)", "stepgrad pairwise +", "total")]
    for a, b, phase in [*pairs, ("micrograd pairwise + (GC on)", "stepgrad vsum", "total")]:
        rows.append(row(f"speed-up of {b} over {a}: {phase}", ratio(samples, a, b, phase), "×"))
    notes = [
        f"{n:,} products; ns/node = phase time / op nodes in that graph (leaves made untimed before each sample, dropped after)",
        "micrograd's graphs are cyclic: what its GC has not collected by the end of a sample is collected untimed",
    ]
    return {"title": "wide graph", "params": {"products": n, "rounds": rounds, "op_nodes": nodes}, "rows": rows, "notes": notes,
            "samples": samples}  # fmt: skip
