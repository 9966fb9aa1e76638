"""The reference engine: the whole backward pass in three short functions. Read this first.

A graph is made of Values. A leaf (an input, a weight, a number) has no parents; every other
node was computed by an op from its ``parents``, and the op table (``ops.py``) knows the op's
local partials ∂node/∂parent. The chain rule gives every gradient from the root down:

    ∂root/∂parent = Σ over each node computed from parent of  ∂root/∂node · ∂node/∂parent

So a node may hand its gradient back only once that gradient is complete: after every node
computed from it has handed back its share. ``topological_order`` lists the interior nodes
each after its parents; walked backwards, each node comes before its parents -- exactly the
order the chain rule needs. It is a depth-first search with an explicit stack instead of
recursion, so a chain of a million nodes works (micrograd's recursive sort stops near 1,000).

``Value.backward()`` runs the tuned twin of this file (``fast/``): the same order and the same
gradients, bit for bit, proven by tests/autograd_core/test_fast_equals_reference.py.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .value import Value


def topological_order(root: Value) -> list[Value]:
    """Every interior node under ``root``, each after all of its parents (root last)."""
    order, seen = [], {root}
    stack = [(root, iter(reversed(root.parents)))]  # last parent first: walked backwards, e.g. e, c, d
    while stack:
        node, parents = stack[-1]
        for p in parents:
            if p.op and p not in seen:  # leaves need no place: they only receive gradient
                seen.add(p)
                stack.append((p, iter(reversed(p.parents))))
                break
        else:  # every parent of node is placed: node goes after them
            stack.pop()
            order.append(node)
    return order if root.op else []


def local_partials(node: Value) -> tuple[float, ...]:
    """∂node/∂parent for each parent, from the op table."""
    assert node.op_entry is not None, "a leaf has no local partials"
    return tuple(node.op_entry.local(node.data, *(p.data for p in node.parents)))


def chain_rule(node: Value) -> None:
    """Hand ``node.grad`` back: parent.grad += ∂node/∂parent · node.grad, for each parent."""
    for parent, local in zip(node.parents, local_partials(node)):
        if local and node.grad:  # an exact 0 sends nothing, even times an inf or a NaN
            parent.grad += local * node.grad


def backward_order(root: Value) -> list[Value]:
    """The order the chain rule needs (root first), with interior gradients reset and the root seeded."""
    order = topological_order(root)[::-1]
    for node in order:
        node.grad = 0.0
    root.grad = 1.0 if order else root.grad + 1.0  # ∂root/∂root = 1; a leaf root accumulates
    return order


def backward(root: Value) -> None:
    """∂root/∂v into every v.grad: interior nodes start again from 0, leaves accumulate."""
    for node in backward_order(root):
        chain_rule(node)
