"""The reference engine stays what a learner can read in one sitting, and the layout stays private.

* every function of ``engine.py`` together is at most 40 lines, each of McCabe complexity ≤ 6;
* ``engine.py`` uses only public node attributes (``parents``, ``data``, ``grad``, ``op``,
  ``op_entry``), never the compact layout;
* only ``fast/`` reads or writes the private slots ``_a``/``_b``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import autograd_core

PACKAGE = Path(autograd_core.__file__).parent
ENGINE = PACKAGE / "engine.py"


def mccabe(fn: ast.FunctionDef) -> int:
    """1 + the decision points: if/elif, loops, except, conditional expressions, comprehension
    loops and their ifs, and each extra operand of ``and``/``or``."""
    score = 1
    for node in ast.walk(fn):
        if isinstance(node, ast.If | ast.For | ast.While | ast.IfExp | ast.ExceptHandler | ast.Assert):
            score += 1
        elif isinstance(node, ast.BoolOp):
            score += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            score += 1 + len(node.ifs)
    return score


def functions(path: Path) -> list[ast.FunctionDef]:
    return [n for n in ast.parse(path.read_text(encoding="utf-8")).body if isinstance(n, ast.FunctionDef)]


def test_the_reference_engine_is_at_most_40_lines() -> None:
    fns = functions(ENGINE)
    assert {f.name for f in fns} >= {"topological_order", "chain_rule", "backward"}
    lines = sum(f.end_lineno - f.lineno + 1 for f in fns)  # type: ignore[operator]
    assert lines <= 40, f"engine.py's functions take {lines} lines"


def test_each_reference_function_is_simple() -> None:
    scores = {f.name: mccabe(f) for f in functions(ENGINE)}
    assert max(scores.values()) <= 6, scores


def test_the_mccabe_count_counts() -> None:
    (fn,) = functions_of("def f(x):\n    if x and x > 1:\n        return [y for y in x if y]\n    return 0\n")
    assert mccabe(fn) == 1 + 1 + 1 + 2


def functions_of(source: str) -> list[ast.FunctionDef]:
    return [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def test_the_reference_uses_only_public_node_attributes() -> None:
    attrs = {n.attr for n in ast.walk(ast.parse(ENGINE.read_text(encoding="utf-8"))) if isinstance(n, ast.Attribute)}
    private = {a for a in attrs if a.startswith("_")}
    assert not private, private
    assert {"parents", "data", "grad", "op_entry", "local"} <= attrs


def test_only_the_tuned_path_touches_the_compact_layout() -> None:
    slot = re.compile(r"\._[ab]\b")
    outside = [
        f"{path.relative_to(PACKAGE)}:{i}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "fast" not in path.relative_to(PACKAGE).parts
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if slot.search(line)
    ]
    assert not outside, outside
