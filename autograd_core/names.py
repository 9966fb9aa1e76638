"""The display vocabulary shared by the stepper, the text tree, the drawings and the HTML page.

- ``fmt``: a number to a few significant digits, never rounded into a whole number it is not;
- ``Names``: each node's display name -- its label (``z¹₂``; a label that occurs more than once
  in the graph gets its occurrence, ``z¹₂⁽¹⁾``, ``z¹₂⁽²⁾``, numbered in discovery order from the
  root), the number itself for an unlabelled leaf, ``#k`` for an anonymous computed value;
- ``formula_text``: a local partial as the notes write it (``2·d`` for ∂(d²)/∂d);
- ``expression``: a node as its op applied to its parents' names (``c × d``, ``d²``, ``σ(z)``).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Iterable

from . import formula
from .formula import atom
from .value import Value

__all__ = ["Names", "atom", "check_digits", "clean", "d_name", "expression", "fmt", "formula_text", "is_number", "superscript", "symbol"]

MAX_DIGITS = 12  # fmt adds digits up to here to avoid a false whole number, then shows repr
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SYMBOLS = {"*": "×"}
_INFIX = {"add": "a + b", "sub": "a - b", "mul": "a * b", "div": "a / b", "powv": "a ** b", "pow": "a ** k", "neg": "-a"}
_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def is_numeric(text: str) -> bool:
    """Whether a formula's text is just a number ("1", "-1", "2.0"): then it needs no value beside it."""
    try:
        float(text)
    except ValueError:
        return False
    return True


def fmt(x: float, digits: int = 4) -> str:
    """``x`` to ``digits`` significant digits; whole numbers keep ``.0`` (2.0, 0.5, -1.235e+06, inf).

    A value that is not whole never prints as one: 0.99998 to 4 digits would read ``1.0`` beside
    an edge saying ∂h/∂z = 1.67e-05, so digits are added until the text is not whole (0.99998);
    past ``MAX_DIGITS`` the value's ``repr`` is shown.
    """
    s = f"{x:.{digits}g}"
    if math.isfinite(x) and not x.is_integer():
        d = digits
        while float(s).is_integer():
            d += 1
            s = f"{x:.{d}g}" if d <= MAX_DIGITS else repr(x)
    return s + ".0" if s.lstrip("-").isdigit() else s


def check_digits(digits: object, who: str = "digits") -> int:
    """``digits`` if it is an int from 1 to 17; a clear error naming the option otherwise."""
    if isinstance(digits, bool) or not isinstance(digits, int):
        raise TypeError(f"{who} must be an int (significant digits, e.g. 4), not {type(digits).__name__}: {digits!r}")
    if not 1 <= digits <= 17:
        raise ValueError(f"{who} must be from 1 to 17 (significant digits), not {digits!r}")
    return digits


def superscript(n: int) -> str:
    """``12`` → ``¹²``."""
    return str(n).translate(_SUPERSCRIPT)


def clean(text: str) -> str:
    """``text`` on one line, with characters no file or terminal can carry (controls, lone surrogates) as U+FFFD."""
    return _BAD.sub("\ufffd", " ".join(text.splitlines()) if "\n" in text or "\r" in text else text)


def d_name(text: str) -> str:
    """A display name as it stands after ∂ or before ``.grad``: ``∂L/∂a¹₂``, ``∂L/∂(ŷ − y)²``, but ``∂L/∂(log p)``."""
    return text if formula.name_precedence(text) >= formula.POWER else f"({text})"


def symbol(node: Value) -> str:
    """The op's symbol for display (``×`` for ``*``); "" for a leaf."""
    op = node.op_entry
    return "" if op is None else _SYMBOLS.get(op.symbol, op.symbol)


def is_number(v: Value) -> bool:
    """A leaf with no label: a number lifted into the graph (the 1 in ``b + 1``). Shown as its value, never as a parameter."""
    return v.op_entry is None and not v.label


def is_op_constant(node: Value, i: int) -> bool:
    """Whether parent ``i`` of ``node`` is a constant of the op (a number exponent)."""
    op = node.op_entry
    return op is not None and i in op.constant


class Names:
    """Display names (see the module doc); computed once per graph, cheap to call per node.

    ``nodes`` is ``walk(root)``: its order numbers repeated labels and anonymous values (``#k``).
    """

    def __init__(self, nodes: Iterable[Value], digits: int = 4) -> None:
        self.digits = digits
        self.index: dict[Value, int] = {}
        counts: dict[str, int] = {}
        for i, v in enumerate(nodes):
            self.index[v] = i
            if v.label:
                counts[v.label] = counts.get(v.label, 0) + 1
        self.occurrence: dict[Value, int] = {}  # k for the k-th node carrying a repeated label
        seen: dict[str, int] = {}
        for v in self.index:
            if v.label and counts[v.label] > 1:
                seen[v.label] = self.occurrence[v] = seen.get(v.label, 0) + 1
        self._cache: dict[Value, str] = {}

    def __call__(self, v: Value) -> str:
        text = self._cache.get(v)
        if text is None:
            text = self._cache[v] = self._name(v)
        return text

    def _name(self, v: Value) -> str:
        text = clean(v.label).strip() if v.label else ""
        if text:
            k = self.occurrence.get(v)
            if k is None:
                return text
            return f"{text if formula.name_precedence(text) >= formula.POWER else f'({text})'}⁽{superscript(k)}⁾"  # (ŷ − y)⁽²⁾
        return fmt(v.data, self.digits) if is_number(v) else f"#{self.index[v]}"  # a blank label names nothing

    def number(self, x: float) -> str:
        return fmt(x, self.digits)


# ---- formulas and expressions -------------------------------------------------------------------


Bound = tuple[ast.expr, dict[str, str], dict[str, float]]  # a formula's tree, each placeholder's name and data


def _bound(node: Value, name: Callable[[Value], str], text: str, numbers: bool, simplify: bool = True) -> Bound:
    """``text`` (over the op's input names and ``out``) parsed, with each input put in.

    Placeholders ``_0``, ``_1`` ... stand for named parents (``_out`` for the node itself); constants
    of the op, and with ``numbers`` unlabelled number leaves, go in as numbers.
    """
    op = node.op_entry
    assert op is not None, "a leaf has no local partials"
    parents = node.parents
    values: dict[str, str | float] = {"out": "_out"}
    shown, data = {"_out": name(node)}, {"_out": node.data}
    for k, (arg, p) in enumerate(zip(op.input_names(len(parents)), parents, strict=True)):
        if k in op.constant or (numbers and is_number(p)):
            values[arg] = p.data
        else:
            values[arg] = f"_{k}"
            shown[f"_{k}"], data[f"_{k}"] = name(p), p.data
    tree = formula.substitute(formula.template(text), values)
    return (formula.fold(tree) if simplify else tree), shown, data


def local_formula(node: Value, i: int, name: Callable[[Value], str]) -> Bound:
    """∂node/∂(parent i) simplified, with the display name and the data of each placeholder in it."""
    op = node.op_entry
    assert op is not None, "a leaf has no local partials"
    return _bound(node, name, op.formula(i, len(node.parents)), numbers=True)


def formula_text(node: Value, i: int, name: Callable[[Value], str], digits: int = 4) -> str:
    """∂node/∂(parent i) as text over the nodes' names: ``d`` for e = c·d, ``1 - o²`` for tanh, ``2·d`` for d²."""
    tree, shown, _ = local_formula(node, i, name)
    return formula.render(tree, shown, lambda x: fmt(x, digits))


def expression(node: Value, name: Callable[[Value], str], limit: int = 4, digits: int = 4) -> str:
    """The node as its op applied to its parents' names: ``c × d``, ``d²``, ``σ(z)``, ``b + w₁·x₁ + …``, ``Σ(x₁, x₂, …)``."""
    op = node.op_entry
    if op is None:
        return name(node)
    parents = node.parents
    number = lambda x: fmt(x, digits)
    if op.name in _INFIX:
        tree, shown, _ = _bound(node, name, _INFIX[op.name], numbers=False, simplify=False)
        return formula.render(tree, shown, number, times=" × ")
    if op.name == "wsum":  # z = b + w₁·x₁ + w₂·x₂ + …
        n = len(parents) // 2
        terms = (["b"] if len(parents) % 2 else []) + [f"w{j} * x{j}" for j in range(n)]
        tree, shown, _ = _bound(node, name, " + ".join(terms[:limit]) or "0", numbers=False, simplify=False)
        return formula.render(tree, shown, number) + (" + …" if len(terms) > limit else "")
    names = [name(p) for p in parents[:limit]]
    return f"{symbol(node)}({', '.join(names + (['…'] if len(parents) > limit else []))})"
