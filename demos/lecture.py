"""The notes' worked 2-3-1 sigmoid network (x = [5, 3], label 1, cross-entropy): every number checked, then 100 steps."""

from __future__ import annotations

import math
from pathlib import Path

from autograd_core import Value, draw, numerical_grad
from demos.plotting import plt, save, save_graph, save_slide
from nn import MLP, SGD, bce_loss, fit

X, LABEL = [5.0, 3.0], 1
W = [[1.0, -1.0, 3.0], [2.0, 2.0, -1.0]]  # W[i][j]: from input i to hidden unit j (no biases in the notes)
V = [0.1, 0.5, -0.1]  # from hidden unit j to the output
# What the notes print for the same quantities (their text rounds; their code listing has more digits).
NOTES = {
    "h1": 0.9999, "h2": 0.7310, "h3": 0.9999, "y": 0.590378, "J": 0.52699227, "dJ/dy": -1.6938,
    "dJ/dh1": -0.04096, "dJ/dh2": -0.2048, "dJ/dh3": 0.04096,
    "dJ/dV1": -0.40961516, "dJ/dV2": -0.29945768, "dJ/dV3": -0.40961948,
    "dJ/dW11": -3.42057777e-06, "dJ/dW12": -2.01341432e-01, "dJ/dW13": 1.25838681e-06,
    "dJ/dW21": -2.05234666e-06, "dJ/dW22": -1.20804859e-01, "dJ/dW23": 7.55032084e-07,
}  # fmt: skip


def build() -> MLP:
    """MLP(2, [3, 1]) with sigmoid everywhere, no biases, and the notes' weights, labelled as in the notes."""
    model = MLP(2, [3, 1], activation="sigmoid", output_activation="sigmoid", bias=False)
    hidden, output = model.layers[0].neurons, model.layers[1].neurons[0]
    for j, neuron in enumerate(hidden):
        for i, w in enumerate(neuron.w):
            w.data, w.label = W[i][j], f"W{i + 1}{j + 1}"
    for j, v in enumerate(output.w):
        v.data, v.label = V[j], f"V{j + 1}"
    return model


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    model = build()
    x = [Value(X[0], "x1"), Value(X[1], "x2")]
    hidden = model.layers[0](x)  # forward, one layer at a time: h = σ(x·W) ...
    y = model.layers[1](hidden)  # ... then y = σ(h·V)
    for j, h in enumerate(hidden):
        h.label, h.parents[0].label = f"h{j + 1}", f"z{j + 1}"
    y.label, y.parents[0].label = "y", "z4"
    loss = bce_loss([y], [LABEL])  # J = -log y for label 1
    loss.label = "J"
    loss.backward()

    weights = {w.label: w for w in sorted(model.parameters(), key=lambda w: w.label)}
    ours = {"J": loss.data, "y": y.data, "dJ/dy": y.grad}
    ours |= {h.label: h.data for h in hidden} | {f"dJ/d{h.label}": h.grad for h in hidden}
    ours |= {f"dJ/d{name}": w.grad for name, w in weights.items()}

    def loss_of(*ws):  # J as a function of the nine weights, for central differences
        for w, value in zip(weights.values(), ws):
            w.data = value.data
        return bce_loss([model(X)], [LABEL])

    saved = [w.data for w in weights.values()]
    numeric = dict(zip(weights, numerical_grad(loss_of, saved)))
    for w, value in zip(weights.values(), saved):
        w.data = value

    print("the notes' 2-3-1 network: x = [5, 3], label 1, sigmoid units, J = -log y (binary cross-entropy)\n")
    print(f"{'quantity':<10}{'stepgrad':>16}{'notes':>16}{'central diff.':>16}")
    for name in ["h1", "h2", "h3", "y", "J", "dJ/dy", "dJ/dh1", "dJ/dh2", "dJ/dh3", *[f"dJ/d{n}" for n in weights]]:
        fd = numeric.get(name.removeprefix("dJ/d"))
        print(f"{name:<10}{ours[name]:>16.8g}{NOTES[name]:>16.8g}{'' if fd is None else format(fd, '.8g'):>16}")
    worst = max(abs(ours[f"dJ/d{n}"] - numeric[n]) for n in weights)
    print(f"\nlargest |backward - central difference| over the nine weights: {worst:.1e}")
    h1, h2, h3 = (f"σ({h.parents[0].data:g}) = {h.data:.6f}" for h in hidden)
    print(f"the notes' text cuts h2 = {h2} to 0.7310, and h1 = {h1}, h3 = {h3} to 0.9999.")
    d_w21 = hidden[0].grad * hidden[0].data * (1 - hidden[0].data) * X[1]
    print(f"their product -0.041 × h1(1 - h1) × 3 uses x2 = 3, so it is dJ/dW21 (input 2 -> unit 1) = {d_w21:.3g}, not dJ/dW12 as")
    print(f"labelled; dJ/dW12 (input 1 -> unit 2) = {weights['W12'].grad:.4g}.")
    yhat = 0  # the notes call the label ŷ and the output y
    wrong = -yhat * math.log(y.data) - (1 - yhat) * (1 - math.log(y.data))
    print(f"the notes' BCE formula -ŷ·log y - (1-ŷ)·(1 - log y) at label 0 gives {wrong:.4f} < 0: not a cross-entropy;")
    print(f"the right one, -(1-ŷ)·log(1-y), gives {bce_loss([y.data], [0]).data:.4f} (bce_loss; the notes' code listing agrees).")

    # For a slide: every value, gradient and local derivative, oriented to fit 16:9 (top to bottom here). The page
    # steps through the same graph; it starts at a readable size and follows each step's node ("fit" shows it all).
    paths = save_slide(loss, out, "lecture_graph", derivatives=True)
    paths += save_graph(draw(loss, derivatives=True), out, "lecture_graph", (".html",))

    steps = 20 if quick else 100
    print(f"\n{steps} gradient-descent steps on this one point (SGD, learning rate 0.1, as in the notes):")

    def output(outputs, targets):  # a metric for fit: the output y, recorded before each step
        return outputs[0]

    history = fit(model, [X], [LABEL], loss="bce", optimizer=SGD(model.parameters(), lr=0.1), epochs=steps, metrics=[output])
    print(f"  loss {history.loss[0]:.4f} -> {history.loss[-1]:.4f}, output y {history.metrics['output'][0]:.4f} -> "
          f"{history.metrics['output'][-1]:.4f}")  # fmt: skip

    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(range(1, steps + 1), history.loss, "-", color="#d62728", label="loss J = -log y")
    ax.plot(range(1, steps + 1), history.metrics["output"], ".", color="#1f77b4", label="output y (label is 1)")
    ax.set(title="2-3-1 network: gradient descent on the notes' single point", xlabel="step", ylabel="value", ylim=(0, 1.05))
    ax.legend()
    return [*paths, save(fig, out, "lecture_loss.png")]
