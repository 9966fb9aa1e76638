"""Checked numbers for nn's arguments: optimizer hyper-parameters, data set sizes, bounds and noise.

Every check names who was called and which argument was wrong. Wrong types (a str, a bool
where a number or a count is meant) are a ``TypeError``; a number with a wrong value (NaN, an
infinity, ``10**400`` which no float holds, out of range) is a ``ValueError``.
"""

from __future__ import annotations

import math
from numbers import Integral, Real


def describe(x: object) -> str:
    """A short description of ``x`` for a message (a huge int by its digit count: its repr is
    hundreds of characters long, or an error past 4,300 digits)."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 64:
        bits = x.bit_length()
        digits = f"{len(str(abs(x)))}" if bits < 14_000 else f"about {int(bits * math.log10(2)) + 1}"
        return f"{'a negative' if x < 0 else 'an'} int of {digits} digits"
    try:
        text = repr(x)
    except ValueError:
        return f"a {type(x).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _range(low: float, high: float, low_open: bool, high_open: bool) -> str:
    parts = []
    if low > -math.inf:
        parts.append(f"{'>' if low_open else '>='} {low:g}")
    if high < math.inf:
        parts.append(f"{'<' if high_open else '<='} {high:g}")
    return " and ".join(parts)


def real(
    name: str,
    value: object,
    who: str,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """``value`` as a float: a finite real number (not a bool) within [low, high] (ends open if asked)."""
    where = _range(low, high, low_open, high_open)
    need = f"a finite number{' ' + where if where else ''}"
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{who}: {name} must be {need}, not {type(value).__name__}: {describe(value)}")
    try:
        number = float(value)
    except OverflowError:
        raise ValueError(f"{who}: {name} must be {need}, not {describe(value)} (too large for a float)") from None
    if not math.isfinite(number):
        raise ValueError(f"{who}: {name} must be {need}, not {describe(value)}")
    if number < low or number > high or (low_open and number == low) or (high_open and number == high):
        raise ValueError(f"{who}: {name} must be {need}, got {describe(value)}")
    return number


def count(name: str, value: object, who: str, low: int = 1, high: int | None = None) -> int:
    """``value`` as an int (any integral type but bool) with low <= value (<= high if given)."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{who}: {name} must be an int, not {type(value).__name__}: {describe(value)}")
    number = int(value)
    if number < low:
        raise ValueError(f"{who}: {name} must be an int >= {low}, got {describe(value)}")
    if high is not None and number > high:
        raise ValueError(f"{who}: {name} must be an int <= {high:,}, got {describe(value)}")
    return number


def flag(name: str, value: object, who: str) -> bool:
    """``value`` if it is True or False (a truthy string is not a flag)."""
    if not isinstance(value, bool):
        raise TypeError(f"{who}: {name} must be True or False, not {type(value).__name__}: {describe(value)}")
    return value


def seed(value: object, who: str) -> int | None:
    """A seed for ``random.Random``: an int or None."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{who}: seed must be an int or None, not {type(value).__name__}: {describe(value)}")
    return int(value)
