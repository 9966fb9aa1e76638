"""Groups for drawings (``clusters=``): each Value's path of titles, and the order sibling groups are drawn in.

``nn`` tags a neuron's values ``("hidden layer 1", "unit 2")``; grouped by tag, a network draws
as one box per layer holding one box per unit. Siblings are ordered by how far along the data
flow they sit (inputs' layer before the next, the loss last), then by their titles compared
naturally -- numbers as numbers, so ``unit 2`` comes before ``unit 10`` -- never by the order a
walk happened to discover them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..engine import topological_order
from ..names import clean
from ..value import Value
from .options import Grouping

Path = tuple[str, ...]
_DIGITS = re.compile(r"(\d+)")


def group_paths(nodes: Iterable[Value], clusters: Grouping) -> dict[Value, Path]:
    """Each Value's group as a path: a name is a 1-tuple, a tuple nests; None/"" means no group."""
    if clusters is None:
        return {}
    get = clusters.get if isinstance(clusters, Mapping) else clusters
    paths = {}
    for v in nodes:
        g = get(v)
        path = tuple(clean(str(t)) for t in g) if isinstance(g, tuple | list) else (() if g is None or g == "" else (clean(str(g)),))
        if path:
            paths[v] = path
    return paths


def natural(title: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key reading digit runs as numbers: ``unit 2`` < ``unit 10``, ``layer 1`` < ``layer 2``."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _DIGITS.split(title) if part)


def heights(root: Value, nodes: list[Value]) -> dict[Value, int]:
    """How far along the data flow each node is: 0 for a leaf, 1 + the highest parent otherwise."""
    height = dict.fromkeys(nodes, 0)
    for v in topological_order(root):
        height[v] = 1 + max((height[p] for p in v.parents), default=0)
    return height


def sibling_order(root: Value, nodes: list[Value], paths: Mapping[Value, Path]) -> dict[Path, tuple]:
    """A sort key for every group path: (the height of its highest member, its title read naturally)."""
    height = heights(root, nodes) if paths else {}
    top: dict[Path, int] = {}
    for v, path in paths.items():
        for n in range(1, len(path) + 1):
            top[path[:n]] = max(top.get(path[:n], 0), height[v])
    return {path: (h, natural(path[-1])) for path, h in top.items()}
