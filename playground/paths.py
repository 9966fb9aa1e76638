"""A leaf's gradient as the sum over paths, for the page: ``autograd_core.paths`` as JSON.

∂root/∂leaf = Σ over every path leaf → root of the product of the local partials along it. The
paths, their names, formulas and numbers are the engine's own (``autograd_core/pathsum.py``), so
the page says exactly what ``paths(root, leaf)`` prints; at most MAX_LISTED are listed, all counted.
"""

from __future__ import annotations

from typing import Any

from autograd_core import Value, walk
from autograd_core.names import Names, fmt
from autograd_core.pathsum import Path, listed

MAX_LISTED = 12


def sum_over_paths(root: Value, leaf: Value) -> dict[str, Any]:
    """How many paths lead from ``leaf`` to ``root``, up to MAX_LISTED of them with their factors, and their sum."""
    found = listed(root, leaf, Names(walk(root)), MAX_LISTED)
    total = found.total if len(found) == found.count_all else leaf.grad  # the pass's gradient is the sum over all of them
    return {
        "leaf": found.node_name, "root": found.root_name, "count": found.count_all, "paths": [_path(p) for p in found],
        "sum": fmt(total), "grad": fmt(leaf.grad),
    }  # fmt: skip


def _path(p: Path) -> dict[str, Any]:
    """One path root first, as the chain rule reads it: each edge's ∂, formula and value."""
    edges = range(len(p.locals) - 1, -1, -1)
    factors = [{"edge": f"∂{p.names[i + 1]}/∂{p.names[i]}", "formula": p.formulas[i], "value": fmt(p.locals[i])} for i in edges]
    return {"nodes": list(reversed(p.names)), "factors": factors, "product": fmt(p.product)}
