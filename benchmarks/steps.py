"""The moons step written for each engine: data, shared weights, and the loss as each engine's user writes it.

Plain floats for the data (numpy scalars would slow the floor); micrograd's initialisation and
parameter layout (``layers[l].neurons[j].w`` / ``.b``), which stepgrad's nn shares, so one set
of weights is copied into every engine and gradients come back in one order (``floor.flat``).
"""

from __future__ import annotations

import math
import random
from typing import Any

from . import floor

SIZES = [2, 16, 16, 1]
ALPHA = 1e-4
Weights = tuple[list[floor.Matrix], list[list[float]]]


def moons(n: int = 100, noise: float = 0.1, seed: int = 0) -> tuple[list[list[float]], list[float]]:
    """Two interleaved half circles with Gaussian noise, labels ±1 (as sklearn's make_moons, plain floats)."""
    rng = random.Random(seed)
    xs, ys = [], []
    for k in range(n):
        outer = k < n - n // 2
        m = n - n // 2 if outer else n // 2
        t = math.pi * (k if outer else k - (n - n // 2)) / max(m - 1, 1)
        x = [math.cos(t), math.sin(t)] if outer else [1.0 - math.cos(t), 0.5 - math.sin(t)]
        xs.append([x[0] + rng.gauss(0.0, noise), x[1] + rng.gauss(0.0, noise)])
        ys.append(-1.0 if outer else 1.0)
    return xs, ys


def init_weights(sizes: list[int] = SIZES, seed: int = 0) -> Weights:
    """micrograd's initialisation: wᵢ ~ U(-1, 1), b = 0; one copy shared by every engine."""
    rng = random.Random(seed)
    ws = [[[rng.uniform(-1.0, 1.0) for _ in range(nin)] for _ in range(nout)] for nin, nout in zip(sizes, sizes[1:])]
    return ws, [[0.0] * nout for nout in sizes[1:]]


def copy_weights(model: Any, ws: list[floor.Matrix], bs: list[list[float]]) -> Any:
    """Write ws, bs into a model with micrograd's layout (``layers[l].neurons[j].w`` / ``.b``); works for both engines."""
    for layer, w, b in zip(model.layers, ws, bs, strict=True):
        for neuron, wj, bj in zip(layer.neurons, w, b, strict=True):
            for p, x in zip(neuron.w, wj, strict=True):
                p.data = x
            neuron.b.data = bj
    return model


def grads(model: Any) -> list[float]:
    """Gradients in floor.flat order: per layer, per neuron, w then b."""
    return [p.grad for layer in model.layers for n in layer.neurons for p in (*n.w, n.b)]


def engine_params(ws: list[floor.Matrix], bs: list[list[float]]) -> tuple[list[list[list[Any]]], list[list[Any]]]:
    """The weights as autograd_core leaf Values, in the floor's shapes."""
    from autograd_core import Value

    return [[[Value(p) for p in wj] for wj in w] for w in ws], [[Value(p) for p in b] for b in bs]


def engine_loss(wvs: list[list[list[Any]]], bvs: list[list[Any]], xs: list[list[float]], ys: list[float]) -> Any:
    """The loss on autograd_core alone (linear_rows, relu, vsum; no nn): the engine reference for the floor."""
    from autograd_core import Value, linear_rows, vsum

    rows: list[Any] = [[Value(v) for v in x] for x in xs]
    for layer, (w, b) in enumerate(zip(wvs, bvs, strict=True)):
        zs = linear_rows([(*wj, bj) for wj, bj in zip(w, b, strict=True)], rows)
        rows = zs if layer == len(wvs) - 1 else [[z.relu() for z in row] for row in zs]
    hinge = [(1.0 - y * row[0]).relu() for row, y in zip(rows, ys, strict=True)]
    return vsum(hinge) / len(xs) + ALPHA * vsum([p * p for p in flat_values(wvs, bvs)])


def flat_values(wvs: list[list[list[Any]]], bvs: list[list[Any]]) -> list[Any]:
    """engine_params' Values in floor.flat order."""
    return [p for w, b in zip(wvs, bvs, strict=True) for wj, bj in zip(w, b, strict=True) for p in (*wj, bj)]


def engine_step(ws: list[floor.Matrix], bs: list[list[float]], xs: list[list[float]], ys: list[float]) -> tuple[float, list[float]]:
    """Loss and gradients of the step on autograd_core alone, from fresh leaf Values."""
    wvs, bvs = engine_params(ws, bs)
    loss = engine_loss(wvs, bvs, xs, ys)
    loss.backward()
    return loss.data, [p.grad for p in flat_values(wvs, bvs)]


def stepgrad_loss(model: Any, xs: list[list[float]], ys: list[float], per_row: bool = False) -> Any:
    """The loss as an nn user writes it: hinge loss + 1e-4·l2 of the parameters.

    The outputs come from ``model.batch(xs)``, as ``fit`` gets them, or with ``per_row`` from one
    ``model(x)`` call per point; both build the same graph.
    """
    from nn import hinge_loss, l2

    outs = [model(x) for x in xs] if per_row else model.batch(xs)
    return hinge_loss(outs, ys) + ALPHA * l2(model.parameters())


def stepgrad_step(model: Any, xs: list[list[float]], ys: list[float], per_row: bool = False) -> Any:
    """stepgrad_loss, then backward."""
    loss = stepgrad_loss(model, xs, ys, per_row)
    loss.backward()
    return loss


def stepgrad_step_per_row(model: Any, xs: list[list[float]], ys: list[float]) -> Any:
    """stepgrad_step with one ``model(x)`` call per point."""
    return stepgrad_step(model, xs, ys, per_row=True)


def micrograd_loss(model: Any, xs: list[list[float]], ys: list[float]) -> Any:
    """The loss as micrograd's demo notebook writes it (inputs wrapped in Values, Python's sum)."""
    from micrograd.engine import Value

    scores = [model(list(map(Value, x))) for x in xs]
    losses = [(1 + -y * s).relu() for y, s in zip(ys, scores, strict=True)]
    return sum(losses) * (1.0 / len(losses)) + ALPHA * sum(p * p for p in model.parameters())


def micrograd_step(model: Any, xs: list[list[float]], ys: list[float]) -> Any:
    """micrograd_loss, then backward."""
    loss = micrograd_loss(model, xs, ys)
    loss.backward()
    return loss


def nn_missing(names: tuple[str, ...] = ("MLP", "hinge_loss", "l2")) -> str | None:
    """Why stepgrad's nn library cannot run this step yet (a missing name), or None when it can."""
    try:
        import nn
    except ImportError as err:
        return str(err)
    lacking = [n for n in names if not hasattr(nn, n)]
    return f"nn lacks {', '.join(lacking)}" if lacking else None
