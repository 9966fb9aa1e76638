"""Texts for generated code: names of values, constants, Probe expressions, guards, forward lines, partials.

A ``Writer`` sees one block (an example's canonical form) and its trace's batch part, and writes
any reference as the code's name for it: ``("m", 3)`` -> ``z_1_2``, ``("p", 0)`` -> ``w_1_1_1``,
a constant as its number (or ``y`` where it is the target, or ``max(z_2_1, z_2_2)`` where a Probe
says it was computed). Forward lines come from the op table's expressions, partials from its
formula strings (``formulas.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..value import Value
from .batchpart import BatchPart
from .canon import Block
from .formulas import forward_text, is_zero, partial_with, term
from .recognize import Ref
from .trace import CompileError

NODE_KINDS = ("m", "l")
IDENT_RE = re.compile(r"(?<![\w.])[A-Za-z_]\w*")


def num(v: float) -> str:
    """A float as source text (``inf`` and ``nan`` are names in the generated code's namespace)."""
    return repr(float(v))


@dataclass
class Names:
    """Names shared by every variant of one program (``items[i][prefix]``: the lists a batch sum collects)."""

    params: list[str]
    inputs: list[str]
    model: list[str]
    batch: list[str]
    batch_consts: list[str]
    items: dict[int, dict[str, str]]
    accs: list[str]
    slots: list[int]  # which of the batch part's plain numbers are passed in (they change with the batch size)


class Writer:
    """Texts for one variant: references, constants, Probe expressions, guards and lines."""

    def __init__(self, b: Block, descs: list[Any], names: Names, loss_names: list[str], bp: BatchPart | None = None,
                 shared: dict[Any, Any] | None = None) -> None:  # fmt: skip
        self.b, self.descs, self.names, self.loss_names = b, descs, names, loss_names
        self.bp: BatchPart = bp if bp is not None else b.batch
        self.texts: dict[int, str] = {}
        self.hoisted: dict[str, str] = {}  # a computed constant's expression -> the variable holding it (computed once)
        self.shared = {} if shared is None else shared  # the model's partials: the same text in every variant

    # texts -------------------------------------------------------------------------------------
    def ref(self, r: Ref, inline: bool = False) -> str:
        kind, i = r
        if kind == "c":
            return self.const(self.descs[i], inline)
        table = {"x": self.names.inputs, "p": self.names.params, "m": self.names.model, "l": self.loss_names,
                 "b": self.names.batch, "k": self.names.batch_consts}  # fmt: skip
        return table[kind][i]

    def const(self, d: Any, inline: bool = False) -> str:
        """A constant: its number, its target word, or the variable its computed expression is kept in."""
        if d[0] != "expr":
            return num(d[1]) if d[0] == "lit" else d[1]
        text = self.expr(d[1], inline)
        if inline or d[1][0] in ("x", "p", "m", "l", "b", "k", "c"):
            return text
        name = self.hoisted.get(text)
        if name is None:
            kind = d[1][0] if d[1][0] in ("max", "min") else "const"
            name = self.hoisted[text] = f"{kind}_{sum(n.startswith(kind) for n in self.hoisted.values()) + 1}"
        return name

    def hoisted_lines(self) -> list[str]:
        """``max_1 = max(z_2_1, z_2_2, ...)``: the computed constants, each once."""
        return [f"{name} = {text}" for text, name in self.hoisted.items()]

    def expr(self, e: Any, inline: bool = False) -> str:
        """A canonical expression as text; ``inline`` writes loss nodes out as their forward (a guard is
        tested before the variant's own lines compute them)."""
        head = e[0]
        if head == "lit":
            return num(e[1])
        if inline and head == "l":
            node = self.b.loss[e[1]]
            op = node.op_entry
            assert op is not None
            return f"({forward_text(op, len(node.parents), [self.expr(self.of(p), True) for p in node.parents])})"
        if head in ("x", "p", "m", "l", "b", "k", "c"):
            return self.ref(e, inline)
        args = [self.expr(a, inline) for a in e[1:]]
        if head in ("max", "min"):
            return f"{head}({', '.join(args)})"
        if head == "neg":
            return f"(-{args[0]})"
        if head == "abs":
            return f"abs({args[0]})"
        return f"({args[0]} {head} {args[1]})"

    def guard(self, g: tuple) -> str:
        if g[0] == "pin":
            return f"{self.expr(g[1], True)} == {num(g[2])}"
        test = f"{self.expr(g[1], True)} {g[0]} {self.expr(g[2], True)}"
        return test if g[3] else f"not ({test})"

    def of(self, v: Value) -> Ref:
        r = self.b.refs.get(id(v))
        if r is None and id(v) in self.b.param_index:
            r = ("p", self.b.param_index[id(v)])
        if r is None:
            r = self.bp.refs.get(id(v))
        if r is None:
            raise CompileError("a value the compiler has no name for")  # pragma: no cover -- canon refs every value
        return r

    def text(self, v: Value) -> str:
        found = self.texts.get(id(v))
        if found is None:
            found = self.texts[id(v)] = self.ref(self.of(v))
        return found

    def grad(self, v: Value) -> str:
        return "grad_" + self.text(v)

    # lines -------------------------------------------------------------------------------------
    def forward_line(self, node: Value) -> str:
        op = node.op_entry
        assert op is not None
        return f"{self.text(node)} = {forward_text(op, len(node.parents), [self.text(p) for p in node.parents])}"

    def partial(self, c: Value, j: int, parents: tuple[Value, ...]) -> str:
        """∂c/∂(its input j) as text (``parents`` is ``c.parents``, passed in: for a big sum it is built each time)."""
        role = self.b.refs.get(id(c))
        key = (role, j) if role is not None and role[0] == "m" else None
        found = self.shared.get(key) if key else None
        if found is None:
            op = c.op_entry
            assert op is not None
            found = partial_with(op, j, len(parents), lambda q: self.text(parents[q]), self.text(c))
            if key:
                self.shared[key] = found
        return found

    def seeds(self) -> dict[int, list[str]]:
        """id(block node) -> the terms the batch's sums send it, in the engine's order."""
        out: dict[int, list[tuple[tuple[int, int], str]]] = {}
        for index, groups in self.b.groups:
            node = self.bp.nodes[index]
            op = node.op_entry
            assert op is not None
            n = len(node.parents)
            lay = self.bp.layouts[index]
            own = {pos: grp[prefix] for grp, poss in zip(groups, lay.positions[self.b.k]) for prefix, pos in poss.items()}
            others = {pos for runs in lay.positions for poss in runs for pos in poss.values()} - own.keys()
            parents = node.parents

            def arg(q: int, own: dict[int, Ref] = own, others: set[int] = others, parents: tuple = parents, lay: Any = lay) -> str:
                if lay.chain is not None and q not in own:
                    raise CompileError("a sum over the examples whose partials read the running total: not compiled")
                if q in others:
                    raise CompileError("a sum's partial for one example reads another example's value")
                return self.ref(own[q]) if q in own else self.text(parents[q])

            for pos, r in own.items():
                if r[0] not in NODE_KINDS:
                    continue
                part = partial_with(op, pos, n, arg, "out" if lay.chain is not None else self.names.batch[index])
                if lay.chain is not None and "out" in IDENT_RE.findall(part):
                    raise CompileError("a sum over the examples whose partials read the running total: not compiled")
                if not is_zero(part):
                    target = self.b.model[r[1]] if r[0] == "m" else self.b.loss[r[1]]
                    out.setdefault(id(target), []).append(((index, pos), term(part, f"grad_{self.names.batch[index]}")))
        return {k: [t for _, t in sorted(v)] for k, v in out.items()}


def accumulates(w: Writer, v: Value) -> bool:
    """Whether ``v`` is a parameter or a batch node (their gradients sum over the examples)."""
    return id(v) in w.b.param_index or (id(v) not in w.b.refs and w.bp.refs.get(id(v), ("",))[0] == "b")
