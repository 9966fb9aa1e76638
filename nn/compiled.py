"""``nn.compile``: a model's training step as generated Python, with the lectures' names.

``nn.compile(model, X, y, loss="hinge", l2=1e-4)`` traces the same graph ``fit`` builds -- the
model on each example, the loss, ``+ l2·Σp²`` -- and hands it to ``autograd_core.compile``; the
code names every value by layer and unit (``z_1_2``, ``a_1_2``, ``w_1_2_1``, ``b_1_2``, ``x_1``,
softmax outputs ``p_1``), so it reads like the lectures' equations whatever labels the nodes carry.
``fit(..., compile=True)`` trains through it (``build``), with the same numbers, the same
optimizer calls and the same ``.grad``s as the interpreter. ``model(x)``, the stepper and the
drawings are untouched: compiling never changes what a learner sees.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from autograd_core import Value
from autograd_core.compiler import CompiledStep, observe

from .layers import MLP, Layer, Neuron
from .losses import l2 as l2_penalty

_CACHE: weakref.WeakKeyDictionary[Any, dict[Any, CompiledStep]] = weakref.WeakKeyDictionary()
REPRESENTATIVES = 256  # examples traced up front: one per distinct target, at most this many


def _layers(model: Any) -> list[tuple[int | None, Any]]:
    """(layer number for names, layer) pairs; a lone Layer or Neuron has no layer number."""
    if isinstance(model, MLP):
        return [(i + 1, layer) for i, layer in enumerate(model.layers)]
    return [(None, model)] if isinstance(model, Layer | Neuron) else []


def _tag(*parts: int | None) -> str:
    return "_".join(str(p) for p in parts if p is not None)


class LectureNames:
    """Names by layer and unit, found from the model's parameters and each layer's outputs during tracing."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.known: weakref.WeakKeyDictionary[Value, str] = weakref.WeakKeyDictionary()
        for layer_no, layer in _layers(model):
            neurons = layer.neurons if isinstance(layer, Layer) else [layer]
            for j, n in enumerate(neurons):
                unit = j + 1 if isinstance(layer, Layer) else None
                for i, w in enumerate(n.w):
                    self.known[w] = f"w_{_tag(layer_no, unit, i + 1)}"
                if n.b is not None:
                    self.known[n.b] = "b" + ("_" + _tag(layer_no, unit) if _tag(layer_no, unit) else "")

    def __call__(self, v: Value) -> str | None:
        return self.known.get(v)

    def layer_outputs(self, layer_no: int | None, layer: Any, outs: list[Value]) -> None:
        """Name one layer's outputs and the nodes inside each unit (z, and an unfused z's partial sums)."""
        softmax = getattr(layer, "activation", "") == "softmax"
        for j, out in enumerate(outs):
            unit = j + 1 if isinstance(layer, Layer) else None
            tag = _tag(layer_no, unit)
            sep = "_" if tag else ""
            z = out
            if softmax:  # p = e / Σe, e = exp(z - m)
                self.known[out] = f"p_{j + 1}"
                e, total = out.parents
                shifted = e.parents[0]
                self.known[e], self.known[total], self.known[shifted] = f"e_{j + 1}", "sum_e", f"zm_{j + 1}"
                z = shifted.parents[0]
            elif out.op in ("relu", "tanh", "sigmoid", "step"):
                self.known[out] = f"a{sep}{tag}"
                z = out.parents[0]
            self.known[z] = f"z{sep}{tag}"
            self._unfused(z, tag, sep)

    def _unfused(self, z: Value, tag: str, sep: str) -> None:
        """The products w·x (``wx_1_2_1``) and partial sums (``s_1_2_1``) of a neuron built from * and +."""
        node = z
        while node.op == "add":
            left, right = node.parents
            if right.op == "mul" and right.parents[0] in self.known:
                self.known[right] = "wx" + self.known[right.parents[0]][1:]
                if node is not z:
                    self.known[node] = "s" + self.known[right.parents[0]][1:]
            node = left
        if node.op == "mul" and node.parents[0] in self.known:
            self.known[node] = "wx" + self.known[node.parents[0]][1:]


def _forward(model: Any, names: LectureNames) -> Callable[[list[Value]], Any]:
    """The model on one example, a layer at a time: the graph ``model.batch`` makes for that row."""
    layers = _layers(model)

    def forward(xs: list[Value]) -> Any:
        if not layers:
            return model(xs)
        values: Any = xs
        for layer_no, layer in layers:
            if getattr(layer, "activation", "") == "softmax":
                observe(values)  # softmax shifts by the max of its inputs: let the trace see it
            out = layer(values)
            values = out if isinstance(out, list) else [out]
            names.layer_outputs(layer_no, layer, values)
        return values[0] if len(values) == 1 else values

    return forward


def _objective(loss_fn: Callable[..., Value], alpha: float, params: list[Value]) -> Callable[[list[Any], list[Any]], Value]:
    """The loss ``fit`` minimises: the loss of the batch, plus ``alpha · Σp²`` when alpha is not 0."""

    def objective(outputs: list[Any], targets: list[Any]) -> Value:
        value = loss_fn(outputs, targets)
        return value + alpha * l2_penalty(params) if alpha else value

    return objective


def _representatives(rows: list[list[float]], ys: list[Any]) -> tuple[list[list[float]], list[Any]]:
    """One example per distinct target (at most ``REPRESENTATIVES``), at least two examples."""
    seen: dict[Any, int] = {}
    for i, y in enumerate(ys):
        key = tuple(y) if isinstance(y, list) else y
        if key not in seen and len(seen) < REPRESENTATIVES:
            seen[key] = i
    picks = list(seen.values()) if len(seen) > 1 else [0, min(1, len(rows) - 1)]
    return [rows[i] for i in picks], [ys[i] for i in picks]


def build(model: Any, loss_fn: Callable[..., Value], alpha: float, params: list[Value], rows: list[list[float]], ys: list[Any],
          max_lines: int | None = None, batch_size: int | None = None) -> CompiledStep:  # fmt: skip
    """The compiled step for this model, loss and l2 (cached on the model while its parameters stay the same):
    traced on one example per target, and on batches of the sizes training will use, then written once."""
    key = (loss_fn, alpha, tuple(map(id, params)), repr(getattr(model, "config", lambda: None)()), max_lines)
    per_model = _CACHE.setdefault(model, {})
    found = per_model.get(key)
    if found is not None:
        return found
    names = LectureNames(model)
    xs, ts = _representatives(rows, ys)
    kwargs = {} if max_lines is None else {"max_lines": max_lines}
    step = CompiledStep(_forward(model, names), _objective(loss_fn, alpha, params), params, names=names, **kwargs)
    step.learn(xs, ts)
    for size in {batch_size, len(rows) % batch_size} - {None, 0} if batch_size else ():
        if not step.size(size):  # a number of the batch part no rule of the batch size explains: trace one
            step.learn(rows[:size], ys[:size])
    per_model[key] = step
    return step


def compile(model: Any, X: Any, y: Any, loss: Any = "mse", l2: float = 0.0, max_lines: int | None = None) -> CompiledStep:  # noqa: N803
    """The training step of ``model`` on data like (X, y) as generated Python: ``.source``, ``.step(X, y)``
    (gradients into ``.grad`` as ``backward()``), ``.predict(X)``. ``loss`` and ``l2`` as in ``fit``."""
    from . import checks
    from .scoring import prepare

    checks.model(model, "compile", train=True)
    entry, rows, ys = prepare(model, X, y, loss, "compile")
    alpha = checks.number(l2, "l2", low=0.0)
    step = build(model, entry.function, alpha, model.parameters(), rows, ys, max_lines)
    step.source  # noqa: B018 -- written now: a refusal (e.g. too big) is an error here, not a slow first step
    return step
