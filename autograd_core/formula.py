"""Formulas as the notes write them: the op table's strings, parsed, with names and numbers put in,
numbers folded, and printed with ``·``, ``²`` and only the parentheses that are needed.

The op table writes each local partial as a Python expression over its input names (``k *
a**(k - 1)`` for ∂(a^k)/∂a). ``template`` parses it once; ``substitute`` puts a placeholder for
each input that is a named value and a number for each constant (``k = 2``, an unlabelled ``1``);
``fold`` simplifies the numbers (``2.0 - 1`` → ``1``; ``d**1`` → ``d``; ``x*1``, ``1*x`` → ``x``;
``-1`` stays); ``render`` prints the result (``2·d``) and ``evaluate`` computes it, so a test can
check that the text shown is the partial used. Nothing here knows a Value: names arrive as text.
"""

from __future__ import annotations

import ast
import copy
import functools
import math
import re
from collections.abc import Callable, Mapping

SQUARES = {2: "²", 3: "³"}
_SIMPLE = re.compile(r"[\w#.'′\u0300-\u036f⁽⁾⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉]+(,[₀-₉]+)*")
_OCCURRENCE = re.compile(r"⁽[⁰¹²³⁴⁵⁶⁷⁸⁹]+⁾$")
_NUMBER = re.compile(r"-?(\d+\.?\d*(e[+-]?\d+)?|inf)")
_FUNCTIONS: dict[str, Callable[..., float]] = {"log": math.log, "exp": math.exp, "cos": math.cos, "sin": math.sin, "tanh": math.tanh}
# precedence, low to high: conditional, comparison, + -, · /, unary -, power, atom
IFEXP, COMPARE, SUM, PRODUCT, UNARY, POWER, ATOM = range(7)
_BINARY = {ast.Add: (SUM, " + "), ast.Sub: (SUM, " - "), ast.Mult: (PRODUCT, "·"), ast.Div: (PRODUCT, " / "), ast.Pow: (POWER, "^")}
_COMPARE = {ast.Gt: ">", ast.GtE: "≥", ast.Lt: "<", ast.LtE: "≤", ast.Eq: "=", ast.NotEq: "≠"}


@functools.lru_cache(maxsize=512)
def template(text: str) -> ast.expr:
    """The formula string parsed (cached: the trees are shared, and nothing here changes them)."""
    return ast.parse(text, mode="eval").body


def closes_last(text: str, start: int) -> bool:
    """Whether the bracket opened at ``text[start]`` is closed by the last character."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1, "[": 1, "]": -1}.get(text[i], 0)
        if depth == 0:
            return i == len(text) - 1
    return False


def name_precedence(text: str) -> int:
    """How tightly a display name binds: ``x``, ``σ(z)``, ``(a + b)`` are atoms; ``(ŷ − y)²`` a power;
    ``-1.5`` a unary minus; ``ŷ − y`` loose."""
    if _SIMPLE.fullmatch(text):
        return ATOM
    stem = _OCCURRENCE.sub("", text)  # (ŷ − y)⁽²⁾ binds as (ŷ − y) does
    if stem != text and stem:
        return name_precedence(stem)
    if _NUMBER.fullmatch(text):
        return UNARY if text.startswith("-") else POWER  # -1.5, 1e-05
    call = re.match(r"[\w#.\u0300-\u036fΣ]*[(\[]", text)  # f(…), (…), Σ[…]
    if call and closes_last(text, call.end() - 1):
        return ATOM
    base = text.rstrip("⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")
    if base and base != text and name_precedence(base) == ATOM:
        return POWER
    return COMPARE


def atom(text: str) -> str:
    """``text`` as it can stand inside a formula: ``x``, ``σ(z)`` and ``(a + b)`` as they are; ``(-1.0)``, ``(1 - o²)``."""
    return text if name_precedence(text) == ATOM else f"({text})"


# ---- substitute and fold ---------------------------------------------------------------------


def substitute(tree: ast.expr, values: Mapping[str, str | float]) -> ast.expr:
    """A new tree with each input name replaced: by a placeholder name (a str) or a number (a float)."""

    def put(node: ast.AST) -> ast.AST:  # a copy node by node (copy.deepcopy took most of a step's explanation)
        if isinstance(node, ast.Name) and node.id in values:
            v = values[node.id]
            return ast.Name(v, ast.Load()) if isinstance(v, str) else ast.Constant(float(v))
        new = copy.copy(node)
        for field, old in ast.iter_fields(node):
            if isinstance(old, ast.AST):
                setattr(new, field, put(old))
            elif isinstance(old, list):
                setattr(new, field, [put(x) if isinstance(x, ast.AST) else x for x in old])
        return new

    out = put(tree)
    assert isinstance(out, ast.expr)
    return out


def _number(node: ast.expr) -> float | None:
    value = node.value if isinstance(node, ast.Constant) else None
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _finite_result(f: Callable[[], float]) -> float | None:
    """``f()`` if it gives a finite real number; None when it fails, overflows or leaves the reals."""
    try:
        out = f()
    except (ArithmeticError, ValueError):
        return None
    return out if isinstance(out, float | int) and math.isfinite(out) else None


_APPLY: dict[type, Callable[[float, float], float]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a**b,
}  # fmt: skip


def fold(node: ast.expr) -> ast.expr:
    """Numbers folded bottom up: ``2.0 * d**(2.0 - 1)`` → ``2.0 * d``; ``x*1``, ``1*x``, ``x/1``, ``x**1``, ``x + 0`` → ``x``;
    ``x**0`` → ``1``; ``-1*x`` → ``-x``.

    A fold that would fail or overflow (``1e-200 ** -2.5``) is left written out.
    """
    if isinstance(node, ast.UnaryOp):
        operand = fold(node.operand)
        n = _number(operand)
        if isinstance(node.op, ast.USub):
            if n is not None:
                return ast.Constant(-n)
            if isinstance(operand, ast.UnaryOp) and isinstance(operand.op, ast.USub):
                return operand.operand
            return ast.UnaryOp(ast.USub(), operand)
        return operand if isinstance(node.op, ast.UAdd) else ast.UnaryOp(node.op, operand)
    if isinstance(node, ast.BinOp) and type(node.op) in _APPLY:
        left, right = fold(node.left), fold(node.right)
        a, b, op = _number(left), _number(right), type(node.op)
        if a is not None and b is not None:
            out = _finite_result(lambda: _APPLY[op](a, b))
            if out is not None:
                return ast.Constant(float(out))
        if (op in (ast.Mult, ast.Div, ast.Pow) and b == 1.0) or (op in (ast.Add, ast.Sub) and b == 0.0):
            return left
        if op is ast.Pow and b == 0.0:
            return ast.Constant(1.0)  # x**0 = 1 (Python's convention at 0 too)
        if (op is ast.Mult and a == 1.0) or (op is ast.Add and a == 0.0):
            return right
        if op is ast.Mult and a == -1.0:
            return fold(ast.UnaryOp(ast.USub(), right))
        return ast.BinOp(left, node.op, right)
    if isinstance(node, ast.IfExp):
        return ast.IfExp(fold(node.test), fold(node.body), fold(node.orelse))
    if isinstance(node, ast.Compare):
        return ast.Compare(fold(node.left), node.ops, [fold(c) for c in node.comparators])
    if isinstance(node, ast.Call):
        return ast.Call(node.func, [fold(a) for a in node.args], [])
    return node


def evaluate(node: ast.expr, env: Mapping[str, float]) -> float:
    """The formula's value with each placeholder name bound to a number (``log``, ``cos`` ... from ``math``)."""
    code = compile(ast.fix_missing_locations(ast.Expression(node)), "<formula>", "eval")
    return float(eval(code, {"__builtins__": {}}, {**_FUNCTIONS, **env}))


# ---- render ------------------------------------------------------------------------------------


def number_text(x: float, fmt: Callable[[float], str]) -> str:
    """A number inside a formula: whole numbers without ``.0`` (``2·d``), others as ``fmt`` gives them."""
    if math.isfinite(x) and x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return fmt(x)


def render(node: ast.expr, names: Mapping[str, str], fmt: Callable[[float], str], times: str = "·") -> str:
    """The tree as text: placeholders by ``names``, ``times`` for ×, ``²``/``³`` for small powers, minimal parentheses."""
    return _render(node, names, fmt, times)[0]


def _wrap(part: tuple[str, int], need: int) -> str:
    text, prec = part
    return text if prec >= need else f"({text})"


def _render(node: ast.expr, names: Mapping[str, str], fmt: Callable[[float], str], times: str) -> tuple[str, int]:
    """(text, precedence) of ``node``."""
    r = lambda n: _render(n, names, fmt, times)
    if isinstance(node, ast.Name):
        text = names.get(node.id, node.id)
        return text, (name_precedence(text) if node.id in names else ATOM)
    x = _number(node)
    if x is not None:
        text = number_text(x, fmt)
        return text, UNARY if text.startswith("-") else (ATOM if re.fullmatch(r"[\d.]+", text) else POWER)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return "-" + _wrap(r(node.operand), POWER), UNARY
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        prec, sym = _BINARY[type(node.op)]
        sym = times if isinstance(node.op, ast.Mult) else sym
        left, right = r(node.left), r(node.right)
        if isinstance(node.op, ast.Pow):
            k = _number(node.right)
            if k is not None and k in SQUARES:
                return _wrap(left, ATOM) + SQUARES[int(k)], POWER
            return f"{_wrap(left, ATOM)}^{_wrap(right, ATOM)}", POWER
        right_need = prec + 1 if isinstance(node.op, ast.Sub | ast.Div) else prec
        right_need = max(right_need, POWER) if right[1] == UNARY else right_need  # a + (-b), x·(-1.5)
        return f"{_wrap(left, prec)}{sym}{_wrap(right, right_need)}", prec
    if isinstance(node, ast.Call):
        func = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
        return f"{names.get(func, func)}({', '.join(r(a)[0] for a in node.args)})", ATOM
    if isinstance(node, ast.Compare):
        parts = [_wrap(r(node.left), SUM)]
        for op, c in zip(node.ops, node.comparators, strict=True):
            parts += [_COMPARE.get(type(op), "?"), _wrap(r(c), SUM)]
        return " ".join(parts), COMPARE
    if isinstance(node, ast.IfExp):
        return f"{_wrap(r(node.body), COMPARE)} if {_wrap(r(node.test), COMPARE)} else {_wrap(r(node.orelse), IFEXP)}", IFEXP
    return ast.unparse(node), ATOM
