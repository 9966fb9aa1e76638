"""The tuned backward (``Value.backward()``, ``autograd_core/fast``) is the reference engine
(``autograd_core.engine``) on nn's models: on random MLPs -- every activation, softmax outputs,
bias or not, fused or not, every loss fit accepts, with and without L2 -- both give the same
backward order and the same gradient for every node, compared with ``==`` (NaN equal to NaN).
``model.batch(X)`` and ``[model(x) for x in X]`` build graphs with identical data and gradients.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from autograd_core import Value, walk
from nn import MLP, Layer, Neuron
from nn.loss_table import LOSSES
from nn.train import _penalised
from tests.autograd_core.test_fast_equals_reference import assert_same_pass, same

from .strategies import rows_for, training_cases


def objective(model: Any, preds: list[Any], case: dict) -> Value:
    """The loss fit would differentiate: the table's loss (+ λ·Σ p² as fit adds it)."""
    entry = LOSSES[case["loss"]]
    loss = entry(preds, case["targets"])
    return _penalised(loss, case["l2"], model.parameters(), entry.title) if case["l2"] else loss


def build(case: dict) -> MLP:
    return MLP(**case["spec"], fused=case["fused"], seed=case["seed"])


@settings(max_examples=600, deadline=None)
@given(training_cases())
def test_random_models_and_losses(case: dict) -> None:
    model = build(case)
    assert_same_pass(objective(model, model.batch(case["rows"]), case), case["seed"])


@settings(max_examples=300, deadline=None)
@given(training_cases())
def test_batch_and_one_call_per_row_give_identical_data_and_gradients(case: dict) -> None:
    batched, single = build(case), build(case)
    roots = [objective(batched, batched.batch(case["rows"]), case), objective(single, [single(x) for x in case["rows"]], case)]
    for root in roots:
        root.backward()
    nodes = [walk(root) for root in roots]  # the same graph, node for node: same op, name, data and gradient
    assert len(nodes[0]) == len(nodes[1])
    for a, b in zip(*nodes, strict=True):
        assert (a.op, a.label, a.tag) == (b.op, b.label, b.tag) and same(a.data, b.data) and same(a.grad, b.grad)
    assert_same_pass(roots[1], case["seed"])


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["linear", "step", "sigmoid", "tanh", "relu", "softmax"]), st.booleans(), st.booleans(), st.data())
def test_a_layer_or_a_neuron_alone(activation: str, fused: bool, bias: bool, data: st.DataObject) -> None:
    nin = data.draw(st.integers(1, 4))
    rows = data.draw(st.lists(rows_for(nin), min_size=1, max_size=3))
    layer = Layer(nin, data.draw(st.integers(2, 4)), activation=activation, bias=bias, fused=fused, seed=1)
    outs = [v for out in layer.batch(rows) for v in out]
    if activation != "softmax":
        outs += [Neuron(nin, activation=activation, bias=bias, fused=fused, seed=2)(x) for x in rows]
    assert_same_pass(LOSSES["mse"](outs, [0.5] * len(outs)), len(outs))
