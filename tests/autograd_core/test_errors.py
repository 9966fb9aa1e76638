"""Bad input: each a clear exception naming the op, the operand values and their labels."""

from __future__ import annotations

import math

import pytest

from autograd_core import Value, detect_anomaly


def test_log_of_a_non_positive_number() -> None:
    with pytest.raises(ValueError, match=r"log\(0.0 \('x'\)\): log needs a positive input"):
        Value(0.0, label="x").log()
    with pytest.raises(ValueError, match=r"log\(-2.0\)"):
        Value(-2.0).log()


def test_division_by_zero() -> None:
    with pytest.raises(ZeroDivisionError, match=r"div\(1.0 \('num'\), 0.0 \('den'\)\): division by zero"):
        Value(1.0, label="num") / Value(0.0, label="den")
    with pytest.raises(ZeroDivisionError, match="div"):
        1 / Value(0.0)


def test_zero_to_a_negative_power() -> None:
    with pytest.raises(ZeroDivisionError, match=r"pow\(0.0 \('z'\), -1.0\): 0 cannot be raised to a negative power"):
        Value(0.0, label="z") ** -1
    with pytest.raises(ZeroDivisionError, match="powv"):
        Value(0.0) ** Value(-2.0)


def test_negative_base_to_a_fractional_power() -> None:
    with pytest.raises(ValueError, match=r"pow\(-8.0 \('n'\), 0.5\): a negative base to a fractional power"):
        Value(-8.0, label="n") ** 0.5
    assert (Value(-2.0) ** 3).data == -8.0  # integer powers of negatives are fine


def test_exp_overflow_names_exp() -> None:
    with pytest.raises(OverflowError, match=r"exp\(1000.0 \('big'\)\): exp overflowed"):
        Value(1000.0, label="big").exp()


def test_pow_overflow_names_pow() -> None:
    with pytest.raises(OverflowError, match="pow"):
        Value(1e200) ** 3


@pytest.mark.parametrize("x", [1000.0, -1000.0, 1e308, -1e308])
def test_sigmoid_and_tanh_never_overflow(x: float) -> None:
    s, t = Value(x).sigmoid(), Value(x).tanh()
    assert s.data == (1.0 if x > 0 else 0.0)
    assert t.data == (1.0 if x > 0 else -1.0)
    s.backward()
    t.backward()


def test_errors_leave_the_operands_untouched() -> None:
    x = Value(0.0, label="x")
    with pytest.raises(ValueError):
        x.log()
    assert (x.data, x.grad, x.parents) == (0.0, 0.0, ())


def test_anomaly_mode_names_the_first_op_that_made_a_nan_forward() -> None:
    inf = Value(math.inf, label="inf")
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"forward pass: sub\(inf \('inf'\), inf \('inf'\)\) = nan"):
        inf - inf
    assert math.isnan((inf - inf).data)  # off again outside the block


def test_anomaly_mode_names_the_op_that_sent_a_bad_gradient_backward() -> None:
    x = Value(0.0, label="x")
    y = x**0.5  # √x has an infinite slope at 0
    z = y * 2
    z.label = "z"
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"backward pass: pow\(0.0 \('x'\), 0.5\)"):
        z.backward()


def test_nan_inputs_are_caught_at_the_first_op_under_anomaly_mode() -> None:
    x = Value(math.nan, label="x")
    y = Value(2.0, label="y")
    with detect_anomaly(), pytest.raises(FloatingPointError, match=r"forward pass: mul\(nan \('x'\), 2.0 \('y'\)\) = nan"):
        x * y
    with detect_anomaly():
        z = y.exp()  # finite values pass untouched
    assert z.data == math.exp(2.0)


def test_anomaly_mode_is_free_when_off() -> None:
    x = Value(math.nan)
    assert math.isnan((x * 2).data)  # no error, no check: NaN flows as in plain float arithmetic
