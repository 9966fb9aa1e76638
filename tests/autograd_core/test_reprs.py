"""What a Step, a Value and a tree look like at the prompt (repr, IPython's pretty printer) and in
Jupyter (``_repr_html_``): short, one line where it can be, the tree as a tree."""

from __future__ import annotations

import pytest

from autograd_core import Value, vsum
from demos.toy import build

pretty = pytest.importorskip("IPython.lib.pretty", reason="IPython comes with ipykernel (the dev extra)")


def test_a_step_is_one_line_numbered_from_one() -> None:
    *_, e = build()
    steps = list(e.backward_steps())
    assert [repr(s) for s in steps] == [
        "<Step 1 of 3: e = c × d: ∂e/∂e = 1.0>",
        "<Step 2 of 3: c = a + b: ∂e/∂c = 2.0>",
        "<Step 3 of 3: d = b + 1.0: ∂e/∂d = 3.0>",
    ]
    assert pretty.pretty(steps[0]) == repr(steps[0])  # what IPython prints for it
    assert str(steps[2]) == "d = b + 1.0: ∂e/∂d = 3.0 → b.grad += 1 × 3.0 = 3.0, now 5.0"  # str says it all, as before


def test_a_step_in_jupyter_lists_what_each_input_received() -> None:
    *_, e = build()
    html = list(e.backward_steps())[0]._repr_html_()
    assert html.startswith("<div><b>Step 1 of 3</b>")
    assert "<li><code>c.grad += d × 1.0 = 2.0 × 1.0 = 2.0</code></li>" in html
    a = Value(1.0, label="<b>")  # labels are escaped
    step = next((a * 2.0).backward_steps())
    assert "&lt;b&gt;" in step._repr_html_() and "<b>.grad" not in step._repr_html_()


def test_a_long_header_is_cut_in_the_repr_only() -> None:
    total = vsum([Value(1.0, label="x" * 300), Value(2.0, label="y")])
    total.label = "s" * 300
    step = next(total.backward_steps())
    assert len(repr(step)) < 200 and repr(step).endswith("…>") and "\n" not in repr(step)
    assert len(step.header()) > 600  # str(step) and header() keep everything


def test_a_tree_is_a_str_that_shows_itself_as_the_tree() -> None:
    *_, e = build()
    e.backward()
    tree = e.tree()
    assert isinstance(tree, str) and tree == str(tree) and tree.splitlines()[0] == "e = c × d  data 6.0  grad 1.0"
    assert repr(tree) == tree  # at the prompt: the tree, not '\\n'-escaped text
    assert pretty.pretty(tree) == tree  # IPython's prompt and Jupyter's text/plain
    assert tree._repr_html_().startswith('<pre style="line-height: 1.25; margin: 0">e = c × d')
    assert "b  ↑ above" in tree and tree.count("\n") == 6  # string methods work as on any str
    assert type(tree.upper()) is str


def test_value_repr_stays_micrograds() -> None:
    *_, e = build()
    assert repr(e) == "Value(data=6.0, grad=0.0, label='e')"
