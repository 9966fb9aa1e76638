"""THE op table: every primitive stepgrad knows, one ``register(Op(...))`` row each.

Each row gives the op's name and drawn symbol, its forward on floats, its local partials
∂out/∂xᵢ (one callable returning all of them, and one formula string per input), where its
inputs live (``domain``), its PyTorch counterpart, the ``Value`` methods it makes, and, where a
plain Python expression computes the forward exactly, that expression (for the compiler). What
an entry means is documented in ``op.py``; everything else reads this table.

Forward functions check their domain and raise with a short reason (``Value`` adds the op,
the operands and their labels). NaN passes through every op: ``relu(nan)`` is nan, not 0.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from functools import reduce
from operator import add, mul, neg, sub  # C functions: 3x faster to call than float.__add__ &c.

from .op import TABLE, Op, Partials, register

__all__ = ["TABLE", "Op", "register"]


def _div(a: float, b: float) -> float:
    if b == 0.0:
        raise ZeroDivisionError("division by zero")
    return a / b


def _pow(a: float, k: float) -> float:
    """a ** k for real numbers only (Python would return a complex number for (-8) ** 0.5)."""
    if a == 0.0 and k < 0.0:
        raise ZeroDivisionError("0 cannot be raised to a negative power")
    if a < 0.0 and not float(k).is_integer():
        raise ValueError("a negative base to a fractional power is not a real number")
    try:
        return a**k
    except OverflowError:
        raise OverflowError("pow overflowed") from None


def _exp(a: float) -> float:
    try:
        return math.exp(a)
    except OverflowError:
        raise OverflowError("exp overflowed (input above 709.78)") from None


def _log(a: float) -> float:
    if a <= 0.0:
        raise ValueError("log needs a positive input")
    return math.log(a)


def _sigmoid(a: float) -> float:
    """σ(a) = 1 / (1 + e^-a), evaluated so that e^x never overflows."""
    if a >= 0.0:
        return 1.0 / (1.0 + math.exp(-a))
    e = math.exp(a)
    return e / (1.0 + e)


def _relu(a: float) -> float:
    return 0.0 if a <= 0.0 else a  # written so that NaN passes through


def _step(a: float) -> float:
    return 1.0 if a >= 0.0 else 0.0 if a < 0.0 else a  # NaN passes through


def _sign(a: float) -> float:
    """∂|a|/∂a: 1 above 0, -1 below, 0 at 0 (PyTorch's choice)."""
    return 1.0 if a > 0.0 else -1.0 if a < 0.0 else 0.0


def _periodic(f: Callable[[float], float]) -> Callable[[float], float]:
    """sin/cos of ±inf is NaN (as in PyTorch), not math's ValueError."""
    return lambda a: f(a) if a - a == 0.0 else math.nan


_sin, _cos = _periodic(math.sin), _periodic(math.cos)


def _pow_base_partial(a: float, k: float) -> float:
    """∂(a^k)/∂a = k · a^(k-1); ±inf where that overflows or at a = 0 when 0 < k < 1 (√a at 0)."""
    if k == 0.0:
        return 0.0
    if a == 0.0 and k < 1.0:
        return math.inf
    try:
        return k * a ** (k - 1.0)
    except (OverflowError, ZeroDivisionError):
        negative = (a < 0.0 and (k - 1.0) % 2.0 == 1.0) != (k < 0.0)
        return -math.inf if negative else math.inf


def _pow_exponent_partial(out: float, a: float) -> float:
    """∂(a^b)/∂b = out · ln a; 0 at a = 0 (the limit for b > 0); undefined (NaN) for a < 0."""
    if a > 0.0:
        return out * math.log(a)
    return 0.0 if a == 0.0 else math.nan


def _sum_by_reduce(terms: Iterable[float], start: float) -> float:
    return reduce(add, terms, start)


# sum() adds floats one by one, left to right from ``start``, up to Python 3.11 (twice as fast as
# reduce(add)); from 3.12 on it compensates the rounding (a different, more exact result).
sum_in_order: Callable[[Iterable[float], float], float] = sum if sys.version_info < (3, 12) else _sum_by_reduce


def wsum_forward(ws: Iterable[float], xs: Iterable[float], b: float) -> float:
    """z = b + Σ wᵢ·xᵢ, summed left to right from b, exactly as the unfused ``b + w0*x0 + w1*x1 + ...``."""
    return sum_in_order(map(mul, ws, xs), b)


def _wsum(*args: float) -> float:
    """The weighted sum for args laid out as (w0..wn-1, x0..xn-1[, b]); no b means b = 0."""
    n = len(args) // 2
    return wsum_forward(args[:n], args[n : 2 * n], args[-1] if len(args) % 2 else 0.0)


def _wsum_unpack(own: tuple, row: tuple) -> tuple:
    """(w0..wn-1[, b]) and the input row (x0..xn-1) -> the parents (w0..wn-1, x0..xn-1[, b])."""
    n = len(row)
    return own[:n] + row + own[n:]


def _wsum_local_rows(out: float, own: tuple, row: tuple) -> tuple[Partials, Partials, float | None]:
    """∂z/∂w = x (zip with own stops before b), ∂z/∂x = w (zip with the row stops at b), ∂z/∂b = 1 or no b."""
    return row, own, 1.0 if len(own) > len(row) else None


def _wsum_local(out: float, *args: float) -> Partials:
    n = len(args) // 2
    return (*args[n : 2 * n], *args[:n], 1.0) if len(args) % 2 else (*args[n:], *args[:n])


def _wsum_names(count: int) -> tuple[str, ...]:
    n = count // 2
    return (*(f"w{i}" for i in range(n)), *(f"x{i}" for i in range(n))) + (("b",) if count % 2 else ())


def _wsum_formulas(count: int) -> tuple[str, ...]:
    n = count // 2
    return (*(f"x{i}" for i in range(n)), *(f"w{i}" for i in range(n))) + (("1",) if count % 2 else ())


def _wsum_expr(count: int) -> str:
    n = count // 2
    return " + ".join(["b" if count % 2 else "0.0", *(f"w{i} * x{i}" for i in range(n))])


def _vsum_names(n: int) -> tuple[str, ...]:
    return tuple(f"x{i}" for i in range(n))


# ----------------------------------------------------------------------------------------------
# THE TABLE: one row per primitive

AB = ("a", "b")
ADD = register(Op("add", "+", add, lambda out, a, b: (1.0, 1.0), AB, ("1", "1"), ("real", "real"), "a + b",
                  ("__add__",), ("__radd__",), expr="a + b"))  # fmt: skip
SUB = register(Op("sub", "-", sub, lambda out, a, b: (1.0, -1.0), AB, ("1", "-1"), ("real", "real"), "a - b",
                  ("__sub__",), ("__rsub__",), expr="a - b"))  # fmt: skip
MUL = register(Op("mul", "*", mul, lambda out, a, b: (b, a), AB, ("b", "a"), ("real", "real"), "a * b",
                  ("__mul__",), ("__rmul__",), expr="a * b"))  # fmt: skip
DIV = register(Op("div", "/", _div, lambda out, a, b: (1.0 / b, -out / b), AB, ("1 / b", "-out / b"), ("real", "nonzero"), "a / b",
                  ("__truediv__",), ("__rtruediv__",)))  # fmt: skip
NEG = register(Op("neg", "neg", neg, lambda out, a: (-1.0,), ("a",), ("-1",), ("real",), "-a", ("__neg__",), expr="-a"))
POW = register(Op("pow", "^", _pow, lambda out, a, k: (_pow_base_partial(a, k), 0.0), ("a", "k"), ("k * a**(k - 1)", "0"),
                  ("positive", "exponent"), "a ** k", ("_pow_number",), constant=(1,)))  # fmt: skip
POWV = register(Op("powv", "^", _pow, lambda out, a, b: (_pow_base_partial(a, b), _pow_exponent_partial(out, a)), AB,
                   ("b * a**(b - 1)", "out * log(a)"), ("positive", "real"), "a ** b", ("_pow_value",), ("__rpow__",)))  # fmt: skip
EXP = register(Op("exp", "exp", _exp, lambda out, a: (out,), ("a",), ("out",), ("bounded",), "torch.exp(a)", ("exp",)))
LOG = register(Op("log", "log", _log, lambda out, a: (1.0 / a,), ("a",), ("1 / a",), ("positive",), "torch.log(a)", ("log",)))
TANH = register(Op("tanh", "tanh", math.tanh, lambda out, a: (1.0 - out * out,), ("a",), ("1 - out**2",), ("real",),
                   "torch.tanh(a)", ("tanh",), expr="tanh(a)"))  # fmt: skip
SIGMOID = register(Op("sigmoid", "σ", _sigmoid, lambda out, a: (out * (1.0 - out),), ("a",), ("out * (1 - out)",), ("real",),
                      "torch.sigmoid(a)", ("sigmoid",)))  # fmt: skip
RELU = register(Op("relu", "ReLU", _relu, lambda out, a: (0.0 if a <= 0.0 else 1.0,), ("a",), ("0 if a <= 0 else 1",), ("kink",),
                   "torch.relu(a)", ("relu",), expr="0.0 if a <= 0.0 else a"))  # fmt: skip
STEP = register(Op("step", "step", _step, lambda out, a: (0.0,), ("a",), ("0",), ("kink",),  # torch's heaviside(nan) is 0:
                   "torch.where(torch.isnan(a), a.detach(), (a >= 0).to(a.dtype))", ("step",)))  # NaN passes, as relu's does
ABS = register(Op("abs", "abs", abs, lambda out, a: (_sign(a),), ("a",), ("1 if a > 0 else -1 if a < 0 else 0",), ("kink",),
                  "torch.abs(a)", ("__abs__", "abs"), expr="abs(a)"))  # fmt: skip
SIN = register(Op("sin", "sin", _sin, lambda out, a: (_cos(a),), ("a",), ("cos(a)",), ("real",),
                  "torch.sin(a)", ("sin",)))  # fmt: skip
COS = register(Op("cos", "cos", _cos, lambda out, a: (-_sin(a),), ("a",), ("-sin(a)",), ("real",),
                  "torch.cos(a)", ("cos",)))  # fmt: skip
VSUM = register(Op("vsum", "Σ", lambda *xs: reduce(add, xs, 0.0), lambda out, *xs: (1.0,) * len(xs), _vsum_names,
                   lambda n: ("1",) * n, ("real",), "sum(xs, torch.zeros((), dtype=torch.float64))",
                   expr=lambda n: " + ".join(["0.0", *_vsum_names(n)]), nary=True))  # fmt: skip
WSUM = register(Op("wsum", "z", _wsum, _wsum_local, _wsum_names, _wsum_formulas, ("real",),
                   "sum((w * x for w, x in zip(xs[: len(xs) // 2], xs[len(xs) // 2 :])), xs[-1] if len(xs) % 2 else 0.0)",
                   expr=_wsum_expr, nary=True, unpack=_wsum_unpack, local_rows=_wsum_local_rows))  # fmt: skip
