"""The backward order: every reachable interior node once, each after all of its interior parents.

Checked on random expressions and on random layered networks built the way ``nn`` builds them
(shared input rows, shared parameter tuples, σ(z) over each z, sums of products), which is where
the search takes its shortcuts.
"""

from __future__ import annotations

from hypothesis import given

from autograd_core import Value, walk
from autograd_core.fast.order import backward_order, topological_order
from tests.strategies import build_expression, expression_recipes
from tests.strategies_graphs import networks


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
