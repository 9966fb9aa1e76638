"""A Drawing in Jupyter and at an IPython prompt: SVG and PNG when it can, text and the DOT source
when it cannot, and never an exception (one would fail the cell and stop "Run all").

IPython's own ``DisplayFormatter`` (what a kernel runs on a cell's result) is the fake front end."""

from __future__ import annotations

import base64
import sys
import types
from pathlib import Path

import pytest

from autograd_core import draw
from autograd_core.drawing import binary, display
from demos.toy import build

formatters = pytest.importorskip("IPython.core.formatters", reason="IPython comes with ipykernel (the dev extra)")

REAL = Path(sys.executable).parent / "graphviz-pure"
needs_real = pytest.mark.skipif(not REAL.exists(), reason="graphviz-pure is not installed next to this interpreter")


@pytest.fixture(autouse=True)
def fresh() -> None:
    binary.reset()
    yield
    binary.reset()


@pytest.fixture
def nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """STEPGRAD_DOT points at a file that does not exist."""
    monkeypatch.setenv(binary.ENV, str(tmp_path / "no-such-dot"))
    return tmp_path


def toy_drawing(**options: object):  # type: ignore[no-untyped-def]
    *_, e = build()
    e.backward()
    return draw(e, **options)


def front_end(obj: object) -> tuple[dict[str, object], dict[str, object]]:
    """What a Jupyter kernel sends for a cell whose result is ``obj``."""
    return formatters.DisplayFormatter().format(obj)


@needs_real
def test_a_notebook_gets_svg_png_and_a_short_text(capsys: pytest.CaptureFixture[str]) -> None:
    data, metadata = front_end(toy_drawing())
    assert sorted(data) == ["image/png", "image/svg+xml", "text/plain"]
    assert "<svg" in data["image/svg+xml"] and "data 6.0" in data["image/svg+xml"]  # type: ignore[operator]
    png = base64.b64decode(data["image/png"])  # type: ignore[arg-type]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = display.png_size(png)
    assert metadata["image/png"] == {"width": round(width * 96 / 144), "height": round(height * 96 / 144)}  # the SVG's size
    assert data["text/plain"].startswith("<Drawing of 6 values (3 computed)")  # type: ignore[union-attr]
    assert capsys.readouterr().err == ""


@needs_real
def test_only_the_formats_asked_for_are_made(monkeypatch: pytest.MonkeyPatch) -> None:
    d = toy_drawing()
    made: list[str] = []
    pipe = binary.pipe
    monkeypatch.setattr(binary, "pipe", lambda graph, fmt: made.append(fmt) or pipe(graph, fmt))
    assert sorted(d._repr_mimebundle_(include=["image/png"])[0]) == ["image/png", "text/plain"] and made == ["png"]
    made.clear()
    assert sorted(d._repr_mimebundle_(exclude=["image/png"])[0]) == ["image/svg+xml", "text/plain"] and made == ["svg"]
    made.clear()
    terminal = formatters.DisplayFormatter(active_types=["text/plain"])  # IPython in a terminal shows text only
    monkeypatch.setattr("IPython.get_ipython", lambda: types.SimpleNamespace(display_formatter=terminal))
    assert terminal.format(d)[0] == {"text/plain": repr(d)} and made == []  # so no layout program runs


def test_no_layout_program_shows_the_fix_and_the_dot_source(nothing: Path, capsys: pytest.CaptureFixture[str]) -> None:
    d = toy_drawing()
    data, metadata = front_end(d)  # the mime bundle, then _repr_svg_ and _repr_png_: none raises
    assert list(data) == ["text/plain"] and metadata == {}
    text = data["text/plain"]
    assert isinstance(text, str) and text.startswith(repr(d))
    assert "DotNotFoundError: STEPGRAD_DOT=" in text and "fix or unset it" in text  # binary.py's message: what to do
    assert d.source in text  # the DOT source, to paste into any Graphviz viewer
    assert d._repr_svg_() is None and d._repr_png_() is None  # IPython moves on to the next format
    assert capsys.readouterr() == ("", "")  # no traceback printed under the cell either


def test_a_failing_layout_program_is_text_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "dot"
    bad.write_text('#!/bin/sh\necho "Error: out of cheese" >&2\nexit 3\n')
    bad.chmod(0o755)
    monkeypatch.setenv(binary.ENV, str(bad))
    data, _ = front_end(toy_drawing())
    assert list(data) == ["text/plain"] and "out of cheese" in data["text/plain"]  # type: ignore[operator]


def test_a_long_dot_source_is_cut_with_a_pointer_to_all_of_it(nothing: Path) -> None:
    text = display.no_picture("<Drawing>", RuntimeError("no"), "x" * (display.MAX_SOURCE + 500))
    assert text.count("x") == display.MAX_SOURCE and "500 more characters in .source" in text


def test_the_repr_is_one_line_and_names_the_step() -> None:
    assert repr(toy_drawing()) == "<Drawing of 6 values (3 computed); .source, .svg(), .png(), .save(path)>"
    tail = "; .source, .svg(), .png(), .save(path)>"
    assert repr(toy_drawing(step=1)) == "<Drawing of 6 values (3 computed), step 1 of 3" + tail  # after one node
    assert repr(toy_drawing(step=0)) == "<Drawing of 6 values (3 computed), step 0 of 3 (the start)" + tail
