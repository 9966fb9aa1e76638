"""One set of validators behind every entry point: a bool is never a number, a number too big for a
float is named by its position, and only ordered sequences are read as rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from nn import MLP, Layer, Neuron, bce_loss, cross_entropy, evaluate, fit, hinge_loss, l2, mse_loss, predict

HUGE = 10**400  # an int no float can hold
GOOD_X, GOOD_Y = [[0.0, 1.0], [1.0, 0.0]], [1.0, -1.0]


def model() -> MLP:
    return MLP(2, [3, 1], seed=0)


def fit_with(**change: Any) -> Any:
    kwargs = {"X": GOOD_X, "y": GOOD_Y, "loss": "hinge", "epochs": 1, "progress": False, **change}
    return fit(model(), **kwargs)


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: fit_with(X=[[HUGE, 0.0], [1.0, 0.0]]), ValueError, r"X\[0\]\[0\] is too large for a float: an int of 401 digits"),
        (lambda: fit_with(y=[1.0, HUGE], loss="mse"), ValueError, r"y\[1\] is too large for a float"),
        (lambda: fit_with(l2=HUGE), ValueError, "l2 is too large for a float"),
        (lambda: evaluate(model(), [[0.0, HUGE]], [1.0]), ValueError, r"X\[0\]\[1\] is too large"),
        (lambda: predict(model(), [[0.0, 1.0], [HUGE, 1.0]]), ValueError, r"X\[1\]\[0\] is too large"),
        (lambda: mse_loss([0.5, HUGE], [0.0, 0.0]), ValueError, "mse_loss: prediction 1 is too large for a float"),
        (lambda: hinge_loss([0.5], [HUGE]), ValueError, "hinge_loss: target 0 is too large for a float"),
        (lambda: cross_entropy([[0.5, 1.0]], [HUGE]), ValueError, r"target 0 = 1000.*: cross_entropy targets are class indices 0\.\.1"),
        (lambda: model()([HUGE, 0.0]), ValueError, "MLP input x₁ is too large for a float"),
        (lambda: Neuron(2)([0.0, -HUGE]), ValueError, "Neuron input x₂ is too large for a float"),
    ],
)
def test_numbers_too_large_for_a_float_are_named_by_position(call: Callable[[], Any], error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: fit_with(y=[True, -1.0]), r"y\[0\] must be a finite number, not bool"),
        (lambda: fit_with(X=[[0.0, True], [1.0, 0.0]]), r"X\[0\]\[1\] must be a finite number, not bool"),
        (lambda: fit_with(l2=True), "l2 must be a finite number, not bool"),
        (lambda: fit_with(epochs=True), "epochs must be an int, not bool"),
        (lambda: fit_with(batch_size=True), r"batch_size \(None for full batch\) must be an int, not bool"),
        (lambda: fit_with(shuffle=1), "shuffle must be True or False"),
        (lambda: fit_with(progress="no"), "progress must be True or False"),
        (lambda: fit_with(seed=True), "seed must be an int"),
        (lambda: evaluate(model(), GOOD_X, [1.0, False], loss="hinge"), r"y\[1\] must be a finite number, not bool"),
        (lambda: hinge_loss([0.5], [True]), "hinge_loss: target 0 must be a finite number, not bool"),
        (lambda: mse_loss([True], [1.0]), "prediction 0 must be a Value or a number, not bool"),
        (lambda: mse_loss([0.5], [1.0], half=1), "half must be True or False"),
        (lambda: bce_loss([0.5], [False]), "target 0 must be a finite number, not bool"),
        (lambda: model()([True, 0.0]), "MLP input x₁ must be a number or a Value, not bool"),
        (lambda: MLP(True, [1]), "nin must be an int, not bool"),
        (lambda: Layer(2, 3, bias=1), "bias must be True or False"),
    ],
)
def test_a_bool_is_never_a_number(call: Callable[[], Any], match: str) -> None:
    with pytest.raises(TypeError, match=match):
        call()


@pytest.mark.parametrize("make", [lambda: MLP(2, [3, 1], seed=0), lambda: Layer(2, 2, seed=0), lambda: Neuron(2, seed=0)])
@pytest.mark.parametrize(
    ("row", "match"),
    [({0: 5.0, 1: 6.0}, "not dict"), ({5.0, 6.0}, "not set"), (frozenset({5.0, 6.0}), "not frozenset"),
     ((v for v in (5.0, 6.0)), "not generator")],
)  # fmt: skip
def test_a_model_reads_only_ordered_rows(make: Callable[[], Any], row: Any, match: str) -> None:
    m = make()
    with pytest.raises(TypeError, match=rf"expects a list of 2 numbers or Values \(an ordered sequence.*{match}"):
        m(row)


def test_batches_and_data_refuse_unordered_collections() -> None:
    with pytest.raises(TypeError, match=r"MLP.batch row 1: MLP expects a list of 2 numbers.*not dict"):
        model().batch([[0.0, 1.0], {0: 1.0, 1: 2.0}])
    with pytest.raises(TypeError, match="MLP.batch expects a list of input rows, not set"):
        model().batch({(0.0, 1.0), (1.0, 0.0)})
    with pytest.raises(
        TypeError, match=r"X must be a list of rows \(a list, a tuple, a numpy array or a pandas DataFrame/Series\), not the unordered set"
    ):
        fit_with(X={(0.0, 1.0), (1.0, 0.0)})
    with pytest.raises(TypeError, match=r"X\[1\] must be a row of numbers"):
        fit_with(X=[[0.0, 1.0], {0: 1.0, 1: 0.0}])
    with pytest.raises(TypeError, match="y must be a list of targets .* not the unordered dict"):
        fit_with(y={0: 1.0, 1: -1.0})
    with pytest.raises(TypeError, match="hinge_loss: predictions must be a list .* not the unordered set"):
        hinge_loss({0.5, 1.5}, [1.0, 1.0])


def test_numpy_rows_and_scalars_are_numbers() -> None:
    np = pytest.importorskip("numpy")
    m = model()
    assert m(np.array([0.5, 1.0])).data == m([0.5, 1.0]).data == m((np.float32(0.5), np.int64(1))).data
    assert mse_loss(np.array([0.5, 1.0]), np.array([0.0, 1.0])).data == 0.125
    assert cross_entropy([[0.0, 0.0]], np.array([1])).data == pytest.approx(0.6931471805599453, rel=1e-15)
    with pytest.raises(TypeError, match=r"not a 0-dimensional array"):
        fit_with(X=np.array(3.0))
    assert l2(m.parameters()).data == pytest.approx(sum(p.data**2 for p in m.parameters()), rel=1e-15)


@pytest.mark.parametrize(
    ("make", "error", "match"),
    [
        (lambda: Neuron(0), ValueError, "nin must be at least 1"),
        (lambda: Neuron(2.0), TypeError, "nin must be an int"),
        (lambda: Neuron(2, "swish"), ValueError, "unknown activation 'swish'"),
        (lambda: Neuron(2, "softmax"), ValueError, "output-layer option"),
        (lambda: Neuron(2, bias="yes"), TypeError, "bias must be True or False"),
        (lambda: Neuron(2, seed="x"), TypeError, "seed must be"),
        (lambda: Layer(2, 0), ValueError, "nout must be at least 1"),
        (lambda: MLP(2, []), TypeError, "non-empty list"),
        (lambda: MLP(2, [3, True]), TypeError, r"nouts\[1\] must be an int"),
        (lambda: Neuron(2, fused=1), TypeError, "fused must be True or False"),
        (lambda: MLP(2, 3), TypeError, "non-empty list"),
        (lambda: MLP(2, [3, -1]), ValueError, r"nouts\[1\] must be at least 1"),
        (lambda: MLP(2, [3, 1], activation="softmax"), ValueError, "output-layer option"),
        (lambda: MLP(2, [3, 1], output_activation=None), TypeError, "activation must be a name"),
    ],
)
def test_bad_construction_is_a_clear_error(make, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        make()


@pytest.mark.parametrize(
    ("x", "error", "match"),
    [
        ([1.0], ValueError, "expects 2 inputs, got 1"),
        ([1.0, 2.0, 3.0], ValueError, "expects 2 inputs, got 3"),
        ([1.0, "a"], TypeError, "input x₂ must be a number or a Value, not str"),
        ("ab", TypeError, "list of 2 numbers"),
        (None, TypeError, "list of 2 numbers"),
    ],
)
def test_bad_inputs_are_a_clear_error(x, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        MLP(2, [3, 1], seed=0)(x)
