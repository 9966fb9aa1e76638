"""The moons step in PyTorch (float64 and float32, one thread): the distance to a vectorised engine.

The same weights as every other variant, the same loss (mean hinge + 1e-4·Σp²), the same work per
timed step (zero grads, forward, backward; no update). Gradients are checked against the floor
first: to 1e-12 in float64, to float32's precision in float32. PyTorch runs on one thread, as
the pure-Python engines do, and its thread count is restored afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import floor
from .steps import ALPHA


def available() -> Any:
    """The torch module, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    return torch


def make_step(torch: Any, ws: list[floor.Matrix], bs: list[list[float]], xs: list[list[float]], ys: list[float],
              dtype: Any) -> tuple[Callable[[], Any], Callable[[], tuple[float, list[float]]]]:  # fmt: skip
    """(a timed step, a function giving the loss and gradients in floor.flat order) for one dtype."""
    layers = []
    for i, (w, b) in enumerate(zip(ws, bs, strict=True)):
        lin = torch.nn.Linear(len(w[0]), len(w), dtype=dtype)
        with torch.no_grad():
            lin.weight.copy_(torch.tensor(w, dtype=dtype))
            lin.bias.copy_(torch.tensor(b, dtype=dtype))
        layers.append(lin)
        if i < len(ws) - 1:
            layers.append(torch.nn.ReLU())
    seq = torch.nn.Sequential(*layers)
    X, Y = torch.tensor(xs, dtype=dtype), torch.tensor(ys, dtype=dtype)  # noqa: N806
    params = list(seq.parameters())

    def step() -> Any:
        for p in params:
            p.grad = None
        loss = torch.relu(1 - Y * seq(X).squeeze(1)).mean() + ALPHA * sum((p * p).sum() for p in params)
        loss.backward()
        return loss

    def result() -> tuple[float, list[float]]:
        loss = step()
        grads = [g for lin in seq if isinstance(lin, torch.nn.Linear)
                 for wj, bj in zip(lin.weight.grad.tolist(), lin.bias.grad.tolist(), strict=True) for g in (*wj, bj)]  # fmt: skip
        return float(loss.item()), grads

    return step, result


class OneThread:
    """``with OneThread(torch):`` runs PyTorch on one thread and restores the thread count after."""

    def __init__(self, torch: Any) -> None:
        self.torch, self.before = torch, torch.get_num_threads()

    def __enter__(self) -> OneThread:
        self.torch.set_num_threads(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.torch.set_num_threads(self.before)
