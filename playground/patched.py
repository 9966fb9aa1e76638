"""Every frame of a backward pass from one layout: the graph is laid out once per view, each step patched in.

A step changes numbers and colours, never the graph's shape. So a view is laid out as two pictures
with one layout -- every value's grad cell as wide as its widest value over the pass, as
``Drawing.frames()`` does, so nodes stay put -- and frame k is written by taking each node's and
each edge's lines from one of them: ``cold`` (nothing this step's, every gradient pending but the
root's) or ``hot`` (every node and edge this step's, every gradient final). Every grad cell is
tinted in both; the tint's line is dropped for a value that received nothing this step, and the
grad text is the frame's number. ``hot`` is laid out at the first frame that needs it.

Graphviz writes an SVG one element a line, each node and edge a ``<g>`` group named by its
``<title>``; a picture that does not read that way is an error (the lab then lays each frame out).
"""

from __future__ import annotations

import re
from dataclasses import replace

from autograd_core import Value
from autograd_core.drawing import binary, labels
from autograd_core.drawing.dot import View, build, exponents
from autograd_core.drawing.options import Options
from autograd_core.drawing.replay import FinalAt, GradsAt, Replay
from autograd_core.graph import walk
from autograd_core.names import Names, fmt

_ESCAPE = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "-": "&#45;"}


def escape(text: str) -> str:
    """Text as Graphviz writes it into an SVG ``<text>`` (a dash too)."""
    return re.sub(r"[&<>\"'-]", lambda m: _ESCAPE[m[0]], text)


class Picture:
    """One laid-out SVG cut into its head, its node and edge groups (title -> lines) in order, and its tail."""

    def __init__(self, svg: str) -> None:
        lines = svg.splitlines()
        self.head: list[str] = []
        self.groups: list[tuple[str, list[str]]] = []  # each with the lines before it (a comment naming it)
        between: list[str] = []
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith(('<g id="node', '<g id="edge')):
                title = lines[i + 1] if i + 1 < len(lines) else ""
                if not (title.startswith("<title>") and title.endswith("</title>")):
                    raise ValueError(f"a group without a title in the layout's SVG: {line!r}")
                end = lines.index("</g>", i)
                self.groups.append((title[7:-8], between + lines[i : end + 1]))
                between = []
                i = end + 1
            else:
                (between if self.groups else self.head).append(line)
                i += 1
        self.tail = between
        if not self.groups:
            raise ValueError("the layout's SVG has no node or edge groups")


class Pass:
    """The frames of ``root``'s backward pass in one view (``opts``, ungrouped), each laid out from one layout."""

    def __init__(self, root: Value, opts: Options) -> None:
        if opts.clusters is not None:
            raise ValueError("a grouped view's boxes are laid out frame by frame")
        self.root, self.opts = root, opts
        self.nodes = walk(root)
        self.replay = Replay(root, self.nodes, opts.digits, explain_steps=())
        self.total = self.replay.total
        widths = {v: max(labels.text_width("grad " + fmt(g, opts.digits)) for g in self.replay.grads_seen(v)) for v in self.nodes}
        names = Names(self.nodes, opts.digits)
        hidden = exponents(self.nodes)
        self.ids = {f"n{names.index[v]}": v for v in self.nodes if v not in hidden}
        self._id = {v: k for k, v in self.ids.items()}.__getitem__
        start = self.replay.view(-1)
        self.cold_view = View(start.grads, None, frozenset({root}), frozenset(self.nodes), widths)
        self.cold = Picture(self._layout(self.cold_view))
        self._marked: dict[str, Picture] = {}

    def _layout(self, view: View) -> str:
        return binary.pipe(build(self.root, self.nodes, self.opts, view), "svg").decode("utf-8")

    def marked(self, *wanted: str) -> list[list[tuple[str, list[str]]]]:
        """The groups of the pictures with parts (of "records ops edges") drawn as this step's, every gradient final.

        Each is laid out the first time a frame needs it (those missing together).
        """
        missing = [m for m in wanted if m not in self._marked]
        views = [replace(self.cold_view, marked=frozenset(m.split()), final=frozenset(self.nodes)) for m in missing]
        for m, svg in zip(missing, binary.pipe_many([build(self.root, self.nodes, self.opts, view) for view in views], "svg"), strict=True):
            picture = Picture(svg.decode("utf-8"))
            if [t for t, _ in picture.groups] != [t for t, _ in self.cold.groups]:
                raise ValueError("two pictures of one layout differ in their nodes and edges")
            self._marked[m] = picture
        return [self._marked[m].groups for m in wanted]

    def svg(self, k: int) -> str:
        """Frame ``k``: 0 is the start, k after k steps."""
        if not 0 <= k <= self.total:
            raise ValueError(f"frame must be from 0 to {self.total}, not {k}")
        grads, final = GradsAt(self.replay, k - 1), FinalAt(self.replay, k - 1)
        current = self.replay.order[k - 1] if k else None
        received = self.replay.received.get(k - 1, frozenset())
        empty: list[tuple[str, list[str]]] = []
        # the step's node and the edges into it; the edges out of it (none out of the root, the first step's node)
        hot, flow = self.marked("records ops edges", "ops edges") if k else (empty, empty)
        out_of = self.marked("records")[0] if k and current is not self.root else empty
        out = list(self.cold.head)
        for i, (title, cold) in enumerate(self.cold.groups):
            if "&#45;&gt;" in title:  # an edge's ends are clipped at its nodes' borders, thicker for this step's
                source, target = title.split("&#45;&gt;")
                if current is None or self._id(current) not in (source.removesuffix("op"), target.removesuffix("op")):
                    out += cold
                elif target.removesuffix("op") != self._id(current):  # leaving the current record
                    out += out_of[i][1]
                else:  # into the current node (from its op) or into its op (from an input)
                    out += (hot if source == self._id(current) + "op" else flow)[i][1]
                continue
            v = self.ids[title.removesuffix("op")]
            if title.endswith("op"):
                out += flow[i][1] if v is current else cold
                continue
            # a value's record: its grad text is its last line but the group's end, the tint just before it
            lines = list(hot[i][1] if v is current else cold)
            pending = v not in final
            text = cold[-2] if pending == (v is not self.root) else hot[i][1][-2]
            number = escape("grad " + fmt(grads[v], self.opts.digits))
            lines[-2] = text[: text.rindex(">", 0, text.rindex("</text>")) + 1] + number + "</text>"
            if v not in received:
                del lines[-3]
            out += lines
        out += self.cold.tail
        return "\n".join(out) + "\n"
