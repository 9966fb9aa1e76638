"""Grouped drawings show the architecture: inputs, each layer and the loss as columns left to right,
units in index order top to bottom, titles as written -- checked in the DOT text and in the laid-out SVG."""

from __future__ import annotations

import re

import pytest

from autograd_core import Value, draw, walk
from autograd_core.drawing import find_binary
from autograd_core.drawing.dot import kind
from autograd_core.drawing.groups import group_paths, natural, sibling_order
from tests.strategies_graphs import lecture_network, softmax_point, tagged_network

SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in SVG coordinates (y grows downwards)


def cluster_boxes(svg: str) -> list[tuple[str, Box]]:
    """(title, box) of every cluster drawn."""
    out = []
    for m in re.finditer(r'<g id="clust\d+" class="cluster">(.*?)</g>', svg, flags=re.S):
        points = re.findall(r"(-?[\d.]+),(-?[\d.]+)", re.search(r'(?:d|points)="([^"]+)"', m.group(1)).group(1))
        xs, ys = [float(x) for x, _ in points], [float(y) for _, y in points]
        out.append(("".join(re.findall(r"<text[^>]*>([^<]*)</text>", m.group(1))), (min(xs), min(ys), max(xs), max(ys))))
    return out


def node_list(svg: str) -> list[tuple[str, float, float]]:
    """(name, x, y) of the first text of every drawn node."""
    out = []
    for m in re.finditer(r'<g id="node\d+" class="node[^"]*">\s*<title>\w+</title>(.*?)</g>', svg, flags=re.S):
        t = re.search(r'<text[^>]*x="([\d.-]+)" y="([\d.-]+)"[^>]*>([^<]*)</text>', m.group(1))
        if t:
            out.append((t.group(3), float(t.group(1)), float(t.group(2))))
    return out


def node_places(svg: str) -> dict[str, tuple[float, float]]:
    return {name: (x, y) for name, x, y in node_list(svg)}


def inside(inner: Box, outer: Box) -> bool:
    return inner[0] >= outer[0] and inner[2] <= outer[2] and inner[1] >= outer[1] and inner[3] <= outer[3]


def check_architecture(svg: str, layers: list[str], units: dict[str, int]) -> None:
    """Layers left to right in order; inside each, units 1..n top to bottom; weights in index order inside a unit."""
    boxes = cluster_boxes(svg)
    tops = [(t, b) for t, b in boxes if t in layers]
    assert [t for t, _ in sorted(tops, key=lambda tb: tb[1][0])] == layers
    for title, box in tops:
        held = sorted((b[1], t) for t, b in boxes if t.startswith("unit") and inside(b, box) and b != box)
        assert [t for _, t in held] == [f"unit {j}" for j in range(1, units.get(title, 0) + 1)], title
    weights: dict[tuple[str, str], list[tuple[float, int]]] = {}
    for name, _, y in node_list(svg):
        m = re.fullmatch(r"w([¹²³])([₀-₉]+),([₀-₉]+)", name) or re.fullmatch(r"w([¹²³])([₀-₉])([₀-₉])", name)
        if m:
            weights.setdefault((m.group(1), m.group(2)), []).append((y, int(m.group(3).translate(SUBSCRIPTS))))
    assert weights
    for row in weights.values():
        assert [k for _, k in sorted(row)] == sorted(k for _, k in row)


def test_sibling_groups_come_in_data_flow_then_natural_order_whatever_the_discovery_order() -> None:
    root, _ = tagged_network((2, 3, 1))
    nodes = walk(root)
    order = sibling_order(root, nodes, group_paths(nodes, lambda v: v.tag))
    assert sorted(order, key=order.get)[:1] == [("hidden layer 1",)]
    assert sorted([p for p in order if len(p) == 1], key=order.get) == [("hidden layer 1",), ("output layer",)]
    units = sorted([p for p in order if p[0] == "hidden layer 1" and len(p) == 2], key=order.get)
    assert units == [("hidden layer 1", "unit 1"), ("hidden layer 1", "unit 2"), ("hidden layer 1", "unit 3")]
    assert natural("unit 2") < natural("unit 10") and natural("layer 9b") < natural("layer 10a")
    by_neuron = sibling_order(root, nodes, group_paths(nodes, lambda v: f"{v.tag[1]} of {v.tag[0]}" if v.tag else None))
    assert [p[0] for p in sorted(by_neuron, key=by_neuron.get)] == [
        "unit 1 of hidden layer 1", "unit 2 of hidden layer 1", "unit 3 of hidden layer 1", "unit 1 of output layer",
    ]  # fmt: skip


def test_the_dot_text_holds_layers_then_the_loss_each_with_its_units() -> None:
    src = draw(lecture_network(), clusters=lambda v: v.tag).source
    titles = re.findall(r'label=<<font face="Helvetica-Bold">([^<]*)</font>>', src)
    assert titles == ["hidden layer 1", "unit 3", "unit 2", "unit 1", "output layer", "unit 1", "loss"]  # inside a box: last first
    assert "mclimit=0.01" in src and "mclimit" not in draw(lecture_network()).source


@pytest.fixture(scope="module", autouse=True)
def layout_program() -> None:
    try:
        find_binary()
    except Exception as err:
        pytest.skip(f"no layout program: {err}")


@pytest.mark.parametrize("derivatives", [False, True])
def test_the_lecture_network_draws_as_its_architecture(derivatives: bool) -> None:
    root = lecture_network()
    root.backward()
    assert root.data == pytest.approx(0.52699227, abs=5e-9)  # the notes' worked example
    svg = draw(root, clusters=lambda v: v.tag, derivatives=derivatives).svg()
    check_architecture(svg, ["hidden layer 1", "output layer", "loss"], {"hidden layer 1": 3, "output layer": 1})
    places = node_places(svg)
    assert max(places["x₁"][0], places["w¹₁₁"][0]) < places["z¹₁"][0] < places["a¹₁"][0] < places["z²₁"][0] < places["L"][0]


@pytest.mark.parametrize(("sizes", "examples"), [((3, 4, 2), 1), ((2, 4, 4, 1), 1), ((2, 10, 1), 1), ((2, 3, 1), 2)])
@pytest.mark.parametrize("derivatives", [False, True])
def test_networks_of_other_shapes_and_batches_keep_the_order(sizes: tuple[int, ...], examples: int, derivatives: bool) -> None:
    root, _ = tagged_network(sizes, examples=examples)
    layers = [f"hidden layer {k}" for k in range(1, len(sizes) - 1)] + ["output layer"] + (["loss"] if examples > 1 else [])
    units = {title: n for title, n in zip(layers, sizes[1:-1])} | {"output layer": 1}  # the graph of one output
    svg = draw(root, clusters=lambda v: v.tag, derivatives=derivatives, max_nodes=None).svg()
    check_architecture(svg, layers, units)


def test_collapsed_layers_are_boxes_left_to_right() -> None:
    svg = draw(lecture_network(), clusters=lambda v: v.tag, collapse=1).svg()
    places = node_places(svg)
    assert places["hidden layer 1"][0] < places["output layer"][0] < places["loss"][0]
    by_unit = draw(lecture_network(), clusters=lambda v: v.tag, collapse=2).svg()
    (hidden,) = [box for title, box in cluster_boxes(by_unit) if title == "hidden layer 1"]
    held = sorted((y, name) for name, x, y in node_list(by_unit) if name.startswith("unit") and inside((x, y, x, y), hidden))
    assert [name for _, name in held] == ["unit 1", "unit 2", "unit 3"]


def test_softmax_and_its_constants() -> None:
    root = softmax_point()
    svg = draw(root, clusters=lambda v: v.tag, derivatives=True).svg()
    boxes = dict(cluster_boxes(svg))
    assert inside(boxes["softmax"], boxes["output layer"]) and boxes["output layer"][2] < boxes["loss"][0]
    shifts = [v for v in walk(root) if v.op == "sub"]
    assert all(kind(v.parents[1], root, None) == "constant" for v in shifts)  # the shift max is a number
    shifts[0].parents[1].tag = ("output layer", "softmax")  # even when someone tags it
    assert kind(shifts[0].parents[1], root, None) == "constant"
    assert "parameter" not in {kind(v, root, None) for v in walk(root) if not v.label}
    tagged_number = Value(2.0)
    tagged_number.tag = ("neuron",)
    assert 'fillcolor="#f3f4f6"' in draw(tagged_number * Value(1.0, label="x")).source  # grey: a constant
