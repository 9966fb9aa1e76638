"""A new primitive is one registered row and nothing else: every reader of the table picks it up.

A throwaway op registered at run time gets its ``Value`` method, is checked by the op-table
property tests (partials against central differences, formula strings, forward expression),
is drawn by the random-expression strategies, stepped by the stepper and differentiated by both
engines, and checked against PyTorch through its ``torch`` expression. A deliberately wrong row
is caught by the same checks, so they are not vacuous. Unregistering removes the method.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import TABLE, GradcheckError, Op, Value, engine, gradcheck, register, unregister, walk
from tests.autograd_core.test_ops_table import check_expression, check_formulas, check_partials
from tests.strategies import build_expression, expression_recipes, op_inputs

CUBE = Op("cube", "³", lambda a: a * a * a, lambda out, a: (3.0 * a * a,), ("a",), ("3 * a**2",), ("real",), "a ** 3", ("cube",),
          expr="a * a * a")  # fmt: skip
WRONG = Op("wrong_sinh", "sinh", math.sinh, lambda out, a: (math.sinh(a),), ("a",), ("sinh(a)",), ("bounded",), "torch.sinh(a)",
           ("wrong_sinh",))  # fmt: skip  # ∂sinh/∂a is cosh, not sinh


@pytest.fixture
def cube() -> Iterator[Op]:
    register(CUBE)
    try:
        yield CUBE
    finally:
        unregister("cube")


def test_registering_a_row_gives_values_its_method_and_unregistering_takes_it_away(cube: Op) -> None:
    x = Value(2.0, label="x")
    y = x.cube()
    assert (y.data, y.op, y.parents) == (8.0, "cube", (x,))
    y.backward()
    assert x.grad == 12.0
    unregister("cube")
    assert not hasattr(Value, "cube") and "cube" not in TABLE
    register(CUBE)  # for the fixture's own unregister


def test_the_op_table_property_tests_check_it(cube: Op) -> None:
    @settings(max_examples=50)
    @given(op_inputs(cube))
    def checks(xs: tuple[float, ...]) -> None:
        check_partials(cube, xs)
        check_formulas(cube, xs)
        check_expression(cube, xs)

    checks()


def test_the_same_checks_catch_a_wrong_row() -> None:
    register(WRONG)
    try:
        with pytest.raises(AssertionError, match="wrong_sinh"):
            check_partials(WRONG, (0.5,))
        with pytest.raises(GradcheckError, match="input 0"):
            gradcheck(lambda v: v.wrong_sinh(), [0.5])
    finally:
        unregister("wrong_sinh")


def recipes_using(name: str) -> st.SearchStrategy[tuple]:
    return expression_recipes(max_steps=6).filter(lambda r: any(step == name for step, _ in r[1]))


def test_random_expressions_draw_it_and_both_engines_and_the_stepper_agree(cube: Op) -> None:
    @settings(max_examples=40)
    @given(recipes_using("cube"))
    def checks(recipe: tuple) -> None:
        inputs, steps = recipe
        assert gradcheck(lambda *xs: build_expression(list(xs), steps), inputs, atol=1e-4, rtol=1e-3)
        out = build_expression([Value(x) for x in inputs], steps)
        nodes = walk(out)
        out.backward()
        tuned = [v.grad for v in nodes]
        for v in nodes:
            v.grad = 0.0  # leaves accumulate: start both engines from zero
        engine.backward(out)
        assert [v.grad for v in nodes] == tuned
        for v in nodes:
            v.grad = 0.0
        for _ in out.backward_steps():
            pass
        assert [v.grad for v in nodes] == tuned

    checks()


def test_the_pytorch_oracle_covers_it(cube: Op) -> None:
    torch = pytest.importorskip("torch")

    @settings(max_examples=30)
    @given(recipes_using("cube"))
    def checks(recipe: tuple) -> None:
        inputs, steps = recipe
        xs = [Value(x) for x in inputs]
        out = build_expression(xs, steps)
        out.backward()
        ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
        tout = build_expression(ts, steps, lib="torch")
        if tout.requires_grad:
            tout.backward()
        assert out.data == pytest.approx(tout.item(), rel=1e-9, abs=1e-12)
        for x, t in zip(xs, ts):
            assert x.grad == pytest.approx(0.0 if t.grad is None else t.grad.item(), rel=1e-9, abs=1e-12)

    checks()
