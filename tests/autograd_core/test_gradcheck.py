"""gradcheck itself: passes right gradients, catches wrong ones, leaves its inputs as they were."""

from __future__ import annotations

import pytest

from autograd_core import GradcheckError, Value, gradcheck, numerical_grad


def test_numerical_grad_of_a_known_function() -> None:
    g = numerical_grad(lambda x, y: x * x * y, [3.0, 2.0])
    assert g == pytest.approx([12.0, 9.0], rel=1e-6)


def test_gradcheck_passes_on_correct_gradients() -> None:
    assert gradcheck(lambda a, b: (a * b).tanh() + a.exp() / b, [0.3, 1.7])


def test_gradcheck_reports_each_wrong_input() -> None:
    from autograd_core import Op, apply

    # a multiplication whose table entry gets ∂/∂b wrong (0 instead of a); never registered
    broken = Op("broken_mul", "*", float.__mul__, lambda out, a, b: (b, 0.0), ("a", "b"), ("b", "0"), ("real", "real"), "a * b")

    def f(a: Value, b: Value) -> Value:
        return apply(broken, a, b)

    with pytest.raises(GradcheckError, match=r"(?s)1 of 2 inputs.*input 1 \(b, data=3.0\): analytic 0.0, numeric 2.0") as err:
        gradcheck(f, [Value(2.0, label="a"), Value(3.0, label="b")])
    assert isinstance(err.value, AssertionError)


def test_gradcheck_leaves_inputs_untouched() -> None:
    a = Value(0.5, label="a")
    a.grad = 7.0
    gradcheck(lambda x: x.sigmoid(), [a])
    assert (a.data, a.grad) == (0.5, 7.0)


def test_gradcheck_needs_a_value_back() -> None:
    with pytest.raises(TypeError, match="must return a Value"):
        gradcheck(lambda x: 3.0, [1.0])  # type: ignore[arg-type, return-value]
