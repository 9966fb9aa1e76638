"""Graphs for the drawing, stepper and text-tree tests: random expressions with labels, nasty
label text, and networks with losses labelled and tagged by hand the way ``nn`` does it
(notes/CONVENTIONS.md: x₁, w¹₂₁, b¹₂, z¹₂, a¹₂, loss nodes ŷ − y, (ŷ − y)², L)."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from autograd_core import Value, linear_rows, vsum, walk, wsum
from tests.strategies import build_expression, expression_recipes

# Characters that break naive DOT/HTML/XML quoting, plus the maths the drawings use.
SPECIALS = list('"\'{}|<>\\&[];:=#%\n\t\r') + ["σ", "∂", "θ", "²", "₀", "é", "→", "</td>", "<br/>", "\\n", "&amp;", "]]>"]
label_text = st.lists(
    st.one_of(
        st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]),
        st.sampled_from(SPECIALS),
        st.characters(categories=["Cc", "Cs"]),  # controls and lone surrogates: drawn as U+FFFD
    ),
    max_size=12,
).map("".join)


@st.composite
def labelled_graphs(draw: st.DrawFn, max_steps: int = 8) -> Value:
    """A random expression (shared subexpressions, every primitive) with some nodes labelled."""
    inputs, steps = draw(expression_recipes(max_steps=max_steps))
    xs = [Value(x, label=f"x{i}") for i, x in enumerate(inputs)]
    root = build_expression(xs, steps)
    names = iter(draw(st.lists(st.sampled_from(["", "", "u", "v", "h", "loss"]), min_size=64, max_size=64)))
    for v in walk(root):
        if v.op_entry is not None:
            v.label = next(names, "")
    return root


def rebuild(seed_graph: tuple[list[float], list[tuple[str, tuple[int, ...]]]]) -> Value:
    """The expression for a recipe, built afresh (a second, independent copy of the same graph)."""
    inputs, steps = seed_graph
    return build_expression([Value(x, label=f"x{i}") for i, x in enumerate(inputs)], steps)


SUP, SUB = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"), str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def sup(n: int) -> str:
    return str(n).translate(SUP)


def sub(*indices: int) -> str:
    """Subscripts as the lectures write them: ``₂₁``, or ``₁₂,₃`` when an index has two digits."""
    parts = [str(i).translate(SUB) for i in indices]
    return ",".join(parts) if any(i >= 10 for i in indices) else "".join(parts)


def layer_network(
    weights: list[list[list[float]]], biases: list[list[float]] | None, rows: list[list[float]], activation: str = "sigmoid",
) -> tuple[list[list[Value]], list[Value]]:  # fmt: skip
    """A network built, labelled and tagged by hand exactly as ``nn`` does (notes/CONVENTIONS.md).

    ``weights[l][j][k]``: into unit j+1 of layer l+1 from input k+1; the last layer is the "output
    layer". Inputs ``x₁``.. (untagged, one set per row), weights ``w¹₂₁``, biases ``b¹₂``, net
    inputs ``z¹₂`` and activations ``a¹₂`` tagged ``("hidden layer 1", "unit 2")``. Returns each
    row's outputs and the parameters.
    """
    layers = []
    params: list[Value] = []
    for l, ws in enumerate(weights, start=1):
        title = "output layer" if l == len(weights) else f"hidden layer {l}"
        units = []
        for j, row in enumerate(ws, start=1):
            tag = (title, f"unit {j}")
            w = [Value(x, label=f"w{sup(l)}{sub(j, k)}") for k, x in enumerate(row, start=1)]
            b = None if biases is None else Value(biases[l - 1][j - 1], label=f"b{sup(l)}{sub(j)}")
            for p in (*w, *([b] if b is not None else [])):
                p.tag = tag
            params += [*w, *([b] if b is not None else [])]
            units.append((l, j, tag, w, b))
        layers.append(units)
    outputs = []
    for row in rows:
        xs: list[Value] = [Value(x, label=f"x{sub(k)}") for k, x in enumerate(row, start=1)]
        for units in layers:
            acts = []
            for l, j, tag, w, b in units:
                z = wsum(w, xs, b)
                z.label, z.tag = f"z{sup(l)}{sub(j)}", tag
                if activation != "linear":
                    a = getattr(z, activation)()
                    a.label, a.tag = f"a{sup(l)}{sub(j)}", tag
                acts.append(z if activation == "linear" else a)
            xs = acts
        outputs.append(xs)
    return outputs, params


def tagged_network(
    sizes: tuple[int, ...] = (2, 3, 1), seed: int = 0, activation: str = "tanh", examples: int = 1,
) -> tuple[Value, list[Value]]:  # fmt: skip
    """A random MLP-shaped graph labelled and tagged as ``nn`` does it; with ``examples`` > 1, the half
    mean squared error over a batch (so every neuron's labels repeat once per example).

    Returns the root (the output ``a²₁`` for one example, else the loss ``L``) and the parameters.
    """
    rng = random.Random(seed)
    weights = [[[rng.uniform(-1, 1) for _ in range(nin)] for _ in range(nout)] for nin, nout in zip(sizes, sizes[1:])]
    biases = [[0.1] * nout for nout in sizes[1:]]
    rows = [[rng.uniform(-1, 1) for _ in range(sizes[0])] for _ in range(examples)]
    outputs, params = layer_network(weights, biases, rows, activation)
    if examples == 1:
        return outputs[0][0], params
    return half_squared_error([out[0] for out in outputs], [1.0] * examples), params


def loss_node(v: Value, label: str) -> Value:
    v.label, v.tag = label, ("loss",)
    return v


def half_squared_error(predictions: list[Value], targets: list[float]) -> Value:
    """L = 1/(2N) Σ (ŷ − y)², from the lectures' elementary ops: a difference, a square, a Σ."""
    squares = [loss_node(loss_node(p - y, "ŷ − y") ** 2, "(ŷ − y)²") for p, y in zip(predictions, targets)]
    total = squares[0] if len(squares) == 1 else loss_node(vsum(squares), "Σ(ŷ − y)²")
    return loss_node(total * (1 / (2 * len(squares))), "L")


def binary_cross_entropy(p: Value, y: float) -> Value:
    """L = −[y log p + (1 − y) log(1 − p)] for one example, written with the terms that are not zero."""
    terms = []
    if y != 0.0:
        terms.append(loss_node(p.log(), "log p") * y if y != 1.0 else loss_node(p.log(), "log p"))
    if y != 1.0:
        terms.append(loss_node(loss_node(1 - p, "1 − p").log(), "log(1 − p)") * (1 - y))
    return loss_node(-(terms[0] if len(terms) == 1 else terms[0] + terms[1]), "L")


def chain(n: int) -> Value:
    """x → tanh → ×1.01 → tanh ... with ``n`` ops (about 2n values: every ×1.01 adds a constant)."""
    v = Value(0.5, label="x")
    for i in range(n):
        v = v.tanh() if i % 2 else v * 1.01
    v.label = "y"
    return v


@st.composite
def networks(draw: st.DrawFn) -> Value:
    """Layers of z nodes made by linear_rows or wsum, σ(z) or not, some weights themselves computed, summed up."""
    rng = random.Random(draw(st.integers(0, 2**16)))
    nin, points = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rows: list[list[Value]] = [[Value(rng.uniform(-1, 1)) for _ in range(nin)] for _ in range(points)]
    for _ in range(draw(st.integers(1, 3))):
        width, nin = draw(st.integers(1, 4)), len(rows[0])
        params = []
        for _ in range(width):
            w = [Value(rng.uniform(-1, 1)) for _ in range(nin)]
            kind = draw(st.sampled_from(["leaf", "scaled", "sum", "an input"]))
            if kind != "leaf":  # a weight that is itself a node, or one of the inputs themselves
                w[0] = w[0] * 2.0 if kind == "scaled" else rows[0][0] + w[0] if kind == "sum" else rows[0][-1]
            bias = draw(st.sampled_from(["none", "leaf", "an input"]))
            params.append(tuple(w) if bias == "none" else (*w, Value(0.1) if bias == "leaf" else rows[0][0]))
        if draw(st.booleans()):
            zs = linear_rows(params, [tuple(r) for r in rows])
        else:
            zs = [[wsum(own[:nin], row, own[nin] if len(own) > nin else None) for own in params] for row in rows]
        act = draw(st.sampled_from(["relu", "tanh", None]))
        rows = [[getattr(z, act)() if act else z for z in zr] for zr in zs]
        if draw(st.booleans()):  # a running sum of products over a row, as fused=False builds it
            rows = [[r[0] * r[-1] + r[0] * 0.5] + r[1:] for r in rows]
    return vsum([v * v for r in rows for v in r])


# ---- the lectures' graphs, built by hand as nn labels and tags them ------------------------------


def one_neuron(x: tuple[float, ...] = (1.0, 2.0), w: tuple[float, ...] = (0.5, -0.3), b: float = 0.1, y: float = 1.0) -> Value:
    """One sigmoid neuron and its loss ½(ŷ − y)² (a Neuron on its own: z, a, w₁, w₂, b, tagged ("neuron",))."""
    xs = [Value(v, label=f"x{sub(k)}") for k, v in enumerate(x, start=1)]
    ws = [Value(v, label=f"w{sub(k)}") for k, v in enumerate(w, start=1)]
    bias = Value(b, label="b")
    for p in (*ws, bias):
        p.tag = ("neuron",)
    z = wsum(ws, xs, bias)
    a = z.sigmoid()
    z.label, z.tag, a.label, a.tag = "z", ("neuron",), "a", ("neuron",)
    return half_squared_error([a], [y])


LECTURE_W = [[[1.0, 2.0], [-1.0, 2.0], [3.0, -1.0]], [[0.1, 0.5, -0.1]]]  # W (2×3) and V (3×1) of the notes, per unit


def lecture_network() -> Value:
    """The notes' 2-3-1 sigmoid network without biases at x = [5, 3], label 1, binary cross-entropy: J = 0.52699227."""
    outputs, _ = layer_network(LECTURE_W, None, [[5.0, 3.0]], "sigmoid")
    return binary_cross_entropy(outputs[0][0], 1.0)


def softmax_point(x: tuple[float, ...] = (1.0, 2.0), target: int = 0) -> Value:
    """Softmax and cross-entropy on one point: a linear output layer's z¹ⱼ (scores 2.0, 1.0, 0.1), then p₁, p₂, p₃
    and L = −log p_target. The softmax's own nodes are tagged ("output layer", "softmax"); its shift is an untagged number."""
    outputs, _ = layer_network([[[1.0, 0.5], [0.2, 0.4], [0.1, 0.0]]], [[0.0, 0.0, 0.0]], [list(x)], "linear")
    zs = outputs[0]
    tag = ("output layer", "softmax")
    m = max(z.data for z in zs)
    shifted = [z - m for z in zs]
    exps = [s.exp() for s in shifted]
    total = vsum(exps)
    probs = [e / total for e in exps]
    for j, (s, e, p) in enumerate(zip(shifted, exps, probs, strict=True), start=1):
        s.label, e.label, p.label = f"z¹{sub(j)} − max", f"exp(z¹{sub(j)} − max)", f"p{sub(j)}"
        s.tag = e.tag = p.tag = tag
    total.label, total.tag = "Σ exp", tag
    return loss_node(-loss_node(probs[target].log(), "log p"), "L")
