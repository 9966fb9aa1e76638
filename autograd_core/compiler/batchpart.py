"""The batch part of a trace in canonical form: the sums over examples and what comes after them.

Batch nodes are numbered in the engine's backward order (``("b", i)``); their constants are
``("k", j)``. A constant the loss computed from every example's values in turn (cross-entropy's
``shift += m`` over the batch) is an *accumulator*: each example adds its term in the example loop,
in example order, exactly as the loss did. Everything else about the batch part must be the same
for every batch of the same size; numbers that change with the batch size (``/ N``) are kept per
size and become named slots once two sizes disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from ..value import Value
from .canon import Block, Canon
from .probe import Probe
from .recognize import Ref
from .segment import Layout
from .trace import CompileError


@dataclass
class BatchPart:
    """Batch nodes (backward order; the first ``n_a`` come before the example blocks) and their constants."""

    nodes: list[Value]
    n_a: int
    layouts: dict[int, Layout]
    refs: dict[int, Ref] = field(default_factory=dict)
    consts: list[Value] = field(default_factory=list)
    const_desc: list[Any] = field(default_factory=list)  # ("lit", value) or ("acc", j)
    acc_bases: list[float] = field(default_factory=list)
    free: set[int] = field(default_factory=set)  # batch nodes of no example (e.g. Σ p²): computed before the examples
    key: tuple = ()

    @property
    def values(self) -> tuple[float, ...]:
        """The plain constants' values in this trace (those that may change with the batch size)."""
        return tuple(d[1] for d in self.const_desc if d[0] == "lit")


def _fold(canon: Canon, probe: Any, at: int) -> tuple[Any, list[tuple[Any, int]]]:
    """``((base + t0) + t1) + ...`` as (base, [(term, time)]), following the Probe's left operands."""
    reader, terms = canon.reader, []
    x, t = probe, at
    while isinstance(x, Probe) and reader.scan_of(x, t) is None and reader.holder(x) is None and x.expr[0] == "+":
        terms.append((x.expr[2], x.seq))
        x, t = x.expr[1], x.seq
    terms.reverse()
    return x, terms


def batch_part(canon: Canon, blocks: list[Block]) -> BatchPart:
    """The canonical batch part; adds each example's accumulator terms to its block."""
    seg = canon.seg
    bp = BatchPart(canon.batch, len(seg.part_a), {canon.batch_index[k]: lay for k, lay in ((k, v) for k, v in seg.layouts.items())})
    bp.refs.update({id(n): ("b", i) for i, n in enumerate(bp.nodes)})
    bp.free = {i for i, n in enumerate(bp.nodes) if seg.example_of.get(id(n)) == -1}

    def ref(v: Value) -> Ref:
        r = bp.refs.get(id(v))
        if r is not None:
            return r
        if id(v) in canon.param_index:
            return ("p", canon.param_index[id(v)])
        if v.op or seg.example_of.get(id(v), -1) >= 0:
            raise CompileError("a batch node reads one example's value outside a sum over the examples")
        r = bp.refs[id(v)] = ("k", len(bp.consts))
        bp.consts.append(v)
        made = canon.provenance.get(id(v))
        if made is None:
            bp.const_desc.append(("lit", v.data))
            return r
        base, terms = _fold(canon, *made)
        owners = [canon.reader.examples(term, t) for term, t in terms]
        if isinstance(base, Probe) or owners != [{k} for k in range(len(blocks))]:
            raise CompileError("a constant of the batch part is computed from the examples' values other than by adding a term per example")
        j = len(bp.acc_bases)
        bp.acc_bases.append(float(base))
        for b, (term, t) in zip(blocks, terms):
            b.acc_terms.append((j, canon.reader.canon(term, t, partial(canon.ref, b))))
        bp.const_desc.append(("acc", j))
        return r

    def fixed(groups: list[dict[str, Value]]) -> tuple:
        return tuple(tuple(sorted((p, ref(v)) for p, v in g.items())) for g in groups)

    key: list[tuple] = []
    for i, node in enumerate(bp.nodes):
        lay = bp.layouts.get(i)
        if lay is None:
            key.append((node.op, tuple(map(ref, node.parents))))
            continue
        if lay.chain is not None:
            key.append((node.op, "chain", lay.chain.acc, lay.chain.item, ref(lay.chain.init)))
            continue
        singles = tuple((pos - len(node.parents), ref(v)) for pos, v in lay.singles)
        key.append((node.op, tuple(lay.prefixes), fixed(lay.before), fixed(lay.after), singles))
    bp.key = (tuple(key), tuple(d[0] if d[0] == "lit" else d for d in bp.const_desc), bp.n_a, tuple(bp.acc_bases), tuple(sorted(bp.free)))
    return bp
