"""From a trace to what the code generator needs: canonical blocks, grouped into variants, and the batch part.

A *variant* is a piece of per-example code: the examples whose blocks have the same key run it.
Examples with equal generalised keys but different targets share one variant that reads ``y``
(their constants that equal the target are written as ``y``, ``1.0 - y``, ...); when every member
has the same plain key the variant keeps the numbers (hinge's ``1.0 - s`` for label +1 stays
``1.0 - s``). A variant is chosen at run time by the example's target and by its guards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .batchpart import BatchPart, batch_part
from .canon import Block, Canon
from .segment import segment
from .trace import CompileError, Trace


@dataclass
class Analysis:
    """One analysed trace: its blocks (one per example) and its batch part."""

    trace: Trace
    canon: Canon
    blocks: list[Block]
    batch: BatchPart


def analyse(t: Trace, like: BatchPart | None = None) -> Analysis:
    """Segment, canonicalise and key every example of a trace (see the modules for each step).

    A batch of one example has no node reading several examples, so its batch nodes are taken to be
    where ``like`` (a larger batch's batch part) has them: the first and last nodes of the backward order.
    """
    forced = None
    if len(t.inputs) == 1:
        if like is None:
            raise CompileError("a batch of one example cannot show which nodes sum over the batch: trace two first")
        tail = len(like.nodes) - like.n_a
        forced = {id(n) for n in t.order[: like.n_a]} | {id(n) for n in t.order[len(t.order) - tail :]}
    seg = segment(t, forced)
    canon = Canon(t, seg)
    blocks = [canon.block(k) for k in range(len(t.inputs))]
    layouts = {canon.batch_index[node_id]: lay for node_id, lay in seg.layouts.items()}
    for b in blocks:
        canon.structure(b, layouts)
    bp = batch_part(canon, blocks)
    for b in blocks:
        b.batch = bp
    guards = canon.reader.guards()
    for b in blocks:
        canon.keys(b, guards.get(b.k, []))
    first = blocks[0]
    for b in blocks[1:]:
        n = _model_consts(first)
        if b.model_key != first.model_key or b.const_desc[:n] != first.const_desc[:n]:
            raise CompileError(f"the model's graph for example {b.k} differs from example 0's: its structure depends on the data")
    return Analysis(t, canon, blocks, bp)


def estimated_lines(a: Analysis) -> int:
    """About how many lines the generated step will have: a line per node, per gradient edge of one example,
    per gradient edge of the batch part (checked before any code is written: a refusal costs one trace)."""
    pars, blocks = a.trace.parents, a.blocks
    inside = {id(n) for n in blocks[0].back} | set(a.canon.param_index) | set(a.canon.batch_index)
    edges = sum(sum(id(p) in inside for p in pars[id(n)]) for n in [*blocks[0].back, *a.batch.nodes])
    return edges + 2 * len(blocks[0].back)


def _model_consts(b: Block) -> int:
    """How many of ``b``'s constants the model part reads (they are numbered first)."""
    refs = {r for _, parents in b.model_key for r in parents if r[0] == "c"}
    return len(refs)


@dataclass
class Variant:
    """Code shared by a group of examples: ``rep`` is one of them; ``general`` means it reads ``y``."""

    rep: Block
    keys: set[tuple] = field(default_factory=set)
    targets: set[Any] = field(default_factory=set)
    general: bool = False

    def descs(self) -> list[Any]:
        """The constants' descriptions as the code writes them (target words when general)."""
        return self.rep.general_descs if self.general else self.rep.const_desc


class Variants:
    """Every variant met so far, by generalised key; ``add`` says whether the code must change."""

    def __init__(self, limit: int) -> None:
        self.by_key: dict[tuple, Variant] = {}
        self.limit = limit

    def __len__(self) -> int:
        return len(self.by_key)

    def add(self, blocks: list[Block]) -> bool:
        """Add examples; True when a variant was added or became general (the source changes)."""
        changed = False
        for b in blocks:
            v = self.by_key.get(b.general_key)
            if v is None:
                if len(self.by_key) >= self.limit:
                    raise CompileError(f"more than {self.limit} different per-example codes (variants): the data keeps changing the graph")
                v = self.by_key[b.general_key] = Variant(b)
                changed = True
            v.targets.add(b.target)
            if b.key not in v.keys:
                v.keys.add(b.key)
                if len(v.keys) > 1 and not v.general:
                    v.general = True
                    changed = True
        return changed

    def ordered(self) -> list[Variant]:
        """Variants in a stable order: by their first target, then as met."""
        return list(self.by_key.values())

    def known_targets(self) -> set[Any]:
        return set().union(*(v.targets for v in self.by_key.values())) if self.by_key else set()
