"""The op table: every primitive stepgrad knows, one entry each.

An entry says everything about a primitive: its ``name``, the ``symbol`` drawn for it, its
``forward`` on floats, and its local partials ∂out/∂xᵢ -- as one callable ``local(out, *xs)``
returning one partial per input, and as one short formula string per input. ``Value`` methods,
``backward()``, the stepper's explanations, the drawings' edge labels and the op-table property
test all read this table; the chain rule that uses ``local`` is written once, in ``backward.py``.

Adding an op = one ``Op(...)`` entry here + one method line in ``value.py``.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from operator import add, mul, neg, sub  # C functions: 3x faster to call than float.__add__ &c.

Partials = Sequence[float]


@dataclass(frozen=True, eq=False)
class Op:
    """One primitive.

    ``inputs``/``formulas`` are tuples for fixed-arity ops; n-ary ops give callables from the
    number of inputs to the tuple (see ``input_names`` and ``formula``). A formula is a Python
    expression over the input names, ``out`` and ``math`` functions, so a test can evaluate it
    and compare it with ``local``. ``constant`` lists inputs that are constants of the op (a
    number exponent): no gradient is taken with respect to them.
    """

    name: str
    symbol: str
    forward: Callable[..., float]
    local: Callable[..., Partials]
    inputs: tuple[str, ...] | Callable[[int], tuple[str, ...]]
    formulas: tuple[str, ...] | Callable[[int], tuple[str, ...]]
    constant: tuple[int, ...] = field(default=())
    nary: bool = False
    # n-ary ops only: how a node stored as (own inputs, a row shared with other nodes) unfolds into
    # its parents tuple; wsum keeps (w..., b) per node and shares the input row x across a layer.
    unpack: Callable[[tuple, tuple], tuple] | None = None
    # with ``unpack``: the same partials as ``local``, from the two parts' data, as (for own, for row)
    local_rows: Callable[[float, tuple, tuple], tuple[Partials, Partials]] | None = None
    arity: int = field(init=False)  # number of inputs; 0 for the n-ary ops

    def __post_init__(self) -> None:
        object.__setattr__(self, "arity", 0 if self.nary else len(self.input_names(0)))

    def input_names(self, n: int) -> tuple[str, ...]:
        """Names of the inputs for a node with ``n`` inputs (``('a', 'b')``, ``('w0', 'x0', 'b')``)."""
        return self.inputs(n) if callable(self.inputs) else self.inputs

    def formula(self, i: int, n: int) -> str:
        """Formula string of ∂out/∂(input i) for a node with ``n`` inputs."""
        forms = self.formulas(n) if callable(self.formulas) else self.formulas
        return forms[i]

    def partial(self, i: int) -> Callable[..., float]:
        """∂out/∂(input i) as a callable ``(out, *xs) -> float``."""
        return lambda out, *xs: self.local(out, *xs)[i]

    def __repr__(self) -> str:
        return f"Op({self.name!r}, {self.symbol!r})"


# ----------------------------------------------------------------------------------------------
# forward functions with domain checks: they raise with a short reason; Value adds the operands.


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


def _pow_base_partial(a: float, k: float) -> float:
    """∂(a^k)/∂a = k · a^(k-1); +inf at a = 0 when 0 < k < 1 (the slope of √a at 0)."""
    if k == 0.0:
        return 0.0
    if a == 0.0 and k < 1.0:
        return math.inf
    return k * _pow(a, k - 1.0)


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


def _wsum_local_rows(out: float, own: tuple, row: tuple) -> tuple[Partials, Partials]:
    """∂z/∂(w..., b) = (x..., 1) and ∂z/∂x = w, for own = (w..., b) or (w...) and row = x (zip stops at b)."""
    return ((*row, 1.0) if len(own) > len(row) else row), own


def _wsum_local(out: float, *args: float) -> Partials:
    n = len(args) // 2
    return (*args[n : 2 * n], *args[:n], 1.0) if len(args) % 2 else (*args[n:], *args[:n])


def _wsum_names(count: int) -> tuple[str, ...]:
    n = count // 2
    return (*(f"w{i}" for i in range(n)), *(f"x{i}" for i in range(n))) + (("b",) if count % 2 else ())


def _wsum_formulas(count: int) -> tuple[str, ...]:
    n = count // 2
    return (*(f"x{i}" for i in range(n)), *(f"w{i}" for i in range(n))) + (("1",) if count % 2 else ())


# ----------------------------------------------------------------------------------------------
# THE TABLE

ADD = Op("add", "+", add, lambda out, a, b: (1.0, 1.0), ("a", "b"), ("1", "1"))
SUB = Op("sub", "-", sub, lambda out, a, b: (1.0, -1.0), ("a", "b"), ("1", "-1"))
MUL = Op("mul", "*", mul, lambda out, a, b: (b, a), ("a", "b"), ("b", "a"))
DIV = Op("div", "/", _div, lambda out, a, b: (1.0 / b, -out / b), ("a", "b"), ("1 / b", "-out / b"))
NEG = Op("neg", "neg", neg, lambda out, a: (-1.0,), ("a",), ("-1",))
POW = Op(
    "pow", "^", _pow,
    lambda out, a, k: (_pow_base_partial(a, k), 0.0),
    ("a", "k"), ("k * a**(k - 1)", "0"), constant=(1,),
)  # fmt: skip
POWV = Op(
    "powv", "^", _pow,
    lambda out, a, b: (_pow_base_partial(a, b), _pow_exponent_partial(out, a)),
    ("a", "b"), ("b * a**(b - 1)", "out * log(a)"),
)  # fmt: skip
EXP = Op("exp", "exp", _exp, lambda out, a: (out,), ("a",), ("out",))
LOG = Op("log", "log", _log, lambda out, a: (1.0 / a,), ("a",), ("1 / a",))
TANH = Op("tanh", "tanh", math.tanh, lambda out, a: (1.0 - out * out,), ("a",), ("1 - out**2",))
SIGMOID = Op("sigmoid", "σ", _sigmoid, lambda out, a: (out * (1.0 - out),), ("a",), ("out * (1 - out)",))
RELU = Op("relu", "ReLU", lambda a: a if a > 0.0 else 0.0, lambda out, a: (1.0 if a > 0.0 else 0.0,), ("a",), ("1 if a > 0 else 0",))
STEP = Op("step", "step", lambda a: 1.0 if a >= 0.0 else 0.0, lambda out, a: (0.0,), ("a",), ("0",))
VSUM = Op(
    "vsum", "Σ", lambda *xs: reduce(add, xs, 0.0), lambda out, *xs: (1.0,) * len(xs),
    lambda n: tuple(f"x{i}" for i in range(n)), lambda n: ("1",) * n, nary=True,
)  # fmt: skip
WSUM = Op("wsum", "z", _wsum, _wsum_local, _wsum_names, _wsum_formulas, nary=True, unpack=_wsum_unpack, local_rows=_wsum_local_rows)

TABLE: dict[str, Op] = {op.name: op for op in (ADD, SUB, MUL, DIV, NEG, POW, POWV, EXP, LOG, TANH, SIGMOID, RELU, STEP, VSUM, WSUM)}
