"""fit(plot=..., callback=...): a PNG or GIF in a terminal, one figure updated in place in Jupyter,
the same training numbers as without, and every bad argument refused before the first step."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn and the design's fit(model, X, y)

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("matplotlib", reason="the live plot needs the demos extra: pip install 'stepgrad[demos]'")
from PIL import Image  # matplotlib brings Pillow

from nn import (
    MLP,
    Adam,
    Layer,
    Module,
    Neuron,
    fit,
    live_plot,
    moons,
    predict,
    spirals,
    xor,
)
from nn.live_figure import grid_outputs


def weights(model: Any) -> list[float]:
    return [p.data for p in model.parameters()]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(data)).size


def test_a_png_of_the_last_epoch_and_the_same_numbers_as_without(tmp_path: Path) -> None:
    X, y = moons(40, noise=0.1, seed=0, signed=True)
    runs = {}
    for plot in (False, tmp_path / "moons.png"):
        model = MLP(2, [8, 1], seed=0)
        history = fit(model, X, y, loss="hinge", optimizer=Adam(model.parameters(), lr=0.05), epochs=6, plot=plot)
        runs[str(plot)] = history.loss, weights(model)
    assert runs["False"] == runs[str(tmp_path / "moons.png")]  # drawing never touches the model
    width, height = png_size((tmp_path / "moons.png").read_bytes())
    assert width > 900 and height > 300  # curves and decision regions side by side


def test_a_gif_has_one_frame_per_redraw(tmp_path: Path) -> None:
    X, y = xor()
    model = MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    fit(model, X, y, loss="bce", epochs=45, plot=str(tmp_path / "xor.gif"))
    gif = Image.open(tmp_path / "xor.gif")
    every = -(-45 // live_plot.MAX_REDRAWS)  # 3: the untrained model, then epochs 1, 3, 6, ..., 45
    assert gif.format == "GIF" and gif.n_frames == 1 + len({1, 45} | set(range(every, 46, every)))


def test_plot_true_in_a_terminal_saves_training_png_and_says_where(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    X, y = spirals(20, classes=3, seed=0)
    fit(MLP(2, [6, 3], seed=0), X, y, loss="cross_entropy", epochs=3, plot=True)
    assert png_size((tmp_path / "training.png").read_bytes())[0] > 900
    assert capsys.readouterr().out == f"fit: the training figure is in {tmp_path / 'training.png'}\n"


def test_in_jupyter_one_figure_is_shown_then_updated_in_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import IPython.display

    shown: list[tuple[str, bytes]] = []

    class Handle:
        def update(self, picture: Any) -> None:
            shown.append(("update", picture.data))

    def display(picture: Any, display_id: bool = False) -> Handle:
        assert display_id is True
        shown.append(("display", picture.data))
        return Handle()

    monkeypatch.setattr(IPython.display, "display", display)
    monkeypatch.setattr(live_plot, "in_notebook", lambda: True)
    monkeypatch.chdir(tmp_path)
    X, y = xor()
    fit(MLP(2, [3, 1], output_activation="sigmoid", seed=0), X, y, loss="bce", epochs=4, plot=True, progress=False)
    assert [kind for kind, _ in shown] == ["display"] + ["update"] * 4  # the untrained model, then each epoch
    assert all(png_size(data)[0] > 900 for _, data in shown)
    assert list(tmp_path.iterdir()) == []  # plot=True in a notebook writes no file


def test_regression_on_one_input_draws_the_model_s_curve(tmp_path: Path) -> None:
    X = [[i / 10] for i in range(-10, 11)]
    y = [x * x for (x,) in X]
    fit(MLP(1, [6, 1], activation="tanh", seed=0), X, y, loss="mse", epochs=3, plot=tmp_path / "curve.png", progress=False)
    fit(MLP(2, [4, 1], seed=0), [[0.0, 1.0], [1.0, 0.0]], [0.5, 2.0], epochs=2, plot=tmp_path / "heat.png", progress=False)
    fit(MLP(3, [4, 1], seed=0), [[0.0, 1.0, 2.0], [1.0, 0.0, 2.0]], [0.5, 2.0], epochs=2, plot=tmp_path / "wide.png")
    assert png_size((tmp_path / "curve.png").read_bytes())[0] > 900 and png_size((tmp_path / "heat.png").read_bytes())[0] > 900
    assert png_size((tmp_path / "wide.png").read_bytes())[0] < 700  # 3 inputs: the curves alone


def test_the_callback_sees_every_epoch() -> None:
    X, y = xor(signed=True)
    seen: list[tuple[int, int, float]] = []
    history = fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=4, callback=lambda e, h: seen.append((e, h.epochs, h.loss[-1])))
    assert seen == [(e, e, loss) for e, loss in zip(range(1, 5), history.loss)]


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        ({"plot": "run.pdf"}, ValueError, r"plot='run.pdf': the file name must end in .png \(the last figure\) or .gif"),
        ({"plot": 3}, TypeError, "plot must be True, False or a file name ending in .png or .gif, not int: 3"),
        ({"plot": "no/such/folder/run.png"}, FileNotFoundError, "the folder 'no/such/folder' does not exist"),
        ({"callback": "print"}, TypeError, r"callback must be a function f\(epoch, history\), not str"),
    ],
)
def test_bad_arguments_are_refused_before_the_first_step(options: dict[str, Any], error: type, message: str, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    monkeypatch.chdir(tmp_path)
    (tmp_path / "run.gif").mkdir()
    model = MLP(2, [3, 1], seed=0)
    before = weights(model)
    with pytest.raises(error, match=message):
        fit(model, *xor(signed=True), loss="hinge", epochs=2, **options)
    with pytest.raises(IsADirectoryError, match="plot='run.gif' is a folder"):
        fit(model, *xor(signed=True), loss="hinge", epochs=2, plot="run.gif")
    assert weights(model) == before


def test_without_matplotlib_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(ImportError, match=r"matplotlib is not installed\): pip install 'stepgrad\[demos\]'"):
        fit(MLP(2, [3, 1], seed=0), *xor(signed=True), loss="hinge", epochs=2, plot=True)


@pytest.mark.parametrize("activation", ["linear", "step", "sigmoid", "tanh", "relu"])
def test_the_numpy_grid_is_what_predict_computes(activation: str) -> None:
    rows = [[i / 7 - 1.5, (i * 37 % 23) / 5 - 2.0] for i in range(40)]
    for model in (MLP(2, [5, 4, 3], activation=activation, output_activation="softmax", seed=1),
                  MLP(2, [5, 1], activation=activation, output_activation="sigmoid", bias=False, seed=2),
                  Layer(2, 3, activation=activation, seed=3), Neuron(2, activation, seed=4)):  # fmt: skip
        want = [v for o in predict(model, rows) for v in (o if isinstance(o, list) else [o])]
        assert grid_outputs(model, rows).ravel().tolist() == pytest.approx(want, rel=1e-12, abs=1e-12)


def test_any_other_model_is_drawn_through_predict(tmp_path: Path) -> None:
    class Doubled(Module):
        def __init__(self) -> None:
            self.inner = MLP(2, [3, 1], seed=0)

        def __call__(self, x: Any) -> Any:
            return self.inner(x) * 2

        def parameters(self) -> list[Any]:
            return self.inner.parameters()

    model, rows = Doubled(), [[0.0, 1.0], [1.0, 0.5]]
    assert grid_outputs(model, rows).ravel().tolist() == pytest.approx(predict(model, rows))
    fit(model, *xor(signed=True), loss="hinge", epochs=2, plot=tmp_path / "doubled.png", progress=False)
    assert png_size((tmp_path / "doubled.png").read_bytes())[0] > 900
