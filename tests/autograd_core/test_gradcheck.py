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


def test_gradcheck_leaves_every_gradient_in_the_graph_as_it_found_it() -> None:
    """A model's parameters mid-training (not gradcheck's inputs) keep their accumulated gradients."""
    w, b = Value(0.7, label="w"), Value(-0.2, label="b")
    w.grad, b.grad = 3.5, -1.25  # filled by an earlier backward, not yet used by an optimizer step
    x = Value(0.4, label="x")
    x.grad = 9.0
    assert gradcheck(lambda x: (w * x + b).tanh(), [x])
    assert (w.grad, b.grad, x.grad) == (3.5, -1.25, 9.0)
    assert (w.data, b.data, x.data) == (0.7, -0.2, 0.4)


def test_an_input_f_does_not_use_has_gradient_zero_whatever_its_grad_held() -> None:
    a, unused = Value(1.5), Value(2.0)
    unused.grad = 4.0
    assert gradcheck(lambda a, u: a * a, [a, unused])
    assert unused.grad == 4.0


def test_an_f_that_fails_part_way_leaves_data_and_gradients_as_they_were() -> None:
    w = Value(1.0, label="w")
    w.grad = 2.0
    x = Value(0.0, label="x")  # log(x) is fine at x + eps and fails at x - eps

    def f(x: Value) -> Value:
        return (x + 1e-7).log() * w

    x.data = 1e-7 - 5e-7 + 5e-7  # just inside the domain
    before = (x.data, x.grad, w.data, w.grad)
    with pytest.raises(ValueError, match="log"):
        gradcheck(f, [x], eps=1e-6)
    assert (x.data, x.grad, w.data, w.grad) == before


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"eps": 0.0}, "eps must be a finite number > 0, not 0.0"),
        ({"eps": float("nan")}, "eps must be a finite number > 0, not nan"),
        ({"eps": 10**400}, "eps must be a finite number > 0, not an int of 401 digits"),
        ({"eps": "0.1"}, "eps must be a finite number > 0, not str"),
        ({"atol": -1.0}, "atol must be a finite number >= 0, not -1.0"),
        ({"rtol": float("inf")}, "rtol must be a finite number >= 0, not inf"),
    ],
)
def test_bad_tolerances_are_clear_errors(kwargs: dict, match: str) -> None:
    with pytest.raises((ValueError, TypeError), match=match):
        gradcheck(lambda x: x * x, [1.0], **kwargs)
