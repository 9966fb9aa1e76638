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

from ..value import Value
from .analysis import Variant
from .formulas import forward_text, is_zero, term
from .recognize import Ref
from .writer import NODE_KINDS, Names, Writer, accumulates

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
    gather: str | None = None  # ``grad_n = t1 + t2 + ...``: a gradient several nodes send terms to, summed here
    passes: bool = False  # the node's gradient goes to one input only (its one ``first``): see ``inline``

    def key(self) -> tuple:
        return (self.role, self.grad, tuple(self.first), tuple(self.scatter), tuple(self.params), self.gather)


@dataclass
class VariantCode:
    """One variant's lines: guards, loss forward (and its terms for the batch's sums), one ``NodeCode`` per
    node in the engine's backward order, and the lines of parameters several of its nodes read (``tail``,
    in the engine's order)."""

    guards: list[str] = field(default_factory=list)
    forward: list[str] = field(default_factory=list)
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
    cache = w.shared  # the model's part is the same code in every variant: worked out once
    roles = [b.refs[id(c)] for c in b.back]
    edges_of = {r: _edges(w, c, r, cache) for r, c in zip(roles, b.back)}
    up: dict[Ref, bool] = {}  # a parameter is reachable from the node
    for r in reversed(roles):
        up[r] = any(kind == "acc" or up.get(target, False) for _, _, kind, target in edges_of[r])
    seeds = {b.refs[k]: t for k, t in w.seeds().items() if t}
    live: dict[Ref, bool] = {}  # ... and a gradient reaches it: anything else has gradient 0 and no code
    for r in roles:
        live[r] = up[r] and (live.get(r, False) or r in seeds)
        if live[r]:
            for _, _, kind, target in edges_of[r]:
                if kind == "node":
                    live[target] = True
    edges: dict[Ref, int] = {k: len(t) for k, t in seeds.items()}
    contributions: dict[str, int] = {}
    for r in roles:
        if live[r]:
            for _, _, kind, target in edges_of[r]:
                if kind == "node" and live.get(target):
                    edges[target] = edges.get(target, 0) + 1
                elif kind == "acc":
                    contributions[target] = contributions.get(target, 0) + 1
    grad = {r: w.grad(c) for r, c in zip(roles, b.back)}
    gathered = {r for r in roles if live[r] and (edges.get(r, 0) > 1 or r in seeds)}
    sums: dict[Ref, list[str]] = {r: list(seeds.get(r, [])) for r in gathered}  # the batch's sums send first
    for r in roles:  # then each reader, in the engine's order, input by input
        if live[r]:
            for _, part, kind, target in edges_of[r]:
                if kind == "node" and target in sums:
                    sums[target].append(term(part, grad[r]))
    code.seed_text = "\n".join(t for ts in seeds.values() for t in ts)
    for r in roles:
        if not live[r]:
            continue
        node_edges = [e for e in edges_of[r] if e[2] == "acc" or live.get(e[3])]
        gather = f"{grad[r]} = {' + '.join(sums[r])}" if r in sums else None
        signature = (gather, tuple((e[3] in gathered) if e[2] == "node" else contributions[e[3]] for e in node_edges))
        cached = cache.get(("node", r))
        if r[0] == "m" and cached is not None and cached[0] == signature:
            code.nodes.append(cached[1])
            code.tail += cached[2]
            continue
        nc, tail = NodeCode(r, grad[r], gather=gather), []
        for _, part, kind, target in node_edges:
            t = term(part, nc.grad)
            if kind == "node" and target not in gathered:
                nc.first.append((grad[target], t))
            elif kind == "node":
                continue  # the input sums its terms itself (its gather)
            elif contributions[target] == 1:
                nc.params.append(f"{target} += {t}")
            else:
                tail.append(f"{target} += {t}")
        nc.passes = len(node_edges) == 1 and len(nc.first) == 1 and " if " in nc.first[0][1]  # a test: skipping pays
        if r[0] == "m":
            cache[("node", r)] = (signature, nc, tail)
        code.nodes.append(nc)
        code.tail += tail
    code.nodes = inline(code.nodes)
    return code


def inline(nodes: list[NodeCode]) -> list[NodeCode]:
    """A node that only passes its gradient on through a test (ReLU: one input, no parameters) has no variable
    of its own: its input's gradient is written from the term it got, ``grad_z = (w * g if z > 0.0 else 0.0)``,
    so a dead ReLU's products are never computed (σ and tanh keep their ``grad_a`` line: it reads better)."""
    out: list[NodeCode | None] = list(nodes)
    assigned: dict[str, tuple[int, int]] = {}  # a gradient -> (node, position in its ``first``) that assigns it
    for i, nc in enumerate(nodes):
        if nc.passes:
            target, t = nc.first[0]
            if nc.gather is not None:
                value = nc.gather.split(" = ", 1)[1]
                out[i] = NodeCode(nc.role, nc.grad, first=[(target, _put(t, nc.grad, value))])
            elif nc.grad in assigned:
                k, j = assigned.pop(nc.grad)
                owner = out[k]
                assert owner is not None
                firsts = list(owner.first)
                firsts[j] = (target, _put(t, nc.grad, firsts[j][1]))
                out[k] = NodeCode(owner.role, owner.grad, firsts, owner.scatter, owner.params, owner.gather)
                out[i] = None
                assigned[target] = (k, j)
                continue
        current = out[i]
        assert current is not None
        for j, (target, _) in enumerate(current.first):
            assigned[target] = (i, j)
    return [nc for nc in out if nc is not None]


def _put(text: str, name: str, value: str) -> str:
    """``text`` with the variable ``name`` replaced by ``value``: bare where it is a test's whole first branch
    (``(grad_a if z > 0.0 else 0.0)``), else in parentheses."""
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")
    if f"({name} if " in text and " if " not in value and len(pattern.findall(text)) == 1:
        return text.replace(f"({name} if ", f"({value} if ", 1)
    return pattern.sub(lambda _: f"({value})", text)


def _edges(w: Writer, c: Value, role: Ref, cache: dict[Any, Any]) -> list[tuple[int, str, str, Any]]:
    """The inputs of node ``c`` a gradient goes to: (position, partial, "node" and the input's role, or "acc" and the
    gradient variable of a parameter/batch node). A model node's are the same in every variant: cached by role."""
    key = ("edges", role)
    if role[0] == "m" and key in cache:
        return cache[key]
    parents = c.parents
    out = []
    for j, p in enumerate(parents):
        r = w.b.refs.get(id(p))
        kind = "node" if r is not None and r[0] in NODE_KINDS else "acc" if accumulates(w, p) else None
        if kind is None:
            continue
        part = w.partial(c, j, parents)
        if not is_zero(part):
            out.append((j, part, kind, r if kind == "node" else w.grad(p)))
    if role[0] == "m":
        cache[key] = out
    return out


def render(nc: NodeCode, with_params: bool = True) -> list[str]:
    """A node's lines: its gradient summed (if several nodes send it terms), then its inputs' terms, skipped
    when its gradient is 0 (an input it alone reads then gets 0)."""
    head = [nc.gather] if nc.gather else []
    return head + _render_block(nc, with_params)


def _render_block(nc: NodeCode, with_params: bool) -> list[str]:
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
