"""Frames patched into one layout: the same SVG as laying each frame out, and stepping lays nothing out again."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from autograd_core import Value, vsum
from autograd_core.drawing import binary, set_layout
from autograd_core.drawing.dot import View, build
from autograd_core.drawing.options import options
from playground.api import Session
from playground.patched import Pass, escape


@pytest.fixture
def layouts() -> Iterator[list[str]]:
    """The layout program behind the public hook, counting its calls."""
    program = binary.find_binary()
    calls: list[str] = []

    def layout(source: str, fmt: str) -> bytes:
        calls.append(fmt)
        return subprocess.run([program, "-Kdot", f"-T{fmt}"], input=source.encode(), capture_output=True, check=True).stdout

    set_layout(layout)
    yield calls
    set_layout(None)


def graphs() -> Iterator[Value]:
    a, b = Value(-2.0, label="a"), Value(3.0, label="b")
    yield (a * b + a) ** 2 / b  # negative numbers, a reused input, a power's exponent drawn in its op
    xs = [Value(0.1 * i, label=f"x{i}") for i in range(6)]
    yield vsum([(x * Value(0.5, label=f"w{i}")).tanh() for i, x in enumerate(xs)])


@pytest.mark.parametrize("derivatives", [False, True])
@pytest.mark.parametrize("rankdir", ["LR", "TB"])
def test_every_patched_frame_is_the_frame_laid_out(derivatives: bool, rankdir: str) -> None:
    for root in graphs():
        frames = Pass(root, options(derivatives, rankdir, 4, None, False, 400, True, None))
        for k in range(frames.total + 1):
            v = frames.replay.view(k - 1)
            view = View(v.grads, v.current, v.final, v.received, frames.cold_view.grad_widths)
            assert frames.svg(k) == binary.pipe(build(root, frames.nodes, frames.opts, view), "svg").decode(), k


def test_stepping_a_graph_does_not_lay_it_out_again(layouts: list[str]) -> None:
    api = Session()
    code = "xs = [Value(0.1 * i, label=f'x{i}') for i in range(30)]\nvsum([(x * 0.5).tanh() for x in xs])"
    graph = api.handle("graph.build", {"code": code, "picture": {"box": [800, 600]}})["ok"]
    assert graph["values"] > 60 and len(layouts) == 1  # the first picture: one layout
    assert "<svg" in api.handle("graph.frame", {"k": 1, "box": [800, 600]})["ok"]["svg"]
    assert len(layouts) == 3  # the first step (the root's) adds the two pictures its colours and edge ends come from
    for k in [*range(2, graph["total"] + 1), 3, 1, 0]:  # forward to the end, then back
        assert "<svg" in api.handle("graph.frame", {"k": k, "box": [800, 600]})["ok"]["svg"]
    assert len(layouts) == 4  # the second step adds the third (edges leaving the step's node); no step lays out again
    api.handle("graph.frame", {"k": 2, "box": [800, 600], "derivatives": True})
    assert len(layouts) == 8  # another view: its own layout


def test_text_is_escaped_as_graphviz_writes_it() -> None:
    assert escape("grad -1.5 <&>") == "grad &#45;1.5 &lt;&amp;&gt;"
