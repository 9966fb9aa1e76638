"""A gradient as a sum over paths: ``paths(root, leaf)`` (this module is not named paths.py, so that
``autograd_core.paths`` is always the function).

The chain rule on a graph says ∂root/∂leaf is the sum, over every path from the leaf up to the
root, of the product of the local derivatives along the path. For the toy graph (c = a + b,
d = b + 1, e = c·d) b reaches e twice:

    b → c → e:  ∂e/∂c·∂c/∂b = d·1 = 2.0·1 = 2.0
    b → d → e:  ∂e/∂d·∂d/∂b = c·1 = 3.0·1 = 3.0
    ∂e/∂b = 2.0 + 3.0 = 5.0

A node used twice by one op (``a * a``) is two edges, so two paths. Names, formulas and numbers
come from ``names.py``: they read exactly as the stepper's. The number of paths can grow
exponentially with depth, so they are counted first and listing more than ``limit`` is an error.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from .engine import local_partials, topological_order
from .formula import atom
from .graph import walk
from .names import Names, check_digits, d_name, fmt, formula_text, is_numeric
from .value import Value

__all__ = ["Path", "Paths", "count_paths", "factor", "paths"]

LIMIT = 1000


@dataclass(frozen=True)
class Path:
    """One path: ``nodes`` from the start node up to the root; ``locals[i]`` = ∂nodes[i+1]/∂nodes[i] on that edge."""

    nodes: tuple[Value, ...]
    names: tuple[str, ...]
    locals: tuple[float, ...]
    formulas: tuple[str, ...]  # each local derivative as the stepper writes it ("d", "1", "2·d")
    product: float
    digits: int = 4

    def route(self) -> str:
        """``b → c → e``."""
        return " → ".join(self.names)

    def factors(self) -> str:
        """``∂e/∂c·∂c/∂b``: the local derivatives along the path, the root's end first (as the chain rule reads)."""
        edges = range(len(self.locals) - 1, -1, -1)
        return "·".join(f"∂{d_name(self.names[i + 1])}/∂{d_name(self.names[i])}" for i in edges)

    def equation(self) -> str:
        """``∂e/∂c·∂c/∂b = d·1 = 2.0·1 = 2.0`` (the formula form left out when every factor is a number)."""
        if not self.locals:
            return f"∂{d_name(self.names[0])}/∂{d_name(self.names[0])} = 1"
        order = range(len(self.locals) - 1, -1, -1)
        formulas = [self.formulas[i] for i in order]
        values = [f if is_numeric(f) else fmt(self.locals[i], self.digits) for i, f in zip(order, formulas, strict=True)]
        parts = [self.factors()]
        if not all(map(is_numeric, formulas)):
            parts.append("·".join(factor(f) for f in formulas))
        if len(values) > 1 or not is_numeric(formulas[0]):
            parts.append("·".join(factor(v) for v in values))
        parts.append(fmt(self.product, self.digits))
        return " = ".join(dict.fromkeys(parts))  # a step that repeats the one before is said once

    def __str__(self) -> str:
        return f"{self.route()}: {self.equation()}"


def factor(text: str) -> str:
    """A factor as it stands in a product: ``(1 - o²)``, ``(-1.0)``; names and positive numbers (``1.8e-07``) as they are."""
    if is_numeric(text):
        return f"({text})" if text.startswith("-") else text
    return atom(text)


class Paths(list[Path]):
    """The paths from ``node`` to ``root`` (a list); ``total`` is their sum, ∂root/∂node. ``print()`` shows the sum."""

    def __init__(self, items: list[Path], root_name: str, node_name: str, count: int, digits: int = 4) -> None:
        super().__init__(items)
        self.root_name, self.node_name, self.digits = root_name, node_name, digits
        self.count_all = count  # every path, listed or not
        self.total = math.fsum(p.product for p in items)

    def lines(self) -> list[str]:
        """The heading, one line per path, and the sum (or, when only some are listed, how many more there are)."""
        d = f"∂{d_name(self.root_name)}/∂{d_name(self.node_name)}"
        head = (
            f"{d}: one path leads from {self.node_name} to {self.root_name}:" if self.count_all == 1
            else f"{d} = the sum over the {self.count_all} paths from {self.node_name} to {self.root_name}:"
        )  # fmt: skip
        out = [head, *(f"  {p}" for p in self)]
        if len(self) < self.count_all:
            return [*out, f"  … and {self.count_all - len(self)} more: paths(root, node) lists them all"]
        terms = [factor(fmt(p.product, self.digits)) for p in self]
        sum_text = " + ".join(terms) + " = " if len(terms) > 1 else ""
        return [*out, f"  {d} = {sum_text}{fmt(self.total, self.digits)}"]

    def __str__(self) -> str:
        return "\n".join(self.lines())


def _counts(root: Value) -> dict[Value, int]:
    """How many paths lead from each node up to ``root`` (one per edge, so a reused input counts each use)."""
    count: dict[Value, int] = {root: 1}
    for node in reversed(topological_order(root)):  # the root first: a node's count is complete before its parents get it
        for p in node.parents:
            count[p] = count.get(p, 0) + count[node]
    return count


def count_paths(root: Value, node: Value) -> int:
    """The number of paths from ``node`` up to ``root`` (0 when ``root`` is not computed from it)."""
    _check(root, node)
    return _counts(root).get(node, 0)


def _check(root: object, node: object) -> None:
    if not isinstance(root, Value):
        raise TypeError(f"paths() needs the root as a Value, not {type(root).__name__}")
    if not isinstance(node, Value):
        raise TypeError(f"paths() needs the leaf (or any node of the graph) as a Value, not {type(node).__name__}")


def paths(root: Value, leaf: Value, *, digits: int = 4, limit: int | None = LIMIT) -> Paths:
    """Every path from ``leaf`` (any node of the graph) up to ``root``, with the product of the local
    derivatives along it; their sum, ``.total``, is ∂root/∂leaf -- what ``backward()`` puts in ``leaf.grad``.

    ``limit``: more paths than this is a ValueError (their number can grow exponentially); None lists all.
    """
    _check(root, leaf)
    check_digits(digits)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ValueError(f"limit must be a positive int or None, not {limit!r}")
    nodes = walk(root)
    names = Names(nodes, digits)
    count = _counts(root).get(leaf, 0)
    if leaf is not root and leaf not in names.index:
        raise ValueError(f"{leaf!r} is not in the graph under {names(root)}: no path leads from it to the root")
    if limit is not None and count > limit:
        raise ValueError(
            f"{names(leaf)} reaches {names(root)} by {count} paths, more than limit={limit}: pass limit=None "
            "(or a larger number) to list them all; count_paths(root, leaf) counts them without listing"
        )
    return listed(root, leaf, names, count if limit is None else limit, nodes)


def listed(root: Value, node: Value, names: Names, first: int, nodes: list[Value] | None = None) -> Paths:
    """The first ``first`` paths from ``node`` to ``root`` (all of them counted) with ``names``' names."""
    nodes = walk(root) if nodes is None else nodes
    counts = _counts(root)
    users: dict[Value, list[Edge]] = {}
    for u in nodes:
        for i, p in enumerate(u.parents):
            users.setdefault(p, []).append((u, i))
    partials: dict[Value, tuple[float, ...]] = {}
    items = [_path(edges, node, names, partials) for edges in _walks(node, root, users, first)]
    return Paths(items, names(root), names(node), counts.get(node, 0), names.digits)


Edge = tuple[Value, int]  # (the node that uses a value, the value's position among its parents)
Link = tuple["Link", Edge] | None  # a path so far, as a linked list: no copying per step on a long chain


def _walks(node: Value, root: Value, users: dict[Value, list[Edge]], first: int) -> Iterator[list[Edge]]:
    """Up to ``first`` paths as lists of edges, depth first, in the graph's order."""
    found = 0
    stack: list[tuple[Value, Link]] = [(node, None)]
    while stack and found < first:
        v, link = stack.pop()
        if v is root:
            found += 1
            edges: list[Edge] = []
            while link is not None:
                link, edge = link
                edges.append(edge)
            yield edges[::-1]
            continue
        for u, i in reversed(users.get(v, [])):
            stack.append((u, (link, (u, i))))


def _path(edges: list[Edge], start: Value, names: Names, partials: dict[Value, tuple[float, ...]]) -> Path:
    for u, _ in edges:
        if u not in partials:
            partials[u] = local_partials(u)
    locals_ = tuple(partials[u][i] for u, i in edges)
    formulas = tuple(formula_text(u, i, names, names.digits) for u, i in edges)
    chain = (start, *(u for u, _ in edges))
    return Path(chain, tuple(map(names, chain)), locals_, formulas, math.prod(locals_, start=1.0), names.digits)
