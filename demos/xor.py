"""A 2-2-1 network learns XOR: its two hidden units are learned features that make the classes linearly separable."""

from __future__ import annotations

from pathlib import Path

from autograd_core import no_grad
from demos.plotting import CLASS_COLORS, decision_regions, plt, save
from nn import MLP, Adam, fit, predict, xor


@no_grad()
def hidden(model: MLP, point: list[float]) -> list[float]:
    """The hidden layer's activations (h1, h2) for one input point."""
    return [h.data for h in model.layers[0](point)]


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    X, y = xor()  # noqa: N806 -- the four corners of the unit square, label 1 where x1 ≠ x2
    print("XOR:", ", ".join(f"{x} -> {t}" for x, t in sorted(zip(X, y))))
    print("no single line separates the 1s from the 0s; a 2-2-1 network (tanh hidden, sigmoid output, cross-entropy) can:\n")
    epochs, attempts = (150 if quick else 300), []
    for attempt in range(10):  # the loss surface has local minima: a bad start can get stuck in one
        model = MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=seed + attempt)
        history = fit(model, X, y, loss="bce", optimizer=Adam(model.parameters(), lr=0.1), epochs=epochs)
        attempts.append(history)
        print(f"start {attempt + 1} (seed {seed + attempt}): loss {history.loss[-1]:.4f}, accuracy {history.accuracy[-1]:.0%}")
        if history.accuracy[-1] == 1.0:
            break
        print("  stuck in a local minimum (the notes warn about these): starting again from other random weights")

    out_neuron = model.layers[1].neurons[0]
    v1, v2, b = (p.data for p in (*out_neuron.w, out_neuron.b))
    print("\nwhat the network computes for each corner:")
    for x, t in sorted(zip(X, y)):
        h1, h2 = hidden(model, x)
        print(f"  x = {x}  ->  h = ({h1:+.3f}, {h2:+.3f})  ->  y = {predict(model, [x])[0]:.4f}   (label {t})")
    print(f"the output unit only draws a line in (h1, h2) space: {v1:.2f}·h1 + {v2:.2f}·h2 + {b:.2f} = 0")

    fig, (ax_in, ax_h, ax_loss) = plt.subplots(1, 3, figsize=(15, 4.6))
    decision_regions(ax_in, model, X, y, steps=40 if quick else 120, threshold=0.5, size=70)
    ax_in.set_title("input space: no line separates the classes")
    ax_in.legend(loc="center", fontsize=9)
    ax_in.set_aspect("equal")

    # the input plane's grid lines, carried through the hidden layer: the plane bent into (h1, h2)
    ticks = [-0.25 + 1.5 * i / 6 for i in range(7)]
    fine = [-0.25 + 1.5 * i / 40 for i in range(41)]
    for t in ticks:
        for line in ([[t, s] for s in fine], [[s, t] for s in fine]):
            hs = [hidden(model, p) for p in line]
            ax_h.plot([h[0] for h in hs], [h[1] for h in hs], color="0.75", linewidth=0.7, zorder=1)
    ax_h.plot([], [], color="0.75", label="input grid lines, mapped")
    for c in (0, 1):
        hs = [hidden(model, x) for x, t in zip(X, y) if t == c]
        ax_h.scatter([h[0] for h in hs], [h[1] for h in hs], s=70, color=CLASS_COLORS[c], edgecolor="k", zorder=3, label=f"class {c}")
    names: dict[tuple[float, float], list[str]] = {}  # corners that land on the same spot share one label
    for x in X:
        h1, h2 = hidden(model, x)
        names.setdefault((round(h1, 1), round(h2, 1)), []).append(f"({x[0]:g}, {x[1]:g})")
    for (h1, h2), corners in names.items():
        where = dict(xytext=(12 if h1 < 0 else -12, -18 if h2 > 0 else 12), ha="left" if h1 < 0 else "right")
        ax_h.annotate("x = " + " and ".join(corners), (h1, h2), textcoords="offset points", **where)
    hs = [-1.1 + 2.2 * i / 100 for i in range(101)]  # the output unit's boundary v1·h1 + v2·h2 + b = 0
    if abs(v2) > abs(v1):
        ax_h.plot(hs, [-(v1 * h + b) / v2 for h in hs], "k--", label="output unit's boundary")
    else:
        ax_h.plot([-(v2 * h + b) / v1 for h in hs], hs, "k--", label="output unit's boundary")
    ax_h.set(title="hidden space (h1, h2): one line separates them", xlabel="h1 (hidden unit 1)", ylabel="h2 (hidden unit 2)")
    ax_h.set(xlim=(-1.1, 1.1), ylim=(-1.1, 1.1), aspect="equal")
    ax_h.legend(loc="lower left", fontsize=9)

    for i, h in enumerate(attempts):
        ok = h.accuracy[-1] == 1.0
        ax_loss.plot(range(1, len(h.loss) + 1), h.loss, "-" if ok else ":", label=f"start {i + 1}: " + ("learned XOR" if ok else "stuck"))
    ax_loss.set(title="training loss (binary cross-entropy)", xlabel="epoch (4 points, full batch, Adam)", ylabel="loss", ylim=(0, None))
    ax_loss.legend(fontsize=9)
    return [save(fig, out, "xor.png")]
