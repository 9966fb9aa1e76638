"""Random expression DAGs (shared subexpressions, every kind of op) against central differences
and, when PyTorch is installed, against torch.autograd in float64."""

from __future__ import annotations

import pytest
from hypothesis import given

from autograd_core import Value, gradcheck
from tests.strategies import build_expression, expression_recipes


@given(expression_recipes())
def test_random_expressions_agree_with_central_differences(recipe) -> None:
    inputs, steps = recipe
    assert gradcheck(lambda *xs: build_expression(list(xs), steps), inputs, atol=1e-4, rtol=1e-3)


@given(expression_recipes())
def test_random_expressions_agree_with_torch(recipe) -> None:
    torch = pytest.importorskip("torch")
    inputs, steps = recipe
    xs = [Value(x) for x in inputs]
    out = build_expression(xs, steps)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    tout = torch.as_tensor(build_expression(ts, steps, lib="torch"), dtype=torch.float64)
    if tout.requires_grad:  # else nothing differentiable reaches the output (a step, an empty sum): all 0
        tout.backward()
    assert out.data == pytest.approx(tout.item(), rel=1e-9, abs=1e-12)
    for x, t in zip(xs, ts):
        expected = 0.0 if t.grad is None else t.grad.item()
        assert x.grad == pytest.approx(expected, rel=1e-9, abs=1e-12)


@given(expression_recipes())
def test_the_stepper_run_to_the_end_agrees_with_backward(recipe) -> None:
    inputs, steps = recipe
    xs = [Value(x) for x in inputs]
    out = build_expression(xs, steps)
    out.backward()
    expected = [x.grad for x in xs]
    for x in xs:
        x.grad = 0.0
    for _ in out.backward_steps():
        pass
    assert [x.grad for x in xs] == expected
