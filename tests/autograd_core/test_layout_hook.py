"""The public layout hook: ``set_layout(fn)`` lays every picture out with ``fn(dot_source, fmt) -> bytes``.

A fake layout function stands in for viz.js (what the playground registers in Pyodide); it never
runs a program, so these tests pass with no layout program installed at all.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from autograd_core import draw
from autograd_core.drawing import DotNotFoundError, binary, get_layout, set_layout
from demos.toy import build

FAKE_SVG = '<svg xmlns="http://www.w3.org/2000/svg"><text>{n} chars of {fmt}</text></svg>'


class FakeLayout:
    """Records every (source, fmt) it is asked for and answers with a tiny SVG naming them."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def __call__(self, source: str, fmt: str) -> bytes:
        self.calls.append((source, fmt))
        return FAKE_SVG.format(n=len(source), fmt=fmt).encode()


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeLayout]:
    """A registered fake layout, with no layout program anywhere (so nothing could fall back to one)."""
    monkeypatch.setenv(binary.ENV, str(tmp_path / "no-such-dot"))
    binary.reset()
    layout = FakeLayout()
    set_layout(layout)
    yield layout
    set_layout(None)
    binary.reset()


def test_by_default_no_function_is_set() -> None:
    assert get_layout() is None


def test_every_picture_goes_through_the_function(fake: FakeLayout, tmp_path: Path) -> None:
    *_, e = build()
    drawing = draw(e)
    assert get_layout() is fake
    assert drawing.svg() == FAKE_SVG.format(n=len(drawing.source), fmt="svg")
    assert fake.calls == [(drawing.source, "svg")]  # the DOT text, exactly as .source gives it
    assert drawing.pipe("json").startswith(b"<svg") and fake.calls[-1][1] == "json"
    drawing.save(tmp_path / "toy.svg")
    assert (tmp_path / "toy.svg").read_text() == drawing.svg()
    frames = drawing.frames()  # the start and one frame per step, each laid out by the function
    assert len(frames) == 4 and all(svg.startswith("<svg") for _, svg in frames)
    drawing.save(tmp_path / "toy.html")
    assert "chars of svg" in (tmp_path / "toy.html").read_text()


def test_none_restores_the_layout_program(fake: FakeLayout, monkeypatch: pytest.MonkeyPatch) -> None:
    *_, e = build()
    set_layout(None)
    assert get_layout() is None
    with pytest.raises(DotNotFoundError, match="no-such-dot"):  # the program is looked for again
        draw(e).svg()
    assert fake.calls == []


def test_what_the_function_raises_reaches_the_caller(fake: FakeLayout) -> None:
    def broken(source: str, fmt: str) -> bytes:
        raise ValueError(f"cannot lay out {fmt}")

    set_layout(broken)
    *_, e = build()
    with pytest.raises(ValueError, match="cannot lay out png"):
        draw(e).png()


def test_a_function_must_return_bytes(fake: FakeLayout) -> None:
    set_layout(lambda source, fmt: source)  # a str, not bytes
    *_, e = build()
    with pytest.raises(TypeError, match=r"returned str, not bytes, for format 'svg'"):
        draw(e).svg()


def test_only_a_function_or_none_is_accepted() -> None:
    with pytest.raises(TypeError, match="needs a function .* not str"):
        set_layout("viz.js")  # type: ignore[arg-type]
    assert get_layout() is None


def test_in_a_browser_the_missing_program_error_names_the_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "emscripten")
    binary.reset()
    try:
        *_, e = build()
        with pytest.raises(DotNotFoundError, match=r"in a browser \(Python in Pyodide\).*set_layout\(fn\)") as err:
            draw(e).svg()
        assert "pip install" not in str(err.value)  # no advice a web page cannot follow
        assert e.label == "e" and "digraph" in draw(e).source  # the DOT text needs no layout at all
    finally:
        binary.reset()


def test_graphviz_pure_is_not_required_in_pyodide() -> None:
    """Its wheel is a native program that cannot install there; the environment marker leaves it out."""
    tomllib = pytest.importorskip("tomllib")  # Python >= 3.11
    from packaging.requirements import Requirement

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = {r.name: r for r in map(Requirement, project["dependencies"])}
    pure = deps["graphviz-pure"]
    assert pure.marker is not None
    assert pure.marker.evaluate({"sys_platform": "emscripten"}) is False  # what Pyodide reports
    assert pure.marker.evaluate({"sys_platform": "linux"}) is True
    assert all(deps[name].marker is None for name in ("graphviz", "tqdm"))  # pure Python: the web build ships them
