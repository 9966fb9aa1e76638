"""One variant's lines: its forward, and its backward as the chain rule written out per node.

Forward: ``name = <the op's expression>`` for each node. Backward, for each node in reverse order,
its gradient *gathered* from the nodes that read it, in the order the engine adds them:

    grad_a_1_2 = w_2_1_2 * grad_z_2_1 + w_2_2_2 * grad_z_2_2      # Σᵢ w²ᵢ₂ δ²ᵢ
    grad_z_1_2 = (1 if z_1_2 > 0 else 0) * grad_a_1_2               # δ¹₂ = ∂L/∂a¹₂ · σ'(z¹₂)

then the node's parameters, skipped when its gradient is 0 (a dead ReLU, as the engine skips it):

    if grad_z_1_2:
        grad_w_1_2_1 += x_1 * grad_z_1_2                            # ∂L/∂w¹₂₁ = δ¹₂ x₁
        grad_b_1_2 += grad_z_1_2

A gradient starts from its first term, so it has the engine's value bit for bit; a term whose
partial is the constant 0 is left out (the engine sends nothing). The first terms come from the
batch's sums (the per-example *seeds*). A parameter read by several nodes of one example gets its
lines last, in the engine's order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .analysis import Variant
from .formulas import forward_text, is_zero, term
from .recognize import Ref
from .writer import Names, Writer, accumulates

IDENT = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


@dataclass
class NodeCode:
    """The chain rule at one node: ``first`` assignments (an input with this one reader), ``scatter``
    additions (inputs with several readers, or seeded by the batch's sums), parameter lines."""

    role: Ref
    grad: str
    first: list[tuple[str, str]] = field(default_factory=list)
    scatter: list[str] = field(default_factory=list)
    params: list[str] = field(default_factory=list)

    def key(self) -> tuple:
        return (self.role, self.grad, tuple(self.first), tuple(self.scatter), tuple(self.params))


@dataclass
class VariantCode:
    """One variant's lines: guards, loss forward (and its terms for the batch's sums), the backward's
    starting values (``inits``), one ``NodeCode`` per node in the engine's backward order, and the lines
    of parameters several of its nodes read (``tail``, in the engine's order)."""

    guards: list[str] = field(default_factory=list)
    forward: list[str] = field(default_factory=list)
    inits: list[str] = field(default_factory=list)
    zeros: list[str] = field(default_factory=list)  # model gradients several nodes add to: they start at 0
    nodes: list[NodeCode] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)
    seed_text: str = ""


def variant_code(v: Variant, names: Names, loss_names: list[str], shared: dict[Any, Any] | None = None) -> VariantCode:
    """All of one variant's lines (see the module doc); ``shared`` caches the model's partials across variants."""
    w = Writer(v.rep, v.descs(), names, loss_names, shared=shared)
    b = w.b
    code = VariantCode(guards=list(dict.fromkeys(w.guard(g) for g in b.guards)))
    lines = [w.forward_line(node) for node in b.loss]
    collect: list[str] = []  # after the loss's lines: this example's terms of the batch's sums
    for index, groups in b.groups:
        chain = w.bp.layouts[index].chain
        for group in groups:
            for prefix, r in group.items():
                if chain is None:
                    collect.append(f"{names.items[index][prefix]}.append({w.ref(r)})")
                    continue
                total = names.batch[index]  # Python's sum: the running total, one example at a time
                op = w.bp.nodes[index].op_entry
                assert op is not None
                args = [total, w.ref(r)] if chain.item == 1 else [w.ref(r), total]
                collect.append(f"{total} = {forward_text(op, 2, args)}")
    for j, t in b.acc_terms:
        collect.append(f"{names.accs[j]} = {names.accs[j]} + {w.expr(t)}")
    code.forward = in_order(w.hoisted_lines() + lines) + collect
    block = {id(n) for n in b.back}
    parents_of = {id(c): c.parents for c in b.back}
    partials: dict[tuple[int, int], str] = {}  # (id(reader), input position) -> partial, for inputs that take a gradient
    for c in b.back:
        parents = parents_of[id(c)]
        for j, p in enumerate(parents):
            if id(p) in block or accumulates(w, p):
                part = w.partial(c, j, parents)
                if not is_zero(part):
                    partials[(id(c), j)] = part
    up: dict[int, bool] = {}  # a parameter is reachable from the node
    for c in reversed(b.back):
        up[id(c)] = any((id(c), j) in partials and (accumulates(w, p) or up.get(id(p), False)) for j, p in enumerate(parents_of[id(c)]))
    seeds = {k: t for k, t in w.seeds().items() if t}
    live: dict[int, bool] = {}  # ... and a gradient reaches it: anything else has gradient 0 and no code
    for c in b.back:
        live[id(c)] = up[id(c)] and (live.get(id(c), False) or id(c) in seeds)
        if live[id(c)]:
            for j, p in enumerate(parents_of[id(c)]):
                if (id(c), j) in partials and id(p) in block:
                    live[id(p)] = True
    edges: dict[int, int] = {k: len(t) for k, t in seeds.items()}
    contributions: dict[str, int] = {}
    for c in b.back:
        if not live[id(c)]:
            continue
        for j, p in enumerate(parents_of[id(c)]):
            if (id(c), j) not in partials:
                continue
            if id(p) in block and live[id(p)]:
                edges[id(p)] = edges.get(id(p), 0) + 1
            elif accumulates(w, p):
                contributions[w.grad(p)] = contributions.get(w.grad(p), 0) + 1
    for node in b.back:  # the starting values: seeds, or 0 for a gradient several nodes add to
        if not live[id(node)]:
            continue
        if id(node) in seeds:
            code.inits.append(f"{w.grad(node)} = {' + '.join(seeds[id(node)])}")
        elif edges.get(id(node), 0) > 1:
            (code.zeros if b.refs[id(node)][0] == "m" else code.inits).append(w.grad(node))
    code.inits = [f"{g} = 0.0" if " = " not in g else g for g in code.inits]
    code.seed_text = "\n".join(code.inits)
    cache = w.shared  # a model node's code is the same in every variant where its inputs are counted the same
    for c in b.back:
        if not live[id(c)]:
            continue
        role, parents = b.refs[id(c)], parents_of[id(c)]
        signature = tuple((edges.get(id(p)), id(p) in seeds, live.get(id(p))) for p in parents) if role[0] == "m" else None
        cached = cache.get(("node", role)) if signature is not None else None
        if cached is not None and cached[0] == signature:
            code.nodes.append(cached[1])
            code.tail += cached[2]
            continue
        nc, tail = NodeCode(role, w.grad(c)), []
        for j, p in enumerate(parents):
            found = partials.get((id(c), j))
            if found is None:
                continue
            own = id(p) in block
            if own and not live[id(p)]:
                continue
            t = term(found, nc.grad)
            if own and edges[id(p)] == 1 and id(p) not in seeds:
                nc.first.append((w.grad(p), t))
            elif own:
                nc.scatter.append(f"{w.grad(p)} += {t}")
            elif contributions[w.grad(p)] == 1:
                nc.params.append(f"{w.grad(p)} += {t}")
            else:
                tail.append(f"{w.grad(p)} += {t}")
        if signature is not None:
            cache[("node", role)] = (signature, nc, tail)
        code.nodes.append(nc)
        code.tail += tail
    return code


def render(nc: NodeCode, with_params: bool = True) -> list[str]:
    """A node's lines: skipped when its gradient is 0 (an input it alone reads then gets 0)."""
    params = nc.params if with_params else []
    firsts = [f"{target} = {t}" for target, t in nc.first]
    if not nc.scatter and not params and len(firsts) <= 2:
        return firsts
    lines = [f"if {nc.grad}:", *(f"    {x}" for x in params + firsts + nc.scatter)]
    if firsts:
        lines += ["else:", f"    {' = '.join(target for target, _ in nc.first)} = 0.0"]
    return lines


def param_block(nc: NodeCode) -> list[str]:
    """A node's parameter lines alone (hoisted out of code that differs between variants)."""
    if not nc.params:
        return []
    return [f"if {nc.grad}:", *(f"    {x}" for x in nc.params)]


def in_order(lines: list[str]) -> list[str]:
    """Assignments reordered so each comes after those defining the names it reads (a constant computed
    from values, like softmax's max shift, reads nodes the graph does not list as its inputs)."""
    targets = [line.split(" = ", 1)[0] for line in lines]
    defined_at = {t: i for i, t in enumerate(targets)}
    reads = [IDENT.findall(line.split(" = ", 1)[1]) for line in lines]
    needs = [{defined_at[n] for n in names if n in defined_at and defined_at[n] != i} for i, names in enumerate(reads)]
    done: list[int] = []
    placed: set[int] = set()
    while len(done) < len(lines):
        i = next(i for i in range(len(lines)) if i not in placed and needs[i] <= placed)
        placed.add(i)
        done.append(i)
    return [lines[i] for i in done]
