"""Scalar arguments: numbers, counts, flags and seeds, with one wording for every error.

A number is an int, a float or a numpy scalar -- never a bool (``True`` is not 1 here) -- that
fits in a float (``10**400`` is a clear error, not float()'s OverflowError). A wrong type (a str,
a bool where a number or a count is meant) is a ``TypeError``; a number with a wrong value (NaN,
an infinity, out of range) is a ``ValueError``. ``where`` names the call and the argument, e.g.
``"SGD: lr"`` or ``"X[3][1]"``.
"""

from __future__ import annotations

import math
import random
from numbers import Integral, Real
from typing import Any

from autograd_core.errors import describe_number as describe


def _range(low: float, high: float, low_open: bool, high_open: bool) -> str:
    parts = []
    if low > -math.inf:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high < math.inf:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    return " and ".join(parts)


def real(v: Any, where: str) -> float:
    """``v`` as a float: a real number, not a bool, small enough for a float (NaN and ±inf pass)."""
    if isinstance(v, bool) or not isinstance(v, Real):
        raise TypeError(f"{where} must be a number, not {type(v).__name__}: {describe(v)}")
    try:
        return float(v)
    except OverflowError:
        raise ValueError(f"{where} is too large for a float: {describe(v)}") from None


def number(
    v: Any, where: str, low: float = -math.inf, high: float = math.inf, low_open: bool = False, high_open: bool = False
) -> float:
    """``v`` as a finite float within [low, high] (either end open if asked)."""
    bounds = _range(low, high, low_open, high_open)
    need = f"a finite number{' ' + bounds if bounds else ''}"
    if isinstance(v, bool) or not isinstance(v, Real):
        raise TypeError(f"{where} must be {need}, not {type(v).__name__}: {describe(v)}")
    try:
        x = float(v)
    except OverflowError:
        raise ValueError(f"{where} is too large for a float: {describe(v)} (it must be {need})") from None
    if not math.isfinite(x):
        raise ValueError(f"{where} must be {need}, not {describe(v)}")
    if x < low or x > high or (low_open and x == low) or (high_open and x == high):
        raise ValueError(f"{where} must be {need}, got {describe(v)}")
    return x


def integer(v: Any, where: str, low: int | None = None, high: int | None = None) -> int:
    """``v`` as an int (numpy integers too, never a bool), with low <= v <= high where given."""
    if isinstance(v, bool) or not isinstance(v, Integral):
        raise TypeError(f"{where} must be an int, not {type(v).__name__}: {describe(v)}")
    n = int(v)
    if low is not None and n < low:
        raise ValueError(f"{where} must be at least {low}, got {describe(v)}")
    if high is not None and n > high:
        raise ValueError(f"{where} must be at most {high:,}, got {describe(v)}")
    return n


def flag(v: Any, where: str) -> bool:
    """``v`` if it is True or False (not 0/1, not a truthy string)."""
    if not isinstance(v, bool):
        raise TypeError(f"{where} must be True or False, not {type(v).__name__}: {describe(v)}")
    return v


def seed(v: Any, where: str = "seed") -> int | None:
    """A seed for ``random.Random``: an int or None."""
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, Integral):
        raise TypeError(f"{where} must be an int or None, not {type(v).__name__}: {describe(v)}")
    return int(v)


def rng(v: Any, where: str = "seed") -> random.Random:
    """A random.Random from an int seed, a Random itself, or None (fresh entropy)."""
    if isinstance(v, random.Random):
        return v
    if v is not None and (isinstance(v, bool) or not isinstance(v, Integral)):
        raise TypeError(f"{where} must be an int, a random.Random or None, not {type(v).__name__}: {describe(v)}")
    return random.Random(seed(v, where))
