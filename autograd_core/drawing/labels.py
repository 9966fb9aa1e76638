"""Escaping and the HTML-like labels of drawn nodes, edges and the legend.

Every label is a Graphviz HTML-like label, so one escaping function covers them all: markup
characters become entities (a backslash too: Graphviz reads escape sequences even there), a
newline becomes ``<br/>``, a tab a space, and characters XML cannot carry (controls, lone
surrogates) become U+FFFD. Fonts: Helvetica everywhere -- graphviz-pure has metrics for it and
draws it with its bundled Arimo (σ, ∂, θ, ², ₀ all present; avoid ✓, absent from the PNG font).
"""

from __future__ import annotations

import re

FONT = "Helvetica"
KINDS = {  # kind: (fill, border, legend text)
    "output": ("#fed7aa", "#9a3412", "output (the root)"),
    "input": ("#dbeafe", "#1e40af", "input (a labelled leaf)"),
    "parameter": ("#dcfce7", "#166534", "parameter (a tagged leaf)"),
    "constant": ("#f3f4f6", "#6b7280", "constant (a number)"),
    "interior": ("#fef9c3", "#854d0e", "computed by an op"),
    "group": ("#ede9fe", "#5b21b6", "a group drawn as one box"),
}
CURRENT = "#dc2626"  # this step's node and the edges its gradient flows back along
RECEIVED = "#fee2e2"  # the grad cell of a node that just received gradient
PENDING = "#9ca3af"  # a gradient still accumulating
MUTED = "#6b7280"
_TABLE = '<table border="0" cellborder="0" cellspacing="0" cellpadding="4" columns="*">'
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "\\": "&#92;", "\t": " ", "\r": ""}
_MARKUP = re.compile(r"[&<>\"'\\\t\r]")


def clean(text: str) -> str:
    """``text`` with the characters no label can carry (controls, lone surrogates) as U+FFFD."""
    return _BAD.sub("\ufffd", text)


def html(text: str) -> str:
    """``text`` escaped for a Graphviz HTML-like label; newlines become line breaks."""
    return _MARKUP.sub(lambda m: _ENTITIES[m.group()], clean(text)).replace("\n", "<br/>")


def text_width(text: str, size: float = 11.0) -> int:
    """A generous width in points for ``text`` in Helvetica (bold included) at ``size``, padding included."""
    return int(len(text) * 0.64 * size) + 10


def _cell(text: str, attrs: str = "", style: str = "", color: str | None = None) -> str:
    """A table cell holding ``text`` (escaped here); ``style`` "b" bold or "i" italic.

    Bold and italic are font faces, not <b>/<i>: graphviz-pure lowers the baseline of <b> text,
    so a bold name would sit higher than its neighbours. It has no metrics for those faces and
    measures them as Times (narrower), so such a cell gets a generous width, text at the left.
    """
    body = html(text)
    if color and body:
        body = f'<font color="{color}">{body}</font>'
    if style and body:
        body = f'<font face="{FONT}-{"Bold" if style == "b" else "Oblique"}">{body}</font>'
        if "width=" not in attrs:
            attrs += f' width="{text_width(text)}"'
        attrs += ' align="left"'
    return f"<td{attrs}>{body}</td>"


def value_label(
    name: str, data: str, grad: str, kind: str, *,
    named: bool = True, grad_style: str = "plain", grad_width: int | None = None,
) -> str:  # fmt: skip
    """One node's record: name | data | grad.

    ``named``: False for an unlabelled node (its ``#k`` drawn muted); ``grad_style``: "plain",
    "final" (bold) or "pending" (grey italic), plus "+received" for a tinted cell (it just got a
    contribution); ``grad_width``: a minimum width in points for the grad cell, so the frames of
    one pass keep the same layout.
    """
    cells = []
    if kind == "constant":
        cells.append(_cell(data))
    else:
        cells.append(_cell(name, style="b") if named else _cell(name, color=MUTED))
        cells.append(_cell(f"data {data}"))
    # a tinted cell is rounded: a square one crossed the node's rounded border
    attrs = f' bgcolor="{RECEIVED}" style="rounded"' if grad_style.endswith("+received") else ""
    attrs += f' width="{grad_width}"' if grad_width else ""
    pending = grad_style.startswith("pending")
    style = "i" if pending else "b" if grad_style.startswith("final") else ""
    cells.append(_cell(f"grad {grad}", attrs, style, PENDING if pending or kind == "constant" else None))
    return f"<{_TABLE}<tr>{'<vr/>'.join(cells)}</tr></table>>"


def group_label(title: str, count: int, rows: list[tuple[str, str, str]], more: int) -> str:
    """A collapsed group: its name and size, then name | data | grad of the values it hands out."""
    inner = '<table border="0" cellborder="0" cellspacing="0" cellpadding="0">'
    head = f'<tr><td colspan="3">{inner}<tr>{_cell(title, style="b")}{_cell(f"({count} values)", color=MUTED)}</tr></table></td></tr>'
    body = "".join(f"<tr>{_cell(n, style='b')}{_cell('data ' + d)}{_cell('grad ' + g)}</tr>" for n, d, g in rows)
    if more:
        body += f'<tr><td colspan="3"><font color="{MUTED}">+{more} more</font></td></tr>'
    return f"<{_TABLE}{head}<hr/>{body}</table>>"


def plain_label(text: str, *, bold: bool = False, color: str | None = None) -> str:
    """A one-line HTML-like label (op symbols, edge derivatives, cluster titles)."""
    body = html(text)
    if bold and body:
        body = f'<font face="{FONT}-Bold">{body}</font>'
    if color and body:
        body = f'<font color="{color}">{body}</font>'
    return f"<{body}>"


def legend_label(kinds: list[str], stepping: bool, per_row: int = 4) -> str:
    """The colour key, for the graph's bottom: the kinds of node drawn, and the step markings when stepping.

    One grid of ``per_row`` entries a row (a nested table per line would be stretched by Graphviz).
    """
    swatch = ' fixedsize="true" width="18" height="14"'
    items = [(f'<td bgcolor="{KINDS[k][0]}" border="1" color="{KINDS[k][1]}"{swatch}></td>', KINDS[k][2]) for k in kinds]
    if stepping:
        items += [
            (f'<td border="2" color="{CURRENT}"{swatch}></td>', "this step's node and edges"),
            (_cell("g", f' bgcolor="{RECEIVED}"{swatch}'), "just received gradient"),
            (_cell("g", swatch, style="i", color=PENDING), "grad not final yet"),
            (_cell("g", swatch, style="b"), "grad final"),
        ]
    rows = [items[i : i + per_row] for i in range(0, len(items), per_row)]
    body = "".join("<tr>" + "".join(cell + _cell(text, ' align="left"') for cell, text in row) + "</tr>" for row in rows)
    return f'<<font point-size="10"><table border="0" cellborder="0" cellspacing="3" cellpadding="1">{body}</table></font>>'
