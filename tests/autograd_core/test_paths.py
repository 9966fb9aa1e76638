"""paths(root, leaf): every path from the leaf up to the root, the product along each, and their sum = the gradient."""

from __future__ import annotations

import math

import pytest
from hypothesis import given

from autograd_core import Value, count_paths, paths, walk
from autograd_core.pathsum import Path
from demos.toy import build
from tests.strategies_graphs import chain, labelled_graphs, networks


def test_b_in_the_toy_graph_is_reached_by_two_paths_summing_to_its_gradient() -> None:
    a, b, c, d, e = build()
    found = paths(e, b)
    assert [p.route() for p in found] == ["b → c → e", "b → d → e"]
    assert [p.nodes for p in found] == [(b, c, e), (b, d, e)]
    assert [p.locals for p in found] == [(1.0, 2.0), (1.0, 3.0)] and [p.formulas for p in found] == [("1", "d"), ("1", "c")]
    assert [p.product for p in found] == [2.0, 3.0] and found.total == 5.0 and found.count_all == 2
    assert str(found) == (
        "∂e/∂b = the sum over the 2 paths from b to e:\n"
        "  b → c → e: ∂e/∂c·∂c/∂b = d·1 = 2.0·1 = 2.0\n"
        "  b → d → e: ∂e/∂d·∂d/∂b = c·1 = 3.0·1 = 3.0\n"
        "  ∂e/∂b = 2.0 + 3.0 = 5.0"
    )
    e.backward()
    assert found.total == b.grad == 5.0
    assert str(paths(e, a)).splitlines() == [
        "∂e/∂a: one path leads from a to e:", "  a → c → e: ∂e/∂c·∂c/∂a = d·1 = 2.0·1 = 2.0", "  ∂e/∂a = 2.0",
    ]  # fmt: skip
    assert str(paths(e, e)[0]) == "e: ∂e/∂e = 1" and paths(e, c).total == 2.0


def test_an_input_used_twice_by_one_op_is_two_paths_and_names_match_the_stepper() -> None:
    x = Value(3.0, label="x")
    y = (x * x).tanh()
    y.label = "y"
    found = paths(y, x)
    assert len(found) == 2 and all(p.names == ("x", "#1", "y") for p in found)
    step = list(y.backward_steps())[0]  # the whole pass: x.grad is then complete
    assert found[0].formulas[1] == step.terms[0].formula == "1 - y²"  # the stepper's own text
    assert math.isclose(found.total, x.grad, rel_tol=1e-12)
    assert isinstance(found[0], Path) and found[0].factors() == "∂y/∂#1·∂#1/∂x"


@given(labelled_graphs())
def test_the_sum_over_paths_is_the_gradient_backward_gives(root: Value) -> None:
    for v in walk(root):
        v.grad = 0.0
    root.backward()
    for leaf in (v for v in walk(root) if v.op_entry is None):
        found = paths(root, leaf, limit=None)
        assert len(found) == count_paths(root, leaf) == found.count_all
        if all(math.isfinite(p.product) for p in found):
            assert math.isclose(found.total, leaf.grad, rel_tol=1e-9, abs_tol=1e-9), (str(found), leaf.grad)


@given(networks())
def test_networks_too(root: Value) -> None:
    root.backward()
    leaves = [v for v in walk(root) if v.op_entry is None][:4]
    for leaf in leaves:
        found = paths(root, leaf, limit=None)
        assert math.isclose(found.total, leaf.grad, rel_tol=1e-9, abs_tol=1e-12)


def test_a_long_chain_and_too_many_paths() -> None:
    root = chain(5000)
    x = next(v for v in walk(root) if v.label == "x")
    (only,) = paths(root, x)
    assert len(only.nodes) == 5001
    v = Value(1.0, label="v")
    for _ in range(12):  # each level doubles the paths: 4,096 of them
        v = v + v
    v.label = "top"
    assert count_paths(v, walk(v)[-1]) == 4096
    with pytest.raises(ValueError, match="by 4096 paths, more than limit=1000: pass limit=None"):
        paths(v, walk(v)[-1])
    assert len(paths(v, walk(v)[-1], limit=5000)) == 4096


def test_bad_arguments_are_clear_errors() -> None:
    a, b, c, d, e = build()
    with pytest.raises(ValueError, match="not in the graph under e"):
        paths(e, Value(1.0, label="z"))
    with pytest.raises(TypeError, match="the root as a Value"):
        paths(1.0, b)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="the leaf"):
        paths(e, "b")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="limit must be a positive int or None"):
        paths(e, b, limit=0)
    with pytest.raises(TypeError, match="digits must be an int"):
        paths(e, b, digits=2.5)  # type: ignore[arg-type]
