"""fit's progress bar in a Jupyter notebook without ipywidgets: tqdm's plain text bar, no warning.

The notebook is simulated the way tqdm.autonotebook detects one: ``ipykernel.zmqshell`` imported
and IPython's shell a kernel's (ZMQInteractiveShell); ipywidgets is hidden from imports."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn and the design's fit(model, X, y)

from __future__ import annotations

import importlib
import io
import sys
import types
import warnings

import pytest
from tqdm import std

from nn import MLP, fit, xor
from nn.progress import bar, in_notebook, widget_bar


class ZMQInteractiveShell:  # the class name tqdm and nn.progress look at
    config: dict[str, object] = {"IPKernelApp": {}}


@pytest.fixture
def notebook(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Jupyter kernel as tqdm sees one, with ipywidgets not installed."""
    monkeypatch.setitem(sys.modules, "ipykernel.zmqshell", types.ModuleType("ipykernel.zmqshell"))
    ipython = types.ModuleType("IPython")
    ipython.get_ipython = ZMQInteractiveShell  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "IPython", ipython)
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # import ipywidgets -> ImportError
    for key in [k for k in list(__import__("os").environ) if k == "QT_API" or k.startswith("SPYDER")]:
        monkeypatch.delenv(key)


def test_the_simulation_is_what_tqdm_calls_a_notebook_without_widgets(notebook: None) -> None:
    try:
        with pytest.warns(std.TqdmWarning, match="IProgress not found"):  # tqdm.auto's complaint, the symptom
            importlib.reload(importlib.import_module("tqdm.autonotebook"))
    finally:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            importlib.reload(importlib.import_module("tqdm.autonotebook"))  # its state outside a kernel: std.tqdm
    assert in_notebook() and widget_bar() is None


def test_fit_shows_a_text_bar_in_a_notebook_without_ipywidgets(notebook: None, monkeypatch: pytest.MonkeyPatch) -> None:
    cell = io.StringIO()  # a kernel's stderr is not a terminal
    monkeypatch.setattr(sys, "stderr", cell)
    X, y = xor(signed=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no TqdmWarning, no TqdmExperimentalWarning
        fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=3)
    text = cell.getvalue()
    assert "fit: 100%" in text and "3/3" in text and "loss=" in text and "accuracy=" in text
    assert "IProgress" not in text and "Warning" not in text
    assert type(bar(3, True)) is std.tqdm


def test_no_bar_when_asked_for_none_in_a_notebook(notebook: None, monkeypatch: pytest.MonkeyPatch) -> None:
    cell = io.StringIO()
    monkeypatch.setattr(sys, "stderr", cell)
    X, y = xor(signed=True)
    fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=2, progress=False)
    assert cell.getvalue() == ""


def test_a_qt_console_or_spyder_is_not_a_notebook(notebook: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QT_API", "pyqt5")
    assert not in_notebook()
    monkeypatch.delenv("QT_API")
    assert in_notebook()
    monkeypatch.setitem(sys.modules["IPython"].__dict__, "get_ipython", lambda: None)  # ipykernel imported, no kernel running
    assert not in_notebook()


def test_outside_a_notebook_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "ipykernel.zmqshell", raising=False)
    assert not in_notebook()
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # a log file: no bar
    assert bar(3, True).disable


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_the_running_loss(monkeypatch: pytest.MonkeyPatch) -> None:
    X, y = xor(signed=True)
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=3)
    text = sys.stderr.getvalue()
    assert "fit" in text and "3/3" in text and "loss=" in text and "accuracy=" in text
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=3, progress=False)
    assert sys.stderr.getvalue() == ""


def test_progress_bar_is_off_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    X, y = xor(signed=True)
    fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=2)
    assert capsys.readouterr().err == ""


def test_no_progress_bar_in_pyodide_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A web page's console is no terminal, and Pyodide has no threads: no bar, and no monitor thread (whose failure warns)."""
    import warnings

    from tqdm import std

    X, y = xor(signed=True)
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setattr(std.tqdm, "monitor_interval", std.tqdm.monitor_interval)  # put back afterwards
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fit(MLP(2, [3, 1], seed=0), X, y, loss="hinge", epochs=2)
    assert sys.stderr.getvalue() == ""
    assert std.tqdm.monitor_interval == 0  # fit's bars are tqdm.std's (nn/progress.py)
