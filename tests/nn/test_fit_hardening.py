"""fit / evaluate / predict on the edges: divergence, threads, odd arguments, pandas and column vectors."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn and the design's fit(model, X, y)

from __future__ import annotations

import gc
import math
import threading
from typing import Any

import pytest

from autograd_core import Value
from nn import MLP, SGD, evaluate, fit, hinge_loss, moons, predict, sine, xor

DIVERGED = (
    r"fit: the (loss became (nan|inf) at epoch \d+|step at epoch \d+ made parameter \S+ (nan|-?inf), so the loss would become"
    r"|step at epoch \d+ was refused \(SGD.step: parameter \d+ .*: the update would make it (nan|-?inf) .*nothing was changed\))"
)


def weights(model: MLP) -> list[float]:
    return [p.data for p in model.parameters()]


@pytest.mark.parametrize(("lr", "batch_size"), [(1e300, None), (1e300, 1), (1e308, 1), (1e308, 10)])
def test_a_diverging_fit_stops_and_keeps_the_last_finite_weights(lr: float, batch_size: int | None) -> None:
    X, y = moons(100, noise=0.1, seed=0, signed=True)
    model = MLP(2, [16, 16, 1], seed=0)
    with pytest.raises(FloatingPointError, match=DIVERGED):
        fit(model, X, y, loss="hinge", optimizer=SGD(model.parameters(), lr=lr), epochs=5, batch_size=batch_size, seed=0, progress=False)
    assert all(math.isfinite(w) for w in weights(model))  # lr=1e308 makes a weight inf in one step: that step is undone
    assert gc.isenabled()


def test_a_diverging_loss_stops_before_the_bad_step() -> None:
    X, y = sine(10, seed=0)
    model = MLP(1, [4, 1], seed=0)
    with pytest.raises(FloatingPointError, match=r"the loss became (inf|nan) at epoch 2; try a smaller learning rate"):
        fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=1e200), epochs=5, progress=False)
    assert all(math.isfinite(w) for w in weights(model))
    assert gc.isenabled()  # the GC pause around each batch is undone on the way out


def test_fit_restores_the_garbage_collector_state() -> None:
    X, y = xor(signed=True)

    def boom(preds: list[Value], targets: list[float]) -> Value:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fit(MLP(2, [3, 1], seed=0), X, y, loss=boom, epochs=1, progress=False)
    assert gc.isenabled()
    gc.disable()
    try:
        fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=2, progress=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_infinite_outputs_never_read_as_a_zero_loss() -> None:
    model = MLP(2, [1], seed=0)  # one linear neuron: s = w·x + b = +inf on these points, so max(0, 1 − s) = 0
    for w in model.parameters()[:2]:
        w.data = 1e308
    X, y = [[1.0, 1.0], [2.0, 3.0]], [1.0, 1.0]
    assert hinge_loss([model(x) for x in X], y).data == 0.0  # what a loss alone says of it
    assert math.isnan(evaluate(model, X, y, loss="hinge")["loss"])
    with pytest.raises(FloatingPointError, match=r"the loss became nan at epoch 1 \(the model's outputs are no longer finite\)"):
        fit(model, X, y, loss="hinge", epochs=2, progress=False)


def test_the_gc_pause_is_safe_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two threads' steps overlap: A pauses the GC; B enters while it is paused (and, unguarded, would
    read "disabled" and never re-enable it); A leaves; B leaves. The GC must end enabled."""
    real = gc.isenabled
    a_inside, b_inside, a_done = threading.Event(), threading.Event(), threading.Event()

    def isenabled() -> bool:
        state = real()
        if threading.current_thread().name == "B":  # B looks at the GC while A is inside, then is held up until A is done
            b_inside.set()
            a_done.wait(5)
        return state

    def loss_of(thread: str) -> Any:
        def loss(preds: list[Value], targets: list[float]) -> Value:
            (a_inside if thread == "A" else b_inside).set()
            if thread == "A":
                b_inside.wait(5)
            return hinge_loss(preds, targets)

        return loss

    monkeypatch.setattr(gc, "isenabled", isenabled)
    X, y = xor(signed=True)
    threads = {name: threading.Thread(target=fit, name=name, args=(MLP(2, [3, 1], seed=0), X, y, loss_of(name)),
                                      kwargs={"epochs": 1, "progress": False}) for name in "AB"}  # fmt: skip
    try:
        threads["A"].start()
        assert a_inside.wait(5)
        threads["B"].start()
        threads["A"].join(10)
        a_done.set()
        threads["B"].join(10)
        assert real()
    finally:
        gc.enable()


def test_a_custom_loss_must_return_a_value() -> None:
    model = MLP(2, [3, 1], seed=0)
    before = weights(model)

    def mean_abs(preds: list[Value], targets: list[float]) -> float:
        return sum(abs(p.data - t) for p, t in zip(preds, targets, strict=True)) / len(preds)

    with pytest.raises(TypeError, match="the loss function mean_abs returned float, not a Value"):
        fit(model, [[0.0, 1.0]], [1.0], loss=mean_abs, epochs=1, progress=False)  # type: ignore[arg-type]
    assert weights(model) == before
    assert evaluate(model, [[0.0, 1.0]], [1.0], loss=mean_abs)["loss"] == pytest.approx(abs(model([0.0, 1.0]).data - 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "match"),
    [(None, "fit: model must be a model with parameters"), (MLP, r"fit: model is the class MLP, not a model: build one first"),
     (lambda x: x[0], "fit: model must be a model with parameters"), (3.5, "model must be")],
)  # fmt: skip
def test_fit_names_a_model_that_is_not_one(model: Any, match: str) -> None:
    with pytest.raises(TypeError, match=match):
        fit(model, [[0.0, 1.0]], [1.0], epochs=1, progress=False)


def test_evaluate_and_predict_name_themselves_and_the_model() -> None:
    model = MLP(2, [3, 1], seed=0)
    with pytest.raises(ValueError, match="X is empty: evaluate needs at least one example"):
        evaluate(model, [], [])
    with pytest.raises(ValueError, match="X is empty: predict needs at least one example"):
        predict(model, [])
    with pytest.raises(TypeError, match="predict: model is the class MLP"):
        predict(MLP, [[0.0, 1.0]])
    with pytest.raises(TypeError, match="evaluate: model must be a model"):
        evaluate(None, [[0.0, 1.0]], [1.0])


def test_metrics_must_be_a_list_and_an_empty_one_means_none_anywhere() -> None:
    X, y = xor(signed=True)
    with pytest.raises(TypeError, match=r"metrics must be a list such as \['accuracy'\].*not str: 'accuracy'"):
        fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", metrics="accuracy", progress=False)
    h = fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=2, metrics=[], validation_data=(X, y), progress=False)
    assert h.metrics == {} and h.val_metrics == {} and len(h.val_loss) == 2
    assert set(evaluate(MLP(2, [3, 1], seed=0), X, y, loss="hinge", metrics=[])) == {"loss"}


def test_pandas_frames_series_and_column_vectors() -> None:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    X, y = moons(20, noise=0.1, seed=0, signed=True)
    frame, series = pd.DataFrame(X, columns=["x", "y"]), pd.Series(y, name="label")
    runs = {}
    for name, (Xs, ys) in {
        "lists": (X, y), "pandas": (frame, series), "column": (np.array(X), np.array(y).reshape(-1, 1)),
        "frame column": (frame, pd.DataFrame({"label": y})),
    }.items():  # fmt: skip
        model = MLP(2, [4, 1], seed=0)
        runs[name] = fit(model, Xs, ys, loss="hinge", epochs=3, progress=False).loss, weights(model)
        assert evaluate(model, Xs, ys, loss="hinge") == evaluate(model, X, y, loss="hinge")
        assert predict(model, Xs) == predict(model, X)
    assert all(run == runs["lists"] for run in runs.values())
    one_input = pd.Series([0.5, -0.5, 1.0])  # a Series as X: one input per row
    assert predict(MLP(1, [2, 1], seed=0), one_input) == predict(MLP(1, [2, 1], seed=0), [[0.5], [-0.5], [1.0]])
    classes = MLP(2, [4, 3], seed=0)
    fit(classes, frame, np.array([[k % 3] for k in range(20)]), loss="cross_entropy", epochs=1, progress=False)


def test_a_dataframe_with_the_wrong_columns_says_what_it_has() -> None:
    pd = pytest.importorskip("pandas")
    with pytest.raises(ValueError, match=r"X\[0\] has 3 values but the model takes 2"):
        fit(MLP(2, [3, 1], seed=0), pd.DataFrame({"a": [1.0], "b": [2.0], "c": [3.0]}), [1.0], progress=False)
    with pytest.raises(ValueError, match=r"y\[0\] = \[1.0, 2.0\]"):
        fit(MLP(2, [3, 1], seed=0), [[0.0, 1.0]], pd.DataFrame({"a": [1.0], "b": [2.0]}), loss="hinge", progress=False)
