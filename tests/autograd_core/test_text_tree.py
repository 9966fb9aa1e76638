"""tree(): the graph as text for a terminal."""

from __future__ import annotations

from hypothesis import given

from autograd_core import Value, vsum
from autograd_core import text_tree as text_tree_module
from autograd_core.stepper import walk
from autograd_core.text_tree import tree
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
    assert "a = tanh(z)" in text and "[layers.1.neurons.0]" in text
    assert f"w0  data {params[0].data:.4g}"[:12] in text


def test_max_depth_cuts_deep_graphs_and_deep_chains_need_no_recursion() -> None:
    deep = chain(3000)  # far deeper than Python's recursion limit
    lines = deep.tree().splitlines()
    assert len(lines) == len(walk(deep))
    short = deep.tree(max_depth=3).splitlines()
    assert len(short) == 6 and short[4] == "    │       └── …" and short[5].endswith("1.01  constant  grad 0.0")


@given(labelled_graphs())
def test_every_node_appears_once_in_full_and_every_reuse_as_a_reference(root: Value) -> None:
    nodes = walk(root)
    lines = root.tree().splitlines()
    edges = sum(len(v.parents) for v in nodes)
    assert len(lines) == 1 + edges  # one line per edge followed, plus the root
    assert sum(" data " in line or "  constant  " in line for line in lines) == len(nodes)
