"""A graph as text, for a terminal REPL with no images: ``print(e.tree())``.

    e = c × d  data 6.0  grad 1.0
    ├── c = a + b  data 3.0  grad 2.0
    │   ├── a  data 2.0  grad 2.0
    │   └── b  data 1.0  grad 5.0
    └── d = b + 1.0  data 2.0  grad 3.0
        ├── b  ↑ above
        └── 1.0  constant  grad 3.0

A node reached a second time (a shared subexpression, a reused input) is printed once and
referred to after. Names are the nodes' labels, else ``#k`` as in drawings and the stepper.
"""

from __future__ import annotations

from .stepper import Names, fmt, is_number, symbol, walk
from .value import Value

_INFIX = {"+", "-", "×", "/", "^"}
_UNICODE = ("├── ", "└── ", "│   ", "    ", "↑ above", "…")
_ASCII = ("|-- ", "`-- ", "|   ", "    ", "^ above", "...")


def expression(node: Value, name: Names, limit: int = 4) -> str:
    """``c × d``, ``tanh(n)``, ``Σ(x0, x1, x2, x3, …)``: the op applied to its parents' names."""
    sym = symbol(node)
    args = [name(p) for p in node.parents]
    if sym in _INFIX and len(args) == 2:
        return f"{args[0]} {sym} {args[1]}"
    if sym == "neg":
        return f"-{args[0]}"
    shown = args[:limit] + (["…"] if len(args) > limit else [])
    return f"{sym}({', '.join(shown)})"


def describe(node: Value, name: Names) -> str:
    """One line for one node: name (= expression), data, grad, and the tag if any."""
    digits = name.digits
    if is_number(node):
        return f"{name(node)}  constant  grad {fmt(node.grad, digits)}"
    head = name(node) if node.op_entry is None else f"{name(node)} = {expression(node, name)}"
    tag = "" if node.tag is None else f"  [{node.tag}]"
    return f"{head}  data {fmt(node.data, digits)}  grad {fmt(node.grad, digits)}{tag}"


def tree(root: Value, digits: int = 4, max_depth: int | None = None, ascii: bool = False) -> str:
    """The graph under ``root`` as an indented tree, one node per line (see the module doc).

    ``digits``: significant digits; ``max_depth``: deeper parents are shown as one ``…`` line;
    ``ascii``: draw with ``|--`` instead of box-drawing characters.
    """
    tee, elbow, pipe, blank, seen_text, more = _ASCII if ascii else _UNICODE
    name = Names(walk(root), digits)
    lines: list[str] = []
    shown: set[Value] = set()
    stack: list[tuple[Value, str, str, int]] = [(root, "", "", 0)]  # node, line prefix, children's prefix, depth
    while stack:
        node, lead, indent, depth = stack.pop()
        if node in shown:
            lines.append(f"{lead}{name(node)}  {seen_text}")
            continue
        shown.add(node)
        lines.append(lead + describe(node, name))
        parents = node.parents
        if not parents:
            continue
        if max_depth is not None and depth >= max_depth:
            lines.append(f"{indent}{elbow}{more}")
            continue
        last = len(parents) - 1
        for i in range(last, -1, -1):  # pushed in reverse so they pop in argument order
            branch, extend = (elbow, blank) if i == last else (tee, pipe)
            stack.append((parents[i], indent + branch, indent + extend, depth + 1))
    return "\n".join(lines)
