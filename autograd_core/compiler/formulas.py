"""The op table as source text: forward expressions and partial formulas, checked to give the engine's bits.

A forward line is ``op.expression(n)`` with the input names replaced by the names of the values
(``b + w0 * x0`` → ``b_1_2 + w_1_2_1 * x_1``); a chain-rule term is ``op.formula(i, n)`` the same
way. The engine computes partials with the row's ``local`` callable, so before a formula is used it
is evaluated against ``local`` on a fixed set of points from the op's input domains: it is used
only if every value is equal, bit for bit. ``x**2`` is tried as ``x * x`` first (``1 - out**2``
rounds differently from the ``1 - out * out`` that ``tanh``'s row computes, about once in a
thousand); a formula that still differs becomes a call to the row's own partials,
``d_tanh(out, a)[0]``, with the formula as a comment.
"""

from __future__ import annotations

import builtins
import math
import random
import re
from collections.abc import Callable
from typing import Any

from ..op import TABLE, Op

_NAME = re.compile(r"(?<![\w.])[A-Za-z_]\w*")
_SQUARE = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\*\*2(?![\w.(])")
_INT = re.compile(r"(?<![\w.])(?<![eE][-+])(\d+)(?![\w.])")
_KIND_RANGE = {"real": (-4.0, 4.0), "positive": (0.05, 6.0), "nonzero": (0.1, 4.0), "kink": (0.05, 4.0), "bounded": (-6.0, 6.0)}
_EXPONENTS = [-2.0, -1.0, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0]
_CHOSEN: dict[tuple[str, int, int], tuple[str, bool]] = {}


def namespace() -> dict[str, Any]:
    """What generated code may call: every op's forward by its name, its partials as ``d_<name>``, and math."""
    ns: dict[str, Any] = {name: getattr(math, name) for name in dir(math) if not name.startswith("_")}
    ns.update({"inf": math.inf, "nan": math.nan, "max": builtins.max, "min": builtins.min, "abs": builtins.abs})
    for op in TABLE.values():
        ns[op.name] = op.forward
        ns[f"d_{op.name}"] = op.local
    return ns


def substitute(text: str, names: dict[str, str]) -> str:
    """``text`` with every identifier found in ``names`` replaced (attributes and number suffixes left alone)."""
    return _NAME.sub(lambda m: names.get(m.group(0), m.group(0)), text)


def _samples(op: Op, n: int, count: int) -> list[tuple[float, ...]]:
    rng = random.Random(f"{op.name}/{n}")
    out = []
    for _ in range(count):
        xs = []
        for i in range(n):
            kind = op.input_domain(i)
            if kind == "exponent":
                xs.append(rng.choice(_EXPONENTS))
                continue
            low, high = _KIND_RANGE.get(kind, (-4.0, 4.0))
            x = rng.uniform(low, high)
            xs.append(-x if kind in ("nonzero", "kink") and rng.random() < 0.5 else x)
        out.append(tuple(xs))
    return out


_POINTS: dict[tuple[str, int], tuple[Op, list[tuple[tuple[float, ...], float, tuple[float, ...]]]]] = {}


def _points(op: Op, n: int) -> list[tuple[tuple[float, ...], float, tuple[float, ...]]]:
    """Sample inputs of ``op`` with the forward and the row's partials at each (made once per op and size)."""
    cached = _POINTS.get((op.name, n))
    if cached is not None and cached[0] is op:
        return cached[1]
    out = []
    for xs in _samples(op, n, 12 if op.nary else 600):
        try:
            value = op.forward(*xs)
            out.append((xs, value, tuple(op.local(value, *xs))))
        except (ArithmeticError, ValueError):
            continue
    _POINTS[(op.name, n)] = (op, out)
    return out


def _agrees(op: Op, i: int, n: int, text: str) -> bool:
    code = builtins.compile(text, f"<{op.name} formula>", "eval")
    env = namespace()
    names = op.input_names(n)
    for xs, out, local in _points(op, n):
        env.update(zip(names, xs))
        env["out"] = out
        try:
            got = eval(code, env)  # our own op table's formula text
        except (ArithmeticError, ValueError):
            continue  # the generated step raises too, and falls back to the interpreter
        want = local[i]
        if not (got == want or (got != got and want != want)):
            return False
    return True


_FORMULAS: dict[tuple[str, int], tuple[Op, tuple[str, ...]]] = {}
_NARY_WAY: dict[tuple[str, int], int | None] = {}  # n-ary op -> the rewrite every formula matched with at a small size


def _formulas(op: Op, n: int) -> tuple[str, ...]:
    """Every input's formula for a node with ``n`` inputs (the row builds them all at once: made once here)."""
    cached = _FORMULAS.get((op.name, n))
    if cached is None or cached[0] is not op:
        cached = _FORMULAS[(op.name, n)] = (op, tuple(op.formula(i, n) for i in range(n)) if not op.nary else tuple(
            op.formulas(n) if callable(op.formulas) else op.formulas))
    return cached[1]


def _floats(text: str) -> str:
    """Integer literals written as floats (``1 if a > 0 else 0`` -> ``1.0 if a > 0.0 else 0.0``): the same
    values, and Python's float-only fast paths for the arithmetic (checked against the row like any formula)."""
    return _INT.sub(r"\1.0", text)


def _rewrites(formula: str) -> tuple[str, ...]:
    """The texts tried for a formula, in order: ``x**2`` as ``x * x`` with float literals, then without, then as written."""
    square = _SQUARE.sub(r"\1 * \1", formula)
    return (_floats(square), square, formula)


def _first_agreeing(op: Op, i: int, n: int) -> int | None:
    """Which of ``_rewrites`` of input i's formula first gives the row's partials bit for bit (None: none does)."""
    tried: set[str] = set()
    for way, text in enumerate(_rewrites(_formulas(op, n)[i])):
        if text not in tried and _agrees(op, i, n, text):
            return way
        tried.add(text)
    return None


def partial(op: Op, i: int, n: int) -> tuple[str, bool]:
    """The text of ∂out/∂(input i) over the input names and ``out``, and whether it is the table's formula
    (False: ``d_<op>(out, ...)[i]``, the row's own partials, because no formula matched them bit for bit).

    An n-ary op is checked once at a small size (every input of an 8- or 9-input node): when all its
    formulas agree there with the same rewrite, that rewrite of its formulas is used at every size
    (checking each input of a 4,000-input sum would cost time quadratic in its size)."""
    key = (op.name, n, i)
    if key in _CHOSEN and TABLE.get(op.name) is op:
        return _CHOSEN[key]
    way: int | None = None
    if op.nary and n > 9:
        small = 9 if n % 2 else 8
        if (op.name, small) not in _NARY_WAY or TABLE.get(op.name) is not op:
            ways = {_first_agreeing(op, j, small) for j in range(small)}
            _NARY_WAY[(op.name, small)] = ways.pop() if len(ways) == 1 else None
        way = _NARY_WAY[(op.name, small)]
    if way is None:
        way = _first_agreeing(op, i, n)
    if way is None:
        chosen = (f"d_{op.name}({', '.join(['out', *op.input_names(n)])})[{i}]", False)
    else:
        chosen = (_rewrites(_formulas(op, n)[i])[way], True)
    _CHOSEN[key] = chosen
    return chosen


def forward_text(op: Op, n: int, args: list[str], out: str = "") -> str:
    """The forward of ``op`` on values named ``args``, as an expression (long sums become calls)."""
    names = op.input_names(n)
    if n > 256:  # a very long expression would overflow the parser's recursion: call the forward instead
        return f"{op.name}({', '.join(args)})"
    return substitute(op.expression(n), dict(zip(names, args)))


def partial_text(op: Op, i: int, n: int, args: list[str], out: str) -> str:
    """∂out/∂(input i) of ``op`` for values named ``args`` and ``out``, as an expression."""
    return partial_with(op, i, n, args.__getitem__, out)


def partial_with(op: Op, i: int, n: int, arg: Callable[[int], str], out: str) -> str:
    """∂out/∂(input i) of ``op``, naming input q ``arg(q)`` (asked only for the inputs the formula reads)."""
    text, _ = partial(op, i, n)
    positions = _positions(op, n)
    names = {"out": out}
    for name in set(_NAME.findall(text)):
        q = positions.get(name)
        if q is not None:
            names[name] = arg(q)
    return substitute(text, names)


_POSITIONS: dict[tuple[str, int], dict[str, int]] = {}


def _positions(op: Op, n: int) -> dict[str, int]:
    key = (op.name, n)
    found = _POSITIONS.get(key)
    if found is None or TABLE.get(op.name) is not op:
        found = _POSITIONS[key] = {name: q for q, name in enumerate(op.input_names(n))}
    return found


def is_zero(text: str) -> bool:
    """Whether a partial is the constant 0 (its term is left out: the engine sends nothing)."""
    try:
        return float(text) == 0.0
    except ValueError:
        return False


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def term(partial_src: str, grad: str) -> str:
    """``partial * grad``, written plainly: ``grad`` for 1, ``-grad`` for -1, parentheses only where needed.

    A partial that picks a number by a test (ReLU's ``1.0 if a > 0.0 else 0.0``) picks the term instead,
    ``grad if a > 0.0 else 0.0``: 1·g is g and 0·g is 0 (the engine sends an exact-0 partial's term as
    nothing, so 0 even when g is infinite), one multiplication less per node.
    """
    p = partial_src.strip()
    choice = _choice(p, grad)
    if choice is not None:
        return choice
    value = _number(p)
    if value == 1.0:
        return grad
    if value == -1.0:
        return f"-{grad}"
    simple = _NAME.fullmatch(p) is not None or value is not None and value >= 0.0
    return f"{p} * {grad}" if simple else f"({p}) * {grad}"


def _choice(p: str, grad: str) -> str | None:
    """``(A if C else B) * g`` for number literals A, B (nested tests allowed) as ``(A·g if C else B·g)``; else None."""
    head, sep, rest = p.partition(" if ")
    test, sep2, other = rest.partition(" else ")
    value = _number(head)
    if not sep or not sep2 or value is None or " if " in test:
        return None
    nested = _choice(other, grad) if " if " in other else None
    other_value = _number(other)
    if nested is None and other_value is None:
        return None
    picked = {1.0: grad, -1.0: f"-{grad}", 0.0: "0.0"}.get(value, f"{head} * {grad}")
    if nested is not None:
        otherwise = nested
    else:
        otherwise = {1.0: grad, -1.0: f"-{grad}", 0.0: "0.0"}.get(other_value, f"{other} * {grad}")  # type: ignore[arg-type]
    return f"({picked} if {test} else {otherwise})"
