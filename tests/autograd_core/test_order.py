"""The backward order: every reachable interior node once, each after all of its interior parents.

Checked on random expressions and on random layered networks built the way ``nn`` builds them
(shared input rows, shared parameter tuples, σ(z) over each z, sums of products), which is where
the search takes its shortcuts.
"""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from autograd_core import Value, linear_rows, topological_order, vsum, wsum
from autograd_core.order import backward_order
from autograd_core.stepper import walk
from tests.strategies import build_expression, expression_recipes


def check_order(root: Value) -> list[Value]:
    """Assert the order's contract against a plain walk of the graph; return the order."""
    order = topological_order(root)
    interior = [v for v in walk(root) if v.op]
    assert len(order) == len(set(order)) == len(interior)  # each reachable interior node exactly once
    assert set(order) == set(interior)
    position = {v: i for i, v in enumerate(order)}
    for v in order:
        assert all(position[p] < position[v] for p in v.parents if p.op), f"{v.op} comes before one of its parents"
    assert not order or order[-1] is root
    return order


def test_a_small_graph_in_argument_order() -> None:
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    assert check_order(e) == [c, d, e]
    assert topological_order(a) == []


@given(expression_recipes(max_steps=12))
def test_random_expressions(recipe: tuple[list[float], list[tuple[str, tuple[int, ...]]]]) -> None:
    inputs, steps = recipe
    check_order(build_expression([Value(x) for x in inputs], steps))


@st.composite
def networks(draw: st.DrawFn) -> Value:
    """Layers of z nodes made by linear_rows or wsum, σ(z) or not, some weights themselves computed, summed up."""
    rng = random.Random(draw(st.integers(0, 2**16)))
    nin, points = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rows: list[list[Value]] = [[Value(rng.uniform(-1, 1)) for _ in range(nin)] for _ in range(points)]
    for _ in range(draw(st.integers(1, 3))):
        width, nin = draw(st.integers(1, 4)), len(rows[0])
        params = []
        for _ in range(width):
            w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
            if draw(st.booleans()):  # a weight that is itself a node, e.g. tied or scaled
                w[0] = w[0] * 2.0 if draw(st.booleans()) else rows[0][0] + w[0]
            params.append((*w, Value(0.1)) if draw(st.booleans()) else tuple(w))
        if draw(st.booleans()):
            zs = linear_rows(params, [tuple(r) for r in rows])
        else:
            zs = [[wsum(own[:nin], row, own[nin] if len(own) > nin else None) for own in params] for row in rows]
        act = draw(st.sampled_from(["relu", "tanh", None]))
        rows = [[getattr(z, act)() if act else z for z in zr] for zr in zs]
        if draw(st.booleans()):  # a running sum of products over a row, as fused=False builds it
            rows = [[r[0] * r[-1] + r[0] * 0.5] + r[1:] for r in rows]
    return vsum([v * v for r in rows for v in r])


@given(networks())
def test_layered_networks_with_shared_rows_and_parameter_tuples(root: Value) -> None:
    check_order(root)


@given(networks())
def test_backward_order_is_the_reverse_and_zeroes_interior_gradients(root: Value) -> None:
    for v in walk(root):
        v.grad = 7.0
    order = backward_order(root)
    assert order == topological_order(root)[::-1]
    assert root.grad == 1.0 and all(v.grad == 0.0 for v in order[1:])
    assert all(v.grad == 7.0 for v in walk(root) if not v.op)  # leaves keep theirs: they accumulate


def test_a_long_chain_of_one_input_nodes() -> None:
    v = x = Value(0.5)
    for i in range(3_000):
        v = v.tanh() if i % 3 else v * 1.01 + 0.0
    order = check_order(v)
    assert order[0].parents[0] is x
