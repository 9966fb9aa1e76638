"""Reverse-mode differentiation: the topological order and the chain rule (written once, here).

Contract of ``backward(root)``, as PyTorch's for parameters:

* the root's gradient is seeded with 1.0 (∂root/∂root);
* every interior node reachable from the root has its gradient recomputed from zero, so calling
  ``backward()`` twice on the same graph gives the same interior gradients;
* leaves (inputs, parameters, constants) ACCUMULATE: ``leaf.grad += ∂root/∂leaf``; call
  ``zero_grad()`` (or an optimizer's) between training steps;
* a node used several times (``b = a + a``) receives the sum of all its contributions.

Everything is iterative: no recursion limit, so a chain of a million nodes works.
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


def topological_order(root: Value) -> list[Value]:
    """Interior nodes reachable from ``root``, each after all of its parents (root last).

    An iterative depth-first search; leaves are filtered out at C speed and never walked.
    """
    if root._op is None:
        return []
    order: list[Value] = []
    seen = {root}
    stack = [(root, filter(_is_interior, root.parents))]
    while stack:
        node, parents = stack[-1]
        for p in parents:
            if p not in seen:
                seen.add(p)
                stack.append((p, filter(_is_interior, p.parents)))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def local_partials(node: Value) -> tuple[float, ...]:
    """∂node/∂parentᵢ for each parent, from the op table."""
    return tuple(node._op.local(node.data, *map(_data, node.parents)))  # type: ignore[union-attr]


def propagate(node: Value) -> None:
    """The chain rule for one node: parentᵢ.grad += ∂node/∂parentᵢ · node.grad."""
    g = node.grad
    parents = node.parents
    for p, d in zip(parents, node._op.local(node.data, *map(_data, parents)), strict=False):  # type: ignore[union-attr]
        p.grad += d * g


def _check_backward(node: Value) -> None:
    """Anomaly mode: the gradients this node sends to its parents must be finite."""
    from .value import _describe

    for i, (p, d) in enumerate(zip(node.parents, local_partials(node), strict=False)):
        if not math.isfinite(d * node.grad):
            args = ", ".join(_describe(q) for q in node.parents)
            label = f" in node {node.label!r}" if node.label else ""
            raise FloatingPointError(
                f"anomaly in the backward pass: {node.op}({args}){label} sends gradient "
                f"{d * node.grad!r} to input {i} ({_describe(p)}): local partial {d!r} × upstream {node.grad!r}"
            )


def prepare(root: Value) -> list[Value]:
    """Zero every interior node's gradient, seed the root; return the nodes in backward order."""
    order = topological_order(root)
    for node in order:
        node.grad = 0.0
    if root._op is None:
        root.grad += 1.0
    else:
        root.grad = 1.0
    order.reverse()
    return order


def backward(root: Value) -> None:
    """Fill ``.grad`` of every node reachable from ``root`` with ∂root/∂node (see module doc)."""
    order = prepare(root)
    check = MODE.get() & ANOMALY
    paused = gc.isenabled()
    if paused:
        gc.disable()  # backward creates no reference cycles: don't let the GC walk the graph
    try:
        for node in order:
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
