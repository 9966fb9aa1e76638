"""The graph lab through the API the page calls: presets, frames, pictures, sum over paths, caps and errors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from autograd_core.drawing import set_layout
from playground.api import Session
from playground.presets import PRESETS


@pytest.fixture
def api() -> Session:
    return Session()


@pytest.fixture
def fake_layout() -> Iterator[list[tuple[str, str]]]:
    """A layout function standing in for viz.js: the SVG size says which way the DOT was laid out."""
    calls: list[tuple[str, str]] = []

    def layout(source: str, fmt: str) -> bytes:
        calls.append((source, fmt))
        wide = 'rankdir=LR' in source
        return (f'<svg width="{900 if wide else 300}pt" height="{300 if wide else 900}pt" viewBox="0 0 1 1">'
                f'<g class="node"><text>{len(calls)}</text></g></svg>').encode()  # fmt: skip

    set_layout(layout)
    yield calls
    set_layout(None)


def ok(answer: dict[str, Any]) -> Any:
    assert "ok" in answer, answer
    return answer["ok"]


def test_the_toy_graph_steps_to_b_gradient_5(api: Session) -> None:
    graph = ok(api.handle("graph.build", {"preset": "toy"}))
    assert graph["total"] == 3 and graph["values"] == 6 and graph["root"] == "e" and graph["chosen"] == "the variable e"
    names = [r["name"] for r in graph["rows"]]
    assert sorted(names) == ["a", "b", "c", "d", "e"]  # the constant 1 has no row
    frames = graph["frames"]
    assert len(frames) == 4 and frames[0]["title"].startswith("start: ∂e/∂e = 1.0")
    b, e = str(names.index("b")), names.index("e")
    assert frames[0]["grads"] == {str(i): "1.0" if i == e else "0.0" for i in range(5)} and frames[0]["final"] == [e]
    assert [f["grads"].get(b) for f in frames[1:]] == [None, "2.0", "5.0"]  # each later frame: what its step changed
    assert frames[3]["text"].startswith("d = b + 1.0: ∂e/∂d = 3.0") and "now 5.0" in frames[3]["text"]
    assert int(b) in frames[3]["received"] and int(b) in frames[3]["final"]  # b's gradient is complete after d's step
    assert int(b) not in frames[2]["final"]  # b still waits for d's share
    assert sorted(r for f in frames for r in f["final"]) == list(range(5))
    assert frames[1]["current"] == e


def test_every_preset_builds(api: Session) -> None:
    for preset in PRESETS:
        graph = ok(api.handle("graph.build", {"preset": preset}))
        assert graph["total"] >= 3 and len(graph["frames"]) == graph["total"] + 1, preset


def test_a_frame_is_the_engines_drawing(api: Session) -> None:
    ok(api.handle("graph.build", {"preset": "toy"}))
    start = ok(api.handle("graph.frame", {"k": 0}))["svg"]
    assert "<svg" in start and "grad 1.0" in start and "grad 5.0" not in start  # only the root's seed at the start
    last = ok(api.handle("graph.frame", {"k": 3, "derivatives": True}))["svg"]
    assert "grad 5.0" in last and "∂e/∂c" in last
    assert ok(api.handle("graph.frame", {"k": 3, "derivatives": True}))["svg"] == last  # cached


def test_the_layout_direction_suits_the_box(api: Session, fake_layout: list[tuple[str, str]]) -> None:
    ok(api.handle("graph.build", {"preset": "toy"}))
    assert ok(api.handle("graph.frame", {"k": 1, "box": [400, 1000]}))["rankdir"] == "TB"  # a tall box: top to bottom
    assert ok(api.handle("graph.frame", {"k": 2, "box": [1000, 400]}))["rankdir"] == "TB"  # decided once per graph
    ok(api.handle("graph.build", {"preset": "toy"}))
    assert ok(api.handle("graph.frame", {"k": 0, "box": [1000, 400]}))["rankdir"] == "LR"
    assert all(fmt == "svg" for _, fmt in fake_layout)


def test_a_leafs_gradient_is_the_sum_over_its_paths(api: Session) -> None:
    ok(api.handle("graph.build", {"preset": "toy"}))
    paths = ok(api.handle("graph.paths", {"leaf": "b"}))
    assert paths["count"] == 2 and paths["sum"] == paths["grad"] == "5.0"
    assert [p["nodes"] for p in paths["paths"]] == [["e", "c", "b"], ["e", "d", "b"]]
    assert [p["product"] for p in paths["paths"]] == ["2.0", "3.0"]
    assert paths["paths"][0]["factors"][0] == {"edge": "∂e/∂c", "formula": "d", "value": "2.0"}


def test_a_leaf_used_twice_by_one_node_has_two_paths(api: Session) -> None:
    ok(api.handle("graph.build", {"code": "x = Value(3.0, label='x')\ne = x * x"}))
    paths = ok(api.handle("graph.paths", {"leaf": "x"}))
    assert paths["count"] == 2 and paths["sum"] == "6.0" == paths["grad"]


def test_errors_come_back_as_data(api: Session) -> None:
    bad = api.handle("graph.build", {"code": "a = Value(1.0)\nb = a / 0"})["error"]
    assert bad == {"type": "ZeroDivisionError", "message": "div(1.0, 0.0): division by zero", "line": 2, "text": "b = a / 0",
                   "where": "code"}  # fmt: skip
    assert api.handle("graph.frame", {"k": 0})["error"]["message"].startswith("no graph yet")
    ok(api.handle("graph.build", {"preset": "toy"}))
    assert "from 0 to 3" in api.handle("graph.frame", {"k": 4})["error"]["message"]
    assert "the leaves are a, b" in api.handle("graph.paths", {"leaf": "c"})["error"]["message"]
    assert "unknown preset" in api.handle("graph.build", {"preset": "nope"})["error"]["message"]
    assert "unexpected keyword argument" in api.handle("graph.frame", {"q": 1})["error"]["message"]
    assert "unknown method" in api.handle("graph.nope")["error"]["message"]
    assert api.handle("graph.frame", {"k": 0, "box": [1, "x"]})["error"]["type"] == "ValueError"


def test_graphs_too_big_to_draw_are_refused_and_the_last_graph_stays(api: Session) -> None:
    ok(api.handle("graph.build", {"preset": "toy"}))
    big = api.handle("graph.build", {"code": "x = Value(1.0)\nfor i in range(5000):\n    x = x + 1\nx"})["error"]
    assert big["type"] == "Limit" and "more than 200 values" in big["message"]
    assert "grad 5.0" in ok(api.handle("graph.frame", {"k": 3}))["svg"]


def test_the_hello_lists_presets_and_choices(api: Session) -> None:
    hello = ok(api.handle("hello"))
    assert [p["id"] for p in hello["presets"]] == list(PRESETS)
    assert {d["id"] for d in hello["datasets"]} == {"moons", "circles", "xor", "spiral", "blobs"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", hello["python"]) and hello["limits"]["values"] == 200


def test_a_build_can_carry_its_first_picture(api: Session) -> None:
    graph = ok(api.handle("graph.build", {"preset": "toy", "picture": {"derivatives": True, "box": [900, 500]}}))
    assert graph["picture"]["k"] == 0 and "∂e/∂c" in graph["picture"]["svg"]
    assert ok(api.handle("graph.frame", {"k": 0, "derivatives": True, "box": [900, 500]})) == graph["picture"]
    assert "picture must be an object" in api.handle("graph.build", {"preset": "toy", "picture": 3})["error"]["message"]
