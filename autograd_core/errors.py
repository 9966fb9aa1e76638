"""The messages of bad input: each names the op, its operand values and their labels."""

from __future__ import annotations

import math
from typing import Any

from .op import Op


def describe(v: Any) -> str:
    """An operand for a message: ``2.0 ('a')`` for a labelled Value, ``2.0`` otherwise."""
    if v.__class__ is float:
        return repr(v)
    return f"{v.data!r} ({v.label!r})" if v.label else repr(v.data)


def domain_error(op: Op, operands: tuple, err: Exception) -> Exception:
    """The same exception type as ``err``, naming the op and its operands: ``log(0.0 ('x')): ...``."""
    args = ", ".join(map(describe, operands))
    return type(err)(f"{op.name}({args}): {err}")


def anomaly_error(op: Op, operands: tuple, data: float) -> FloatingPointError:
    """Anomaly mode: the forward value of ``op(*operands)`` is NaN or infinite."""
    args = ", ".join(map(describe, operands))
    return FloatingPointError(f"anomaly in the forward pass: {op.name}({args}) = {data!r}")


def backward_anomaly(node: Any, i: int, local: float) -> FloatingPointError:
    """Anomaly mode: the gradient ``node`` sends to its input ``i`` is NaN or infinite."""
    parents = node.parents
    args = ", ".join(map(describe, parents))
    label = f" in node {node.label!r}" if node.label else ""
    sent = local * node.grad
    return FloatingPointError(
        f"anomaly in the backward pass: {node.op}({args}){label} sends gradient {sent!r} to input {i} "
        f"({describe(parents[i])}): local partial {local!r} × upstream {node.grad!r}"
    )


def describe_number(x: object) -> str:
    """A short description of a number for an error message (a huge int by its digit count: its
    repr would be hundreds of characters, or an error past 4,300 digits)."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 64:
        bits = x.bit_length()
        digits = f"{len(str(abs(x)))}" if bits < 14_000 else f"about {int(bits * math.log10(2)) + 1}"
        return f"{'a negative' if x < 0 else 'an'} int of {digits} digits"
    try:
        text = repr(x)
    except ValueError:
        return f"a {type(x).__name__}"
    return text if len(text) <= 60 else f"{text[:28]}…{text[-28:]} ({len(text)} characters)"
