"""Sequences, tables of rows, targets and models: what ``fit``, ``evaluate``, ``predict`` and the losses accept.

A sequence is ordered: a list, a tuple, a range, a numpy array or a pandas Series/DataFrame (read
row by row); a dict, a set, a string or a one-pass iterator is refused, since its order (or its
being a list at all) is a guess.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from numbers import Integral, Real
from typing import Any

from autograd_core import Value

from .scalars import describe as _shown
from .scalars import number

_ORDERED = "a list, a tuple, a numpy array or a pandas DataFrame/Series"


def is_sequence(x: Any) -> bool:
    """Whether ``x`` is an ordered sequence of items (see the module doc); strings and Values are not."""
    if isinstance(x, str | bytes | Mapping | Set):
        return False
    return isinstance(x, Sequence) or (hasattr(x, "__array__") and hasattr(x, "__len__"))


def ordered(x: Any, what: str, expect: str = "an ordered sequence") -> list[Any]:
    """``x`` as a list of its items, in order; a TypeError saying what to pass for anything else.

    pandas objects are read by rows (``to_numpy``), numpy arrays with ``tolist`` (Python numbers).
    """
    if hasattr(x, "to_numpy") and hasattr(x, "index"):  # pandas: iterating a DataFrame would give its column names
        x = x.to_numpy()
    if isinstance(x, list):
        return x
    if not is_sequence(x):
        kind = "unordered " if isinstance(x, Mapping | Set) else ""
        raise TypeError(f"{what} must be {expect} ({_ORDERED}), not the {kind}{type(x).__name__} {_shown(x)}")
    if getattr(x, "ndim", 1) == 0:
        raise TypeError(f"{what} must be {expect} ({_ORDERED}), not a 0-dimensional array {_shown(x)}")
    return x.tolist() if hasattr(x, "tolist") else list(x)


def table(X: Any, nin: int | None, who: str) -> list[list[float]]:  # noqa: N803 -- X, as fit(model, X, y)
    """X as a non-empty list of equal-width rows of finite floats (the model's input width if known).

    A row may be a bare number when the model takes one input (a 1-D array, a Series).
    """
    rows: list[list[float]] = []
    for i, row in enumerate(ordered(X, "X", "a list of rows")):
        if isinstance(row, Real) and not isinstance(row, bool):
            cells = [row]
        elif is_sequence(row):
            cells = ordered(row, f"X[{i}]")
        else:
            raise TypeError(f"X[{i}] must be a row of numbers ({_ORDERED}), not {type(row).__name__}: {_shown(row)}")
        width = nin if nin is not None else len(rows[0]) if rows else len(cells)
        if len(cells) != width:
            raise ValueError(f"X[{i}] has {len(cells)} values but {'the model takes' if nin else 'X[0] has'} {width}")
        rows.append([number(v, f"X[{i}][{j}]") for j, v in enumerate(cells)])
    if not rows:
        raise ValueError(f"X is empty: {who} needs at least one example")
    return rows


def column(y: Any, n: int) -> list[Any]:
    """y as a list of n targets; a column vector (shape (n, 1)) is read as its n entries."""
    ys = ordered(y, "y", "a list of targets")
    if len(ys) != n:
        raise ValueError(f"X has {n} rows but y has {len(ys)} targets; they must match")
    return ys


def one(t: Any, where: str) -> Any:
    """A target for a one-output model: ``t``, or the entry of a one-entry row (a column vector's row ``[t]``)."""
    if isinstance(t, Real) or not is_sequence(t):
        return t
    if len(t) != 1:
        raise ValueError(f"{where} = {_shown(t)}: this loss takes one number per example (a list or a column of targets)")
    return t[0]


def model(m: Any, who: str, train: bool = False) -> Any:
    """``m`` if it can be called on a row (and, to ``train``, has ``parameters()``); a TypeError otherwise."""
    if isinstance(m, type):
        raise TypeError(f"{who}: model is the class {m.__name__}, not a model: build one first, e.g. {m.__name__}(...)")
    if not callable(m) or (train and not callable(getattr(m, "parameters", None))):
        need = "a model with parameters() (an nn Module such as MLP)" if train else "a model (an nn Module, or a callable on a row)"
        raise TypeError(f"{who}: model must be {need}, not {type(m).__name__}: {_shown(m)}")
    return m


# ---- targets: what each loss accepts (the loss functions and fit both check with these) ------------


def regression_target(t: Any, where: str) -> float:
    """Any finite number (a Value's data too)."""
    t = one(t, where)
    return number(t.data if isinstance(t, Value) else t, where)


def probability_target(t: Any, where: str) -> float:
    """A number in [0, 1] (binary cross-entropy's targets)."""
    y = regression_target(t, where)
    if not 0.0 <= y <= 1.0:
        raise ValueError(f"{where} = {t!r}: binary cross-entropy targets must be in [0, 1]")
    return y


def hinge_label(t: Any, where: str) -> float:
    """-1 or +1."""
    if t.__class__ is float and (t == 1.0 or t == -1.0):
        return t
    y = regression_target(t, where)
    if y not in (-1.0, 1.0):
        raise ValueError(f"{where} = {t!r}: hinge labels must be -1 or +1 (convert 0/1 labels with 2*y - 1)")
    return y


def class_index(t: Any, where: str, classes: int | None) -> int:
    """A class index 0..classes-1 (an int, numpy ints too; never a bool or a float)."""
    t = one(t, where)
    if isinstance(t, bool) or not isinstance(t, Integral) or not 0 <= int(t) < (classes if classes is not None else int(t) + 1):
        span = f"0..{classes - 1}" if classes is not None else "0, 1, 2, …"
        raise ValueError(f"{where} = {t!r}: cross_entropy targets are class indices {span}")
    return int(t)
