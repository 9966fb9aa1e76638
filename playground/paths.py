"""A leaf's gradient as the sum over paths: ∂root/∂leaf = Σ over every path root → leaf of the product of its local partials.

The edges and their local partials come from the stepper's steps (each term is one use of an
input, so an input used twice is two edges, two paths).
"""

from __future__ import annotations

from typing import Any

from autograd_core import Value

from .steps import number

MAX_LISTED = 12


def sum_over_paths(steps: list[Any], names: dict[Value, str], leaf: Value) -> dict[str, Any]:
    """How many paths lead from the root to ``leaf``, up to MAX_LISTED of them with their factors, and their sum."""
    edges = {s.node: [t for t in s.terms if not t.constant] for s in steps}
    total: dict[Value, float] = {leaf: 1.0}
    count: dict[Value, int] = {leaf: 1}
    for s in reversed(steps):  # inputs before the nodes made from them
        total[s.node] = sum(t.local * total.get(t.parent, 0.0) for t in edges[s.node])
        count[s.node] = sum(count.get(t.parent, 0) for t in edges[s.node])
    root = steps[0].node
    listed: list[dict[str, Any]] = []
    stack: list[tuple[Value, list[Any]]] = [(root, [])]
    while stack and len(listed) < MAX_LISTED:
        node, via = stack.pop()
        if node is leaf:
            listed.append(_path(root, via, names))
            continue
        for t in reversed(edges.get(node, [])):
            if count.get(t.parent, 0) > 0:
                stack.append((t.parent, [*via, (node, t)]))
    return {
        "leaf": names[leaf], "root": names[root], "count": count.get(root, 0), "paths": listed,
        "sum": number(total.get(root, 0.0)), "grad": number(leaf.grad),
    }  # fmt: skip


def _path(root: Value, via: list[tuple[Value, Any]], names: dict[Value, str]) -> dict[str, Any]:
    product = 1.0
    factors = []
    for node, t in via:
        product *= t.local
        factors.append({"edge": f"∂{names[node]}/∂{t.name}", "formula": t.formula, "value": number(t.local)})
    return {"nodes": [names[root], *(t.name for _, t in via)], "factors": factors, "product": number(product)}
