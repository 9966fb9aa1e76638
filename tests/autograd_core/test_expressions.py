"""Random expression DAGs (shared subexpressions, every kind of op) against central differences
and, when PyTorch is installed, against torch.autograd in float64."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

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


SPECIAL = st.sampled_from([0.0, -0.0, math.nan, math.inf, -math.inf, 1e300, 1e-300])


@given(expression_recipes(), st.lists(st.one_of(SPECIAL, st.floats(-2.0, 2.0)), min_size=3, max_size=3))
def test_nan_inf_and_exact_zeros_agree_with_torch(recipe, inputs) -> None:
    """With NaN, ±inf, huge, tiny and zero inputs: the same forward values as PyTorch (NaN where it
    has NaN), and the same gradient wherever PyTorch's is a number. Where PyTorch multiplies an
    exact-0 partial by an inf or NaN upstream and gets NaN, stepgrad sends exactly 0 (a partial
    that is 0 contributes 0; PyTorch's own ReLU does the same)."""
    torch = pytest.importorskip("torch")
    _, steps = recipe
    xs = [Value(x) for x in inputs]
    try:
        out = build_expression(xs, steps)
    except (ArithmeticError, ValueError):
        return  # outside an op's domain: a clear error (tests/autograd_core/test_errors.py)
    out.backward()
    ts = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    tout = torch.as_tensor(build_expression(ts, steps, lib="torch"), dtype=torch.float64)
    if tout.requires_grad:
        tout.backward()
    assert same_number(out.data, tout.item()), (out.data, tout.item())
    for x, t in zip(xs, ts):
        expected = 0.0 if t.grad is None else t.grad.item()
        if math.isfinite(expected):
            assert same_number(x.grad, expected), (x.grad, expected)
        elif math.isinf(expected):
            assert x.grad == expected or math.isnan(x.grad), (x.grad, expected)


def same_number(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return a == pytest.approx(b, rel=1e-9, abs=1e-12) or a == b
