"""Cutting a traced batch into one block per example and the batch part around them.

A node belongs to example k when it depends on example k's inputs only; a node depending on
several examples (a Σ over the batch) or on none (Σ p² over the parameters) is a *batch node*.
The compiled step loops over examples, so the engine's backward order must read

    [batch nodes A] [example 0's nodes] [example 1's nodes] ... [example B-1's nodes] [batch nodes C]

(each example's nodes together, examples in order), which is what a loss that sums its examples
with one n-ary node gives. A batch node takes each example's values in *groups*: the inputs that
share an index in the op's input names (``w3`` and ``x3`` of a wsum, ``x3`` of a vsum), grouped by
example in order, with inputs of no example (parameters, other batch nodes, numbers) before or
after them. Any other shape is a ``CompileError`` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..value import Value
from .trace import CompileError, Trace

NONE, MANY = -1, -2  # example_of for nodes of no example / of several examples

_NAME = re.compile(r"^([A-Za-z_]+?)(\d+)$")


@dataclass
class Layout:
    """How a batch node's inputs are laid out: per name prefix (``w``, ``x``), groups before the
    examples' run, the run, and groups after; ``singles`` are un-indexed inputs (``b``)."""

    prefixes: list[str]
    before: list[dict[str, Value]]
    after: list[dict[str, Value]]
    singles: list[tuple[int, Value]]  # (position, input)
    runs: list[list[dict[str, Value]]]  # per example: its groups, in order
    positions: list[list[dict[str, int]]]  # per example: per group, prefix -> input position
    chain: Chain | None = None


@dataclass
class Chain:
    """Python's ``sum`` over the examples: binary nodes s_k = op(s_k-1, t_k) for k = 0..B-1 (``links``,
    the last first), each reading its running value at input ``acc`` and example k's value at ``item``;
    the generated code keeps the running value in one variable, ``s = s + t`` per example."""

    links: list[Value]
    acc: int
    item: int
    init: Value


@dataclass
class Segments:
    """The batch cut into blocks (each example's nodes in backward order) and batch nodes."""

    example_of: dict[int, int]
    blocks: list[list[Value]]
    part_a: list[Value]
    part_c: list[Value]
    layouts: dict[int, Layout] = field(default_factory=dict)  # id(batch node) -> layout, for nodes taking example values


def _examples(t: Trace, forced: set[int]) -> dict[int, int]:
    """example_of for every node: inputs of example k are k; interior nodes join their parents; ``forced``
    nodes are batch nodes whatever they read (a batch of one: its sums read one example only)."""
    out: dict[int, int] = {}
    for k, xs in enumerate(t.inputs):
        for x in xs:
            out[id(x)] = k
    pars = t.parents
    get = out.get
    for node in reversed(t.order):  # topological: parents first
        ps = pars[id(node)]
        found: set[int | None] = set(map(get, map(id, ps)))  # the examples of the inputs (None: a leaf of no example), read in C
        found.discard(None)
        found.discard(NONE)
        e: int = NONE if not found else found.pop() or 0 if len(found) == 1 else MANY
        out[id(node)] = MANY if id(node) in forced and e != NONE else e
        if out[id(node)] == MANY and len(ps) == 2:  # the first link of a chain reads one example only: a batch node too
            for c, a in enumerate(ps):
                item, below = ps[1 - c], pars.get(id(a))
                if get(id(a), NONE) >= 0 and below is not None and a.op == node.op and get(id(item), NONE) >= 0 and len(below) == 2 \
                        and get(id(below[c]), NONE) == NONE and get(id(below[1 - c]), NONE) >= 0:  # fmt: skip
                    out[id(a)] = MANY
    readers: dict[int, set[int]] = {}
    interior = pars.keys()
    for node in t.order:  # a node of no example read only by example k's nodes (w·w inside one example) is k's
        e = out[id(node)]
        only = readers.get(id(node), set())
        if e == NONE and id(node) not in forced and len(only) == 1 and min(only) >= 0:
            e = out[id(node)] = min(only)
        for i in interior & set(map(id, pars[id(node)])):
            readers.setdefault(i, set()).add(e)
    return out


def split_blocks(t: Trace, example_of: dict[int, int]) -> tuple[list[list[Value]], list[Value], list[Value]]:
    """The backward order cut into [A] [block 0] ... [block B-1] [C]; a CompileError if it is not that shape."""
    blocks: list[list[Value]] = [[] for _ in t.inputs]
    part_a: list[Value] = []
    part_c: list[Value] = []
    current = -1
    for node in t.order:
        e = example_of[id(node)]
        if e >= 0:
            if part_c or e < current:
                raise CompileError(f"example {e}'s nodes are not together in the backward order: sum the examples with one n-ary node")
            current = e
            blocks[e].append(node)
        elif current < 0:
            part_a.append(node)
        else:
            part_c.append(node)
    missing = [k for k, b in enumerate(blocks) if not b]
    if missing:
        raise CompileError(f"example {missing[0]} contributes no node to the loss (only constants): it cannot be compiled")
    return blocks, part_a, part_c


def _parse(names: tuple[str, ...]) -> list[tuple[str, int | None]]:
    out: list[tuple[str, int | None]] = []
    for name in names:
        m = _NAME.match(name)
        out.append((m.group(1), int(m.group(2))) if m else (name, None))
    return out


def layout(node: Value, example_of: dict[int, int], examples: int) -> Layout:
    """The layout of a batch node's inputs (see the module doc); a CompileError naming what does not fit."""
    parents = node.parents
    op = node.op_entry
    assert op is not None
    parsed = _parse(op.input_names(len(parents)))
    prefixes = list(dict.fromkeys(p for p, i in parsed if i is not None))
    groups: dict[int, dict[str, tuple[int, Value]]] = {}
    singles: list[tuple[int, Value]] = []
    for pos, ((prefix, index), parent) in enumerate(zip(parsed, parents)):
        if index is None:
            if example_of.get(id(parent), NONE) >= 0:
                raise CompileError(f"a {op.name} node takes an example's value as its un-indexed input {prefix!r}")
            singles.append((pos, parent))
        else:
            groups.setdefault(index, {})[prefix] = (pos, parent)
    sequence: list[tuple[int, dict[str, tuple[int, Value]]]] = []  # (example or NONE, group), by index
    for index in sorted(groups):
        group = groups[index]
        owners = {example_of.get(id(v), NONE) for _, v in group.values()} - {NONE}
        if MANY in owners or len(owners) > 1:
            raise CompileError(f"a {op.name} node's input group {index} mixes values of several examples")
        sequence.append((owners.pop() if owners else NONE, group))
    firsts = [i for i, (e, _) in enumerate(sequence) if e >= 0]
    first, last = firsts[0], firsts[-1]
    if any(e == NONE for e, _ in sequence[first : last + 1]):
        raise CompileError(f"a {op.name} node has inputs of no example between examples' inputs (e.g. a clamped log): not compiled")
    owners_in_order = [e for e, _ in sequence[first : last + 1]]
    if owners_in_order != sorted(owners_in_order) or set(owners_in_order) != set(range(examples)):
        raise CompileError(f"a {op.name} node does not take every example's values once, in order")
    runs: list[list[dict[str, Value]]] = [[] for _ in range(examples)]
    positions: list[list[dict[str, int]]] = [[] for _ in range(examples)]
    for e, group in sequence[first : last + 1]:
        runs[e].append({p: v for p, (_, v) in group.items()})
        positions[e].append({p: pos for p, (pos, _) in group.items()})
    plain = lambda gs: [{p: v for p, (_, v) in g.items()} for _, g in gs]
    return Layout(prefixes, plain(sequence[:first]), plain(sequence[last + 1 :]), singles, runs, positions)


def _chains(part_a: list[Value], example_of: dict[int, int], examples: int, layouts: dict[int, Layout]) -> list[Value]:
    """Part A with each chain of binary nodes over the examples (see ``Chain``) reduced to its last link."""
    links = {id(n): n for n in part_a if len(n.parents) == 2 and n.op_entry is not None and not n.op_entry.nary
             and sum(example_of.get(id(p), NONE) >= 0 for p in n.parents) == 1}  # fmt: skip
    below = {id(n.parents[c]) for n in links.values() for c in (0, 1) if id(n.parents[c]) in links}
    hidden: set[int] = set()
    for top in [n for n in part_a if id(n) in links and id(n) not in below]:
        item = next(j for j, p in enumerate(top.parents) if example_of.get(id(p), NONE) >= 0)
        chain, node = [top], top
        while id(node.parents[1 - item]) in links:
            node = node.parents[1 - item]
            chain.append(node)
        owners = [example_of.get(id(n.parents[item]), NONE) for n in chain]
        if owners != list(range(examples - 1, -1, -1)) or any(n.op != top.op for n in chain):
            raise CompileError(f"a chain of {top.op} nodes over the examples does not take each example once, in order")
        layouts[id(top)] = Layout(["item"], [], [], [], [[{"item": n.parents[item]}] for n in reversed(chain)],
                                  [[{"item": item}] for _ in chain], Chain(chain, 1 - item, item, chain[-1].parents[1 - item]))  # fmt: skip
        hidden.update(id(n) for n in chain[1:])
    return [n for n in part_a if id(n) not in hidden]


def segment(t: Trace, forced: set[int] | None = None) -> Segments:
    """Blocks, batch parts and the layout of every batch node that takes example values."""
    example_of = _examples(t, forced or set())
    blocks, part_a, part_c = split_blocks(t, example_of)
    layouts: dict[int, Layout] = {}
    part_a = _chains(part_a, example_of, len(t.inputs), layouts)
    seg = Segments(example_of, blocks, part_a, part_c, layouts)
    for node in part_a:
        if id(node) in layouts:
            continue
        if any(example_of.get(id(p), NONE) >= 0 for p in node.parents):
            op = node.op_entry
            if op is None or not op.nary:
                raise CompileError(f"a {node.op} node combines one example's value with the batch: only a sum over examples can")
            seg.layouts[id(node)] = layout(node, example_of, len(t.inputs))
    return seg


def describe_shape(seg: Segments) -> dict[str, Any]:
    """Sizes, for messages and stats: nodes per block, batch nodes."""
    return {"block_nodes": [len(b) for b in seg.blocks], "batch_nodes": len(seg.part_a) + len(seg.part_c)}
