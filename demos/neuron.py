"""One sigmoid neuron, loss ½(y - σ(z))²: the chain rule's three factors, their product, and one gradient step."""

from __future__ import annotations

from pathlib import Path

from autograd_core import Value
from demos.plotting import plt, save, save_slide
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
        print(f"  step {step.number}: {step}")

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

    paths = save_slide(loss, out, "neuron_graph", derivatives=True, parameters=params)

    before = [(p.data, p.grad) for p in params]
    SGD(params, lr=LR).step()  # every parameter: p ← p - η·∂loss/∂p
    print(f"\none gradient-descent step, p ← p - η·∂loss/∂p with η = {LR}:")
    for p, (old, grad) in zip(params, before):
        print(f"  {p.label}: {old:.4f} - {LR} × ({grad:.4f}) = {p.data:.4f}")
    _, new_a, new_loss = forward(w1, w2, b, x1, x2)
    print(f"loss {loss.data:.5f} -> {new_loss.data:.5f}; a = σ(z) {a.data:.4f} -> {new_a.data:.4f}, closer to y = {Y:g}")

    # The picture of the gradient. Left: the loss as a function of w1 alone (w2, b held), its tangent has slope
    # ∂loss/∂w1. Right: the loss along the step itself, p(t) = p - t·∂loss/∂p for all three parameters at once; at
    # t = η it is exactly where the step landed, and its slope at t = 0 is -|∇loss|² (the steepest way down).
    start = [old for old, _ in before]
    grads = [grad for _, grad in before]
    loss_at = lambda w: forward(*(Value(v) for v in w), x1, x2)[2].data
    w_start, slope = start[0], grads[0]
    ws = [w_start - 3 + 6 * i / 200 for i in range(201)]
    ts = [-0.5 * LR + 3 * LR * i / 200 for i in range(201)]
    along = [loss_at([p - t * g for p, g in zip(start, grads)]) for t in ts]
    assert abs(loss_at([p - LR * g for p, g in zip(start, grads)]) - new_loss.data) < 1e-12  # the dot is the real step
    steepest = -sum(g * g for g in grads)
    fig, (ax_w, ax_t) = plt.subplots(1, 2, figsize=(11, 4.2))
    ax_w.plot(ws, [loss_at([w, *start[1:]]) for w in ws], color="#1f77b4", label="loss as a function of w1 (w2, b held)")
    ax_w.plot(ws, [loss.data + slope * (w - w_start) for w in ws], "--", color="#ff7f0e", label=f"tangent, slope ∂loss/∂w1 = {slope:.3f}")
    ax_w.plot([w_start], [loss.data], "o", color="k", label=f"start, w1 = {w_start}")
    ax_w.set(title="the partial derivative is the slope along w1", xlabel="w1", ylabel="loss ½(y - σ(z))²", ylim=(0, None))
    ax_w.legend(loc="upper right", fontsize=8.5)
    ax_t.plot(ts, along, color="#1f77b4", label="loss at p - t·∂loss/∂p (w1, w2, b together)")
    ax_t.plot(ts, [loss.data + steepest * t for t in ts], "--", color="#ff7f0e", label=f"tangent, slope -|∇loss|² = {steepest:.3f}")
    ax_t.plot([0], [loss.data], "o", color="k", label=f"start, loss {loss.data:.4f}")
    ax_t.annotate("", xy=(LR, new_loss.data), xytext=(0, loss.data), arrowprops=dict(arrowstyle="->", color="#d62728", lw=2))
    ax_t.plot([LR], [new_loss.data], "o", color="#d62728", label=f"after the step (t = η = {LR}), loss {new_loss.data:.4f}")
    ax_t.set(title="the step moves all three parameters downhill", xlabel="t (how far along -∇loss)", ylabel="loss", ylim=(0, None))
    ax_t.legend(loc="upper right", fontsize=8.5)
    fig.suptitle("One sigmoid neuron: the gradient is the slope, the step goes downhill")
    return [*paths, save(fig, out, "neuron_slope.png")]
