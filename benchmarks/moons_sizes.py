"""The compiled moons step at other sizes: a wider network (16 -> 64 units) and more points (100 -> 1,000).

For each size, the compiled step (``nn.compile``) and the hand-written floor, alternating round by
round, with the compiled step's gradients checked against the floor first; also how long writing
and compiling the generated code took, and how many lines it has.
"""

from __future__ import annotations

import time
from typing import Any

from . import floor
from .harness import Variant, alternate, ratio, summarise
from .report import Row, row
from .steps import ALPHA, copy_weights, grads, init_weights, moons


def compiled_model(sizes: list[int], ws: list[floor.Matrix], bs: list[list[float]], xs: list[list[float]],
                   ys: list[float]) -> tuple[Any, Any, float]:  # fmt: skip
    """(model, its compiled step, seconds to trace, write and compile it)."""
    from nn import MLP
    from nn import compile as nn_compile

    model = copy_weights(MLP(sizes[0], sizes[1:], seed=0), ws, bs)
    t0 = time.perf_counter()
    step = nn_compile(model, xs, ys, loss="hinge", l2=ALPHA)
    return model, step, time.perf_counter() - t0


def one_size(label: str, sizes: list[int], points: int, rounds: int, check: Any) -> tuple[list[Row], str]:
    """Rows for one size: floor, compiled, compiled ÷ floor, codegen time; and a note with the code's size."""
    xs, ys = moons(points)
    ws, bs = init_weights(sizes)
    model, step, codegen = compiled_model(sizes, ws, bs, xs, ys)
    ref = floor.step(ws, bs, xs, ys, ALPHA)
    model.zero_grad()
    loss = step.step(xs, ys)
    check(f"compiled, {label}", (loss, grads(model)), (ref[0], floor.flat(ref[1], ref[2])))

    def compiled() -> None:
        model.zero_grad()
        step.step(xs, ys)

    variants = [Variant(f"floor, {label}", lambda: floor.step(ws, bs, xs, ys, ALPHA) and None),
                Variant(f"compiled, {label}", compiled)]  # fmt: skip
    samples = alternate(variants, rounds)
    stats = summarise(samples)
    rows = [row(f"{v.name}: one step", stats[v.name]["total"], "ms", 1e3) for v in variants]
    rows.append(row(f"compiled ÷ floor, {label}", ratio(samples, f"compiled, {label}", f"floor, {label}"), "×"))
    rows.append(row(f"compiled, {label}: trace + write + compile the code", codegen, "s"))
    note = f"compiled, {label}: {step.stats['lines']:,} lines of generated Python"
    return rows, note


def run_sizes(quick: bool, rounds: int, check: Any) -> tuple[list[Row], list[str]]:
    """Width 64 at 100 points, and width 16 at 1,000 points (toy sizes when quick)."""
    rows: list[Row] = []
    notes: list[str] = []
    width, points = (24, 200) if quick else (64, 1000)
    for label, sizes, n in [(f"width {width}", [2, width, width, 1], 20 if quick else 100), (f"{points} points", [2, 16, 16, 1], points)]:
        r, note = one_size(label, sizes, n, rounds, check)
        rows += r
        notes.append(note)
    return rows, notes
