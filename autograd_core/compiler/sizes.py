"""Numbers that change with the batch size, found from two traces of different sizes.

A loss divides by the number of examples (``/ N``, ``/ 2N`` for ½·MSE, ``* (1 / N)`` after Python's
``sum``): the batch part then has a constant equal to k·B or 1/(k·B) for a batch of B examples. The
first compile traces the same examples twice, in batches of two sizes; a constant that differs
is explained by one of these two rules (checked bit for bit on both traces, the rule computing
the number as the loss does: ``k * B`` and ``1.0 / (k * B)``), and a batch of a new size then
needs no trace. A number no rule explains is learnt per size by tracing a batch of that size.
An example's own numbers must not change with the batch size (a loss dividing each example's term
by N before summing is refused: the same example would need different code per batch size).
"""

from __future__ import annotations

from typing import Any

from .canon import Block
from .trace import CompileError

Rule = tuple[str, float]  # ("fixed", value) | ("times", k) | ("over", k) | ("traced", 0.0)


def _explain(b1: int, v1: float, b2: int, v2: float) -> Rule:
    if v1 == v2:
        return ("fixed", v1)
    k = round(v1 / b1)
    if k >= 1 and float(k * b1) == v1 and float(k * b2) == v2:
        return ("times", float(k))
    if v1 != 0.0:
        k = round(1.0 / (v1 * b1))
        if k >= 1 and 1.0 / (k * b1) == v1 and 1.0 / (k * b2) == v2:
            return ("over", float(k))
    return ("traced", 0.0)


def rules(b1: int, values1: tuple[float, ...], b2: int, values2: tuple[float, ...]) -> list[Rule]:
    """How each plain number of the batch part depends on the batch size (two traces, sizes b1 != b2)."""
    return [_explain(b1, v1, b2, v2) for v1, v2 in zip(values1, values2)]


def values_for(size: int, found: list[Rule]) -> tuple[float, ...] | None:
    """The batch part's plain numbers for a batch of ``size`` examples, or None if one must be traced."""
    out = []
    for kind, k in found:
        if kind == "traced":
            return None
        out.append(k if kind == "fixed" else float(int(k) * size) if kind == "times" else 1.0 / (int(k) * size))
    return tuple(out)


def same_examples(first: list[Block], second: list[Block]) -> None:
    """The examples traced in both batches must have the same code: their numbers cannot depend on the batch size."""
    for a, b in zip(first, second):
        if a.key != b.key:
            raise CompileError(f"example {a.k}'s own code depends on the batch size (a term divided by N before the sum?): not compiled")


def second_batch(X: list[Any], Y: list[Any]) -> tuple[list[Any], list[Any]]:  # noqa: N803
    """The same examples in a batch of another size: one fewer, or (for two) one more."""
    if len(X) >= 3:
        return X[:-1], Y[:-1]
    return [*X, X[0]], [*Y, Y[0]]
