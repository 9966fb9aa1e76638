"""Reverse-mode differentiation: the backward order and the chain rule (written once, here).

Contract of ``backward(root)``, as PyTorch's for parameters:

* the root's gradient is seeded with 1.0 (∂root/∂root);
* every interior node reachable from the root has its gradient recomputed from zero, so calling
  ``backward()`` twice on the same graph gives the same interior gradients;
* leaves (inputs, parameters, constants) ACCUMULATE: ``leaf.grad += ∂root/∂leaf``; call
  ``zero_grad()`` (or an optimizer's) between training steps;
* a node used several times (``b = a + a``) receives the sum of all its contributions.

Order: every node records its depth (1 + its deepest parent) when it is made, so visiting nodes
from the deepest down visits each node after all of its consumers. The walk discovers interior
nodes while it propagates, never visiting leaves (the weights of a network are most of its
edges). Everything is iterative: no recursion limit, so a chain of a million nodes works.
"""

from __future__ import annotations

import gc
import math
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
    """THE chain rule, for one node: parentᵢ.grad += ∂node/∂parentᵢ · node.grad.

    One and two inputs are unrolled (most nodes; twice as fast), n-ary nodes loop.
    """
    g = node.grad
    parents = node.parents
    local = node._op.local  # type: ignore[union-attr]
    n = len(parents)
    if n == 2:
        a, b = parents
        da, db = local(node.data, a.data, b.data)
        a.grad += da * g
        b.grad += db * g
    elif n == 1:
        (a,) = parents
        (da,) = local(node.data, a.data)
        a.grad += da * g
    else:
        for p, d in zip(parents, local(node.data, *map(_data, parents))):
            p.grad += d * g


def backward_order(root: Value) -> list[Value]:
    """The interior nodes reachable from ``root``, each before all of its parents (root first).

    Visits depth buckets from the deepest down, discovering interior parents as it goes (leaves
    are filtered out at C speed and never walked). Sets each interior node's gradient to 0 and
    the root's to 1: ready for ``propagate`` on each node in turn. A leaf root gets +1 and [].
    """
    if root._op is None:
        root.grad += 1.0
        return []
    buckets: list[list[Value]] = [[] for _ in range(root._depth + 1)]
    buckets[-1].append(root)
    seen = {root}
    order: list[Value] = []
    for bucket in reversed(buckets):
        order += bucket  # complete: every consumer of these nodes is deeper, so already walked
        for node in bucket:
            for p in filter(_is_interior, node.parents):
                if p not in seen:
                    seen.add(p)
                    p.grad = 0.0
                    buckets[p._depth].append(p)
    root.grad = 1.0
    return order


def topological_order(root: Value) -> list[Value]:
    """Interior nodes reachable from ``root``, each after all of its parents (root last). Touches no gradient."""
    if root._op is None:
        return []
    order = sorted(_reachable(root), key=attrgetter("_depth"))
    return order


def _reachable(root: Value) -> set[Value]:
    seen = {root}
    stack = [root]
    while stack:
        for p in filter(_is_interior, stack.pop().parents):
            if p not in seen:
                seen.add(p)
                stack.append(p)
    return seen


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
    check = MODE.get() & ANOMALY
    paused = gc.isenabled()
    if paused:
        gc.disable()  # backward makes no reference cycles: don't let the GC walk the graph
    try:
        for node in backward_order(root):
            if node.grad == 0.0:
                continue  # nothing flows back through this node (e.g. a dead ReLU)
            if check:
                _check_backward(node)
            propagate(node)
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
