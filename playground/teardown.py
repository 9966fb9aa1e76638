"""Freeing graphs one node at a time.

CPython frees a graph by reference counting, each node dropping its parents as it goes: one
nested C call per level. In Pyodide that nesting runs on the browser's small JavaScript stack,
and a chain a few thousand nodes deep overflows it -- a fatal error that kills the runtime. So
the playground never lets a deep graph go all at once: it lists every node, parents before the
nodes made from them, lets go of everything else, then drops the list's references from the end
(each node after every node that used it), so no node's death ever frees another.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from autograd_core import Value

_SEARCH_DEPTH = 3  # how far into lists, tuples and dicts the Values of a namespace are looked for


def postorder(roots: Iterable[Value]) -> list[Value]:
    """Every node reachable from ``roots``, each after all of its parents (iterative: any depth)."""
    seen: set[int] = set()
    out: list[Value] = []
    for root in roots:
        if id(root) in seen:
            continue
        seen.add(id(root))
        stack: list[tuple[Value, int]] = [(root, 0)]
        while stack:
            node, i = stack[-1]
            parents = node.parents
            if i < len(parents):
                stack[-1] = (node, i + 1)
                p = parents[i]
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, 0))
            else:
                stack.pop()
                out.append(node)
    return out


def values_in(obj: Any, depth: int = _SEARCH_DEPTH) -> list[Value]:
    """The Values held by ``obj``: itself, or inside lists, tuples, sets, dicts and nn modules (a few levels deep)."""
    if isinstance(obj, Value):
        return [obj]
    if depth == 0:
        return []
    if isinstance(obj, dict):
        items: Iterable[Any] = obj.values()
    elif isinstance(obj, list | tuple | set | frozenset):
        items = obj
    elif callable(getattr(obj, "parameters", None)):
        items = obj.parameters()  # an nn module: its parameters are all the Values it holds
    else:
        return []
    return [v for item in items for v in values_in(item, depth - 1)]


def free(*holders: dict[str, Any] | list[Any]) -> int:
    """Empty each holder (a namespace or a list), freeing the graphs they held one node at a time; the nodes seen."""
    items = [item for h in holders for item in (h.values() if isinstance(h, dict) else h)]
    order = postorder(v for item in items for v in values_in(item))
    for h in holders:
        h.clear()
    del items
    count = len(order)
    while order:
        order.pop()  # the node's consumers are gone already; its parents are still held further down the list
    return count
