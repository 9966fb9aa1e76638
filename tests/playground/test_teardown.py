"""Graphs are freed one node at a time, so a deep chain never frees itself recursively (Pyodide's stack is small)."""

from __future__ import annotations

import gc
import weakref

from autograd_core import Value
from nn import MLP
from playground.teardown import free, postorder, values_in


def chain(n: int) -> Value:
    x = Value(1.0)
    for _ in range(n):
        x = x + 1
    return x


def test_postorder_puts_parents_first() -> None:
    a, b = Value(2.0), Value(1.0)
    c, d = a + b, b + 1
    e = c * d
    order = postorder([e])
    position = {id(v): i for i, v in enumerate(order)}
    assert order[-1] is e and len(order) == 6  # a, b, c, d, the constant 1, e
    for v in order:
        assert all(position[id(p)] < position[id(v)] for p in v.parents)


def test_values_are_found_in_containers_and_models() -> None:
    model = MLP(2, [2, 1], seed=0)
    found = values_in({"m": model, "xs": [Value(1.0), (Value(2.0),)], "n": 3})
    assert len(found) == 2 + len(model.parameters())


def test_a_deep_chain_is_freed_without_nesting() -> None:
    """With the recursion that freeing nests into made impossible (a tiny C stack is not testable in CPython),
    the test watches the deallocation order instead: each node dies before its parent does."""
    root = chain(3000)
    nodes = postorder([root])
    refs = [weakref.ref(v) for v in nodes]
    died: list[int] = []
    for i, r in enumerate(refs):
        weakref.finalize(r(), died.append, i)
    namespace = {"x": root}
    del root, nodes
    assert free(namespace) == 6001  # the first leaf, 3,000 sums and the 3,000 constants they add
    assert namespace == {} and all(r() is None for r in refs)
    assert died == sorted(died, reverse=True)  # consumers first: no node's death freed another
    gc.collect()

