"""One sigmoid neuron, loss ½(y - σ(z))²: the chain rule's three factors, their product, and one gradient step."""

from __future__ import annotations

from pathlib import Path

from autograd_core import Value, draw
from demos.plotting import plt, save, save_graph
from nn import SGD, mse_loss

X, Y = [2.0, -1.0], 1.0  # one training point and its label
LR = 1.0  # learning rate η


def forward(w1: Value, w2: Value, b: Value, x1: Value, x2: Value) -> tuple[Value, Value, Value]:
    """z = w1·x1 + w2·x2 + b, a = σ(z), e = y - a and the point's loss ½e², every node labelled.

    (``nn.Neuron(2, "sigmoid", fused=False)`` builds this same graph; fused, z is one node.)
    """
    p1, p2 = w1 * x1, w2 * x2
    p1.label, p2.label = "w1x1", "w2x2"
    s = p1 + p2
    s.label = "s"
    z = s + b
    z.label = "z"
    a = z.sigmoid()
    a.label = "a"
    e = Value(Y, "y") - a  # the label, as a labelled leaf so the drawing names it
    e.label = "e"
    e2 = e**2
    e2.label = "e²"
    loss = 0.5 * e2
    loss.label = "loss"
    return z, a, loss


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    w1, w2, b = Value(0.3, "w1"), Value(0.8, "w2"), Value(0.1, "b")  # the neuron's parameters
    x1, x2 = Value(X[0], "x1"), Value(X[1], "x2")
    params = [w1, w2, b]
    z, a, loss = forward(w1, w2, b, x1, x2)
    print(f"one sigmoid neuron: x = {X}, w = [{w1.data}, {w2.data}], b = {b.data}, label y = {Y:g}")
    print(f"forward: z = w1·x1 + w2·x2 + b = {z.data:.4f},  a = σ(z) = {a.data:.4f},  e = y - a,  loss = ½e² = {loss.data:.5f}")
    print(f"         (nn's mse_loss with the notes' ½ gives the same: {mse_loss([a], [Y], half=True).data:.5f})\n")

    print("backward, one node at a time:")
    for step in loss.backward_steps():
        print(f"  {step.index + 1}. {step}")

    s = a.data
    factors = [("∂loss/∂a = -(y - a)", -(Y - s), a), ("∂a/∂z = a(1 - a)", s * (1 - s), z), ("∂z/∂w1 = x1", x1.data, w1)]
    print("\nthe chain rule for ∂loss/∂w1, factor by factor from the formulas, against the engine's gradients:")
    product = 1.0
    for name, value, node in factors:
        product *= value
        print(f"  {name:<20} = {value:>9.5f}   product so far {product:>9.5f}   engine: ∂loss/∂{node.label} = {node.grad:.5f}")
    eps, w = 1e-6, w1.data
    up, down = forward(Value(w + eps), w2, b, x1, x2)[2], forward(Value(w - eps), w2, b, x1, x2)[2]
    print(f"  central difference (loss(w1 + ε) - loss(w1 - ε)) / 2ε, ε = {eps:g}: {(up.data - down.data) / (2 * eps):.5f}")

    paths = save_graph(draw(loss, derivatives=True, parameters=params), out, "neuron_graph")

    before = [(p.data, p.grad) for p in params]
    SGD(params, lr=LR).step()  # every parameter: p ← p - η·∂loss/∂p
    print(f"\none gradient-descent step, p ← p - η·∂loss/∂p with η = {LR}:")
    for p, (old, grad) in zip(params, before):
        print(f"  {p.label}: {old:.4f} - {LR} × ({grad:.4f}) = {p.data:.4f}")
    _, new_a, new_loss = forward(w1, w2, b, x1, x2)
    print(f"loss {loss.data:.5f} -> {new_loss.data:.5f}; a = σ(z) {a.data:.4f} -> {new_a.data:.4f}, closer to y = {Y:g}")

    # The picture of the gradient: the loss as a function of w1 alone (w2, b as they were), its tangent, the step.
    w_start, slope = before[0]
    ws = [w_start - 3 + 6 * i / 200 for i in range(201)]
    curve = [forward(Value(w), Value(before[1][0]), Value(before[2][0]), x1, x2)[2].data for w in ws]
    w_next = w_start - LR * slope
    loss_next = forward(Value(w_next), Value(before[1][0]), Value(before[2][0]), x1, x2)[2].data
    fig, ax = plt.subplots(figsize=(7, 4.2))
    ax.plot(ws, curve, color="#1f77b4", label="loss as a function of w1")
    ax.plot(ws, [loss.data + slope * (w - w_start) for w in ws], "--", color="#ff7f0e", label=f"tangent, slope ∂loss/∂w1 = {slope:.3f}")
    ax.plot([w_start], [loss.data], "o", color="k", label=f"start, w1 = {w_start}")
    ax.annotate("", xy=(w_next, loss_next), xytext=(w_start, loss.data), arrowprops=dict(arrowstyle="->", color="#d62728", lw=2))
    ax.plot([w_next], [loss_next], "o", color="#d62728", label=f"after the step, w1 = {w_next:.3f} (η = {LR})")
    ax.set(title="One sigmoid neuron: the gradient is the slope, the step goes downhill", xlabel="w1", ylabel="loss ½(y - σ(z))²")
    ax.set_ylim(0, max(curve) * 1.1)
    ax.legend(loc="upper right", fontsize=9)
    return [*paths, save(fig, out, "neuron_slope.png")]
