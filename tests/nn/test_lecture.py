"""The lectures' worked examples, rebuilt with nn and checked against the printed numbers.

Lecture 16's "backpropagation by hand": a 2-3-1 sigmoid network without bias, x = [5, 3],
W = [[1, -1, 3], [2, 2, -1]] (column j feeds hidden unit j), V = [0.1, 0.5, -0.1], label 1,
binary cross-entropy. The notes print the forward values, the loss and every gradient; central
differences are the authority where the notes slip.
"""

from __future__ import annotations

import math

import pytest

from autograd_core import Value, numerical_grad
from nn import MLP, SGD, Neuron, bce_loss, mse_loss

W = [[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]
V = [0.1, 0.5, -0.1]
X = [5.0, 3.0]

# Printed in the notes (numpy listing output and the hand calculation).
NOTES_LOSS = 0.52699227
NOTES_W_GRAD = [[-3.42057777e-06, -2.01341432e-01, 1.25838681e-06], [-2.05234666e-06, -1.20804859e-01, 7.55032084e-07]]
NOTES_V_GRAD = [-0.40961516, -0.29945768, -0.40961948]
NOTES_H = [0.9999, 0.7310, 0.9999]  # h = σ(Wᵀx), printed to 4 places (truncated)
NOTES_Y = 0.590378
NOTES_DJ_DY = -1.6938
NOTES_DJ_DH = [-0.04096, -0.2048, 0.04096]


def lecture_net(fused: bool = True) -> MLP:
    net = MLP(2, [3, 1], activation="sigmoid", output_activation="sigmoid", bias=False, fused=fused, seed=0)
    for j, neuron in enumerate(net.layers[0].neurons):
        for i, w in enumerate(neuron.w):
            w.data = W[i][j]
    for j, v in enumerate(net.layers[1].neurons[0].w):
        v.data = V[j]
    return net


@pytest.mark.parametrize("fused", [True, False])
def test_forward_loss_and_every_gradient_match_the_notes(fused: bool) -> None:
    net = lecture_net(fused)
    hidden = net.layers[0](X)
    y = net(X)
    assert [h.data for h in hidden] == pytest.approx(NOTES_H, abs=1e-4)
    assert math.floor(hidden[1].data * 1e4) / 1e4 == 0.7310  # the notes truncate σ(1) = 0.73106
    assert y.data == pytest.approx(NOTES_Y, abs=5e-7)
    loss = bce_loss([y], [1])
    assert loss.data == pytest.approx(NOTES_LOSS, abs=5e-9)
    loss.backward()
    assert y.grad == pytest.approx(NOTES_DJ_DY, abs=5e-5)  # dJ/dy = -1/y
    w_grad = [[n.w[i].grad for n in net.layers[0].neurons] for i in range(2)]
    for row, want in zip(w_grad, NOTES_W_GRAD, strict=True):
        assert row == pytest.approx(want, rel=1e-8)
    assert [v.grad for v in net.layers[1].neurons[0].w] == pytest.approx(NOTES_V_GRAD, abs=5e-9)


def test_gradients_with_respect_to_the_hidden_activations() -> None:
    net = lecture_net()
    hidden = [Value(h.data) for h in net.layers[0](X)]  # h as leaves, to read dJ/dh
    out = net.layers[1].neurons[0](hidden)
    bce_loss([out], [1]).backward()
    assert [h.grad for h in hidden] == pytest.approx(NOTES_DJ_DH, rel=1e-4)  # printed to 4 significant digits


def test_every_gradient_agrees_with_central_differences() -> None:
    net = lecture_net()
    params = net.parameters()
    bce_loss([net(X)], [1]).backward()
    numeric = numerical_grad(lambda *ps: bce_loss([net(X)], [1]), params)
    assert [p.grad for p in params] == pytest.approx(numeric, rel=1e-5, abs=1e-9)


def test_the_notes_bce_formula_slip() -> None:
    """One listing writes J = -ŷ·log y - (1 - ŷ)·(1 - log y); the true BCE has log(1 - y).

    With label 0 the two differ; ours is -log(1 - y), and its gradient 1/(1 - y) matches central
    differences (the slipped formula's would be -1/y, of the wrong sign)."""
    y = Value(NOTES_Y)
    loss = bce_loss([y], [0])
    assert loss.data == pytest.approx(-math.log(1 - NOTES_Y), rel=1e-12)
    slipped = -(1 - math.log(NOTES_Y))
    assert abs(loss.data - slipped) > 1.0
    loss.backward()
    assert y.grad == pytest.approx(1 / (1 - NOTES_Y), rel=1e-12)
    assert y.grad == pytest.approx(numerical_grad(lambda p: bce_loss([p], [0]), [NOTES_Y])[0], rel=1e-6)


def test_gradient_descent_on_the_single_example_drives_the_loss_toward_zero() -> None:
    """The notes' sanity check: 100 steps of lr 0.1 on the one example (label 1) shrink the loss."""
    net = lecture_net()
    opt = SGD(net.parameters(), lr=0.1)
    losses = []
    for _ in range(100):
        loss = bce_loss([net(X)], [1])
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.data)
    assert losses[0] == pytest.approx(NOTES_LOSS, abs=5e-9)
    assert all(b < a for a, b in zip(losses, losses[1:], strict=False))
    assert losses[-1] < 0.1


def test_single_sigmoid_neuron_squared_error_chain_rule() -> None:
    """Module 15's single neuron: loss = ½(y - σ(z))², ∂loss/∂w₁ = -(y - σ(z))·σ(z)(1 - σ(z))·x₁.

    (Another set of notes writes ∂C/∂ŷ = y - ŷ: a sign slip; the chain rule gives ŷ - y.)"""
    n = Neuron(2, activation="sigmoid", seed=3)
    x, target = [0.7, -1.2], 1.0
    a = n(x)
    loss = mse_loss([a], [target], half=True)
    loss.backward()
    s = a.data
    assert a.grad == pytest.approx(s - target, rel=1e-12)
    assert n.w[0].grad == pytest.approx(-(target - s) * s * (1 - s) * x[0], rel=1e-12)
    assert n.b.grad == pytest.approx(-(target - s) * s * (1 - s), rel=1e-12)
