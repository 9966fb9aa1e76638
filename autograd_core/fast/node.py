"""The compact node layout: how a Value stores its op and parents (the tuned path's business).

A learner may skip this file: ``node.parents`` gives every node's inputs as one tuple, and that
is all the reference engine (``engine.py``) uses. Underneath, a node keeps its parents in two
slots, ``_a`` and ``_b``, so that most nodes hold no tuple at all -- one object less for memory
and for the cyclic GC to walk (a fused moons graph: 173 → 117 bytes per node):

* one-input op: ``_a`` is the parent;
* two-input op: ``_a`` and ``_b`` are the parents, and a float operand stays a plain float
  until the graph is looked at or differentiated (one GC-tracked object less per ``x * 1.5``);
  ``parents`` turns it into a constant leaf then, once;
* n-ary op: ``_a`` is a tuple, and ``_b`` is None or a row of inputs shared with other nodes
  (a layer's input row for its neurons' weighted sums); the op's ``unpack`` joins the two.

Only the modules in ``fast/`` read ``_a``/``_b``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import anomaly_error
from ..grad_mode import ANOMALY, MODE, RECORD
from ..op import Op

_new = object.__new__


class Node:
    """Storage of a graph node; ``Value`` (``value.py``) adds the arithmetic."""

    __slots__ = ("data", "grad", "label", "tag", "_op", "_a", "_b", "__weakref__")
    data: float
    grad: float
    label: str
    tag: Any
    _op: Op | None
    _a: Any
    _b: Any

    @property
    def parents(self) -> tuple[Node, ...]:
        """The nodes this one was computed from, in argument order, duplicates kept (() for a leaf)."""
        op = self._op
        if op is None:
            return ()
        if op.arity == 2:
            a, b = self._a, self._b
            if a.__class__ is float:  # a number operand, made a constant leaf now, once
                a = self._a = constant(self.__class__, a)
            if b.__class__ is float:
                b = self._b = constant(self.__class__, b)
            return (a, b)
        if op.arity == 1:
            return (self._a,)
        return self._a if self._b is None else op.unpack(self._a, self._b)  # type: ignore[misc]


read_data: Callable[[Any], float] = Node.__dict__["data"].__get__
"""A node's ``data``; a TypeError for anything that is not a node: a type check at no extra cost."""


def constant(cls: type[Node], x: float) -> Any:
    """A leaf of class ``cls`` holding the float ``x`` (a number used in an op)."""
    c = _new(cls)
    c.data = x
    c.grad = 0.0
    c.label = ""
    c.tag = None
    c._op = None
    return c


def make_node(cls: type[Node], op: Op, parents: tuple, data: float, row: tuple | None = None) -> Any:
    """THE node constructor: a new ``cls`` holding ``data``, recording ``op`` and its parents.

    Inside ``no_grad`` nothing is recorded (a leaf); in anomaly mode a NaN/inf result raises.
    Parents may hold floats only for two-input ops (kept as they are, see the module doc); an
    n-ary node takes its own tuple of inputs and optionally a shared ``row``.
    """
    out = _new(cls)
    out.data = data
    out.grad = 0.0
    out.label = ""
    out.tag = None
    mode = MODE.get()
    if mode & ANOMALY and not data - data == 0.0:
        raise anomaly_error(op, parents if row is None else op.unpack(parents, row), data)  # type: ignore[misc]
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
