"""``python -m benchmarks --profile``: cProfile of the moons step, to name the engine's hot spots.

Profiles zero grads + forward + backward of the fused nn model (or of the autograd_core-only
step when nn is not there), 20 steps, and prints the functions with the most time of their own.
"""

from __future__ import annotations

import cProfile
import io
import pstats
from collections.abc import Callable

from . import steps


def step_under_test(fused: bool = True) -> tuple[str, Callable[[], None]]:
    """The step to profile and its name."""
    xs, ys = steps.moons(100)
    ws, bs = steps.init_weights()
    if steps.nn_missing() is None:
        from nn import MLP

        model = steps.copy_weights(MLP(2, steps.SIZES[1:], fused=fused, seed=0), ws, bs)

        def step() -> None:
            model.zero_grad()
            steps.stepgrad_step(model, xs, ys)

        return f"nn MLP fused={fused}", step
    wvs, bvs = steps.engine_params(ws, bs)
    return "autograd_core linear_rows (no nn)", lambda: steps.engine_loss(wvs, bvs, xs, ys).backward()


def main(count: int = 20, top: int = 18) -> int:
    """Profile ``count`` steps; print the ``top`` functions by their own time."""
    for fused in (True, False):
        name, step = step_under_test(fused)
        step()  # warm up
        prof = cProfile.Profile()
        prof.enable()
        for _ in range(count):
            step()
        prof.disable()
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
        print(f"## moons step, {name}: {count} steps, top {top} by own time\n{out.getvalue()}")
        if name.startswith("autograd_core"):
            break
    return 0
