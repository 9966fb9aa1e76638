"""``Value``'s operator methods, made from op-table rows, with node creation inlined.

Each method runs the row's forward on the operands' data and makes the node. ``make_node``
(``node.py``) is the one constructor; these methods copy its common case -- recording on,
anomaly mode off -- inline, because it runs for every op of every forward pass (a shared call
measured 211 → 240 ns per node), and fall back to ``make_node`` for every other case. A test
checks that both build identical nodes (tests/autograd_core/test_fast_equals_reference.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import domain_error
from ..grad_mode import MODE, RECORD
from ..op import Op
from .node import Node, constant, make_node

_new = object.__new__
Lift = Callable[[object], Any]


def operand(cls: type[Node], x: Any) -> Any:
    """A binary node's operand as a node: a float kept there becomes a constant leaf."""
    return constant(cls, x) if x.__class__ is float else x


def unary_method(cls: type[Node], op: Op) -> Callable[[Any], Any]:
    """``Value.<name>`` for a one-input op."""
    forward = op.forward

    def method(self: Any) -> Any:
        try:
            data = forward(self.data)
        except (ArithmeticError, ValueError) as err:
            raise domain_error(op, (self,), err) from None
        if MODE.get() != RECORD:
            return make_node(cls, op, (self,), data)
        out = _new(cls)  # make_node's common case, inlined
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.tag = None
        out._op = op
        out._a = self
        return out

    method.__doc__ = f"{op.name}(self) as a new node; ∂/∂self = {op.formula(0, 1)}"
    return method


def binary_method(cls: type[Node], op: Op, lift: Lift, reflected: bool = False) -> Callable[[Any, object], Any]:
    """``Value.__<op>__`` (or ``__r<op>__`` when ``reflected``) for a two-input op.

    A float operand is kept in the node as the float itself (see ``node.py``); other numbers
    (int, bool, numpy scalars) become constant leaves at once through ``lift``, which returns
    NotImplemented for anything that is not a number.
    """
    forward = op.forward

    def method(a: Any, b: object) -> Any:
        kind = b.__class__
        if kind is cls:
            bd = b.data  # type: ignore[attr-defined]
        elif kind is float:
            bd = b
        else:
            b = lift(b)
            if b is NotImplemented:
                return b
            bd = b.data  # type: ignore[attr-defined]
        try:
            data = forward(a.data, bd)
        except (ArithmeticError, ValueError) as err:
            raise domain_error(op, (a, b), err) from None
        if MODE.get() != RECORD:
            return make_node(cls, op, (a, operand(cls, b)), data)
        out = _new(cls)  # make_node's common case, inlined
        out.data = data
        out.grad = 0.0
        out.label = ""
        out.tag = None
        out._op = op
        out._a = a
        out._b = b
        return out

    def reflected_method(self: Any, other: object) -> Any:
        if other.__class__ is not float:  # `number <op> Value`: the number comes first
            lifted = lift(other)
            return lifted if lifted is NotImplemented else method(lifted, self)
        try:
            data = forward(other, self.data)
        except (ArithmeticError, ValueError) as err:
            raise domain_error(op, (other, self), err) from None
        if MODE.get() != RECORD:
            return make_node(cls, op, (operand(cls, other), self), data)
        return make_node(cls, op, (other, self), data)  # the float itself, as in ``method``

    chosen = reflected_method if reflected else method
    chosen.__doc__ = f"{op.name} as a new node; ∂/∂a = {op.formula(0, 2)}, ∂/∂b = {op.formula(1, 2)}"
    return chosen
