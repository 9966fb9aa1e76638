"""Backward one node at a time, each chain-rule step explained.

``backward_steps(root)`` runs the reference engine (``engine.py``: ``backward_order``, then
``chain_rule`` node by node) -- the pass ``backward()`` is proven equal to -- but pauses after
every node and yields a ``Step`` that reads the gradients before and after. Names, numbers and
formulas come from ``names.py``, shared with the text tree and the drawings, so all of them say
the same thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from .engine import backward_order, chain_rule, local_partials
from .graph import walk
from .names import Names, atom, check_digits, d_name, expression, fmt, formula_text, is_number, is_numeric
from .value import Value

REPR_WIDTH = 160  # characters of the header shown by repr(step) (a wide layer's z = b + Σ wᵢxᵢ is long)


@dataclass(frozen=True)
class Term:
    """What one input of the node received: local partial × upstream, and its grad before/after."""

    parent: Value
    position: int  # index in node.parents
    name: str
    formula: str  # the local partial as text over names ("d", "1 - o²", "2·d")
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
    expression: str = ""  # the node as its op applied to its parents' names ("c × d", "d²")

    @property
    def number(self) -> int:
        """The step's number as every text gives it: 1 for the first node (step 0 is the start, before any)."""
        return self.index + 1

    @property
    def flows(self) -> bool:
        """False when the upstream gradient is 0: backward() skips such a node."""
        return self.upstream != 0.0

    def header(self) -> str:
        """``c = a + b: ∂e/∂c = 2.0`` (just ``(ŷ − y)²: ...`` when the name already says it)."""
        head = self.name if not self.expression or self.expression == self.name else f"{self.name} = {self.expression}"
        return f"{head}: ∂{d_name(self.root_name)}/∂{d_name(self.name)} = {fmt(self.upstream, self.digits)}"

    def shown_terms(self) -> list[Term]:
        """The terms an explanation shows: all but unlabelled numbers (unless nothing else feeds the node) and constants of the op."""
        op_constants = self.node.op_entry.constant  # type: ignore[union-attr]
        return [t for t in self.terms if not t.constant] or [t for t in self.terms if t.position not in op_constants]

    def lines(self) -> list[str]:
        """One line per parent that received gradient.

        Unlabelled number leaves (the 1 in ``b + 1``) are left out -- unless nothing else feeds
        the node; constants of the op (a number exponent) always are.
        """
        if not self.flows:
            return ["nothing flows back (the gradient is 0)"]
        f = lambda x: fmt(x, self.digits)
        up = f(self.upstream)
        groups: dict[Value, list[Term]] = {}
        for t in self.shown_terms():
            groups.setdefault(t.parent, []).append(t)
        out = []
        for terms in groups.values():
            first = terms[0]
            name = d_name(first.name) if not first.constant else f"({first.name})"
            text = f"{name}.grad += " + " + ".join(f"{atom(t.formula)} × {up}" for t in terms)
            if not all(is_numeric(t.formula) for t in terms):
                text += " = " + " + ".join(f"{f(t.local)} × {up}" for t in terms)
            if len(terms) == 1:
                text += f" = {f(first.contribution)}"
            if len(terms) > 1 or first.before != 0.0:
                text += f", now {f(first.after)}"
            out.append(text)
        return out or ["only constants of the op feed it"]

    def __str__(self) -> str:
        return f"{self.header()} → {'; '.join(self.lines())}"

    def __repr__(self) -> str:
        """One line: ``<Step 1 of 3: e = c × d: ∂e/∂e = 1.0>`` (``str(step)`` says what each input received)."""
        head = self.header()
        head = head if len(head) <= REPR_WIDTH else head[: REPR_WIDTH - 1] + "…"
        return f"<Step {self.number} of {self.total}: {head}>"

    def _repr_html_(self) -> str:
        """Jupyter: the step's number and header, then one line per input that received gradient."""
        rows = "".join(f"<li><code>{escape(line)}</code></li>" for line in self.lines())
        return (f"<div><b>Step {self.number} of {self.total}</b> &nbsp;<code>{escape(self.header())}</code>"
                f"<ul style='margin: 0.2em 0'>{rows}</ul></div>")  # fmt: skip


@dataclass(frozen=True)
class Moment:
    """One node of the pass, unexplained: what ``explain`` turns into a ``Step``."""

    index: int
    total: int
    node: Value
    upstream: float
    partials: tuple[float, ...]
    before: tuple[float, ...]  # each parent's grad before the node's chain rule


def moments(root: Value) -> Iterator[Moment]:
    """The reference pass, node by node: ``backward_order``, then ``chain_rule`` at each node."""
    order = backward_order(root)
    total = len(order)
    for k, node in enumerate(order):
        upstream = node.grad
        partials = local_partials(node)
        before = tuple(p.grad for p in node.parents)
        if upstream != 0.0:
            chain_rule(node)  # the chain rule, from engine.py
        yield Moment(k, total, node, upstream, partials, before)


def explain(m: Moment, names: Names, root_name: str) -> Step:
    """The ``Step`` for one moment of the pass, read right after it ran (parents' grads are "after")."""
    node, upstream, digits = m.node, m.upstream, names.digits
    constants = node.op_entry.constant  # type: ignore[union-attr]
    terms = tuple(
        Term(p, i, names(p), formula_text(node, i, names, digits), d, d * upstream if d and upstream else 0.0,
             b, p.grad, i in constants or is_number(p))
        for i, (p, d, b) in enumerate(zip(node.parents, m.partials, m.before, strict=True))
    )  # fmt: skip
    return Step(m.index, m.total, node, names(node), root_name, upstream, terms, digits, expression(node, names, digits=digits))


def backward_steps(root: Value, digits: int = 4) -> Iterator[Step]:
    """Backward one node at a time in reverse topological order, yielding a ``Step`` after each.

    The pass starts when the first step is requested (the root is seeded then, as in
    ``backward()``); once exhausted every gradient equals ``backward()``'s. Stopping early leaves
    each finished node's contributions applied and the rest untouched.
    """
    if not isinstance(root, Value):
        raise TypeError(f"backward_steps() needs a Value, not {type(root).__name__}")
    check_digits(digits)
    return _steps(root, digits)


def _steps(root: Value, digits: int) -> Iterator[Step]:
    names = Names(walk(root), digits)
    root_name = names(root)
    for m in moments(root):
        yield explain(m, names, root_name)
