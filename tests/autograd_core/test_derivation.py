"""derivation(root): the backward pass as equations with the numbers put in -- Markdown as the stepper writes it,
LaTeX as one align* that a real renderer (matplotlib's mathtext, line by line) typesets."""

from __future__ import annotations

import io
import re

import pytest
from hypothesis import given, settings

from autograd_core import Value, derivation, walk
from autograd_core.latex import latex
from autograd_core.names import d_name
from demos.toy import build
from tests.strategies_graphs import labelled_graphs, lecture_network, one_neuron

TOY_MARKDOWN = """#### Backward pass through e, one step per node (3 steps; step 0 is the start)
- **step 0**: start: ∂e/∂e = 1
- **step 1**: e = c × d: ∂e/∂c = ∂e/∂e·∂e/∂c = 1.0·d = 1.0·2.0 = 2.0; ∂e/∂d = ∂e/∂e·∂e/∂d = 1.0·c = 1.0·3.0 = 3.0
- **step 2**: c = a + b: ∂e/∂a = ∂e/∂c·∂c/∂a = 2.0·1 = 2.0; ∂e/∂c·∂c/∂b = 2.0·1 = 2.0 (share 1 of 2 of ∂e/∂b)
- **step 3**: d = b + 1.0: ∂e/∂b = ∂e/∂c·∂c/∂b + ∂e/∂d·∂d/∂b = 2.0·1 + 3.0·1 = 5.0
#### Sum over paths, for each input that reaches the root by more than one path
- paths from b (2): b → c → e: ∂e/∂c·∂c/∂b = d·1 = 2.0·1 = 2.0; b → d → e: ∂e/∂d·∂d/∂b = c·1 = 3.0·1 = 3.0; ∂e/∂b = 2.0 + 3.0 = 5.0"""


def test_the_toy_graph_in_markdown_sums_b_over_its_two_uses() -> None:
    *_, e = build()
    text = derivation(e)
    assert text == TOY_MARKDOWN and isinstance(text, str)
    assert repr(text) == TOY_MARKDOWN and text._repr_markdown_() == TOY_MARKDOWN and text._repr_latex_() is None


def test_each_step_line_reads_as_the_stepper_and_ends_on_the_engines_gradient() -> None:
    root = one_neuron()
    steps = list(root.backward_steps())
    lines = [line for line in derivation(root, paths=False).splitlines() if line.startswith("- **step")]
    assert len(lines) == len(steps) + 1  # the start, then one line per node
    for k, (line, step) in enumerate(zip(lines[1:], steps), 1):
        assert line.startswith(f"- **step {k}**: {step.header().split(':')[0]}: ")
        for term in step.shown_terms():  # every input's gradient is written out at the step that completes it
            assert f"∂L/∂{d_name(term.name)} = ∂L/∂{d_name(step.name)}·" in line
    finals = re.findall(r"∂L/∂(w₁|w₂|b) = [^;]* = (-?[\d.e-]+)(?:;|$)", "\n".join(lines))
    grads = {v.label: v.grad for v in walk(root) if v.label in ("w₁", "w₂", "b")}
    assert {name: float(x) for name, x in finals} == pytest.approx(grads, rel=1e-3)


def test_the_pass_is_fresh_and_the_gradients_are_left_alone() -> None:
    *_, e = build()
    e.backward()
    e.backward()  # leaves accumulated twice
    before = [v.grad for v in walk(e)]
    assert "= 5.0" in derivation(e) and "= 10.0" not in derivation(e)
    assert [v.grad for v in walk(e)] == before


def mathtext_renders(math: str) -> None:
    """Typeset ``math`` with matplotlib's mathtext (a ValueError if it cannot)."""
    from matplotlib.mathtext import math_to_image

    math_to_image(f"${math}$", io.BytesIO(), format="png")


def align_rows(tex: str) -> list[str]:
    assert tex.startswith("\\begin{align*}\n") and tex.endswith("\n\\end{align*}")
    body = tex.removeprefix("\\begin{align*}\n").removesuffix("\\end{align*}")
    rows = body.rstrip("\n").split(" \\\\\n")
    assert all(row.count("&") == 1 and "\\\\" not in row for row in rows)  # two columns: the step, its equation
    depth = 0
    for ch in body.replace("\\{", "").replace("\\}", ""):
        depth += {"{": 1, "}": -1}.get(ch, 0)
        assert depth >= 0
    assert depth == 0
    return rows


@pytest.mark.parametrize("graph", ["toy", "neuron", "lecture"])
def test_the_latex_is_one_align_star_that_mathtext_typesets_line_by_line(graph: str) -> None:
    pytest.importorskip("matplotlib")
    root = {"toy": lambda: build()[-1], "neuron": one_neuron, "lecture": lecture_network}[graph]()
    tex = derivation(root, "latex")
    assert tex._repr_latex_() == tex
    for row in align_rows(tex):
        left, right = row.split("&")
        mathtext_renders(left + right)


@settings(max_examples=20)
@given(labelled_graphs())
def test_any_graph_gives_latex_that_typesets(root: Value) -> None:
    pytest.importorskip("matplotlib")
    for row in align_rows(derivation(root, "latex")):
        mathtext_renders(row.replace("&", ""))


def test_names_become_latex() -> None:
    assert [latex(t) for t in ["z¹₂", "(ŷ − y)²", "w¹₁₂,₃", "z¹₂⁽³⁾", "1.67e-05", "log p", "loss", "#3", "0 if x ≤ 0 else 1"]] == [
        "z^{1}_{2}", r"(\hat{y} - y)^{2}", "w^{1}_{12,3}", "z^{1}_{2}{}^{(3)}", r"1.67 \times 10^{-5}", r"\log p",
        r"\mathit{loss}", r"\#3", r"0 \text{ if } x \leq 0 \text{ else } 1",
    ]  # fmt: skip


def test_bad_options_are_clear_errors() -> None:
    *_, e = build()
    with pytest.raises(ValueError, match="format must be 'markdown' or 'latex'"):
        derivation(e, "html")
    with pytest.raises(TypeError, match="needs a Value"):
        derivation(2.0)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="paths must be True or False"):
        derivation(e, paths=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="digits must be from 1 to 17"):
        derivation(e, digits=0)
