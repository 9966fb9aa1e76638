"""The graph lab's state: one graph (from typed code, a preset or a traced example), its frames and pictures."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from autograd_core import Value
from autograd_core.drawing import draw
from autograd_core.drawing.options import options

from . import usercode
from .limits import MAX_VALUES
from .patched import Pass
from .paths import sum_over_paths
from .presets import PRESETS
from .steps import discover, estimated_sizes, frames, group, too_big, walk_steps
from .teardown import free

_SVG_CACHE = 64  # pictures laid out whole (grouped views) kept, to step back and forth without laying out again
ENLARGE = 1.6 * 4 / 3  # the page enlarges a picture 1.6× at most; SVG sizes are in points (4/3 of a pixel)
EXACT_DIRECTION = 60  # values up to which both layouts are made to choose between them
_SIZE = re.compile(r'<svg width="([\d.]+)pt" height="([\d.]+)pt"')


class GraphLab:
    """Holds the current graph until the next one replaces it (then frees it node by node)."""

    def __init__(self) -> None:
        self.root: Value | None = None
        self.nodes: list[Value] = []
        self.keep: dict[str, Any] = {}  # the typed code's namespace, so its values stay alive with the graph
        self.svgs: OrderedDict[tuple[int, bool, bool, str], str] = OrderedDict()
        self.directions: dict[tuple[bool, bool], str] = {}  # per (derivatives, grouped) view: "LR" or "TB"
        self.passes: dict[tuple[bool, str], Pass | None] = {}  # per ungrouped view and direction: one layout, frames patched in
        self.total = 0

    def build(self, code: str | None = None, preset: str | None = None, picture: dict[str, Any] | None = None) -> dict[str, Any]:
        """Run typed code (or a preset's), and make its root the current graph.

        ``picture`` ({"derivatives", "box"}, as for ``frame``): the answer carries frame 0's picture too (one call, not two).
        """
        if preset is not None:
            if preset not in PRESETS:
                raise ValueError(f"unknown preset {preset!r}; choose one of {', '.join(PRESETS)}")
            code = PRESETS[preset].code
        if code is None:
            raise ValueError("graph.build needs code or a preset")
        ran = usercode.run(code)
        namespace, held, chosen, printed = ran.namespace, [ran.root], ran.chosen, ran.printed
        del ran
        nodes = discover(held[0])
        if nodes is None:
            free(namespace, held)  # the last references go here, one node at a time
            raise too_big()
        shown = {**self._show(held[0], nodes, namespace), "chosen": chosen, "printed": printed}
        if picture is not None:
            if not isinstance(picture, dict):
                raise ValueError(f"picture must be an object like {{'derivatives': false, 'box': [800, 600]}}, not {picture!r}")
            shown["picture"] = self.frame(0, **picture)
        return shown

    def _show(self, root: Value, nodes: list[Value], keep: dict[str, Any]) -> dict[str, Any]:
        self.clear()
        self.root, self.nodes, self.keep = root, nodes, keep
        info = frames(root, nodes)
        self.total = info["total"]
        return {**info, "values": len(nodes)}

    def frame(self, k: int, derivatives: bool = False, box: list[float] | None = None, grouped: bool | None = None) -> dict[str, Any]:
        """The picture of frame ``k`` (0 = the start, k = after step k) as SVG text.

        ``grouped``: one box per nn neuron (None: when the graph is big and has neurons).

        ``box`` ([width, height] of the page's picture area): the graph is laid out left to right or
        top to bottom, whichever shows it bigger there (decided once per graph, so frames do not jump).
        """
        root = self._root()
        if isinstance(k, bool) or not isinstance(k, int) or not 0 <= k <= self.total:
            raise ValueError(f"frame must be an int from 0 to {self.total}, not {k!r}")
        if box is not None and (not isinstance(box, list) or len(box) != 2 or not all(isinstance(v, int | float) and v > 0 for v in box)):
            raise ValueError(f"box must be [width, height] in pixels, not {box!r}")
        if grouped is None:
            grouped = len(self.nodes) > EXACT_DIRECTION and any(group(v.tag) for v in self.nodes)
        view = (bool(derivatives), bool(grouped))
        rankdir = self._direction(root, view, box)
        key = (k, *view, rankdir)
        svg = self.svgs.get(key)
        if svg is None:
            svg = self._draw(root, k, view, rankdir)
            if view[1] or self.passes.get((view[0], rankdir)) is None:  # laid out whole: kept (a patched frame takes ~2 ms)
                self.svgs[key] = svg
                while len(self.svgs) > _SVG_CACHE:
                    self.svgs.popitem(last=False)
        return {"k": k, "svg": svg, "rankdir": rankdir, "grouped": view[1]}

    def _direction(self, root: Value, view: tuple[bool, bool], box: list[float] | None) -> str:
        if box is None or view[1]:  # one box per neuron: the layers read left to right
            return "LR"
        if view not in self.directions:
            if len(self.nodes) <= EXACT_DIRECTION:  # small: lay it out both ways (cheap) and compare
                sizes = {}
                for rankdir in ("LR", "TB"):
                    svg = self._draw(root, 0, view, rankdir)
                    key = (0, *view, rankdir)
                    self.svgs[key] = svg
                    size = _SIZE.search(svg)
                    sizes[rankdir] = (float(size[1]), float(size[2])) if size else (1.0, 1.0)
            else:  # big: estimate both from the graph's depth and breadth, to lay it out once
                sizes = estimated_sizes(root)
            scale = {d: min(box[0] / w, box[1] / h, ENLARGE) for d, (w, h) in sizes.items()}
            self.directions[view] = "TB" if scale["TB"] > scale["LR"] * 1.15 else "LR"  # left to right unless clearly worse
        return self.directions[view]

    def _draw(self, root: Value, k: int, view: tuple[bool, bool], rankdir: str) -> str:
        derivatives, grouped = view
        if not grouped and (derivatives, rankdir) not in self.passes:  # laid out once: a step changes only numbers and colours
            try:
                self.passes[derivatives, rankdir] = Pass(root, options(derivatives, rankdir, 4, None, False, MAX_VALUES, True, None))
            except ValueError:  # a layout whose SVG cannot be cut into nodes and edges (patched.py): each frame laid out
                self.passes[derivatives, rankdir] = None
        done = None if grouped else self.passes[derivatives, rankdir]
        if done is not None:
            try:
                return done.svg(k)
            except ValueError:
                self.passes[derivatives, rankdir] = None
        # nn tags its values by neuron: each neuron one box, handing on its output (a box's numbers change its size)
        by_neuron = (lambda v: v.tag if isinstance(v.tag, tuple) else None) if grouped else None
        drawing = draw(root, step=k, derivatives=derivatives, max_nodes=MAX_VALUES, rankdir=rankdir, clusters=by_neuron, collapse=grouped)
        return drawing.svg()

    def paths(self, leaf: str) -> dict[str, Any]:
        """∂root/∂leaf as the sum over every path from the root to the leaf named ``leaf``."""
        root = self._root()
        steps, names = walk_steps(root, self.nodes)
        if not steps:
            raise ValueError("the root is a leaf: there are no paths")
        found = [v for v, name in names.items() if name == leaf and not v.op]
        if not found:
            leaves = sorted({name for v, name in names.items() if not v.op})
            raise ValueError(f"no leaf named {leaf!r}; the leaves are {', '.join(leaves)}")
        return sum_over_paths(root, found[0])

    def _root(self) -> Value:
        if self.root is None:
            raise ValueError("no graph yet: draw one first (typed code, a preset, or a traced point)")
        return self.root

    def clear(self) -> None:
        """Let go of the current graph, node by node (deep graphs would overflow Pyodide's stack all at once)."""
        held: list[Any] = [self.root, *self.nodes]
        self.root, self.nodes = None, []
        self.svgs.clear()
        self.directions.clear()
        self.passes.clear()
        self.total = 0
        free(self.keep, held)
