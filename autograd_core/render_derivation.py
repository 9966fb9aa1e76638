"""Writing a derivation (``derive.py``) as Markdown or as a LaTeX ``align*`` environment.

A row is a label (``step 2: c = a + b``) and equations; an equation is its sides, joined by
``=``, and an optional note. A piece of text is math (``("m", "2.0·1")``: names, formulas and
numbers as the stepper writes them), a partial derivative (``("d", "e", "c")``: ∂e/∂c), or words
(``("w", "share 1 of 2 of ")``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .latex import latex, partial
from .names import d_name

Piece = tuple[str, ...]
Equation = tuple[list[list[Piece]], list[Piece]]  # (sides, note)
QQUAD = r" \qquad "
_MARKDOWN = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass
class Row:
    label: list[Piece]
    equations: list[Equation]


class Derivation(str):
    """The derivation's text (a str); Jupyter shows it as Markdown or as math, a REPL prints it as it is."""

    kind = "markdown"

    def __repr__(self) -> str:
        return str(self)

    def _repr_markdown_(self) -> str | None:
        return str(self) if self.kind == "markdown" else None

    def _repr_latex_(self) -> str | None:
        return str(self) if self.kind == "latex" else None


class LatexDerivation(Derivation):
    kind = "latex"


def _md(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def _md_piece(piece: Piece) -> str:
    if piece[0] == "d":
        return _md(f"∂{d_name(piece[1])}/∂{d_name(piece[2])}")
    return _md(piece[1])


def _tex_piece(piece: Piece) -> str:
    if piece[0] == "d":
        return partial(d_name(piece[1]), d_name(piece[2]))
    if piece[0] == "w":
        return rf"\text{{{_tex_words(piece[1])}}}"
    return latex(piece[1])


def _tex_words(text: str) -> str:
    """Plain words inside ``\\text{}``: LaTeX's special characters escaped, math symbols kept out."""
    return re.sub(r"([#$%&_{}])", r"\\\1", text).replace("→", "to")


def _equation(eq: Equation, write: Callable[[Piece], str], gap: str = " ") -> str:
    """The sides joined by `` = ``, then the note after ``gap``."""
    sides, note = eq
    text = " = ".join("".join(map(write, side)) for side in sides)
    return text + (gap + "".join(map(write, note)) if note else "")


def markdown(rows: list[Row], extra: list[Row], root: str, steps: int) -> str:
    """A heading, one list item per step (``- **step 1**: e = c × d: ∂e/∂c = … ; ∂e/∂d = …``), then one per input's paths
    (headings, not blank lines, end the lists: the text prints compactly and renders the same)."""
    lines = [f"#### Backward pass through {_md(root)}, one step per node ({steps} steps; step 0 is the start)"]
    for row in rows:
        label = "".join(_md_piece(p) for p in row.label)
        word, _, rest = label.partition(":")
        bracketed = [(sides, [("w", "("), *note, ("w", ")")] if note else []) for sides, note in row.equations]
        equations = "; ".join(_equation(eq, _md_piece) for eq in bracketed)
        lines.append(f"- **{word}**{':' if rest.strip() else ''}{rest}: {equations}")
    if extra:
        lines.append("#### Sum over paths, for each input that reaches the root by more than one path")
        for row in extra:
            label = "".join(_md_piece(p) for p in row.label).rstrip(": ")
            equations = "; ".join(_equation(eq, _md_piece) for eq in row.equations)
            lines.append(f"- {label}: {equations}")
    return "\n".join(lines)


def latex_align(rows: list[Row]) -> str:
    """One ``align*``: the label right-aligned in the first column, the equations in the second, one per line."""
    out = [r"\begin{align*}"]
    for row in rows:
        label = "".join(_tex_piece(p) for p in row.label)
        for k, eq in enumerate(row.equations):
            body = _equation(eq, _tex_piece, QQUAD)
            out.append((label if k == 0 else "") + r" &\quad " + body + r" \\")
    out[-1] = out[-1].removesuffix(" \\\\")
    out.append(r"\end{align*}")
    return "\n".join(out)


def render(rows: list[Row], extra: list[Row], root: str, format: str, steps: int) -> Derivation:
    if format == "latex":
        return LatexDerivation(latex_align(rows + extra))
    return Derivation(markdown(rows, extra, root, steps))
