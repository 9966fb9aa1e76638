"""Probes: numbers that remember how they were computed, so a trace sees what Python decides on data.

A graph records ops, but not the Python around them: ``if p.data > 1e-44`` (a clamp), ``if
s.data >= 0`` (a branch), ``m = max(v.data for v in scores)`` (a shift) leave only their result
behind. While tracing, the values such code reads (a model's outputs, a layer's inputs) are
``Probe`` floats: arithmetic on them builds an expression, and every comparison, truth test and
conversion is recorded as an event. After the trace:

* a comparison is a *guard*: the generated code checks it, and re-traces when it comes out the
  other way (``recognize.py`` turns a run of comparisons made by ``max``/``min`` into a ``max(...)``);
* a Probe turned into a constant node (``Value(m)``, ``x - m``) gives that constant its *provenance*:
  the generated code computes it (``max(z_2_1, z_2_2)``) instead of freezing the traced number;
* any other conversion (``float(p)``, ``int(p)``) pins the value: a guard ``p == 0.37``.

Comparisons inside an op-table forward (``relu``'s ``a <= 0``) are not events: the compiled op makes
the same decision itself. ``math`` functions read a Probe as a plain float and are not seen.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from types import CodeType, FrameType
from typing import Any

from ..op import TABLE

Expr = Any  # a Probe's expression: ("leaf", key) | (symbol, operand, ...) with operands Probes or numbers


@dataclass
class Event:
    """One thing Python code did with a Probe: ``kind`` is "cmp" (``op`` in < <= > >= == !=), or
    "const" (it became the constant leaf ``target``), or "pin" (converted to a plain number)."""

    kind: str
    seq: int
    left: Any = None
    op: str = ""
    right: Any = None
    outcome: bool = False
    target: Any = None


@dataclass
class Recorder:
    """The events of one trace, in order, and a clock that orders Probes and events together."""

    events: list[Event] = field(default_factory=list)
    silent: frozenset[CodeType] = frozenset()
    clock: int = 0

    def tick(self) -> int:
        self.clock += 1
        return self.clock


_RECORDER: ContextVar[Recorder | None] = ContextVar("stepgrad_probe_recorder", default=None)
_VALUE_INIT: list[CodeType] = []  # Value.__init__'s code, found lazily (value.py imports nothing from here)


def _silent_codes() -> frozenset[CodeType]:
    """Code objects of every op-table forward: comparisons made there are the op's own business."""
    codes = set()
    for op in TABLE.values():
        code = getattr(op.forward, "__code__", None)
        if code is not None:
            codes.add(code)
    return frozenset(codes)


@contextmanager
def recording() -> Iterator[Recorder]:
    """Record every Probe event made inside the block (one trace at a time per thread or task)."""
    rec = Recorder(silent=_silent_codes())
    token = _RECORDER.set(rec)
    try:
        yield rec
    finally:
        _RECORDER.reset(token)


def _record(kind: str, **fields: Any) -> None:
    rec = _RECORDER.get()
    if rec is not None:
        rec.events.append(Event(kind, rec.tick(), **fields))


def _made_by_an_op(depth: int) -> bool:
    """Whether the frame ``depth`` levels up from here is an op-table forward (or no trace runs)."""
    rec = _RECORDER.get()
    return rec is None or sys._getframe(depth).f_code in rec.silent


def _constant_being_made() -> Any:
    """The Value whose ``__init__`` is converting a Probe right now (the constant it becomes), if any."""
    if not _VALUE_INIT:
        from ..value import Value

        _VALUE_INIT.append(Value.__init__.__code__)
    frame: FrameType | None = sys._getframe(2)
    for _ in range(4):
        if frame is None:
            return None
        if frame.f_code is _VALUE_INIT[0]:
            return frame.f_locals.get("self")
        frame = frame.f_back
    return None


def _lift(x: Any) -> Any:  # an operand kept in an expression: a Probe, or a plain float
    return x if isinstance(x, Probe) else float(x) if isinstance(x, int | float) and not isinstance(x, bool) else x


def _arithmetic(symbol: str, reflected: bool) -> Callable[[Probe, Any], Any]:
    return lambda self, other: self._binary(other, symbol, reflected)


def _comparison(op: str) -> Callable[[Probe, Any], Any]:
    return lambda self, other: self._compare(other, op)


class Probe(float):
    """A float with an expression (``expr``) and a creation time (``seq``) on the trace's clock."""

    __slots__ = ("expr", "seq")
    expr: Expr
    seq: int

    def __new__(cls, value: float, expr: Expr) -> Probe:
        out = float.__new__(cls, value)
        out.expr = expr
        rec = _RECORDER.get()
        out.seq = rec.tick() if rec is not None else 0
        return out

    __hash__ = float.__hash__

    def __repr__(self) -> str:
        return f"Probe({float.__repr__(self)})"

    # arithmetic: a new Probe remembering the operation
    def _binary(self, other: Any, symbol: str, reflected: bool) -> Any:
        if not isinstance(other, int | float) or isinstance(other, bool):
            return NotImplemented
        a, b = (float(other) if not isinstance(other, Probe) else other, self) if reflected else (self, other)
        value = _FLOAT_OPS[symbol](float.__float__(a) if isinstance(a, Probe) else a, float.__float__(b) if isinstance(b, Probe) else b)
        return Probe(value, (symbol, _lift(a), _lift(b)))

    __add__, __radd__ = _arithmetic("+", False), _arithmetic("+", True)
    __sub__, __rsub__ = _arithmetic("-", False), _arithmetic("-", True)
    __mul__, __rmul__ = _arithmetic("*", False), _arithmetic("*", True)
    __truediv__, __rtruediv__ = _arithmetic("/", False), _arithmetic("/", True)
    __pow__, __rpow__ = _arithmetic("**", False), _arithmetic("**", True)  # type: ignore[assignment]

    def __neg__(self) -> Probe:
        return Probe(-float.__float__(self), ("neg", self))

    def __pos__(self) -> Probe:
        return self
    def __abs__(self) -> Probe:
        return Probe(abs(float.__float__(self)), ("abs", self))


    # decisions: recorded (unless an op-table forward makes them)
    def _compare(self, other: Any, op: str) -> Any:
        if not isinstance(other, int | float) or isinstance(other, bool):
            return NotImplemented
        outcome = _COMPARE[op](float.__float__(self), float(other) if not isinstance(other, Probe) else float.__float__(other))
        if not _made_by_an_op(3):  # _made_by_an_op <- _compare <- the lambda (__lt__) <- the code comparing
            _record("cmp", left=self, op=op, right=_lift(other), outcome=outcome)
        return outcome

    __lt__, __le__, __gt__ = _comparison("<"), _comparison("<="), _comparison(">")
    __ge__, __eq__, __ne__ = _comparison(">="), _comparison("=="), _comparison("!=")

    def __bool__(self) -> bool:
        outcome = float.__float__(self) != 0.0
        if not _made_by_an_op(2):  # _made_by_an_op <- __bool__ <- the code testing
            _record("cmp", left=self, op="!=", right=0.0, outcome=outcome)
        return outcome

    # conversions: a constant node made from the Probe, or a pinned value
    def __float__(self) -> float:
        value = float.__float__(self)
        target = _constant_being_made()
        _record("const" if target is not None else "pin", left=self, target=target)
        return value

    def _pinned(self) -> float:
        _record("pin", left=self)
        return float.__float__(self)

    def __int__(self) -> int:
        return int(self._pinned())

    __trunc__ = __int__

    def __round__(self, ndigits: Any = None) -> Any:
        return round(self._pinned(), ndigits)

    def __floor__(self) -> int:
        return math.floor(self._pinned())

    def __ceil__(self) -> int:
        return math.ceil(self._pinned())


_FLOAT_OPS: dict[str, Callable[[float, float], float]] = {"+": float.__add__, "-": float.__sub__, "*": float.__mul__,
                                                          "/": float.__truediv__, "**": float.__pow__}  # fmt: skip
_COMPARE: dict[str, Callable[[float, float], bool]] = {"<": float.__lt__, "<=": float.__le__, ">": float.__gt__, ">=": float.__ge__,
                                                       "==": float.__eq__, "!=": float.__ne__}  # fmt: skip


def leaf(value: float, key: Any) -> Probe:
    """A Probe for an observed value (``key`` says which: the compiler passes the node itself)."""
    return Probe(value, ("leaf", key))
