"""Backward one node at a time, each chain-rule step explained.

``backward_steps(root)`` runs the reference engine (``engine.py``: ``backward_order``, then
``chain_rule`` node by node) -- the pass ``backward()`` is proven equal to -- but pauses after
every node and yields a ``Step`` that reads the gradients before and after. The naming and number formatting
helpers here are shared by the text tree and the drawings, so all three say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .engine import backward_order, chain_rule, local_partials
from .graph import walk
from .value import Value

_IDENT = re.compile(r"[A-Za-z_]\w*")
_PRETTY = ((re.compile(r"\*\*2\b"), "²"), (re.compile(r"\*\*"), "^"), (re.compile(r" \* "), "·"))
_SIMPLE = re.compile(r"[\w#.]+")
_CALL = re.compile(r"[\w#.]*\(")
_SYMBOLS = {"*": "×"}


def fmt(x: float, digits: int = 4) -> str:
    """``x`` to ``digits`` significant digits; whole numbers keep ``.0`` (2.0, 0.5, -1.235e+06, inf)."""
    s = f"{x:.{digits}g}"
    return s + ".0" if s.lstrip("-").isdigit() else s


def symbol(node: Value) -> str:
    """The op's symbol for display (``×`` for ``*``); "" for a leaf."""
    op = node.op_entry
    return "" if op is None else _SYMBOLS.get(op.symbol, op.symbol)


def is_number(v: Value) -> bool:
    """A leaf with no label and no tag: a number lifted into the graph (the 1 in ``b + 1``)."""
    return v.op_entry is None and not v.label and v.tag is None


class Names:
    """Display names: the label (on one line), else the number for an unlabelled leaf, else ``#k`` (k = order of discovery)."""

    def __init__(self, nodes: list[Value], digits: int = 4) -> None:
        self.index = {v: i for i, v in enumerate(nodes)}
        self.digits = digits

    def __call__(self, v: Value) -> str:
        if v.label:
            return " ".join(v.label.splitlines()) if "\n" in v.label or "\r" in v.label else v.label
        return fmt(v.data, self.digits) if is_number(v) else f"#{self.index[v]}"


def formula_text(node: Value, i: int, name: Callable[[Value], str]) -> str:
    """∂node/∂(parent i) as text over the nodes' names: ``d`` for e = c·d, ``1 - o²`` for tanh."""
    op = node.op_entry
    assert op is not None, "a leaf has no local partials"
    n = len(node.parents)
    position = {arg: k for k, arg in enumerate(op.input_names(n))}

    def sub(m: re.Match[str]) -> str:
        word = m.group()
        if word == "out":
            return _atom(name(node))
        return _atom(name(node.parents[position[word]])) if word in position else word

    text = _IDENT.sub(sub, op.formula(i, n))
    for pattern, repl in _PRETTY:
        text = pattern.sub(repl, text)
    return text


def _closes_last(text: str, start: int) -> bool:
    """Whether the parenthesis opened at ``text[start]`` is closed by the last character."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def _atom(text: str) -> str:
    """``text`` as it can stand inside a formula: ``x``, ``σ(z)`` and ``(a + b)`` as they are; ``(-1.0)``, ``(1 - o²)``."""
    call = _CALL.match(text)
    return text if _SIMPLE.fullmatch(text) or (call and _closes_last(text, call.end() - 1)) else f"({text})"


def _numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@dataclass(frozen=True)
class Term:
    """What one input of the node received: local partial × upstream, and its grad before/after."""

    parent: Value
    position: int  # index in node.parents
    name: str
    formula: str  # the local partial as text over names ("d", "1 - o²")
    local: float
    contribution: float  # local × upstream; 0 when nothing flows back
    before: float  # parent's grad before this step
    after: float  # parent's grad after this step (all of this node's terms applied)
    constant: bool  # a constant of the op or an unlabelled number: left out of str(step)


@dataclass(frozen=True)
class Step:
    """One node of the backward pass: its upstream gradient and what each parent received."""

    index: int  # 0-based position in the backward order
    total: int  # number of steps in this pass
    node: Value
    name: str
    root_name: str
    upstream: float  # ∂root/∂node, final when this step runs
    terms: tuple[Term, ...]
    digits: int = 4

    @property
    def flows(self) -> bool:
        """False when the upstream gradient is 0: backward() skips such a node."""
        return self.upstream != 0.0

    def header(self) -> str:
        """``c (+): ∂e/∂c = 2.0``."""
        return f"{self.name} ({symbol(self.node)}): ∂{self.root_name}/∂{self.name} = {fmt(self.upstream, self.digits)}"

    def lines(self) -> list[str]:
        """One line per parent that received gradient.

        Unlabelled number leaves (the 1 in ``b + 1``) are left out -- unless nothing else feeds
        the node; constants of the op (a number exponent) always are.
        """
        if not self.flows:
            return ["nothing flows back (the gradient is 0)"]
        f = lambda x: fmt(x, self.digits)  # noqa: E731
        up = f(self.upstream)
        groups: dict[Value, list[Term]] = {}
        op_constants = self.node.op_entry.constant  # type: ignore[union-attr]
        shown = [t for t in self.terms if not t.constant] or [t for t in self.terms if t.position not in op_constants]
        for t in shown:
            groups.setdefault(t.parent, []).append(t)
        out = []
        for terms in groups.values():
            first = terms[0]
            name = first.name if not first.constant else f"({first.name})"
            text = f"{name}.grad += " + " + ".join(f"{_atom(t.formula)} × {up}" for t in terms)
            if not all(_numeric(t.formula) for t in terms):
                text += " = " + " + ".join(f"{f(t.local)} × {up}" for t in terms)
            if len(terms) == 1:
                text += f" = {f(first.contribution)}"
            if len(terms) > 1 or first.before != 0.0:
                text += f", now {f(first.after)}"
            out.append(text)
        return out or ["only constants of the op feed it"]

    def __str__(self) -> str:
        return f"{self.header()} → {'; '.join(self.lines())}"


def backward_steps(root: Value, digits: int = 4) -> Iterator[Step]:
    """Backward one node at a time in reverse topological order, yielding a ``Step`` after each.

    The pass starts when the first step is requested (the root is seeded then, as in
    ``backward()``); once exhausted every gradient equals ``backward()``'s. Stopping early leaves
    each finished node's contributions applied and the rest untouched.
    """
    names = Names(walk(root), digits)
    root_name = names(root)
    order = backward_order(root)
    total = len(order)
    for k, node in enumerate(order):
        upstream = node.grad
        parents = node.parents
        partials = local_partials(node)
        before = [p.grad for p in parents]
        if upstream != 0.0:
            chain_rule(node)  # the chain rule, from engine.py
        constants = node.op_entry.constant  # type: ignore[union-attr]
        terms = tuple(
            Term(p, i, names(p), formula_text(node, i, names), d, d * upstream if d and upstream else 0.0,
                 b, p.grad, i in constants or is_number(p))
            for i, (p, d, b) in enumerate(zip(parents, partials, before, strict=True))
        )  # fmt: skip
        yield Step(k, total, node, names(node), root_name, upstream, terms, digits)
