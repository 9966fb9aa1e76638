"""Reverse-mode differentiation: the backward order and the chain rule (written once, here).

Contract of ``backward(root)``, as PyTorch's for parameters:

* the root's gradient is seeded with 1.0 (∂root/∂root);
* every interior node reachable from the root has its gradient recomputed from zero, so calling
  ``backward()`` twice on the same graph gives the same interior gradients;
* leaves (inputs, parameters, constants) ACCUMULATE: ``leaf.grad += ∂root/∂leaf``; call
  ``zero_grad()`` (or an optimizer's) between training steps;
* a node used several times (``b = a + a``) receives the sum of all its contributions.

The order (each node before its parents) comes from ``order.py``; the chain rule is here.
Everything is iterative: no recursion limit, so a chain of a million nodes works.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING

from .grad_mode import ANOMALY, MODE
from .order import backward_order
from .value import _constant

if TYPE_CHECKING:
    from .value import Value

_data = attrgetter("data")


def local_partials(node: Value) -> tuple[float, ...]:
    """∂node/∂parentᵢ for each parent, from the op table."""
    return tuple(node._op.local(node.data, *map(_data, node.parents)))  # type: ignore[union-attr]


def propagate(node: Value) -> None:
    """The chain rule for one node (the stepper's unit of work); see ``propagate_all``."""
    propagate_all((node,))


def propagate_all(nodes: Iterable[Value], check: bool = False) -> None:
    """THE chain rule, node by node in the given order: parentᵢ.grad += ∂node/∂parentᵢ · node.grad.

    A node whose gradient is 0 sends nothing back (a dead ReLU) and is skipped. One and two
    inputs are unrolled (most nodes; twice as fast), n-ary nodes loop. With ``check`` (anomaly
    mode), every gradient sent back must be finite.

    Tuples of inputs shared between n-ary nodes (a neuron's parameters, a layer's input row) have
    their data read once per call.
    """
    shared_data: dict[int, tuple[float, ...]] = {}  # id(input tuple) -> its members' data
    for node in nodes:
        g = node.grad
        if g == 0.0:
            continue
        if check:
            _check_backward(node)
        op = node._op
        arity = op.arity  # type: ignore[union-attr]
        if arity == 2:
            a, b = node._a, node._b
            if b.__class__ is float:  # a number operand: its constant leaf is made now (see value._binary_method)
                b = node._b = _constant(b)
            if a.__class__ is float:
                a = node._a = _constant(a)
            da, db = op.local(node.data, a.data, b.data)  # type: ignore[union-attr]
            a.grad += da * g
            b.grad += db * g
        elif arity == 1:
            a = node._a
            (da,) = op.local(node.data, a.data)  # type: ignore[union-attr]
            a.grad += da * g
        elif node._b is None:
            parents = node._a
            for p, d in zip(parents, op.local(node.data, *map(_data, parents))):  # type: ignore[union-attr]
                p.grad += d * g
        else:  # own inputs and a shared row (wsum: (w..., b) and x), each with its own partials
            own, row = node._a, node._b
            own_data = shared_data.get(id(own))
            if own_data is None:
                own_data = shared_data[id(own)] = tuple(map(_data, own))
            row_data = shared_data.get(id(row))
            if row_data is None:
                row_data = shared_data[id(row)] = tuple(map(_data, row))
            d_own, d_row = op.local_rows(node.data, own_data, row_data)  # type: ignore[union-attr]
            for p, d in zip(own, d_own):
                p.grad += d * g
            for p, d in zip(row, d_row):
                p.grad += d * g


def _check_backward(node: Value) -> None:
    """Anomaly mode: the gradients this node sends to its parents must be finite."""
    from .value import _describe

    for i, (p, d) in enumerate(zip(node.parents, local_partials(node))):
        if not math.isfinite(d * node.grad):
            args = ", ".join(_describe(q) for q in node.parents)
            label = f" in node {node.label!r}" if node.label else ""
            raise FloatingPointError(
                f"anomaly in the backward pass: {node.op}({args}){label} sends gradient "
                f"{d * node.grad!r} to input {i} ({_describe(p)}): local partial {d!r} × upstream {node.grad!r}"
            )


def backward(root: Value) -> None:
    """Fill ``.grad`` of every node reachable from ``root`` with ∂root/∂node (see module doc)."""
    paused = gc.isenabled()
    if paused:
        gc.disable()  # backward makes no reference cycles: don't let the GC walk the graph
    try:
        propagate_all(backward_order(root), check=bool(MODE.get() & ANOMALY))
    finally:
        if paused:
            gc.enable()


def zero_grad(root: Value) -> None:
    """Set ``grad = 0`` on every node reachable from ``root``, leaves included."""
    root.grad = 0.0
    stack = [root]
    seen = {root}
    while stack:
        for p in stack.pop().parents:
            if p not in seen:
                seen.add(p)
                p.grad = 0.0
                stack.append(p)
