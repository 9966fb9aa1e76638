"""Functions over many Values: the n-ary nodes ``vsum`` and ``wsum``, a layer of ``wsum`` nodes (``linear``), and ``softmax``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import mul

from . import ops
from .grad_mode import MODE, RECORD
from .value import Number, Value, _apply, _data, _lift, _new, _node

_VALUE_ONLY = frozenset({Value})


def _values(xs: Iterable[Value | Number], what: str) -> tuple[Value, ...]:
    """The items as a tuple of Values, numbers lifted to constants; a clear TypeError otherwise."""
    xs = tuple(xs)
    if _VALUE_ONLY.issuperset(map(type, xs)):
        return xs  # the common case, checked at C speed
    out = []
    for i, x in enumerate(xs):
        v = _lift(x)
        if v is NotImplemented:
            raise TypeError(f"{what}: item {i} must be a Value or a number, not {type(x).__name__}: {x!r}")
        out.append(v)
    return tuple(out)


def vsum(values: Iterable[Value | Number]) -> Value:
    """Σ xᵢ as ONE node (not a chain of additions); ∂/∂xᵢ = 1. The sum of nothing is 0."""
    return _apply(ops.VSUM, _values(values, "vsum"))


def wsum(w: Sequence[Value | Number], x: Sequence[Value | Number], b: Value | Number | None = None) -> Value:
    """The weighted sum z = b + Σ wᵢ·xᵢ as ONE node; ∂z/∂wᵢ = xᵢ, ∂z/∂xᵢ = wᵢ, ∂z/∂b = 1.

    Parents are laid out as (w0..wn-1, x0..xn-1, b); without ``b`` the sum starts at 0. Pass the
    inputs ``x`` as a tuple to share it: the neurons of a layer then keep one input row between
    them instead of a copy each.
    """
    if len(w) != len(x):
        raise ValueError(f"wsum: {len(w)} weights but {len(x)} inputs; they must be the same length")
    row = x if type(x) is tuple else tuple(x)
    own = (*w,) if b is None else (*w, b)
    try:  # fast path: all Values (a number has no .data; anything else gives no float)
        data = ops.wsum_forward(map(_data, w), map(_data, row), 0.0 if b is None else b.data)  # type: ignore[union-attr]
    except (AttributeError, TypeError):
        data = None
    if data.__class__ is float:
        return _node(ops.WSUM, own, data, row)  # type: ignore[arg-type]
    parents = _values(w, "wsum weights") + _values(x, "wsum inputs") + (() if b is None else _values((b,), "wsum bias"))
    return _apply(ops.WSUM, parents)


def linear(params: Sequence[Sequence[Value]], x: Sequence[Value | Number]) -> list[Value]:
    """A layer of weighted sums: for each neuron j, the wsum node zⱼ = bⱼ + Σᵢ wⱼᵢ·xᵢ.

    ``params[j]`` is neuron j's (wⱼ₀, ..., wⱼₙ₋₁, bⱼ), or its n weights alone (no bias). Each node
    keeps its neuron's tuple as given and all of them share the input row: pass the same tuples
    on every call (a layer's parameters) and no copy is made. The row's data are read once.
    Numbers are accepted anywhere and lifted to constants, as in ``wsum``.
    """
    return linear_rows(params, (x,))[0]


def linear_rows(params: Sequence[Sequence[Value]], rows: Iterable[Sequence[Value | Number]]) -> list[list[Value]]:
    """``linear(params, x)`` for each row x of a batch; the parameters' data are read once for all rows."""
    params = [own if type(own) is tuple else tuple(own) for own in params]
    rows = rows if type(rows) is list or type(rows) is tuple else list(rows)
    record, single = MODE.get() == RECORD, len(rows) == 1
    total, wsum_node = ops.sum_in_order, ops.WSUM
    width, prepared, out = -1, None, []
    for x in rows:
        row = x if type(x) is tuple else tuple(x)
        n = len(row)
        if n != width:  # the first row, or one of another width: check the neurons and read their data
            width, prepared = n, _prepare(params, n, single)
        try:
            if not (record and n and prepared):
                raise TypeError  # no graph to record, anomaly mode, or numbers among the parameters
            xs = tuple(map(_data, row))
            zs = []
            for own, (w, b) in zip(params, prepared):  # type: ignore[arg-type]
                data = total(map(mul, w, xs), b)
                if data.__class__ is not float:
                    raise TypeError
                z = _new(Value)  # _node's common case, inlined
                z.data = data
                z.grad = 0.0
                z.label = ""
                z.tag = None
                z._op = wsum_node
                z._a = own
                z._b = row
                zs.append(z)
        except (AttributeError, TypeError):  # anything but Values and floats: wsum lifts numbers or names the bad item
            zs = [wsum(own[:n], row, own[n] if len(own) > n else None) for own in params]
        out.append(zs)
    return out


def _prepare(params: list[tuple[Value, ...]], n: int, single: bool) -> list[tuple[Iterable[float], float]] | None:
    """Each neuron's (weights' data, bias data or 0.0) for rows of ``n`` inputs; None if some are not Values.

    For a single row the weights' data are read as the sum goes (a ``map``, used once).
    """
    for j, own in enumerate(params):
        if len(own) != n and len(own) != n + 1:
            raise ValueError(f"linear: neuron {j} has {len(own)} parameters for {n} inputs; give {n} weights and an optional bias")
    try:
        if single:
            return [(map(_data, own), own[n].data if len(own) > n else 0.0) for own in params]
        return [(d, d[n] if len(d) > n else 0.0) for d in (tuple(map(_data, own)) for own in params)]
    except AttributeError:
        return None


def softmax(values: Sequence[Value | Number]) -> list[Value]:
    """softmax(x)ᵢ = e^(xᵢ - m) / Σⱼ e^(xⱼ - m) with m = max(x): never overflows.

    Shifting by the constant m changes nothing mathematically (softmax is shift-invariant), so
    gradients flow through the exps, the sum and the divisions as usual.
    """
    xs = _values(values, "softmax")
    if not xs:
        raise ValueError("softmax of an empty list")
    m = max(x.data for x in xs)
    exps = [(x - m).exp() for x in xs]
    total = vsum(exps)
    return [e / total for e in exps]
