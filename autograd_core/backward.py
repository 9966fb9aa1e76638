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
from .value import _constant

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


def _finished(node: Value, seen: set[Value]) -> bool:
    """Whether a one- or two-input node's parents are all leaves or found already (False for n-ary)."""
    arity = node._op.arity  # type: ignore[union-attr]
    if arity == 2:
        a, b = node._a, node._b
        return (a.__class__ is float or a._op is None or a in seen) and (b.__class__ is float or b._op is None or b in seen)
    if arity == 1:
        return node._a._op is None or node._a in seen
    return False


def _postorder(root: Value, zero: bool) -> list[Value]:
    """Interior nodes reachable from ``root``, each after all of its parents (root last).

    An iterative depth-first search; leaves (most edges of a network: its weights) are filtered
    out and never walked. With ``zero``, each node's gradient is set to 0 when found. Parents are
    searched last-first, so that reversed, the order follows argument order (e, c, d).

    The stack holds a plain node when that node had one parent left to search (emit it when the
    search comes back: a chain costs one push and one pop per node), or (node, parents iterator)
    when it had more. An n-ary node's input tuples are often shared (a layer's input row, a
    neuron's weights): a tuple whose interior members are all found is remembered by id.
    """
    order: list[Value] = []
    seen = {root}
    found_rows: set[int] = set()  # ids of n-ary input tuples whose interior members are all in seen
    stack: list = []
    push, pop, emit, add, add_row = stack.append, stack.pop, order.append, seen.add, found_rows.add
    if zero:
        root.grad = 0.0
    node = root
    while True:
        op = node._op
        arity = op.arity
        nxt = None
        if arity == 1:
            a = node._a
            if a._op is None or a in seen:
                emit(node)
            elif a._op.arity == 0 and id(a._a) in found_rows and (a._b is None or id(a._b) in found_rows):
                add(a)  # an n-ary parent whose inputs are all found (σ(z) of a neuron): no search needed
                if zero:
                    a.grad = 0.0
                emit(a)
                emit(node)
            else:
                push(node)
                nxt = a
        elif arity == 2:
            a, b = node._a, node._b  # either may be a float (a number operand): a leaf
            new_a = a.__class__ is not float and a._op is not None and a not in seen
            if b is not a and b.__class__ is not float and b._op is not None and b not in seen:
                if new_a and (
                    ((bb := b._b).__class__ is float or bb._op is None or bb in seen)
                    and ((ba := b._a).__class__ is float or ba._op is None or ba in seen)
                    if b._op.arity == 2 else _finished(b, seen)
                ):  # b needs no search (e.g. a product w·x added to a running sum)
                    add(b)
                    if zero:
                        b.grad = 0.0
                    emit(b)  # where searching b first would put it
                    push(node)
                    nxt = a
                else:
                    push((node, iter((a,))) if new_a else node)
                    nxt = b
            elif new_a:
                push(node)
                nxt = a
            else:
                emit(node)
        else:  # n-ary: its own inputs, and maybe a row shared with other nodes
            own, row = node._a, node._b
            if id(own) not in found_rows:
                if seen.issuperset(filter(_is_interior, own)):
                    add_row(id(own))
                else:
                    own = None
            if own is not None and row is not None and id(row) not in found_rows:
                if seen.issuperset(filter(_is_interior, row)):
                    add_row(id(row))
                else:
                    own = None
            if own is None:  # some interior input not found yet: search them, last first
                parents = node._a if row is None else op.unpack(node._a, row)
                push((node, filter(_is_interior, reversed(parents))))
            else:
                emit(node)
        if nxt is None:
            while stack:  # back up to the next node with a parent left to search
                top = stack[-1]
                if top.__class__ is tuple:
                    for p in top[1]:
                        if p not in seen:
                            nxt = p
                            break
                    else:
                        pop()
                        emit(top[0])
                        continue
                    break
                pop()
                emit(top)
            else:
                return order
        add(nxt)
        if zero:
            nxt.grad = 0.0
        node = nxt


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
