"""The whole generated training step: two loops over the examples around the batch's sums.

    def step(params, grads, X, Y, consts):
        <parameters and their gradients as local variables>
        for x, y in zip(X, Y):           # forward, one example at a time
            <the model's forward>
            <the loss's forward for this example's variant (chosen by its label and guards)>
            <this example's terms collected for the batch's sums; values kept for the backward>
        <the batch's sums, then the loss>
        <the batch part's backward: gradients of the sums>
        for ... in zip(saved, X, Y):      # backward, one example at a time
            <the variant's backward: its loss nodes, the model nodes where variants differ>
            <the backward every variant shares: the rest of the model, and the parameters>
        <the backward of what came after the examples (e.g. Σ p²)>
        return loss, [gradients], outputs

``generate`` writes the source; ``Retrace`` is raised by it for an example no variant fits.
"""

from __future__ import annotations

import re
from typing import Any

from .analysis import Variant
from .batchcode import batch_backward, batch_forward, model_reads
from .batchpart import BatchPart
from .emit import IDENT, VariantCode, in_order, param_block, render, variant_code
from .trace import CompileError
from .writer import Names, Writer, num


class Retrace(Exception):  # noqa: N818 -- a signal, not an error
    """Raised by generated code for an example no variant fits (its label or a guard is new)."""


def _indent(lines: list[str], depth: int) -> list[str]:
    return [("    " * depth + line) if line else line for line in lines]


def _target_test(v: Variant, index: int, vector: bool) -> str:
    key = "yk" if vector else "y"
    if len(v.targets) == 1:
        (t,) = v.targets
        return f"{key} == {t!r}"
    return f"{key} in TARGETS_{index}"


def _shared_suffix(codes: list[VariantCode]) -> int:
    """How many nodes at the end of every variant's backward are the same code in all of them."""
    n = 0
    shortest = min(len(c.nodes) for c in codes)
    while n < shortest and len({c.nodes[len(c.nodes) - 1 - n].key() for c in codes}) == 1:
        n += 1
    return n


def generate(model_rep: Any, variants: list[Variant], bp: BatchPart, names: Names, loss_names: list[list[str]],
             outputs: str, single_variant: bool, target_width: int | None, max_lines: int) -> str:  # fmt: skip
    """The source of ``step`` and ``predict`` (see the module doc); ``target_width`` is set for list targets."""
    vector_targets = target_width is not None
    cache: dict[Any, Any] = {}  # the model's partials and node code, the same in every variant
    codes = [variant_code(v, names, ln, cache) for v, ln in zip(variants, loss_names)]
    common = _shared_suffix(codes)
    prefixes = [c.nodes[: len(c.nodes) - common] for c in codes]
    suffix = codes[0].nodes[len(codes[0].nodes) - common :]
    roles = [{nc.role: nc.params for nc in pre} for pre in prefixes]
    hoisted = [nc for nc in prefixes[0] if nc.params and nc.role[0] == "m" and all(r.get(nc.role) == nc.params for r in roles)]
    hoisted_roles = {nc.role for nc in hoisted}
    backs = [[x for nc in pre for x in render(nc, nc.role not in hoisted_roles)] for pre in prefixes]
    tails = [c.tail for c in codes]
    suffix_lines = [x for nc in suffix for x in render(nc)]
    shared = [x for nc in hoisted for x in param_block(nc)]
    frontier = _frontier(backs, suffix_lines, names)
    if frontier and not any(tails) and len(suffix) > 1:  # nothing flows on from this example: skip the rest of its backward
        shared.append(f"if not ({' or '.join(frontier)}):")
        shared.append("    continue")
    shared += suffix_lines
    w0 = Writer(model_rep, model_rep.const_desc, names, [], bp)
    part_a = [line for i in range(bp.n_a) for line in batch_backward(w0, bp, i)]
    batch_values = set(names.batch)
    fused = not (batch_values & set(IDENT.findall("\n".join(part_a + [c.seed_text for c in codes]))))

    body = ["def training_step(params, grads, X, Y, consts):"]
    pre = [_unpack(names.params, "params"), _unpack([f"grad_{p}" for p in names.params], "grads")]
    lits = [n for n, d in zip(names.batch_consts, bp.const_desc) if d[0] == "lit"]
    slots = [lits[i] for i in names.slots]
    if slots:
        pre.append(_unpack(slots, "consts"))
    free = sorted(bp.free, reverse=True)  # batch values of the parameters alone: before the examples
    pre += [batch_forward(w0, bp, i) for i in free]
    pre += [f"{lst} = []" for i, per in names.items.items() if bp.layouts[i].chain is None for lst in per.values()]
    pre += [f"{names.batch[i]} = {w0.text(lay.chain.init)}" for i, lay in bp.layouts.items() if lay.chain is not None]
    pre += [f"{a} = {num(base)}" for a, base in zip(names.accs, bp.acc_bases)]
    pre += ["outs = []"] if fused else ["saved = []", "outs = []"]
    grads_init = [f"grad_{n} = {'1.0' if i == 0 else '0.0'}" for i, n in enumerate(names.batch)]
    if fused:
        pre += grads_init + part_a
    loop1 = ["for x, y in zip(X, Y):", f"    {_unpack(names.inputs, 'x')}"]
    model_forward = [w0.forward_line(node) for node in model_rep.model]
    model_forward = in_order(w0.hoisted_lines() + model_forward)
    loop1 += _indent(model_forward, 1)
    root = names.batch[0]
    after = [x for i in sorted(set(range(len(bp.nodes))) - bp.free, reverse=True) if (x := batch_forward(w0, bp, i))]
    after += [f"if {root} - {root} != 0.0:", f"    return {root}, None, outs"]
    loop1.append(f"    outs.append({outputs})")
    if fused:
        branches = [c.forward + ([f"v = {i}"] if any(tails) else []) + back for i, (c, back) in enumerate(zip(codes, backs))]
        loop1 += _indent(_dispatch(variants, codes, branches, single_variant, vector_targets), 1)
        loop1 += _indent(shared, 1)
        if any(tails):
            loop1 += _indent(_by_variant(tails), 1)
        body += _indent(pre + _targets(loop1, target_width) + after, 1)
    else:
        used = set(IDENT.findall("\n".join(shared + [t for c in tails for t in c] + [x for b in backs for x in b])))
        saved_model = [n for n in names.model if n in used]
        saved_loss = [[n for n in ln if n in used] for ln in loss_names]
        keep = [f"({', '.join(saved_model)},)", *(f"({', '.join(ln)},)" for ln in saved_loss)]
        branches = [c.forward + [f"saved.append(({i}, {keep[0]}, {keep[i + 1]}))"] for i, c in enumerate(codes)]
        loop1 += _indent(_dispatch(variants, codes, branches, single_variant, vector_targets), 1)
        loop2 = ["for (v, model, tail), x, y in zip(saved, X, Y):", f"    {_unpack(saved_model, 'model')}" if saved_model else ""]
        if any(n in used for n in names.inputs):
            loop2.append(f"    {_unpack(names.inputs, 'x')}")
        cases = [([_unpack(saved_loss[i], "tail")] if saved_loss[i] else []) + backs[i] for i in range(len(codes))]
        loop2 += _indent(_by_variant(cases), 1) + _indent(shared, 1)
        if any(tails):
            loop2 += _indent(_by_variant(tails), 1)
        loop2 = _targets([x for x in loop2 if x], target_width)
        body += _indent(pre + _targets(loop1, target_width) + after + grads_init + part_a + loop2, 1)
    part_c = [line for i in range(bp.n_a, len(bp.nodes)) for line in batch_backward(w0, bp, i)]
    body += _indent(part_c + [f"return {root}, [{', '.join('grad_' + p for p in names.params)}], outs"], 1)
    predict = ["def predict(params, X):", f"    {_unpack(names.params, 'params')}"]
    read = model_reads(model_rep, bp)
    predict += _indent([batch_forward(w0, bp, i) for i in free if i in read], 1)
    predict += ["    outs = []", "    for x in X:", f"        {_unpack(names.inputs, 'x')}"]
    predict += _indent(model_forward, 2)
    predict += [f"        outs.append({outputs})", "    return outs"]
    lines = body + ["", ""] + predict
    if len(lines) > max_lines:
        raise CompileError(f"the generated step would be {len(lines):,} lines, more than max_lines={max_lines:,}: "
                           "the network is too large to compile; use the interpreter (compile=False)")  # fmt: skip
    return "\n".join(lines) + "\n"


def _frontier(backs: list[list[str]], suffix: list[str], names: Names) -> list[str]:
    """Gradients the variants' code assigns and the shared code goes on from."""
    assigned: list[str] = []
    for back in backs:
        for line in back:
            m = re.match(r"\s*(grad_\w+) \+?= ", line)
            if m and m.group(1) not in assigned:
                assigned.append(m.group(1))
    read = set(IDENT.findall("\n".join(suffix)))
    params = {f"grad_{p}" for p in names.params}
    return [g for g in assigned if g in read and g not in params]


def _targets(loop: list[str], width: int | None) -> list[str]:
    """A loop over examples, with the target unpacked where its code reads ``yk`` (the key) or ``y_1``..."""
    if width is None:
        return loop
    used = set(IDENT.findall("\n".join(loop)))
    lines = ["    yk = tuple(y)"] if "yk" in used else []
    parts = [f"y_{j + 1}" for j in range(width)]
    if used & set(parts):
        lines.append(f"    {_unpack(parts, 'y')}")
    return [*loop[:2], *lines, *loop[2:]]


def _unpack(names: list[str], source: str) -> str:
    return f"{names[0]}, = {source}" if len(names) == 1 else f"{', '.join(names)} = {source}"


def _dispatch(variants: list[Variant], codes: list[VariantCode], branches: list[list[str]], single: bool, vector: bool) -> list[str]:
    """Choose each example's variant: by its label (when variants differ in labels), then by guards."""
    groups: dict[Any, list[int]] = {}
    for i, v in enumerate(variants):
        groups.setdefault(None if single else frozenset(v.targets), []).append(i)
    out: list[str] = []
    for g, (targets, members) in enumerate(groups.items()):
        inner: list[str] = []
        for j, i in enumerate(members):
            test = " and ".join(codes[i].guards)
            if not test and j == len(members) - 1 and j == 0:
                inner += branches[i]
                break
            inner += [f"{'if' if j == 0 else 'elif'} {test or 'True'}:", *_indent(branches[i], 1)]
        else:
            inner += ["else:", "    raise Retrace(len(outs))"]
        if targets is None:
            out += inner
        else:
            out += [f"{'if' if g == 0 else 'elif'} {_target_test(variants[members[0]], members[0], vector)}:", *_indent(inner, 1)]
    if groups and next(iter(groups)) is not None:
        out += ["else:", "    raise Retrace(len(outs))"]
    return out


def _by_variant(cases: list[list[str]]) -> list[str]:
    if len(cases) == 1:
        return cases[0]
    out: list[str] = []
    for i, lines in enumerate(cases):
        out += [f"{'if' if i == 0 else 'elif'} v == {i}:" if i < len(cases) - 1 else "else:", *_indent(lines or ["pass"], 1)]
    return out
