"""The backward pass as equations with the numbers put in: ``derivation(root, format="markdown" | "latex")``.

One line per step, numbered as everywhere (step 0 is the start, step k the chain rule at the k-th
node). Each input of the step's node gets its equation; an input used by several nodes gets a
share from each, and at its last share -- when its gradient is complete -- the sum of them all:

    ∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2.0·1 + 3.0·1 = 5.0

Then, for every input reached by more than one path, the sum over paths (``pathsum.py``). Names,
formulas and numbers are the stepper's (``names.py``); the LaTeX spells them with ``latex.py``.
The pass is a fresh one (as after ``zero_grad()``), and every ``.grad`` is put back afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .graph import walk
from .names import Names, check_digits, fmt, is_number, is_numeric
from .pathsum import count_paths, factor, listed
from .render_derivation import Derivation, Piece, Row, render
from .stepper import Step, Term, explain, moments
from .value import Value

__all__ = ["Derivation", "derivation"]

FORMATS = ("markdown", "latex")
MAX_LISTED_PATHS = 12


@dataclass
class Share:
    """One use of an input: the node using it, the local derivative (formula, value), and the node's gradient."""

    node: str
    formula: str
    local: float
    upstream: float


@dataclass
class Ledger:
    """Every input's shares over the whole pass, so a step knows which share is the last."""

    shares: dict[Value, list[Share]] = field(default_factory=dict)
    seen: dict[Value, int] = field(default_factory=dict)


def fresh_steps(root: Value, names: Names, nodes: list[Value]) -> list[Step]:
    """Every step of a fresh pass (all gradients from 0, the root at 1); the graph's ``.grad``s are restored after."""
    saved = [v.grad for v in nodes]
    try:
        for v in nodes:
            v.grad = 0.0
        root_name = names(root)
        return [explain(m, names, root_name) for m in moments(root)]
    finally:
        for v, g in zip(nodes, saved, strict=True):
            v.grad = g


def _local_text(share: Share, digits: int) -> str:
    return share.formula if is_numeric(share.formula) else fmt(share.local, digits)


def _sum_sides(root: str, shares: list[Share], parent: str, digits: int) -> list[list[Piece]]:
    """``∂e/∂c·∂c/∂b + …``, then ``2.0·d + …`` (when some formula is not a number), then ``2.0·1 + …``."""
    f = lambda x: factor(fmt(x, digits))
    symbolic: list[Piece] = []
    for j, s in enumerate(shares):
        symbolic += ([("m", " + ")] if j else []) + [("d", root, s.node), ("m", "·"), ("d", s.node, parent)]
    sides = [symbolic]
    if not all(is_numeric(s.formula) for s in shares):
        sides.append([("m", " + ".join(f"{f(s.upstream)}·{factor(s.formula)}" for s in shares))])
    sides.append([("m", " + ".join(f"{f(s.upstream)}·{factor(_local_text(s, digits))}" for s in shares))])
    return sides


def step_row(step: Step, ledger: Ledger, root: str, digits: int) -> Row:
    """The equations of one step: each shown input's share, or its whole gradient once complete."""
    head = step.name if not step.expression or step.expression == step.name else f"{step.name} = {step.expression}"
    row = Row([("w", f"step {step.number}: "), ("m", head)], [])
    for t in step.shown_terms():
        shares = ledger.shares[t.parent]
        j = ledger.seen[t.parent] = ledger.seen.get(t.parent, 0) + 1
        share = shares[j - 1]
        if j < len(shares):
            sides: list[list[Piece]] = [*_sum_sides(root, [share], t.name, digits), [("m", fmt(t.contribution, digits))]]
            note: list[Piece] = [("w", f"share {j} of {len(shares)} of "), ("d", root, t.name)]
            row.equations.append((_dedupe(sides), note))
        else:
            sides = [[("d", root, t.name)], *_sum_sides(root, shares, t.name, digits), [("m", fmt(t.after, digits))]]  # complete
            row.equations.append((_dedupe(sides), []))
    return row


def _dedupe(sides: list[list[Piece]]) -> list[list[Piece]]:
    """Each side once: ``1.0·1 = 1.0·1`` would say nothing."""
    out: list[list[Piece]] = []
    for side in sides:
        if not out or side != out[-1]:
            out.append(side)
    return out


def path_rows(root: Value, nodes: list[Value], names: Names) -> list[Row]:
    """For each input reached by more than one path: each path's product and their sum."""
    rows = []
    for leaf in nodes:
        if leaf.op_entry is not None or is_number(leaf) or leaf is root or count_paths(root, leaf) < 2:
            continue
        found = listed(root, leaf, names, MAX_LISTED_PATHS, nodes)
        row = Row([("w", "paths from "), ("m", names(leaf)), ("w", f" ({found.count_all}): ")], [])
        for p in found:
            route: list[Piece] = [("m", f"{p.route()}:"), ("w", " ")]
            factors = [("d", p.names[i + 1], p.names[i]) for i in range(len(p.locals) - 1, -1, -1)]
            pieces: list[Piece] = []
            for k, d in enumerate(factors):
                pieces += ([("m", "·")] if k else []) + [d]
            rest: list[list[Piece]] = [[("m", part)] for part in p.equation().split(" = ")[1:]]
            row.equations.append(([route + pieces, *rest], []))
        total = fmt(found.total, names.digits)
        if len(found) < found.count_all:
            row.equations.append(([[("w", f"and {found.count_all - len(found)} more: paths(root, leaf) lists them all")]], []))
        else:
            sums = " + ".join(factor(fmt(p.product, names.digits)) for p in found)
            row.equations.append(([[("d", names(root), names(leaf))], [("m", sums)], [("m", total)]], []))
        rows.append(row)
    return rows


def derivation(root: Value, format: str = "markdown", *, digits: int = 4, paths: bool = True) -> Derivation:
    """The backward pass under ``root`` as equations with the numbers put in (see the module doc).

    ``format``: "markdown" (Unicode text, as the stepper writes it; renders on GitHub) or "latex"
    (one ``align*`` environment); ``digits``: significant digits; ``paths``: add the sum over paths
    for every input reached by more than one. Returns a str (shown as Markdown or math in Jupyter).
    """
    if not isinstance(root, Value):
        raise TypeError(f"derivation() needs a Value, not {type(root).__name__}")
    if format not in FORMATS:
        raise ValueError(f"format must be 'markdown' or 'latex', not {format!r}")
    check_digits(digits)
    if not isinstance(paths, bool):
        raise TypeError(f"paths must be True or False, not {type(paths).__name__}: {paths!r}")
    nodes = walk(root)
    names = Names(nodes, digits)
    root_name = names(root)
    steps = fresh_steps(root, names, nodes)
    ledger = Ledger()
    for step in steps:
        for t in step.shown_terms():
            ledger.shares.setdefault(t.parent, []).append(_share(step, t))
    rows = [Row([("w", "step 0: start")], [([[("d", root_name, root_name)], [("m", "1")]], [])])]
    rows += [step_row(s, ledger, root_name, digits) for s in steps]
    extra = path_rows(root, nodes, names) if paths else []
    return render(rows, extra, root_name, format, len(steps))


def _share(step: Step, t: Term) -> Share:
    return Share(step.name, t.formula, t.local, step.upstream)

