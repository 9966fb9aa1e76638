"""Each example's block, and the batch part, in a canonical form: references instead of nodes.

Two examples whose blocks have the same canonical form run the same generated code: the same
model nodes (``("m", i)``, in a fixed forward order), the same loss nodes (``("l", i)``), the same
constants (a number, or where a Probe says it came from), the same guards, the same place in the
batch's sums. A constant equal to the example's target (``y``, ``-y``, ``1 - y``, ``y - 1``, ``y_j``)
also gets a *generalised* key, so that examples differing only in their targets can share code
that reads ``y`` (mean squared error over many distinct targets is one piece of code, not one each).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..value import Value
from .recognize import Reader, Ref
from .segment import NONE, Layout, Segments
from .trace import CompileError, Trace


@dataclass
class Block:
    """One example in canonical form (see the module doc)."""

    k: int
    target: Any
    model: list[Value]
    loss: list[Value]
    back: list[Value]
    refs: dict[int, Ref]
    consts: list[Value] = field(default_factory=list)
    const_desc: list[Any] = field(default_factory=list)
    groups: list[tuple[int, list[dict[str, Ref]]]] = field(default_factory=list)  # (batch node index, this example's groups)
    acc_terms: list[tuple[int, Any]] = field(default_factory=list)  # (accumulator index, canonical term)
    guards: list[tuple] = field(default_factory=list)
    model_key: tuple = ()
    loss_key: tuple = ()
    key: tuple = ()
    general_key: tuple = ()
    general_descs: list[Any] = field(default_factory=list)
    param_index: dict[int, int] = field(default_factory=dict)  # id(parameter) -> its index (shared by a trace's blocks)
    batch: Any = None  # the BatchPart of this block's trace


def target_key(y: Any) -> Any:
    """A hashable form of a target: a number stays, a list becomes a tuple."""
    return tuple(y) if isinstance(y, list | tuple) else y


def target_words(y: Any) -> list[tuple[str, float]]:
    """Expressions of a target a loss commonly makes constants of, with their values."""
    if isinstance(y, tuple):
        return [(f"y_{j + 1}", float(v)) for j, v in enumerate(y)] + [(f"-y_{j + 1}", -float(v)) for j, v in enumerate(y)]
    if isinstance(y, int | float) and not isinstance(y, bool):
        v = float(y)
        return [("y", v), ("-y", -v), ("1.0 - y", 1.0 - v), ("y - 1.0", v - 1.0)]
    return []


def _same(a: float, b: float) -> bool:
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _postorder(roots: list[Value], inside: set[int], parents_of: dict[int, tuple[Value, ...]]) -> list[Value]:
    """Nodes under ``roots`` whose ids are in ``inside``, each after its parents (argument order)."""
    order: list[Value] = []
    seen: set[int] = set()
    for r in roots:
        if id(r) in seen or id(r) not in inside:
            continue
        seen.add(id(r))
        stack = [(r, iter(parents_of[id(r)]))]
        while stack:
            node, parents = stack[-1]
            for p in parents:
                if id(p) in inside and id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, iter(parents_of[id(p)])))
                    break
            else:
                stack.pop()
                order.append(node)
    return order


class Canon:
    """Canonical forms for the examples and the batch part of one trace."""

    def __init__(self, t: Trace, seg: Segments) -> None:
        self.t, self.seg = t, seg
        self.reader = Reader(t, seg.example_of)
        self.provenance = self.reader.provenance()
        self.param_index = {id(p): i for i, p in enumerate(t.params)}
        self.param_refs = {id(p): ("p", i) for i, p in enumerate(t.params)}
        self.batch = seg.part_a + seg.part_c  # batch nodes in backward order
        self.batch_index = {id(n): i for i, n in enumerate(self.batch)}

    def block(self, k: int) -> Block:
        """Example ``k``'s canonical form (keys filled in by ``finish``)."""
        nodes = self.seg.blocks[k]
        model = _postorder(self.t.outputs[k], {id(v) for v in nodes}, self.t.parents)
        in_model = {id(v) for v in model}
        loss = [v for v in reversed(nodes) if id(v) not in in_model]
        b = Block(k, target_key(self.t.targets[k]), model, loss, nodes, {}, param_index=self.param_index)
        b.refs.update({id(x): ("x", i) for i, x in enumerate(self.t.inputs[k])})
        b.refs.update({id(v): ("m", i) for i, v in enumerate(model)})
        b.refs.update({id(v): ("l", i) for i, v in enumerate(loss)})
        return b

    def ref(self, b: Block, v: Value) -> Ref:
        """The reference of ``v`` seen from block ``b`` (a constant gets the next index on first sight)."""
        r = b.refs.get(id(v))
        if r is not None:
            return r
        if id(v) in self.param_index:
            return ("p", self.param_index[id(v)])
        if id(v) in self.batch_index:
            if self.seg.example_of.get(id(v), NONE) != NONE:
                raise CompileError("an example's node reads a value computed from the whole batch: not compiled")
            return ("b", self.batch_index[id(v)])
        if v.op or self.seg.example_of.get(id(v), NONE) != NONE:
            raise CompileError(f"example {b.k} reads a value of another example")
        r = ("c", len(b.consts))
        b.refs[id(v)] = r
        b.consts.append(v)
        b.const_desc.append(self.describe_constant(v, lambda u: self.ref(b, u), b.k))
        return r

    def describe_constant(self, c: Value, ref: Any, k: int | None) -> Any:
        """("lit", value) for a plain number, else the canonical expression it was made from."""
        made = self.provenance.get(id(c))
        if made is None:
            return ("lit", c.data)
        probe, at = made
        owners = self.reader.examples(probe, at)
        if k is not None and owners - {k}:
            raise CompileError(f"a constant of example {k} is computed from another example's values")
        return ("expr", self.reader.canon(probe, at, ref))

    def structure(self, b: Block, layouts: dict[int, Layout]) -> None:
        """Reference every value ``b`` reads (its constants get their descriptions) and its groups in batch sums."""
        pars = self.t.parents
        known = {**self.param_refs, **b.refs}  # by id: one C-level lookup per input

        def r(v: Value) -> Ref:
            return self.ref(b, v)

        def key(v: Value) -> tuple:
            ps = pars[id(v)]
            found = tuple(map(known.get, map(id, ps)))
            return (v.op, found if None not in found else tuple(map(r, ps)))

        b.model_key = tuple(map(key, b.model))
        b.loss_key = tuple(map(key, b.loss))
        for index, lay in layouts.items():
            b.groups.append((index, [{p: r(v) for p, v in g.items()} for g in lay.runs[b.k]]))

    def keys(self, b: Block, guards: list[Any]) -> None:
        """``b``'s guards, and the keys that decide which examples share code (after every ``structure``)."""
        r = lambda v: self.ref(b, v)
        for e in guards:
            if e.kind == "pin":
                b.guards.append(("pin", self.reader.canon(e.left, e.seq, r), float.__float__(e.left)))
            else:
                b.guards.append((e.op, self.reader.canon(e.left, e.seq, r), self.reader.canon(e.right, e.seq, r), e.outcome))
        groups_key = tuple((i, tuple(tuple(sorted(g.items())) for g in gs)) for i, gs in b.groups)
        common = (b.model_key, b.loss_key, groups_key, tuple(b.acc_terms), tuple(b.guards), tuple(map(r, b.back)), len(b.consts))
        b.key = (*common, tuple(b.const_desc))
        words = target_words(b.target)
        general = []
        for d in b.const_desc:
            word = next((w for w, v in words if d[0] == "lit" and _same(v, d[1])), None)
            general.append(("target", word) if word else d)
        b.general_descs = general
        b.general_key = (*common, tuple(general))
