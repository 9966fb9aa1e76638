"""Model inputs: a row of numbers becomes Values labelled x₁, x₂, ... once per call (Values pass through);
a batch is a list of such rows. Rows are ordered sequences (a list, a tuple, a numpy array): a dict
or a set has no order to read inputs in, and is refused. Every bad row is a clear error naming what was wrong."""

from __future__ import annotations

from numbers import Real
from typing import Any

from autograd_core import Value

from . import checks
from .names import input_names


def as_inputs(x: Any, nin: int, who: str) -> list[Value]:
    """One row of inputs as Values: numbers are wrapped (once, untagged, labelled xᵢ), Values pass through."""
    kind = x.__class__
    if kind is list or kind is tuple:
        row: Any = x
    elif isinstance(x, Value | Real) and not isinstance(x, bool):
        row = [x]
    elif checks.is_sequence(x):
        row = checks.ordered(x, f"{who} input")
    else:
        raise TypeError(f"{who} expects a list of {nin} numbers or Values (an ordered sequence: a list, a tuple or a numpy array), "
                        f"not {type(x).__name__}: {x!r}")  # fmt: skip
    if len(row) != nin:
        raise ValueError(f"{who} expects {nin} input{'s' * (nin != 1)}, got {len(row)}: {row!r}")
    out = []
    for v, label in zip(row, input_names(nin)):
        if v.__class__ is float:
            v = Value(v, label)
        elif not isinstance(v, Value):
            if isinstance(v, bool) or not isinstance(v, Real):
                raise TypeError(f"{who} input {label} must be a number or a Value, not {type(v).__name__}: {v!r}")
            v = Value(checks.real(v, f"{who} input {label}"), label)
        out.append(v)
    return out


def input_rows(rows: Any, nin: int, who: str) -> list[list[Value]]:
    """A batch of input rows as Values (``as_inputs`` for each); errors name the row."""
    if rows.__class__ is not list:
        if isinstance(rows, Value | Real) or not checks.is_sequence(rows):
            raise TypeError(f"{who}.batch expects a list of input rows, not {type(rows).__name__}: {rows!r}")
        rows = checks.ordered(rows, f"{who}.batch rows")
    out = []
    for i, x in enumerate(rows):
        try:
            out.append(as_inputs(x, nin, who))
        except (TypeError, ValueError) as err:
            raise type(err)(f"{who}.batch row {i}: {err}") from None
    return out
