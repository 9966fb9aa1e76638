"""Reverse-mode differentiation: the backward order and the chain rule (written once, here).

Contract of ``backward(root)``, as PyTorch's for parameters:

* the root's gradient is seeded with 1.0 (∂root/∂root);
* every interior node reachable from the root has its gradient recomputed from zero, so calling
  ``backward()`` twice on the same graph gives the same interior gradients;
* leaves (inputs, parameters, constants) ACCUMULATE: ``leaf.grad += ∂root/∂leaf``; call
  ``zero_grad()`` (or an optimizer's) between training steps;
* a node used several times (``b = a + a``) receives the sum of all its contributions.

Order: a depth-first search over interior nodes only -- leaves (the weights of a network are
most of its edges) are never walked -- reversed, so each node comes before all of its parents.
Everything is iterative: no recursion limit, so a chain of a million nodes works.
"""

from __future__ import annotations

import gc
import math
from collections.abc import Iterable
from operator import attrgetter
from typing import TYPE_CHECKING

from .grad_mode import ANOMALY, MODE

if TYPE_CHECKING:
    from .value import Value

_data = attrgetter("data")
_is_interior = attrgetter("_op")  # leaves have _op None


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
    """
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
            da, db = op.local(node.data, a.data, b.data)  # type: ignore[union-attr]
            a.grad += da * g
            b.grad += db * g
        elif arity == 1:
            a = node._a
            (da,) = op.local(node.data, a.data)  # type: ignore[union-attr]
            a.grad += da * g
        else:
            parents = node._a if node._b is None else op.unpack(node._a, node._b)  # type: ignore[union-attr]
            for p, d in zip(parents, op.local(node.data, *map(_data, parents))):  # type: ignore[union-attr]
                p.grad += d * g


def _postorder(root: Value, zero: bool) -> list[Value]:
    """Interior nodes reachable from ``root``, each after all of its parents (root last).

    An iterative depth-first search; leaves (most edges of a network: its weights) are filtered
    out and never walked. With ``zero``, each node's gradient is set to 0 when found. Parents are
    searched last-first, so that reversed, the order follows argument order (e, c, d).
    """
    order: list[Value] = []
    seen = {root}
    stack = [(root, filter(_is_interior, reversed(root.parents)))]
    push, pop, emit, add = stack.append, stack.pop, order.append, seen.add
    while stack:
        node, parents = stack[-1]
        for p in parents:
            if p in seen:
                continue
            add(p)
            if zero:
                p.grad = 0.0
            arity = p._op.arity
            if arity == 0:  # n-ary: its parents tuple, leaves filtered at C speed
                own, row = p._a, p._b
                if seen.issuperset(filter(_is_interior, own)) and (row is None or seen.issuperset(filter(_is_interior, row))):
                    emit(p)  # every interior parent already found (the 2nd..nth neuron of a layer)
                    continue
                push((p, filter(_is_interior, reversed(own if row is None else p._op.unpack(own, row)))))
                break
            a = p._a
            b = p._b if arity == 2 else a
            new_a = a._op is not None and a not in seen
            new_b = b is not a and b._op is not None and b not in seen
            if not (new_a or new_b):
                emit(p)  # parents all leaves or found already: finished at once (most nodes)
                continue
            push((p, iter((b, a) if new_a and new_b else (b,) if new_b else (a,))))
            break
        else:
            pop()
            emit(node)
    return order


def backward_order(root: Value) -> list[Value]:
    """Zero the interior gradients and seed the root: the interior nodes in backward order (root first).

    Ready for ``propagate`` on each node in turn. A leaf root gets +1 and [].
    """
    if root._op is None:
        root.grad += 1.0
        return []
    order = _postorder(root, zero=True)
    order.reverse()
    root.grad = 1.0
    return order


def topological_order(root: Value) -> list[Value]:
    """Interior nodes reachable from ``root``, each after all of its parents (root last). Touches no gradient."""
    return _postorder(root, zero=False) if root._op is not None else []


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
