"""tree(): the graph as text for a terminal."""

from __future__ import annotations

import pytest
from hypothesis import given

from autograd_core import Value, vsum, walk
from autograd_core import text_tree as text_tree_module
from autograd_core.text_tree import shown_parents, tree
from demos.toy import build
from tests.strategies_graphs import chain, labelled_graphs, tagged_network

# the toy graph's rendering, as the module's docstring shows it (so the docs cannot drift)
TOY = "\n".join(line[4:] for line in text_tree_module.__doc__.splitlines() if line.startswith("    "))


def test_toy_graph() -> None:
    *_, e = build()
    e.backward()
    assert e.tree() == TOY
    assert tree(e, ascii=True) == TOY.replace("├── ", "|-- ").replace("└── ", "`-- ").replace("│   ", "|   ").replace("↑ above", "^ above")


def test_a_shared_subexpression_is_printed_once_and_referred_to_after() -> None:
    a, b = Value(1.5, label="a"), Value(-2.0, label="b")
    h = (a * b).tanh()
    h.label = "h"
    out = h * h + h
    out.label = "out"
    lines = out.tree().splitlines()
    assert sum("h = tanh(#" in line for line in lines) == 1
    assert sum(line.endswith("h  ↑ above") for line in lines) == 2
    assert lines[0] == f"out = #1 + h  data {out.data:.4g}  grad 0.0"


def test_unlabelled_nodes_n_ary_ops_and_tags() -> None:
    xs = [Value(float(i), label=f"x{i}") for i in range(6)]
    s = vsum(xs)
    text = s.tree(digits=3)
    assert text.splitlines()[0] == "#0 = Σ(x0, x1, x2, x3, …)  data 15.0  grad 0.0"
    root, params = tagged_network((2, 2, 1))
    root.backward()
    text = root.tree()
    assert "a²₁ = tanh(z²₁)" in text and "[output layer / unit 1]" in text
    assert "z¹₂ = b¹₂ + w¹₂₁·x₁ + w¹₂₂·x₂" in text
    assert f"w¹₁₁  data {params[0].data:.4g}"[:12] in text


def test_max_depth_cuts_deep_graphs_and_deep_chains_need_no_recursion() -> None:
    deep = chain(3000)  # far deeper than Python's recursion limit
    lines = deep.tree(max_depth=None, max_lines=None).splitlines()
    assert len(lines) == len(walk(deep))
    short = deep.tree(max_depth=3).splitlines()
    assert len(short) == 7 and short[4] == "    │       └── …" and short[5].endswith("1.01  constant  grad 0.0")
    assert short[6] == "… cut at max_depth=3: tree(max_depth=None) shows every level (or pass a larger number)"


def test_output_is_bounded_by_default_and_says_how_to_see_more() -> None:
    deep = chain(4000)  # printed in full: 48 million characters (16,000 deep: half a billion)
    text = deep.tree()
    assert len(text) < 400_000
    lines = text.splitlines()
    assert lines[-1] == "… cut at max_depth=60: tree(max_depth=None) shows every level (or pass a larger number)"
    assert max(len(line) for line in lines) < 4 * 60 + 80  # indentation stops at max_depth=60
    lines = deep.tree(max_depth=5000).splitlines()
    assert len(lines) == 2001
    assert lines[-1] == "… stopped at max_lines=2000: tree(max_lines=None) prints every line (or pass a larger number)"
    cut = deep.tree(max_depth=None, max_lines=50).splitlines()
    assert len(cut) == 51 and cut[-1].startswith("… stopped at max_lines=50")
    wide = vsum([Value(float(i), label=f"x{i}") for i in range(5000)]).tree(max_lines=100).splitlines()
    assert len(wide) == 101


def test_bad_options_are_clear_errors() -> None:
    *_, e = build()
    for options, error, match in [
        ({"digits": True}, TypeError, "digits must be an int"), ({"digits": "3"}, TypeError, "digits must be an int"),
        ({"digits": 0}, ValueError, "digits must be from 1 to 17"), ({"max_depth": "a"}, TypeError, "max_depth must be an int or None"),
        ({"max_depth": -1}, ValueError, "max_depth must be >= 0"), ({"max_lines": 0}, ValueError, "max_lines must be >= 1"),
        ({"max_lines": 2.5}, TypeError, "max_lines must be an int"), ({"ascii": 1}, TypeError, "ascii must be True or False"),
    ]:  # fmt: skip
        with pytest.raises(error, match=match):
            e.tree(**options)
    with pytest.raises(TypeError, match="needs a Value"):
        tree(3.0)  # type: ignore[arg-type]


def test_a_square_shows_as_one_with_its_exponent_left_out() -> None:
    d = Value(3.0, label="d")
    sq = d**2
    sq.label = "s"
    assert sq.tree() == "s = d²  data 9.0  grad 0.0\n└── d  data 3.0  grad 0.0"


@given(labelled_graphs())
def test_every_node_appears_once_in_full_and_every_reuse_as_a_reference(root: Value) -> None:
    nodes = walk(root)
    lines = root.tree(max_lines=None, max_depth=None).splitlines()
    edges = sum(len(shown_parents(v)) for v in nodes)
    assert len(lines) == 1 + edges  # one line per edge followed, plus the root
    shown = [v for v in nodes if v is root or any(v in shown_parents(u) for u in nodes)]
    assert sum(" data " in line or "  constant  " in line for line in lines) == len(shown)
