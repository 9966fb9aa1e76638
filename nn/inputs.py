"""Model inputs: a row of numbers becomes Values labelled x0, x1, ... once per call (Values pass through);
a batch is a list of such rows. Every bad row is a clear error naming what was wrong."""

from __future__ import annotations

from numbers import Real
from typing import Any

from autograd_core import Value

_LABELS: list[str] = []


def as_inputs(x: Any, nin: int, who: str) -> list[Value]:
    """One row of inputs as Values: numbers are wrapped (once), Values pass through."""
    if isinstance(x, Value | Real):
        row: list[Any] = [x]
    elif isinstance(x, str | bytes) or not hasattr(x, "__iter__"):
        raise TypeError(f"{who} expects a list of {nin} numbers or Values, not {type(x).__name__}: {x!r}")
    else:
        row = list(x)
    if len(row) != nin:
        raise ValueError(f"{who} expects {nin} input{'s' * (nin != 1)}, got {len(row)}: {row!r}")
    while len(_LABELS) < nin:
        _LABELS.append(f"x{len(_LABELS)}")
    out = []
    for v, label in zip(row, _LABELS, strict=False):
        if v.__class__ is not Value:
            try:
                v = Value(v, label)
            except TypeError:
                raise TypeError(f"{who} input {label[1:]} must be a number or a Value, not {type(v).__name__}: {v!r}") from None
        out.append(v)
    return out


def input_rows(rows: Any, nin: int, who: str) -> list[list[Value]]:
    """A batch of input rows as Values (``as_inputs`` for each); errors name the row."""
    if isinstance(rows, str | bytes | Value | Real) or not hasattr(rows, "__iter__"):
        raise TypeError(f"{who}.batch expects a list of input rows, not {type(rows).__name__}: {rows!r}")
    out = []
    for i, x in enumerate(rows):
        try:
            out.append(as_inputs(x, nin, who))
        except (TypeError, ValueError) as err:
            raise type(err)(f"{who}.batch row {i}: {err}") from None
    return out
