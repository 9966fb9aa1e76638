"""The DOT graph of a Value graph, built with the ``graphviz`` package.

One record per Value (name | data | grad) and one small node per op (its symbol; a power with a
number exponent shows it, ``²``, and the exponent gets no record of its own); a parent used twice
is two edges. Node ids follow the order of discovery from the root (``n0`` is the root, ``n3op``
is node 3's op), so the same graph always gives the same DOT text. Groups (``clusters``) nest as
boxes, siblings in their natural order (``groups.py``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field

import graphviz

from ..engine import local_partials
from ..names import Names, d_name, fmt, formula_text, is_number, symbol
from ..value import Value
from . import labels
from .groups import Path, group_paths, sibling_order
from .labels import CURRENT, FONT, KINDS
from .options import Options


class GraphTooLargeError(ValueError):
    """The graph has more values than ``max_nodes``."""


@dataclass(frozen=True)
class View:
    """What one picture shows: gradients (default: each Value's ``.grad``) and step markings."""

    grads: Mapping[Value, float] | None = None
    current: Value | None = None  # this step's node
    final: Collection[Value] | None = None  # None: not stepping
    received: Collection[Value] = frozenset()
    grad_widths: Mapping[Value, int] = field(default_factory=dict)
    marked: frozenset[str] = frozenset()  # parts ("records", "ops", "edges") drawn as this step's everywhere (templates)

    def is_current(self, v: Value, part: str) -> bool:
        return v is self.current or part in self.marked


def kind(v: Value, root: Value, parameters: Collection[Value] | None) -> str:
    """output, interior, parameter (given, or by default a tagged labelled leaf), constant (an unlabelled leaf) or input."""
    if v is root:
        return "output"
    if v.op_entry is not None:
        return "interior"
    if parameters is not None:
        return "parameter" if v in parameters else "constant" if is_number(v) else "input"
    return "constant" if is_number(v) else "parameter" if v.tag is not None else "input"


def exponents(nodes: list[Value]) -> set[Value]:
    """Unlabelled numbers used only as constants of an op (a power's exponent): drawn inside the op, not as records."""
    as_constant: set[Value] = set()
    elsewhere: set[Value] = set()
    for u in nodes:
        op = u.op_entry
        if op is not None:
            for i, p in enumerate(u.parents):
                if is_number(p):
                    (as_constant if i in op.constant else elsewhere).add(p)
    return as_constant - elsewhere


def op_text(v: Value, digits: int) -> str:
    """The op node's text: its symbol (``−`` for a difference or a negation), or ``²``, ``³``, ``^1.5`` for a
    power with a number exponent."""
    if v.op == "pow":
        k = v.parents[1].data
        return {2.0: "²", 3.0: "³"}.get(k, f"^{fmt(k, digits)}")
    return {"-": "−", "neg": "−"}.get(symbol(v), symbol(v))


def boxes(nodes: list[Value], opts: Options) -> tuple[dict[Value, Path], dict[Value, Path], dict[Path, str]]:
    """(each Value's group path, the box it is drawn in when collapsed, an id per box)."""
    paths = group_paths(nodes, opts.clusters)
    level = None if opts.collapse is False else (10**9 if opts.collapse is True else int(opts.collapse))
    boxed = {v: p[:level] for v, p in paths.items()} if level else {}
    return paths, boxed, {key: f"g{i}" for i, key in enumerate(dict.fromkeys(boxed.values()))}


def check_size(nodes: list[Value], opts: Options) -> None:
    """A ``GraphTooLargeError`` when more than ``max_nodes`` records would be drawn (checked before any other work)."""
    if opts.max_nodes is None or len(nodes) <= opts.max_nodes:
        return
    _, boxed, box_ids = boxes(nodes, opts)
    count = len(box_ids) + len(nodes) - len(boxed) - len(exponents(nodes))
    if count > opts.max_nodes:
        raise GraphTooLargeError(
            f"the graph has {count} values to draw, more than max_nodes={opts.max_nodes}: pass max_nodes=None "
            "(or a larger number) to draw it anyway, group it with clusters=... and collapse=True to draw each group "
            "as one box, or draw a smaller part of the graph (SVG stays fast; a PNG of a big graph is scaled down)"
        )


def build(root: Value, nodes: list[Value], opts: Options, view: View) -> graphviz.Digraph:
    """The Digraph for ``nodes`` (``walk(root)``) as ``opts`` and ``view`` ask."""
    check_size(nodes, opts)
    name = Names(nodes, opts.digits)
    paths, boxed, box_ids = boxes(nodes, opts)
    hidden = exponents(nodes)
    rep = {v: box_ids[boxed[v]] if v in boxed else f"n{name.index[v]}" for v in nodes}
    members: dict[Path, list[tuple[str, dict[str, str]]]] = {}
    place = lambda path, nid, attrs: members.setdefault(path, []).append((nid, attrs))
    kinds = [kind(v, root, opts.parameters) for v in nodes]
    grads = view.grads if view.grads is not None else {}
    f = lambda x: fmt(x, opts.digits)
    for v, k in zip(nodes, kinds, strict=True):
        if v in boxed or v in hidden:
            continue
        nid = rep[v]
        style = "plain" if view.final is None else ("final" if v in view.final else "pending") + ("+received" if v in view.received else "")
        label = labels.value_label(
            name(v), f(v.data), f(grads.get(v, v.grad)), k, named=bool(v.label) or is_number(v),
            grad_style=style, grad_width=view.grad_widths.get(v),
        )  # fmt: skip
        fill, border = KINDS[k][:2]
        hot = view.is_current(v, "records")
        attrs = dict(label=label, fillcolor=fill, color=CURRENT if hot else border, penwidth="3" if hot else "1")
        place(paths.get(v, ()), nid, {**attrs, "class": "current"} if hot else attrs)
        if v.op_entry is not None:
            hot = view.is_current(v, "ops")
            place(paths.get(v, ()), nid + "op", dict(
                label=labels.plain_label(op_text(v, opts.digits)), shape="circle", style="filled", fillcolor="white",
                width="0.3", margin="0.02", color=CURRENT if hot else "#6b7280", penwidth="2" if hot else "1",
            ))  # fmt: skip
    _boxes(nodes, root, boxed, box_ids, rep, place, name, f, view)
    grouped = {"mclimit": "0.01"} if paths and opts.rankdir in ("LR", "RL") else {}  # keep the written order (see _emit)
    g = graphviz.Digraph(
        "stepgrad",
        graph_attr=dict(rankdir=opts.rankdir, fontname=FONT, bgcolor="white", nodesep="0.25", ranksep="0.35", **grouped),
        node_attr=dict(fontname=FONT, fontsize="11", shape="box", style="rounded,filled", margin="0"),
        edge_attr=dict(fontname=FONT, fontsize="9", color="#4b5563", fontcolor="#374151", arrowsize="0.7"),
    )
    _emit(g, (), members, sibling_order(root, nodes, paths), [0])
    _edges(g, nodes, boxed, hidden, rep, name, opts, view)
    if opts.legend:
        present = {k for v, k in zip(nodes, kinds, strict=True) if v not in boxed and v not in hidden} | ({"group"} if box_ids else set())
        g.attr(label=labels.legend_label([k for k in KINDS if k in present], view.final is not None), labelloc="b", labeljust="l")
    return g


def _boxes(nodes, root, boxed, box_ids, rep, place, name, f, view) -> None:
    """One node per collapsed group: its size and the values it hands to the rest of the graph."""
    outside = {p for v in nodes for p in v.parents if rep[p] != rep[v]} | {root}
    for key, bid in box_ids.items():
        group = [v for v in nodes if boxed.get(v) == key]
        shown = [v for v in group if v in outside]
        grads = view.grads or {}
        rows = [(name(v), f(v.data), f(grads.get(v, v.grad))) for v in shown[:3]]
        hot = "records" in view.marked or view.current in group
        fill, border = KINDS["group"][:2]
        attrs = dict(label=labels.group_label(key[-1], len(group), rows, max(0, len(shown) - 3)),
                     fillcolor=fill, color=CURRENT if hot else border, penwidth="3" if hot else "1")  # fmt: skip
        place(key[:-1], bid, {**attrs, "class": "current"} if hot else attrs)


def _emit(g: graphviz.Digraph, path: Path, members: dict, order: dict[Path, tuple], counter: list[int]) -> None:
    """Nodes of ``path``, then each sub-group (in natural order: unit 2 before unit 10) as a nested cluster.

    Graphviz draws left to right by laying out top to bottom and turning the picture, which turns
    the order inside each box upside down; so inside a box, nodes and sub-boxes are written last
    first, and the crossing minimisation that could shuffle them is off (``mclimit``, in ``build``).
    """
    inside = bool(path)
    entries = members.get(path, [])
    for nid, attrs in reversed(entries) if inside else entries:
        g.node(nid, **attrs)
    n = len(path)
    children = sorted(dict.fromkeys(p[: n + 1] for p in members if len(p) > n and p[:n] == path), key=lambda c: order[c])
    for child in reversed(children) if inside else children:
        counter[0] += 1
        with g.subgraph(name=f"cluster_{counter[0]}") as sub:
            sub.attr(label=labels.plain_label(child[-1], bold=True), style="rounded,dashed", color="#9ca3af", fontsize="10")
            _emit(sub, child, members, order, counter)


def _edges(g: graphviz.Digraph, nodes: list[Value], boxed: dict, hidden: set, rep: dict, name: Names, opts: Options, view: View) -> None:
    """parent → op → node; a reused parent gets one edge per use; edges into or out of a box are merged."""
    merged: dict[tuple[str, str], int] = {}
    for u in nodes:
        op = u.op_entry
        if op is None:
            continue
        hot = view.is_current(u, "edges")
        target = rep[u] if u in boxed else rep[u] + "op"
        partials = local_partials(u) if opts.derivatives and u not in boxed else ()
        if u not in boxed:
            g.edge(target, rep[u], **({"color": CURRENT, "penwidth": "2"} if hot else {}))
        for i, p in enumerate(u.parents):
            if p in hidden:
                continue
            if u in boxed or p in boxed:
                if rep[p] != rep[u]:
                    merged[rep[p], target] = merged.get((rep[p], target), 0) + 1
                continue
            attrs = {"color": CURRENT, "penwidth": "2"} if hot else {}
            if i in op.constant:
                attrs.update(style="dashed")
            elif opts.derivatives and not is_number(p):
                attrs["label"] = labels.plain_label(derivative_text(u, i, partials[i], name, opts.digits), color=CURRENT if hot else None)
            g.edge(rep[p], target, **attrs)
    for (src, dst), n in merged.items():
        g.edge(src, dst, **({"label": f"×{n}"} if n > 1 else {}))


def derivative_text(node: Value, i: int, d: float, name: Names, digits: int = 4) -> str:
    """``∂e/∂c = d = 2.0`` for the local partial ``d`` of input ``i`` (just ``∂c/∂a = 1`` when the formula is a number)."""
    formula = formula_text(node, i, name, digits)
    value = fmt(d, digits)
    head = f"∂{d_name(name(node))}/∂{d_name(name(node.parents[i]))} = {formula}"
    try:
        same = float(formula) == d
    except ValueError:
        same = False
    return head if same else f"{head} = {value}"
