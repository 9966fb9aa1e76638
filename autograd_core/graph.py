"""Graph-wide walks that need no order: every node reachable from a root, and zeroing gradients."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .value import Value


def walk(root: Value) -> list[Value]:
    """Every node reachable from ``root``, leaves included, in order of discovery (root first)."""
    found = walk_at_most(root, None)
    assert found is not None
    return found


def walk_at_most(root: Value, cap: int | None) -> list[Value] | None:
    """``walk(root)``, or None as soon as more than ``cap`` nodes are found (a caller that refuses big
    graphs stops early; None rather than an exception, whose traceback would keep the lists alive)."""
    seen = {root}
    out: list[Value] = []
    stack = [root]
    while stack:
        v = stack.pop()
        out.append(v)
        for p in reversed(v.parents):
            if p not in seen:
                if cap is not None and len(seen) >= cap:
                    return None
                seen.add(p)
                stack.append(p)
    return out


def zero_grad(root: Value) -> None:
    """Set ``grad = 0`` on every node reachable from ``root``, leaves included."""
    for v in walk(root):
        v.grad = 0.0
