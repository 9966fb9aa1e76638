"""The DOT text of drawings: records, colours, derivative labels, reused operands, clusters,
collapsing, max_nodes, step highlighting and determinism. (No layout program needed.)"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given

from autograd_core import Value, draw, walk
from autograd_core.drawing import GraphTooLargeError
from autograd_core.drawing.labels import CURRENT, KINDS
from autograd_core.engine import local_partials
from autograd_core.names import Names
from demos.toy import build
from tests.strategies_graphs import chain, labelled_graphs, tagged_network

ROOT = Path(__file__).resolve().parents[2]


def node_line(source: str, nid: str) -> str:
    (line,) = [ln for ln in source.splitlines() if ln.strip().startswith(f"{nid} [")]
    return line


def edges(source: str) -> list[tuple[str, str, str]]:
    """(tail, head, attributes) of every edge statement."""
    return re.findall(r"^\s*(\w+) -> (\w+)(.*)$", source, flags=re.M)


def toy() -> Value:
    *_, e = build()
    e.backward()
    return e


def test_one_record_per_value_and_a_small_node_per_op() -> None:
    src = draw(toy()).source
    assert "<b>" not in src  # bold is a font face (see labels._cell)
    expected = [("n0", "e", "6.0", "1.0"), ("n1", "c", "3.0", "2.0"), ("n2", "a", "2.0", "2.0"), ("n3", "b", "1.0", "5.0")]
    for nid, name, data, grad in expected:
        line = node_line(src, nid)
        assert f">{name}</font>" in line and f"data {data}" in line and f"grad {grad}" in line
    assert "label=<×>" in node_line(src, "n0op") and "label=<+>" in node_line(src, "n1op")
    assert ("n0op", "n0", "") in edges(src)
    assert len(edges(src)) == 3 + 6  # op -> value for e, c, d; then every parent slot


def test_kinds_are_coloured_and_listed_in_the_legend() -> None:
    root, params = tagged_network((2, 2, 1))
    src = draw(root).source
    index = Names(walk(root)).index
    fill = lambda v: re.search(r'fillcolor="([^"]+)"', node_line(src, f"n{index[v]}")).group(1)
    x0 = next(v for v in walk(root) if v.label == "x₁")
    z = root.parents[0]
    assert (fill(root), fill(params[0]), fill(x0), fill(z)) == tuple(KINDS[k][0] for k in ("output", "parameter", "input", "interior"))
    legend = re.search(r"^\s*label=(<.*>) labeljust=l labelloc=b$", src, flags=re.M).group(1)
    assert all(KINDS[k][2] in legend for k in ("output", "parameter", "input", "interior"))
    assert KINDS["constant"][2] not in legend  # only kinds that are drawn
    chosen = draw(root, parameters=[x0]).source  # an explicit choice of parameters
    assert KINDS["parameter"][0] in node_line(chosen, f"n{index[x0]}")
    assert "labelloc" not in draw(root, legend=False).source


def test_derivative_labels_show_formula_and_value() -> None:
    e = toy()
    plain, labelled = draw(e).source, draw(e, derivatives=True).source
    assert "∂" not in plain
    for text in ["∂e/∂c = d = 2.0", "∂e/∂d = c = 3.0", "∂c/∂a = 1", "∂c/∂b = 1", "∂d/∂b = 1"]:
        assert f"label=<{text}>" in labelled
    assert "∂d/∂1.0" not in labelled  # numbers need no derivative
    x = Value(0.5, label="n")
    o = x.tanh()
    o.label = "o"
    assert f"∂o/∂n = 1 - o² = {1 - o.data**2:.4g}" in draw(o, derivatives=True).source
    cube = x**3
    src = draw(cube, derivatives=True).source
    assert "label=<³>" in node_line(src, "n0op") and "∂#0/∂n = 3·n² = 0.75" in src
    assert not re.search(r"^\s*n2 \[", src, flags=re.M)  # the exponent 3 is drawn in the op, not as a record
    assert "label=<^1.5>" in draw(x**1.5).source and "label=<−>" in draw(x - 1.0).source


@given(labelled_graphs())
def test_every_edge_value_is_the_op_tables_local_partial(root: Value) -> None:
    src = draw(root, derivatives=True, max_nodes=None).source
    nodes = walk(root)
    index = Names(nodes).index
    labelled = {}
    for tail, head, attrs in edges(src):
        m = re.search(r"label=<∂.*? = ([^=<]+)>", attrs)
        if m:
            labelled.setdefault((tail, head), []).append(m.group(1).strip())
    for v in nodes:
        if v.op_entry is None:
            continue
        for i, (p, d) in enumerate(zip(v.parents, local_partials(v), strict=True)):
            if i in v.op_entry.constant or (p.op_entry is None and not p.label and p.tag is None):
                continue
            values = [float(text) for text in labelled[f"n{index[p]}", f"n{index[v]}op"]]
            assert any(x == pytest.approx(d, rel=1e-3, nan_ok=True) for x in values), (v, i, values, d)


def test_a_reused_operand_is_drawn_as_two_edges() -> None:
    x = Value(3.0, label="x")
    y = x * x
    src = draw(y, derivatives=True).source
    assert [e for e in edges(src) if e[:2] == ("n1", "n0op")] == [("n1", "n0op", " [label=<∂#0/∂x = x = 3.0>]")] * 2
    assert "label=<∂#0/∂x = 2·x = 6.0>" in draw(x**2, derivatives=True).source  # the square, as the notes write it


def test_clusters_group_nodes_by_a_function_or_mapping_and_tuples_nest() -> None:
    root, _ = tagged_network((2, 2, 1))
    src = draw(root, clusters=lambda v: v.tag).source
    assert src.count("subgraph cluster_") == 5  # two layers holding two units and one unit
    for name in ("hidden layer 1", "output layer", "unit 1", "unit 2"):
        assert f"label=<<font face=\"Helvetica-Bold\">{name}</font>>" in src
    assert re.search(r"subgraph cluster_4 \{\s*[^\n]*output layer[^}]*subgraph cluster_5 \{", src)
    block = re.search(r"subgraph cluster_5 \{([^}]*)\}", src).group(1)
    assert "unit 1" in block and "\tn0 [" in block and "\tn0op [" in block  # the output and its op in its unit's box
    mapping = {v: v.tag for v in walk(root) if v.tag}
    assert draw(root, clusters=mapping).source == src
    by_layer = draw(root, clusters=lambda v: v.tag[0] if v.tag else None).source
    assert by_layer.count("subgraph cluster_") == 2


def test_collapse_draws_each_group_as_one_box() -> None:
    root, _ = tagged_network((2, 3, 1))
    root.backward()
    src = draw(root, clusters=lambda v: v.tag, collapse=True).source
    boxes = re.findall(r"^\s*(g\d+) \[label=<(.*)> color", src, flags=re.M)
    assert sorted(b for b, _ in boxes) == ["g0", "g1", "g2", "g3"]
    output = dict(boxes)["g0"]
    assert "unit 1</font>" in output and "(6 values)" in output and "a²₁" in output  # w²₁₁..w²₁₃, b²₁, z²₁, a²₁
    assert not re.search(r"^\s*n0 \[", src, flags=re.M)  # the output is inside a box
    links = edges(src)
    assert ("g1", "g0", "") in links and ("n1", "g1", "") not in links  # inputs feed boxes; boxes feed boxes
    assert any(t.startswith("n") and h.startswith("g") for t, h, _ in links)
    assert KINDS["group"][2] in src
    by_layer = draw(root, clusters=lambda v: v.tag, collapse=1).source
    assert re.findall(r"^\s*g\d+ \[label=<.*?Helvetica-Bold\">([^<]*)<", by_layer, flags=re.M) == ["output layer", "hidden layer 1"]
    assert "subgraph cluster_" not in by_layer and "(15 values)" in by_layer  # 3 units × (2 weights, b, z, a)
    by_unit = draw(root, clusters=lambda v: v.tag, collapse=2).source
    assert len(re.findall(r"^\s*g\d+ \[", by_unit, flags=re.M)) == 4 and by_unit.count("subgraph cluster_") == 2
    with pytest.raises(ValueError, match="collapse needs clusters"):
        draw(root, collapse=True)


def test_max_nodes_is_a_clear_error_naming_the_ways_out() -> None:
    big = chain(800)  # 1,201 values: x, 800 ops, 400 constants
    with pytest.raises(GraphTooLargeError, match=r"1201 values to draw, more than max_nodes=1000: pass max_nodes=None") as err:
        draw(big)
    assert "collapse=True" in str(err.value) and isinstance(err.value, ValueError)
    assert draw(big, max_nodes=None).source.count("op [") == 800
    root, _ = tagged_network((3, 4, 1))
    with pytest.raises(GraphTooLargeError):
        draw(root, max_nodes=10)
    assert draw(root, max_nodes=10, clusters=lambda v: v.tag, collapse=True)  # 5 boxes + 3 inputs fit


def test_step_highlights_the_node_its_edges_and_which_gradients_are_final() -> None:
    e = toy()
    d = draw(e, derivatives=True, step=2)  # after the second node, c
    assert d.step is not None and d.step.name == "c"
    src = d.source
    assert f'color="{CURRENT}"' in node_line(src, "n1") and "penwidth=3" in node_line(src, "n1")
    red = [(t, h) for t, h, attrs in edges(src) if CURRENT in attrs]
    assert sorted(red) == [("n1op", "n1"), ("n2", "n1op"), ("n3", "n1op")]
    grad_cell = lambda nid: re.search(r"<td[^>]*>(?:(?!<td).)*grad [^<]*</font>", node_line(src, nid)).group(0)
    assert "Helvetica-Bold" in grad_cell("n2") and "grad 2.0" in grad_cell("n2")  # a: final
    assert "Helvetica-Oblique" in grad_cell("n3") and "grad 2.0" in grad_cell("n3")  # b: d has not sent its share yet
    assert "bgcolor" in grad_cell("n2") and "bgcolor" not in grad_cell("n4")  # a just received gradient, d did not
    assert "grad 0.0" in grad_cell("n5")  # the constant 1 of d = b + 1: nothing yet
    assert "just received gradient" in src


def test_step_drawings_leave_the_users_gradients_alone() -> None:
    a, b, c, d, e = build()
    e.backward()
    before = [v.grad for v in walk(e)]
    for k in range(4):  # 0 is the start, then after each of the 3 nodes
        draw(e, step=k)
    draw(e, step=-1)
    assert [v.grad for v in walk(e)] == before
    with pytest.raises(IndexError, match="3 steps, so step is 0"):
        draw(e, step=4)
    with pytest.raises(IndexError, match="3 steps"):
        draw(e, step=-5)


def test_bad_options_are_clear_errors() -> None:
    e = toy()
    assert "rankdir=TB" in draw(e, rankdir="TB").source
    with pytest.raises(ValueError, match="rankdir"):
        draw(e, rankdir="sideways")
    with pytest.raises(ValueError, match="max_nodes"):
        draw(e, max_nodes=0)
    with pytest.raises(ValueError, match="digits"):
        draw(e, digits=0)
    with pytest.raises(TypeError, match="needs a Value"):
        draw(3.0)  # type: ignore[arg-type]
    assert "data 3.14159" in draw(Value(3.14159265, label="pi"), digits=6).source


def test_same_graph_same_dot_whatever_the_hash_seed() -> None:
    code = (
        "from tests.strategies_graphs import tagged_network; from autograd_core import draw; "
        "r, _ = tagged_network((2, 3, 1)); r.backward(); print(draw(r, derivatives=True, clusters=lambda v: v.tag).source)"
    )
    outs = {
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(outs) == 1
    r, _ = tagged_network((2, 3, 1))
    r.backward()
    assert draw(r, derivatives=True, clusters=lambda v: v.tag).source + "\n" in outs
