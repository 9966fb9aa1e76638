"""Overflow follows Python's floats: arithmetic overflows to ±inf, exp and ** raise naming the op;
backward never raises (an overflowing partial is ±inf, as PyTorch gives) and NaN passes through."""

from __future__ import annotations

import math

import pytest

from autograd_core import Value, detect_anomaly, engine


def test_arithmetic_overflows_to_inf_as_python_floats_do() -> None:
    big = Value(1e308, label="big")
    assert (big * 10).data == math.inf and (big + big).data == math.inf and (-big * 10).data == -math.inf


@pytest.mark.parametrize("make", [lambda v: v.exp(), lambda v: v**400.0, lambda v: 10.0**v])
def test_functions_that_would_overflow_raise_naming_the_op(make) -> None:
    with pytest.raises(OverflowError, match=r"^(exp|pow|powv)\(.*1000.0|^(exp|pow|powv)\("):
        make(Value(1000.0, label="v"))


@pytest.mark.parametrize(("x", "k", "sign"), [(1e-200, -1.5, -1.0), (1e-154, -2.0, -1.0), (-1e-154, -2.0, 1.0), (-1e-78, -3.0, -1.0)])
def test_an_overflowing_partial_is_an_infinite_gradient_not_an_error(x: float, k: float, sign: float) -> None:
    v = Value(x, label="x")
    y = v**k
    y.backward()
    assert v.grad == sign * math.inf
    v.grad = 0.0
    engine.backward(y)
    assert v.grad == sign * math.inf
    assert "inf" in str(next(iter(y.backward_steps())))


def test_anomaly_mode_names_the_op_whose_partial_overflowed() -> None:
    v = Value(1e-200, label="x")
    with detect_anomaly():
        y = v**-1.5
        with pytest.raises(FloatingPointError, match=r"backward pass: pow\(1e-200 \('x'\), -1.5\) sends gradient -inf"):
            y.backward()


def test_anomaly_mode_ignores_an_infinite_partial_that_receives_no_gradient() -> None:
    x = Value(0.0, label="x")
    with detect_anomaly():  # d√x/dx = inf at 0, but 0 arrives from above: nothing is sent, nothing is wrong
        ((x**0.5) * 0.0).backward()
    assert x.grad == 0.0


@pytest.mark.parametrize("op", ["relu", "step", "tanh", "sigmoid", "exp", "log", "abs", "sin", "cos", "__neg__"])
def test_nan_passes_through_every_one_input_op(op: str) -> None:
    assert math.isnan(getattr(Value(math.nan), op)().data)


def test_nan_passes_through_the_two_input_and_n_ary_ops() -> None:
    from autograd_core import vsum, wsum

    nan, one = Value(math.nan), Value(1.0)
    for out in (nan + one, one - nan, nan * one, nan / one, nan**2.0, one**Value(2.0) * nan, vsum([one, nan]), wsum([one], [nan], one)):
        assert math.isnan(out.data)
