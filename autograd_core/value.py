"""Value: one scalar node of a computational graph.

Every operator and method is one line that makes a method from an entry of the op table
(``ops.py``): ``_unary_method`` / ``_binary_method`` for one and two inputs, ``_apply`` for the
n-ary ops; ``_node`` records a new node (the two factories inline its common case, graph on and
anomaly mode off, because it runs for every op). Equality and hashing are by identity, so Values
can be dict keys and set members.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from numbers import Real
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from . import ops
from .grad_mode import ANOMALY, MODE, RECORD

if TYPE_CHECKING:
    from .stepper import Step

Number = int | float


def _as_float(data: object) -> float:
    """Accept int, float, bool or a real numpy scalar; a TypeError naming the type otherwise."""
    kind = type(data)
    if kind is float:
        return data  # type: ignore[return-value]
    if kind is int or kind is bool or (isinstance(data, Real) and not isinstance(data, Value)):
        return float(data)  # type: ignore[arg-type]
    if getattr(getattr(data, "dtype", None), "kind", None) == "b" and getattr(data, "ndim", 1) == 0:
        return float(data)  # type: ignore[arg-type]  # numpy.bool_
    hint = " (use the Value itself, not Value(value))" if isinstance(data, Value) else ""
    raise TypeError(
        f"Value data must be an int, float, bool or real numpy scalar, not {kind.__name__}: {data!r}{hint}"
    )


def _describe(v: Value) -> str:
    return f"{v.data!r} ({v.label!r})" if v.label else repr(v.data)


def _domain_error(op: ops.Op, parents: tuple[Value, ...], err: Exception) -> Exception:
    """The same exception type, naming the op, its operand values and their labels."""
    args = ", ".join(_describe(p) for p in parents)
    return type(err)(f"{op.name}({args}): {err}")


def _anomaly(op: ops.Op, parents: tuple[Value, ...], data: float) -> FloatingPointError:
    """Anomaly mode: the forward value of ``op(*parents)`` is NaN or infinite."""
    args = ", ".join(_describe(p) for p in parents)
    return FloatingPointError(f"anomaly in the forward pass: {op.name}({args}) = {data!r}")


_new = object.__new__
_data = attrgetter("data")


def _node(op: ops.Op, parents: tuple[Value, ...], data: float, row: tuple[Value, ...] | None = None) -> Value:
    """A new node holding ``data``; records ``op`` and its parents unless in no_grad.

    Parents are kept in the slots ``_a`` and ``_b`` for one- and two-input ops (no tuple: one
    object less for memory and for the cyclic GC to walk). An n-ary node keeps its tuple in
    ``_a`` and, when given, a ``row`` of inputs it shares with other nodes in ``_b`` (the op's
    ``unpack`` joins them). ``Value.parents`` gives them back as one tuple.
    """
    out = _new(Value)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.tag = None
    mode = MODE.get()
    if mode & ANOMALY and not math.isfinite(data):
        raise _anomaly(op, parents if row is None else op.unpack(parents, row), data)  # type: ignore[misc]
    if not mode & RECORD:
        out._op = None
        return out
    out._op = op
    if op.arity == 2:
        out._a, out._b = parents
    elif op.arity == 1:
        (out._a,) = parents
    else:
        out._a = parents
        out._b = row
    return out


def _unary_method(op: ops.Op) -> Callable[[Value], Value]:
    """``Value.<name>`` for a one-input op: the forward, then a node (the fast path of ``_node``, inlined)."""
    forward = op.forward

    def method(self: Value) -> Value:
        try:
            data = forward(self.data)
        except (ArithmeticError, ValueError) as err:
            raise _domain_error(op, (self,), err) from None
        if MODE.get() != RECORD:
            return _node(op, (self,), data)
        out = _new(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.tag = None
        out._op = op
        out._a = self
        return out

    method.__doc__ = f"{op.name}(self) as a new node; ∂/∂self = {op.formula(0, 1)}"
    return method


def _binary_method(op: ops.Op, reflected: bool = False) -> Callable[[Value, object], Value]:
    """``Value.__<op>__`` (or ``__r<op>__`` when ``reflected``) for a two-input op.

    A float operand is kept in the node as the float itself and becomes a constant leaf Value
    only when the graph is looked at or differentiated (``Value.parents``, ``backward``): one
    GC-tracked object less per number while the forward pass builds the graph. Other numbers
    (int, bool, numpy scalars) become constant leaves at once (``_lift``).
    """
    forward = op.forward

    def method(a: Value, b: object) -> Value:
        kind = b.__class__
        if kind is Value:
            bd = b.data  # type: ignore[attr-defined]
        elif kind is float:
            bd = b
        else:
            b = _lift(b)
            if b is NotImplemented:
                return b  # type: ignore[return-value]
            bd = b.data
        try:
            data = forward(a.data, bd)
        except (ArithmeticError, ValueError) as err:
            raise _domain_error(op, (a, _operand(b)), err) from None  # type: ignore[arg-type]
        if MODE.get() != RECORD:
            return _node(op, (a, _operand(b)), data)  # type: ignore[arg-type]
        out = _new(Value)
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.tag = None
        out._op = op
        out._a = a
        out._b = b
        return out

    def reflected_method(self: Value, other: object) -> Value:
        if other.__class__ is not float:  # `number <op> Value`: the number comes first
            lifted = _lift(other)
            return lifted if lifted is NotImplemented else method(lifted, self)
        try:
            data = forward(other, self.data)
        except (ArithmeticError, ValueError) as err:
            raise _domain_error(op, (_constant(other), self), err) from None  # type: ignore[arg-type]
        if MODE.get() != RECORD:
            return _node(op, (_constant(other), self), data)  # type: ignore[arg-type]
        return _node(op, (other, self), data)  # type: ignore[arg-type]  # the float itself, as in ``method``

    return reflected_method if reflected else method


def _operand(x: Value | float) -> Value:
    """A binary node's operand as a Value: a float kept there becomes a constant leaf."""
    return _constant(x) if x.__class__ is float else x  # type: ignore[arg-type,return-value]


def _apply(op: ops.Op, parents: tuple[Value, ...]) -> Value:
    """Make the node ``op(*parents)`` for any number of parents (the n-ary ops)."""
    try:
        data = op.forward(*map(_data, parents))
    except (ArithmeticError, ValueError) as err:
        raise _domain_error(op, parents, err) from None
    return _node(op, parents, data)


def _constant(x: float) -> Value:
    """A leaf holding the float ``x`` (a number used in an op), made without __init__'s checks."""
    c = _new(Value)
    c.data = x
    c.grad = 0.0
    c.label = ""
    c.tag = None
    c._op = None
    return c


def _lift(x: object) -> Value:
    """A Value as is; a number as a constant leaf Value; NotImplemented for anything else."""
    if isinstance(x, Value):
        return x
    if type(x) is float:
        return _constant(x)  # type: ignore[arg-type]
    try:
        return Value(x)  # type: ignore[arg-type]
    except TypeError:
        return NotImplemented


class Value:
    """A scalar with a gradient, remembering the op and the parents that made it.

    Attributes: ``data`` and ``grad`` (floats), ``label`` (str), ``op`` (the op's name, "" for a
    leaf), ``parents`` (tuple in argument order, duplicates kept), ``tag`` (free for grouping,
    e.g. by neuron and layer in drawings).
    """

    __slots__ = ("data", "grad", "label", "_op", "_a", "_b", "tag", "__weakref__")

    def __init__(self, data: Number, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str, not {type(label).__name__}: {label!r}")
        self.data = _as_float(data)
        self.grad = 0.0
        self.label = label
        self._op: ops.Op | None = None
        self.tag: Any = None

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this node was computed from, in argument order, duplicates kept (() for a leaf)."""
        op = self._op
        if op is None:
            return ()
        if op.arity == 2:
            a, b = self._a, self._b
            if a.__class__ is float:  # a number operand, made a constant leaf now, once (see _binary_method)
                a = self._a = _constant(a)
            if b.__class__ is float:
                b = self._b = _constant(b)
            return (a, b)
        if op.arity == 1:
            return (self._a,)
        return self._a if self._b is None else op.unpack(self._a, self._b)

    @property
    def op(self) -> str:
        """Name of the op that made this node ("" for a leaf)."""
        return self._op.name if self._op is not None else ""

    @property
    def op_entry(self) -> ops.Op | None:
        """The op-table entry that made this node (None for a leaf)."""
        return self._op

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self.data!r}, grad={self.grad!r}{label})"

    # arithmetic: numbers mix in on either side (one line per op, onto the op table) -----------
    __add__ = _binary_method(ops.ADD)
    __radd__ = _binary_method(ops.ADD, reflected=True)
    __sub__ = _binary_method(ops.SUB)
    __rsub__ = _binary_method(ops.SUB, reflected=True)
    __mul__ = _binary_method(ops.MUL)
    __rmul__ = _binary_method(ops.MUL, reflected=True)
    __truediv__ = _binary_method(ops.DIV)
    __rtruediv__ = _binary_method(ops.DIV, reflected=True)
    _pow_number = _binary_method(ops.POW)
    _pow_value = _binary_method(ops.POWV)
    __rpow__ = _binary_method(ops.POWV, reflected=True)
    __neg__ = _unary_method(ops.NEG)

    def __pow__(self, k: Value | Number) -> Value:
        """self ** k: ``pow`` for a number exponent (a constant), ``powv`` for a Value exponent."""
        return self._pow_value(k) if isinstance(k, Value) else self._pow_number(k)

    def __pos__(self) -> Value:
        return self

    # functions ---------------------------------------------------------------------------------
    exp = _unary_method(ops.EXP)
    log = _unary_method(ops.LOG)
    tanh = _unary_method(ops.TANH)
    sigmoid = _unary_method(ops.SIGMOID)
    relu = _unary_method(ops.RELU)
    step = _unary_method(ops.STEP)

    # comparisons by value (equality and hashing stay by identity) -----------------------------
    def __lt__(self, other: Value | Number) -> bool: return self.data < _lift(other).data
    def __le__(self, other: Value | Number) -> bool: return self.data <= _lift(other).data
    def __gt__(self, other: Value | Number) -> bool: return self.data > _lift(other).data
    def __ge__(self, other: Value | Number) -> bool: return self.data >= _lift(other).data
    def __float__(self) -> float: return self.data
    __hash__ = object.__hash__

    # graph-wide operations --------------------------------------------------------------------
    def backward(self) -> None:
        """Backpropagate from this node; see ``autograd_core.backward.backward`` for the contract."""
        from .backward import backward

        backward(self)

    def zero_grad(self) -> None:
        """Set the gradient of every node in this graph (leaves included) to 0."""
        from .backward import zero_grad

        zero_grad(self)

    def backward_steps(self) -> Iterator[Step]:
        """Run backward one node at a time, yielding an explained ``Step`` for each."""
        from .stepper import backward_steps

        return backward_steps(self)

    def tree(self, **options: Any) -> str:
        """A text rendering of the graph for a terminal."""
        from .text_tree import tree

        return tree(self, **options)
