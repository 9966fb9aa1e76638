"""Benchmark 1: one full-batch training step of MLP(2, [16, 16, 1]) on 100 moons points.

Same points, same initial weights copied into every engine, micrograd's demo loss (mean hinge +
1e-4·Σp²). stepgrad's outputs come from ``model.batch(points)``, as ``fit`` gets them (and, for
comparison, from one ``model(x)`` call per point: the same graph, built a point at a time).
Each timed step is zero grads + forward + backward at fixed weights (no update), so
every step does the same work. Before timing, every variant's loss and gradients are checked
against the hand-written floor, and the floor against the engine.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import floor, torch_step
from .harness import Variant, alternate, ratio, summarise
from .moons_sizes import run_sizes
from .report import row, target
from .steps import (
    ALPHA,
    SIZES,
    copy_weights,
    engine_loss,
    engine_params,
    engine_step,
    flat_values,
    grads,
    init_weights,
    micrograd_step,
    moons,
    nn_missing,
    stepgrad_step,
    stepgrad_step_per_row,
)  # fmt: skip

PER_ROW = "stepgrad fused, model(x) per point"
COMPILED = "stepgrad compiled (nn.compile)"


def agree(name: str, got: tuple[float, list[float]], want: tuple[float, list[float]], rel: float = 1e-9) -> float:
    """Largest gradient difference, scaled by the largest gradient; AssertionError if any value disagrees."""
    (loss, g), (loss0, g0) = got, want
    scale = max(map(abs, g0)) or 1.0
    bad = [i for i, (a, b) in enumerate(zip(g, g0, strict=True)) if not math.isclose(a, b, rel_tol=rel, abs_tol=rel * 1e-3 * scale)]
    if not math.isclose(loss, loss0, rel_tol=min(rel, 1e-12) if rel < 1e-6 else rel) or bad:
        raise AssertionError(f"moons: {name} disagrees with the floor: loss {loss!r} vs {loss0!r}, gradients differ at {bad[:10]}")
    return max(abs(a - b) for a, b in zip(g, g0, strict=True)) / scale


def models(ws: list[floor.Matrix], bs: list[list[float]]) -> tuple[dict[str, Any], list[str]]:
    """The models to compare, by variant name, and notes on any that are missing."""
    import micrograd.nn

    out: dict[str, Any] = {}
    notes = []
    why = nn_missing()
    if why is None:
        from nn import MLP

        out["stepgrad fused"] = copy_weights(MLP(2, SIZES[1:], fused=True, seed=0), ws, bs)
        out[PER_ROW] = copy_weights(MLP(2, SIZES[1:], fused=True, seed=0), ws, bs)
        out["stepgrad fused=False"] = copy_weights(MLP(2, SIZES[1:], fused=False, seed=0), ws, bs)
    else:
        notes.append(f"stepgrad's nn library is not ready ({why}): its variants are not measured")
    out["micrograd"] = copy_weights(micrograd.nn.MLP(2, SIZES[1:]), ws, bs)
    return out, notes


def compiled_and_torch(ws: list[floor.Matrix], bs: list[list[float]], xs: list[list[float]], ys: list[float], want: Any,
                       diffs: dict[str, float], notes: list[str]) -> tuple[list[Variant], float | None]:  # fmt: skip
    """The compiled step (nn.compile) and PyTorch float64/float32 (when installed), checked against the floor; and the codegen time."""
    out: list[Variant] = []
    codegen = None
    if nn_missing() is None:
        from .moons_sizes import compiled_model

        model, compiled, codegen = compiled_model(SIZES, ws, bs, xs, ys)
        model.zero_grad()
        diffs[COMPILED] = agree(COMPILED, (compiled.step(xs, ys), grads(model)), want)

        def go() -> None:
            model.zero_grad()
            compiled.step(xs, ys)

        out.append(Variant(COMPILED, go))
        notes.append(f"{COMPILED}: {compiled.stats['lines']:,} lines of generated Python")
    torch = torch_step.available()
    if torch is None:
        notes.append("PyTorch not installed: no PyTorch rows (pip install torch)")
        return out, codegen
    for dtype, name, rel in [(torch.float64, "PyTorch float64 (1 thread)", 1e-9), (torch.float32, "PyTorch float32 (1 thread)", 1e-3)]:
        step, result = torch_step.make_step(torch, ws, bs, xs, ys, dtype)
        diffs[name] = agree(name, result(), want, rel=rel)
        out.append(Variant(name, lambda step=step: step() and None))
    notes.append(f"PyTorch {torch.__version__}, one thread (torch.set_num_threads(1) while timing), the same weights and loss")
    return out, codegen


def run(quick: bool = False, rounds: int | None = None) -> dict[str, Any]:
    """Check every variant's gradients, then time them interleaved; rows with ratios and targets."""
    xs, ys = moons(20 if quick else 100)
    ws, bs = init_weights()
    rounds = rounds or (2 if quick else 7)
    ref = floor.step(ws, bs, xs, ys, ALPHA)
    want = (ref[0], floor.flat(ref[1], ref[2]))
    diffs = {"autograd_core (no nn)": agree("autograd_core (no nn)", engine_step(ws, bs, xs, ys), want)}
    ms, notes = models(ws, bs)
    steps: dict[str, Callable[[Any, list[list[float]], list[float]], Any]] = {}
    for name, model in ms.items():
        steps[name] = {"micrograd": micrograd_step, PER_ROW: stepgrad_step_per_row}.get(name, stepgrad_step)
        loss = steps[name](model, xs, ys)
        diffs[name] = agree(name, (loss.data, grads(model)), want)
        model.zero_grad()
        del loss  # a live graph left here would slow every later variant's GC passes
    extra, codegen = compiled_and_torch(ws, bs, xs, ys, want, diffs, notes)

    def timed(name: str, model: Any) -> Callable[[], None]:
        step = steps[name]

        def go() -> None:
            model.zero_grad()
            step(model, xs, ys)

        return go

    variants = [Variant("floor (plain Python)", lambda: floor.step(ws, bs, xs, ys, ALPHA) and None)]
    wvs, bvs = engine_params(ws, bs)
    leaves = flat_values(wvs, bvs)

    def engine() -> None:
        for p in leaves:
            p.grad = 0.0
        engine_loss(wvs, bvs, xs, ys).backward()

    variants.append(Variant("autograd_core linear_rows (no nn)", engine))
    variants += [Variant(name, timed(name, m)) for name, m in ms.items() if name != "micrograd"]
    # diagnostics, no target: how much of stepgrad's step is the cyclic GC walking the graph as it grows
    variants += [Variant(f"{name} (GC off)", timed(name, m), gc=False) for name, m in ms.items() if name not in ("micrograd", PER_ROW)]
    variants += extra
    # micrograd as users run it: steps back to back, its GC collecting the cyclic graphs inside the loop
    variants.append(Variant("micrograd (GC on)", timed("micrograd", ms["micrograd"]), number=1 if quick else 3, steady=True))
    variants.append(Variant("micrograd (GC off)", timed("micrograd", ms["micrograd"]), gc=False))
    torch = torch_step.available()
    if torch is not None:
        with torch_step.OneThread(torch):
            samples = alternate(variants, rounds)
    else:
        samples = alternate(variants, rounds)
    stats = summarise(samples)
    rows = [row(f"{v.name}: one step", stats[v.name]["total"], "ms", 1e3) for v in variants]
    have = {v.name for v in variants}
    for a, b, label, tgt in [
        (COMPILED, "floor (plain Python)", "compiled ÷ floor (time ratio)", target("<=", 0.5, "≤ 0.5×")),
        ("stepgrad fused", COMPILED, "compiled: speed-up over the interpreted fused step", None),
        ("micrograd (GC on)", COMPILED, "compiled: speed-up over micrograd GC on", None),
        (COMPILED, "PyTorch float64 (1 thread)", "compiled ÷ PyTorch float64 (1 thread)", None),
        (COMPILED, "PyTorch float32 (1 thread)", "compiled ÷ PyTorch float32 (1 thread)", None),
        ("floor (plain Python)", "PyTorch float64 (1 thread)", "floor ÷ PyTorch float64 (1 thread)", None),
        ("stepgrad fused", "floor (plain Python)", "fused ÷ floor (time ratio)", None),
        (PER_ROW, "floor (plain Python)", "fused, model(x) per point ÷ floor", None),
        ("micrograd (GC on)", "stepgrad fused", "fused: speed-up over micrograd GC on", None),
        ("micrograd (GC on)", "stepgrad fused=False", "fused=False: speed-up over micrograd GC on", target(">=", 10.0, "≥ 10×")),
        ("micrograd (GC off)", "stepgrad fused=False", "fused=False: speed-up over micrograd GC off", target(">=", 1.5, "≥ 1.5×")),
        ("autograd_core linear_rows (no nn)", "floor (plain Python)", "autograd_core linear_rows (no nn) ÷ floor", None),
        ("micrograd (GC on)", "micrograd (GC off)", "micrograd: GC on ÷ GC off", None),
        ("stepgrad fused", "stepgrad fused (GC off)", "stepgrad fused: GC on ÷ GC off", None),
        ("stepgrad fused=False", "stepgrad fused=False (GC off)", "stepgrad fused=False: GC on ÷ GC off", None),
    ]:
        if a in have and b in have:
            rows.append(row(label, ratio(samples, a, b), "×", tgt=tgt, quick=quick))
        elif tgt:
            rows.append(row(label, None, "×", tgt=tgt, quick=quick, note=f"{a if a not in have else b} missing"))
    notes.append("gradients agree with the floor before timing; largest difference / largest gradient: "
                 + ", ".join(f"{k} {v:.1e}" for k, v in diffs.items()))  # fmt: skip
    if codegen is not None:
        rows.append(row(f"{COMPILED}: trace + write + compile the code", codegen, "s"))
    size_rows, size_notes = run_sizes(quick, max(3, rounds // 2), agree)
    rows += size_rows
    notes += size_notes
    notes.append("micrograd GC on: steps timed back to back after one untimed step, its GC collecting inside the loop as in "
                 "training; GC off: its cyclic garbage is collected after each sample, untimed; stepgrad frees its graph "
                 "in the step")  # fmt: skip
    params = {"points": len(xs), "sizes": SIZES, "alpha": ALPHA, "rounds": rounds}
    return {"title": "moons training step", "params": params, "rows": rows, "notes": notes, "samples": samples}
