"""The tuned path (``fast/``) is the reference engine (``engine.py``) made fast, nothing else.

On thousands of random graphs -- every op of the table, shared subexpressions, reused operands,
numbers on either side of an op, NaN, ±inf and exact zeros, layers made by ``linear_rows`` with
weights that are themselves inputs -- both give the same backward order and the same gradient
for every node, compared with ``==`` (bit for bit; NaN where the other has NaN). The ``nn``
models are checked the same way in tests/nn/test_fast_equals_reference.py.
"""

from __future__ import annotations

import math
import random

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from autograd_core import Value, engine, fast, linear_rows, walk, wsum
from autograd_core.fast.methods import binary_method, unary_method
from autograd_core.fast.node import make_node
from autograd_core.ops import ADD, MUL, TANH, WSUM
from tests.strategies import build_expression, expression_recipes
from tests.strategies_graphs import networks

SPECIAL = st.sampled_from([0.0, -0.0, math.nan, math.inf, -math.inf, 1e300, -1e-300])


def same(a: float, b: float) -> bool:
    return a == b or (math.isnan(a) and math.isnan(b))


def assert_same_pass(root: Value, seed: int = 0) -> None:
    """Both readings on ``root``: the same order, then the same gradients from the same start."""
    assert fast.topological_order(root) == engine.topological_order(root)
    nodes = walk(root)
    rng = random.Random(seed)
    start = [rng.choice([0.0, 0.5, -2.0]) if not v.op else rng.uniform(-9, 9) for v in nodes]  # leaves accumulate onto these
    for v, g in zip(nodes, start):
        v.grad = g
    engine.backward(root)
    reference = [v.grad for v in nodes]
    for v, g in zip(nodes, start):
        v.grad = g
    root.backward()
    tuned = [v.grad for v in nodes]
    bad = [(i, v.label or v.op or "leaf", r, t) for i, (v, r, t) in enumerate(zip(nodes, reference, tuned)) if not same(r, t)]
    assert not bad, f"gradients differ (node, name, reference, tuned): {bad[:5]}"


@settings(max_examples=1500)
@given(expression_recipes(max_steps=12), st.integers(0, 99))
def test_random_expressions(recipe: tuple, seed: int) -> None:
    inputs, steps = recipe
    assert_same_pass(build_expression([Value(x) for x in inputs], steps), seed)


@settings(max_examples=500)
@given(expression_recipes(max_steps=10), st.lists(SPECIAL, min_size=3, max_size=3), st.lists(st.booleans(), min_size=3, max_size=3))
def test_random_expressions_with_nan_inf_and_zeros(recipe: tuple, specials: list[float], use: list[bool]) -> None:
    inputs, steps = recipe
    xs = [Value(s if u else x) for x, s, u in zip(inputs, specials, use)]
    try:
        root = build_expression(xs, steps)
    except (ArithmeticError, ValueError):
        assume(False)  # an input outside some op's domain: a clear error, tested elsewhere
    assert_same_pass(root)


@settings(max_examples=1000)
@given(networks(), st.integers(0, 99))
def test_layered_networks_with_shared_rows_and_tied_weights(root: Value, seed: int) -> None:
    assert_same_pass(root, seed)


def test_a_value_in_both_its_weighted_sums_own_inputs_and_its_shared_row() -> None:
    x, w = Value(0.1), Value(0.7)
    z = linear_rows([(w, x, x)], [(x, w)])[0][0]  # x is a weight, the bias and an input; w a weight and an input
    y = z * z
    assert_same_pass(y)
    assert x.grad == engine_grad(y, x)


def engine_grad(root: Value, leaf: Value) -> float:
    for v in walk(root):
        v.grad = 0.0
    engine.backward(root)
    return leaf.grad


def test_a_zero_partial_sends_exactly_zero_against_an_infinite_upstream() -> None:
    x = Value(-1.0)
    y = x.relu() ** 0.5  # ∂y/∂relu = inf at 0; ∂relu/∂x = 0 there: PyTorch gives 0, not NaN
    y.backward()
    assert x.grad == 0.0
    assert_same_pass(y)


def slots(v: Value) -> tuple:
    return tuple(getattr(v, s, "unset") for s in ("data", "grad", "label", "tag", "_op", "_a", "_b"))


def test_the_inlined_node_makers_build_what_make_node_builds() -> None:
    a, b = Value(0.3), Value(-1.2)
    assert slots(unary_method(Value, TANH)(a)) == slots(make_node(Value, TANH, (a,), TANH.forward(a.data)))
    for other in (b, 2.5):
        made = binary_method(Value, MUL, lambda x: x)(a, other)
        assert slots(made) == slots(make_node(Value, MUL, (a, other), a.data * (other if isinstance(other, float) else other.data)))
    assert slots(binary_method(Value, ADD, lambda x: x, reflected=True)(a, 2.5)) == slots(make_node(Value, ADD, (2.5, a), 2.5 + a.data))


def test_the_tuned_layer_builds_what_wsum_builds() -> None:
    w = (Value(0.5), Value(-0.25), Value(0.1))
    for rows in ([(Value(1.0), Value(2.0))], [(Value(1.0), Value(2.0)), (Value(-3.0), Value(0.5))]):
        for z, row in zip(linear_rows([w, w[:2]], rows), rows):
            assert [slots(n)[:5] for n in z] == [slots(wsum(w[:2], row, w[2]))[:5], slots(wsum(w[:2], row))[:5]]
            assert [n.parents for n in z] == [wsum(w[:2], row, w[2]).parents, wsum(w[:2], row).parents]
            assert all(n.op_entry is WSUM and n._b is row for n in z)  # the row is shared, not copied
