"""The tuned twin of ``engine.topological_order``: the same list, found with fewer steps.

The reference is a plain depth-first search over interior nodes (leaves -- most edges of a
network are its weights -- need no place in the order). This one gives the SAME list (a
property test checks it on thousands of random graphs) and takes shortcuts where a node's
parents need no search; each was measured when it went in:

* a node with one parent left to search is pushed bare, not with an iterator: a chain costs one
  push and one pop per node (1,000,000-node chain: ordering 0.77 → 0.36 s);
* a product added to a running sum (``fused=False`` neurons) is emitted without a search
  (unfused moons step: ordering 27 → 21 ms);
* σ(z) over a weighted sum whose inputs are all found emits both without a push (moons graph:
  ordering 2.4 → 2.1 ms);
* input tuples shared by n-ary nodes (a layer's input row, a neuron's parameter tuple) are
  checked once, by id;
* membership with ``in`` rather than a bound ``__contains__`` (2.1 → 1.9 ms on the moons graph).
"""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..value import Value

_is_interior = attrgetter("_op")  # leaves have _op None


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
        arity = op.arity  # type: ignore[union-attr]
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
                parents = node._a if row is None else op.unpack(node._a, row)  # type: ignore[union-attr,misc]
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
