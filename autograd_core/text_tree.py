"""A graph as text, for a terminal REPL with no images: ``print(e.tree())``.

    e = c × d  data 6.0  grad 1.0
    ├── c = a + b  data 3.0  grad 2.0
    │   ├── a  data 2.0  grad 2.0
    │   └── b  data 1.0  grad 5.0
    └── d = b + 1.0  data 2.0  grad 3.0
        ├── b  ↑ above
        └── 1.0  constant  grad 3.0

A node reached a second time (a shared subexpression, a reused input) is printed once and
referred to after. Names are the nodes' labels (a repeated label with its occurrence, ``z¹₂⁽²⁾``),
numbers for unlabelled leaves, ``#k`` for anonymous computed values -- as in drawings and the
stepper. The output is bounded: past ``max_depth`` levels or ``max_lines`` lines a last line says
how to see more (a chain 16,000 deep would otherwise print half a billion characters).
"""

from __future__ import annotations

from html import escape
from typing import Any

from .graph import walk
from .names import Names, check_digits, clean, expression, fmt, is_number
from .value import Value

MAX_DEPTH = 60
MAX_LINES = 2000
_UNICODE = ("├── ", "└── ", "│   ", "    ", "↑ above", "…")
_ASCII = ("|-- ", "`-- ", "|   ", "    ", "^ above", "...")


class Tree(str):
    """The text tree: a ``str`` (print it, search it, compare it) that shows itself as the tree.

    At a prompt ``e.tree()`` prints the tree rather than an escaped one-line string; in Jupyter it
    is a ``<pre>`` block with the line height box-drawing characters need to join up.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def _repr_html_(self) -> str:
        return f'<pre style="line-height: 1.25; margin: 0">{escape(str(self))}</pre>'


def tag_text(tag: object) -> str:
    """A tag as one line of text: ``hidden layer 1 / unit 2`` for a tuple path."""
    return clean(" / ".join(map(str, tag)) if isinstance(tag, tuple | list) else str(tag))


def describe(node: Value, name: Names) -> str:
    """One line for one node: name (= expression), data, grad, and the tag if any."""
    digits = name.digits
    if is_number(node):
        return f"{name(node)}  constant  grad {fmt(node.grad, digits)}"
    shown = name(node)
    expr = shown if node.op_entry is None else expression(node, name, digits=digits)
    head = shown if expr == shown else f"{shown} = {expr}"
    tag = "" if node.tag is None else f"  [{tag_text(node.tag)}]"
    return f"{head}  data {fmt(node.data, digits)}  grad {fmt(node.grad, digits)}{tag}"


def shown_parents(node: Value) -> tuple[Value, ...]:
    """The parents printed under ``node``: all but a number that is a constant of the op (the 2 of ``d²``)."""
    op = node.op_entry
    if op is None or not op.constant:
        return node.parents
    return tuple(p for i, p in enumerate(node.parents) if i not in op.constant or not is_number(p))


def _limit(value: object, option: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{option} must be an int or None, not {type(value).__name__}: {value!r}")
    if value < (0 if option == "max_depth" else 1):
        raise ValueError(f"{option} must be {'>= 0' if option == 'max_depth' else '>= 1'} or None, not {value!r}")
    return value


def tree(
    root: Value, digits: int = 4, max_depth: int | None = MAX_DEPTH, ascii: bool = False, max_lines: int | None = MAX_LINES,
) -> Tree:  # fmt: skip
    """The graph under ``root`` as an indented tree, one node per line (see the module doc): a ``Tree``, a str.

    ``digits``: significant digits; ``max_depth``: deeper parents are shown as one ``…`` line
    (None: no limit); ``max_lines``: stop after this many lines (None: no limit); ``ascii``: draw
    with ``|--`` instead of box-drawing characters. A cut tree ends with a line saying so.
    """
    if not isinstance(root, Value):
        raise TypeError(f"tree() needs a Value, not {type(root).__name__}")
    check_digits(digits)
    max_depth, max_lines = _limit(max_depth, "max_depth"), _limit(max_lines, "max_lines")
    if not isinstance(ascii, bool):
        raise TypeError(f"ascii must be True or False, not {type(ascii).__name__}: {ascii!r}")
    tee, elbow, pipe, blank, seen_text, more = _ASCII if ascii else _UNICODE
    name = Names(walk(root), digits)
    lines: list[str] = []
    shown: set[Value] = set()
    cut_deep = False
    stack: list[tuple[Value, str, str, int]] = [(root, "", "", 0)]  # node, line prefix, children's prefix, depth
    while stack:
        if max_lines is not None and len(lines) >= max_lines:
            lines.append(f"{more} stopped at max_lines={max_lines}: tree(max_lines=None) prints every line (or pass a larger number)")
            return Tree("\n".join(lines))
        node, lead, indent, depth = stack.pop()
        if node in shown:
            lines.append(f"{lead}{name(node)}  {seen_text}")
            continue
        shown.add(node)
        lines.append(lead + describe(node, name))
        parents = shown_parents(node)
        if not parents:
            continue
        if max_depth is not None and depth >= max_depth:
            lines.append(f"{indent}{elbow}{more}")
            cut_deep = True
            continue
        last = len(parents) - 1
        for i in range(last, -1, -1):  # pushed in reverse so they pop in argument order
            branch, extend = (elbow, blank) if i == last else (tee, pipe)
            stack.append((parents[i], indent + branch, indent + extend, depth + 1))
    if cut_deep:
        lines.append(f"{more} cut at max_depth={max_depth}: tree(max_depth=None) shows every level (or pass a larger number)")
    return Tree("\n".join(lines))
