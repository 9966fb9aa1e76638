"""Hardening: limits checked before work, replays linear in memory, options checked by name, any label
saved, infinite partials shown, never raised."""

from __future__ import annotations

import math
import tracemalloc
from pathlib import Path

import pytest

from autograd_core import Value, draw, stepper, walk
from autograd_core.drawing import GraphTooLargeError, find_binary
from autograd_core.stepper import backward_steps
from demos.toy import build
from tests.strategies_graphs import chain


def toy() -> Value:
    *_, e = build()
    e.backward()
    return e


def test_a_step_of_a_graph_past_max_nodes_is_refused_before_any_replay(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_pass(*args: object) -> None:
        raise AssertionError("the backward pass was replayed for a graph that is then refused")

    monkeypatch.setattr(stepper, "local_partials", no_pass)  # every replayed node asks for its partials
    with pytest.raises(GraphTooLargeError, match="max_nodes=1000"):
        draw(chain(4000), step=0)  # 8,001 values: 8 s and 3.6 GB of snapshots, only to raise
    with pytest.raises(GraphTooLargeError):
        draw(chain(800), step=-1, derivatives=True)  # 1,201 values


def replay_peak(n: int) -> int:
    root = chain(n)
    tracemalloc.start()
    try:
        draw(root, step=n // 2, max_nodes=None)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_replay_keeps_changes_not_a_snapshot_per_step() -> None:
    small, big = replay_peak(300), replay_peak(1200)  # 4x the nodes
    assert big < 8 * small, (small, big)  # linear: about 4x; a snapshot per step: about 16x


def test_a_replay_reads_each_step_as_the_stepper_does() -> None:
    e = toy()
    e.zero_grad()  # a replay is a fresh pass
    for k, step in enumerate(list(backward_steps(e)), 1):
        d = draw(e, step=k)  # the picture after k nodes: the k-th step
        assert str(d.step) == str(step) and d.caption is not None and d.caption.startswith(f"step {k} of 3: {step.header()}")
    start = draw(e, step=0)
    assert start.step is None
    assert start.caption == "step 0 of 3: start: ∂e/∂e = 1\nthe root is seeded with 1; every other gradient starts at 0"
    assert e.grad == 1.0


@pytest.mark.parametrize(
    ("options", "error", "match"),
    [
        ({"step": "a"}, TypeError, "step must be an int"), ({"step": True}, TypeError, "step must be an int"),
        ({"step": 1.0}, TypeError, "step must be an int"), ({"digits": True}, TypeError, "digits must be an int"),
        ({"digits": 18}, ValueError, "digits must be from 1 to 17"),
        ({"clusters": 5}, TypeError, "clusters must be a function or a mapping"),
        ({"clusters": lambda v: v.tag, "collapse": "a"}, TypeError, "collapse must be True, False or a depth"),
        ({"clusters": lambda v: v.tag, "collapse": 0}, ValueError, "collapse must be"), ({"max_nodes": True}, TypeError, "max_nodes"),
        ({"max_nodes": 2.5}, TypeError, "max_nodes"), ({"derivatives": "yes"}, TypeError, "derivatives must be True or False"),
        ({"legend": None}, TypeError, "legend must be True or False"), ({"parameters": 5}, TypeError, "parameters must be an iterable"),
        ({"parameters": [1.0]}, TypeError, "parameters must hold only Values"), ({"rankdir": 1}, ValueError, "rankdir"),
        ({"step": 4}, IndexError, "3 steps"),
    ],
)  # fmt: skip
def test_bad_draw_options_are_errors_naming_the_option(options: dict, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        draw(toy(), **options)


def test_bad_picture_options_are_errors_naming_them() -> None:
    d = draw(toy())
    for call, match in [
        (lambda: d.png(dpi=True), "dpi must be an int"), (lambda: d.png(dpi=0), "dpi must be an int from 1"),
        (lambda: d.png(max_side="big"), "max_side must be an int"), (lambda: d.pipe("-Tsvg"), "fmt must be an output format"),
        (lambda: d.pipe(3), "fmt must be"),
    ]:  # fmt: skip
        with pytest.raises(ValueError, match=match):
            call()


def test_a_step_of_a_leaf_and_bad_stepper_options() -> None:
    with pytest.raises(ValueError, match="step=0: this graph has no backward steps"):
        draw(Value(1.0, label="x"), step=0)
    with pytest.raises(TypeError, match="digits must be an int"):
        backward_steps(toy(), digits=True)  # at the call, not at the first next()
    with pytest.raises(TypeError, match="needs a Value"):
        backward_steps(2.0)  # type: ignore[arg-type]


def test_lone_surrogates_and_controls_in_labels_save_in_every_format(tmp_path: Path) -> None:
    x = Value(2.0, label="x\ud800")
    y = (x * 3.0).tanh()
    y.label = "\udfff y \x07"
    d = draw(y, clusters={x: "group \ud83d"}, derivatives=True)
    for name in ("g.dot", "g.gv") + (("g.svg", "g.png", "g.html") if has_layout() else ()):
        assert d.save(tmp_path / name).stat().st_size > 0
    text = "\n".join(map(str, y.backward_steps())) + y.tree()
    assert "\ud800" not in text and "x\ufffd" in text
    text.encode("utf-8")


def has_layout() -> bool:
    try:
        find_binary()
    except Exception:
        return False
    return True


def test_an_infinite_partial_is_shown_never_raised(tmp_path: Path) -> None:
    for base in (Value(1e-200), Value(1e-200, label="x")):
        y = base**-1.5
        y.label = "y"
        y.backward()
        assert base.grad == -math.inf
        steps = list(y.backward_steps())
        assert "= -inf" in str(steps[0])
        assert "-inf" in draw(y, derivatives=True).source and "-inf" in draw(y, derivatives=True, step=1).source
        assert "-inf" in y.tree()
        if has_layout():
            assert "-inf" in draw(y, derivatives=True).save(tmp_path / "inf.html").read_text(encoding="utf-8")
    z = Value(0.0, label="z") ** 0.5  # √z at 0: an infinite slope
    z.backward()
    assert "inf" in draw(z, derivatives=True).source and walk(z)[1].grad == math.inf
