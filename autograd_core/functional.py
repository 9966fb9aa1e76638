"""Functions over many Values: the n-ary nodes ``vsum`` and ``wsum``, a layer of ``wsum`` nodes (``linear``), and ``softmax``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from . import ops
from .fast import layers
from .fast.node import make_node, read_data
from .grad_mode import MODE, RECORD
from .value import Number, Value, apply, lifted


def vsum(values: Iterable[Value | Number]) -> Value:
    """Σ xᵢ as ONE node (not a chain of additions); ∂/∂xᵢ = 1. The sum of nothing is 0."""
    return apply(ops.VSUM, *values)


def wsum(w: Sequence[Value | Number], x: Sequence[Value | Number], b: Value | Number | None = None) -> Value:
    """The weighted sum z = b + Σ wᵢ·xᵢ as ONE node; ∂z/∂wᵢ = xᵢ, ∂z/∂xᵢ = wᵢ, ∂z/∂b = 1.

    Parents are laid out as (w0..wn-1, x0..xn-1, b); without ``b`` the sum starts at 0. Pass the
    inputs ``x`` as a tuple to share it: the neurons of a layer then keep one input row between
    them instead of a copy each.
    """
    if len(w) != len(x):
        raise ValueError(f"wsum: {len(w)} weights but {len(x)} inputs; they must be the same length")
    own = tuple(w) if b is None else (*w, b)
    row = x if type(x) is tuple else tuple(x)
    try:  # read_data refuses anything but a node: numbers to lift, or something else to name
        data = ops.wsum_forward(map(read_data, own), map(read_data, row), 0.0 if b is None else read_data(b))
    except TypeError:
        own, row = lifted("wsum weights and bias", own), lifted("wsum inputs", row)
        data = ops.wsum_forward(map(read_data, own), map(read_data, row), 0.0 if b is None else own[-1].data)
    return make_node(Value, ops.WSUM, own, data, row)


def linear(params: Sequence[Sequence[Value]], x: Sequence[Value | Number]) -> list[Value]:
    """A layer of weighted sums: for each neuron j, the wsum node zⱼ = bⱼ + Σᵢ wⱼᵢ·xᵢ.

    ``params[j]`` is neuron j's (wⱼ₀, ..., wⱼₙ₋₁, bⱼ), or its n weights alone (no bias). Each node
    keeps its neuron's tuple as given and all of them share the input row: pass the same tuples
    on every call (a layer's parameters) and no copy is made. Numbers are accepted anywhere and
    lifted to constants, as in ``wsum``.
    """
    return linear_rows(params, (x,))[0]


def linear_rows(params: Sequence[Sequence[Value]], rows: Iterable[Sequence[Value | Number]]) -> list[list[Value]]:
    """``linear(params, x)`` for each row x of a batch: ``[[wsum(wⱼ, x, bⱼ) for each neuron j] for each x]``.

    Every row must have the same width n, and every neuron n weights and an optional bias. The
    tuned core (``fast/layers.py``) reads the parameters' data once for all rows.
    """
    own_tuples: list[tuple[Value, ...]] = [own if type(own) is tuple else tuple(own) for own in params]
    row_tuples: list[tuple[Any, ...]] = [x if type(x) is tuple else tuple(x) for x in rows]
    params, rows = own_tuples, row_tuples
    if not rows:
        return []
    n = len(rows[0])
    if len(set(map(len, rows))) > 1:
        i = next(i for i, row in enumerate(rows) if len(row) != n)
        raise ValueError(f"linear: row {i} has {len(rows[i])} inputs but row 0 has {n}; every row must have the same width")
    for j, own in enumerate(params):
        if len(own) != n and len(own) != n + 1:
            raise ValueError(f"linear: neuron {j} has {len(own)} parameters for {n} inputs; give {n} weights and an optional bias")
    made = layers.layer_rows(Value, params, rows) if MODE.get() == RECORD and n else None
    if made is None:
        made = [None] * len(rows)
    # a row the tuned core left out (numbers to lift, no graph to record, anomaly mode): wsum itself
    return [[wsum(own[:n], row, own[n] if len(own) > n else None) for own in params] if zs is None else zs for zs, row in zip(made, rows)]


def softmax(values: Sequence[Value | Number]) -> list[Value]:
    """softmax(x)ᵢ = e^(xᵢ - m) / Σⱼ e^(xⱼ - m) with m = max(x): never overflows.

    Shifting by the constant m changes nothing mathematically (softmax is shift-invariant), so
    gradients flow through the exps, the sum and the divisions as usual.
    """
    xs = lifted("softmax", values)
    if not xs:
        raise ValueError("softmax of an empty list")
    m = max(x.data for x in xs)
    exps = [(x - m).exp() for x in xs]
    total = vsum(exps)
    return [e / total for e in exps]
