"""Graphs for the drawing, stepper and text-tree tests: random expressions with labels, nasty
label text, and a small network of weighted sums tagged the way ``nn`` tags its neurons."""

from __future__ import annotations

import random

from hypothesis import strategies as st

from autograd_core import Value, linear_rows, vsum, wsum
from autograd_core.stepper import walk
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


def tagged_network(sizes: tuple[int, ...] = (2, 3, 1), seed: int = 0) -> tuple[Value, list[Value]]:
    """An MLP-shaped graph of wsum + tanh nodes, tagged ``layers.i.neurons.j`` as ``nn`` does.

    Returns the output and the parameters (tagged leaves); the inputs ``x0``.. are untagged.
    """
    rng = random.Random(seed)
    xs: list[Value] = [Value(rng.uniform(-1, 1), label=f"x{i}") for i in range(sizes[0])]
    params = []
    for i, (nin, nout) in enumerate(zip(sizes, sizes[1:])):
        outs = []
        for j in range(nout):
            tag = f"layers.{i}.neurons.{j}"
            w = [Value(rng.uniform(-1, 1), label=f"w{k}") for k in range(nin)]
            b = Value(0.1, label="b")
            for p in (*w, b):
                p.tag = tag
            z = wsum(w, xs, b)
            a = z.tanh()
            z.label, z.tag, a.label, a.tag = "z", tag, "a", tag
            outs.append(a)
            params += [*w, b]
        xs = outs
    return xs[0], params


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
