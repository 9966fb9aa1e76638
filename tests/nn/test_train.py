"""fit / evaluate / predict: learning XOR and moons, batching, History, progress bar, validation."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn and the design's fit(model, X, y)

from __future__ import annotations

import math
from typing import Any

import pytest

from autograd_core import Value, is_grad_enabled
from nn import MLP, SGD, Adam, History, Module, evaluate, fit, hinge_loss, l2, moons, predict, sine, spirals, xor


def weights(model: Module) -> list[float]:
    return [p.data for p in model.parameters()]


def test_xor_reaches_100_percent() -> None:
    X, y = xor(signed=True)
    model = MLP(2, [4, 1], activation="tanh", seed=0)
    history = fit(model, X, y, loss="hinge", optimizer=Adam(model.parameters(), lr=0.1), epochs=60, progress=False)
    assert history.accuracy[-1] == 1.0
    assert evaluate(model, X, y, loss="hinge")["accuracy"] == 1.0
    assert [s > 0 for s in predict(model, [[0, 0], [0, 1], [1, 0], [1, 1]])] == [False, True, True, False]


def test_xor_with_a_sigmoid_output_and_binary_cross_entropy() -> None:
    X, y = xor()
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = fit(model, X, y, loss="bce", optimizer=Adam(model.parameters(), lr=0.1), epochs=150, progress=False)
    assert history.loss[-1] < 0.1 * history.loss[0]
    assert evaluate(model, X, y, loss="bce")["accuracy"] == 1.0
    assert all(0 < p < 1 for p in predict(model, X))


def test_moons_reaches_100_percent() -> None:
    X, y = moons(60, noise=0.1, seed=0, signed=True)
    model = MLP(2, [8, 8, 1], seed=1)
    history = fit(model, X, y, loss="hinge", optimizer=Adam(model.parameters(), lr=0.05), epochs=100, progress=False)
    assert history.loss[-1] < 0.05 * history.loss[0]
    assert evaluate(model, X, y, loss="hinge") == {"loss": pytest.approx(0.0, abs=1e-3), "accuracy": 1.0}


def test_spirals_with_cross_entropy_learns() -> None:
    X, y = spirals(60, classes=3, noise=0.1, seed=0)
    model = MLP(2, [12, 3], activation="tanh", seed=0)
    history = fit(
        model, X, y, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.05), epochs=40, batch_size=20, seed=0, progress=False
    )
    assert history.loss[-1] < 0.6 * history.loss[0]
    assert history.accuracy[-1] > 0.6 > 1 / 3 + 0.2
    assert all(len(row) == 3 for row in predict(model, X[:3]))


def test_sine_regression_with_mse_and_sgd_momentum() -> None:
    X, y = sine(40, seed=0)
    model = MLP(1, [16, 1], activation="tanh", seed=0)
    history = fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=0.1, momentum=0.9), epochs=60, progress=False)
    assert history.metrics == {} and history.loss[-1] < 0.1 * history.loss[0]


class CountingSGD(SGD):
    steps = 0

    def step(self) -> None:
        self.steps += 1
        super().step()


@pytest.mark.parametrize(("batch_size", "steps_per_epoch"), [(1, 10), (None, 1), (3, 4), (10, 1), (50, 1)])
def test_online_full_and_mini_batch(batch_size: int | None, steps_per_epoch: int) -> None:
    X, y = moons(10, seed=1, signed=True)
    model = MLP(2, [4, 1], seed=0)
    opt = CountingSGD(model.parameters(), lr=0.01)
    history = fit(model, X, y, loss="hinge", optimizer=opt, epochs=2, batch_size=batch_size, progress=False)
    assert opt.steps == 2 * steps_per_epoch and history.epochs == 2


def test_epoch_loss_is_the_mean_over_examples_with_the_l2_term() -> None:
    X, y = moons(12, seed=2, signed=True)
    model = MLP(2, [4, 1], seed=0)
    want = hinge_loss([model(x) for x in X], y).data + 0.01 * l2(model.parameters()).data
    history = fit(model, X, y, loss="hinge", optimizer=SGD(model.parameters(), lr=0.0), epochs=1, l2=0.01, progress=False)
    assert history.loss == [pytest.approx(want, rel=1e-12)]
    online = fit(model, X, y, loss="hinge", optimizer=SGD(model.parameters(), lr=0.0), epochs=1, batch_size=1, progress=False)
    assert online.loss == [pytest.approx(want - 0.01 * l2(model.parameters()).data, rel=1e-12)]


def test_shuffling_is_seeded() -> None:
    X, y = moons(20, seed=0, signed=True)
    runs = []
    for seed in (1, 1, 2):
        model = MLP(2, [4, 1], seed=0)
        fit(model, X, y, loss="hinge", optimizer=SGD(model.parameters(), lr=0.05), epochs=3, batch_size=4, seed=seed, progress=False)
        runs.append(weights(model))
    assert runs[0] == runs[1] != runs[2]


def test_history_metrics_and_validation() -> None:
    X, y = moons(30, seed=0, signed=True)
    Xv, yv = moons(10, seed=1, signed=True)

    def positives(outputs: list[float], targets: list[float]) -> float:
        return sum(o > 0 for o in outputs) / len(outputs)

    model = MLP(2, [4, 1], seed=0)
    h = fit(model, X, y, loss="hinge", epochs=3, metrics=["accuracy", positives], validation_data=(Xv, yv), progress=False)
    assert isinstance(h, History) and h.epochs == 3
    assert set(h.metrics) == {"accuracy", "positives"} and all(len(v) == 3 for v in h.metrics.values())
    assert len(h.val_loss) == 3 and set(h.val_metrics) == {"accuracy", "positives"}
    assert h.val_loss[-1] == pytest.approx(evaluate(model, Xv, yv, loss="hinge")["loss"])
    assert repr(h).startswith("History(3 epochs, loss ")


def test_custom_loss_function() -> None:
    X, y = sine(20, seed=1)
    model = MLP(1, [8, 1], activation="tanh", seed=0)

    def mean_abs(preds: list[Value], targets: list[float]) -> Value:
        return sum((((p - t) ** 2 + 1e-12) ** 0.5 for p, t in zip(preds, targets, strict=True)), Value(0.0)) / len(preds)

    h = fit(model, X, y, loss=mean_abs, epochs=30, progress=False)
    assert h.loss[-1] < h.loss[0] and h.metrics == {}


def test_predict_and_evaluate_build_no_graph() -> None:
    class Probe(Module):
        nin, nout, output_activation = 2, 1, "linear"

        def __init__(self) -> None:
            self.inner = MLP(2, [3, 1], seed=0)
            self.modes: list[bool] = []

        def __call__(self, x: list[float]) -> Any:
            self.modes.append(is_grad_enabled())
            return self.inner(x)

    probe = Probe()
    out = predict(probe, [[0.1, 0.2], [0.3, 0.4]])
    assert all(isinstance(v, float) for v in out)
    scores = evaluate(probe, [[0.1, 0.2]], [1], loss="hinge")
    assert set(scores) == {"loss", "accuracy"} and probe.modes == [False] * 3 and is_grad_enabled()


def test_fit_gives_an_mlp_the_same_steps_as_one_call_per_row() -> None:
    class RowByRow:  # a duck-typed model without batch(): fit calls it point by point
        def __init__(self, model: MLP) -> None:
            self.model, self.nin, self.nout, self.output_activation = model, model.nin, model.nout, "linear"

        def __call__(self, x: list[float]) -> Any:
            return self.model(x)

        def parameters(self) -> list[Value]:
            return self.model.parameters()

    X, y = moons(30, noise=0.1, seed=1, signed=True)
    batched, single = MLP(2, [4, 1], seed=2), MLP(2, [4, 1], seed=2)
    a = fit(batched, X, y, loss="hinge", l2=1e-3, epochs=5, progress=False)
    b = fit(RowByRow(single), X, y, loss="hinge", l2=1e-3, epochs=5, progress=False)
    assert a.loss == pytest.approx(b.loss, rel=1e-12) and weights(batched) == pytest.approx(weights(single), rel=1e-12, abs=1e-15)


GOOD_X, GOOD_Y = [[0.0, 1.0], [1.0, 0.0]], [1, -1]
BAD_FITS = [
    ({"X": []}, ValueError, "X is empty"),
    ({"X": "abc"}, TypeError, "X must be a list of rows"),
    ({"X": [[0.0, 1.0], [1.0]]}, ValueError, r"X\[1\] has 1 values but the model takes 2"),
    ({"X": [[0.0, 1.0], [1.0, "a"]]}, TypeError, r"X\[1\]\[1\] must be a finite number, not str"),
    ({"X": [[0.0, 1.0], [1.0, math.nan]]}, ValueError, r"X\[1\]\[1\] must be a finite number, not nan"),
    ({"X": [[0.0, 1.0], None]}, TypeError, r"X\[1\] must be a row of numbers"),
    ({"y": [1]}, ValueError, "X has 2 rows but y has 1 targets"),
    ({"y": [1, 0]}, ValueError, r"y\[1\] = 0: hinge labels must be -1 or \+1"),
    ({"y": [1, "x"]}, TypeError, r"y\[1\] must be a finite number"),
    ({"y": 5}, TypeError, "y must be a list"),
    ({"loss": "huber"}, ValueError, "unknown loss 'huber'"),
    ({"loss": "bce"}, ValueError, "loss='bce' needs probabilities"),
    ({"loss": "cross_entropy", "y": [0, 1]}, ValueError, "needs a model with at least 2 outputs"),
    ({"epochs": 0}, ValueError, "epochs must be at least 1"),
    ({"epochs": 2.5}, TypeError, "epochs must be an int, not float"),
    ({"batch_size": 0}, ValueError, r"batch_size \(None for full batch\) must be at least 1"),
    ({"l2": -1.0}, ValueError, "l2 must be >= 0"),
    ({"optimizer": "adam"}, TypeError, "optimizer must have step"),
    ({"metrics": ["f1"]}, ValueError, "unknown metric 'f1'"),
    ({"loss": "mse", "metrics": ["accuracy"]}, ValueError, "metric 'accuracy' needs a classification loss"),
    ({"validation_data": ([[0.0, 1.0]], [1, 1])}, ValueError, "X has 1 rows but y has 2"),
]


@pytest.mark.parametrize(("change", "error", "match"), BAD_FITS)
def test_fit_validates_before_the_first_step(change: dict, error: type, match: str) -> None:
    model = MLP(2, [3, 1], seed=0)
    before = weights(model)
    kwargs = {"X": GOOD_X, "y": GOOD_Y, "loss": "hinge", "epochs": 2, "progress": False, **change}
    with pytest.raises(error, match=match):
        fit(model, **kwargs)
    assert weights(model) == before and all(p.grad == 0.0 for p in model.parameters())


def test_fit_checks_targets_against_the_model() -> None:
    multi = MLP(2, [3, 2], seed=0)
    with pytest.raises(ValueError, match=r"cross_entropy targets are class indices 0\.\.1"):
        fit(multi, GOOD_X, [0, 2], loss="cross_entropy", progress=False)
    with pytest.raises(ValueError, match="each target must be 2 numbers"):
        fit(multi, GOOD_X, [1.0, 2.0], loss="mse", progress=False)
    with pytest.raises(ValueError, match="expects raw scores"):
        fit(MLP(2, [3, 2], output_activation="softmax"), GOOD_X, [0, 1], loss="cross_entropy", progress=False)
    with pytest.raises(ValueError, match="needs a model with 1 output"):
        fit(multi, GOOD_X, [1, -1], loss="hinge", progress=False)
    fit(multi, GOOD_X, [[1.0, 0.0], [0.0, 1.0]], loss="mse", epochs=1, progress=False)  # multi-output regression is fine
