"""Functions over many Values: the n-ary nodes ``vsum`` and ``wsum``, and ``softmax``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from . import ops
from .value import Number, Value, _apply, _data, _lift, _node

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
