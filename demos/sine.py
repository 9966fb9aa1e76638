"""Universal approximation: one hidden layer of 1, 3, 10 and 30 tanh units fits sin x on [-π, π]; all fits on one plot."""

from __future__ import annotations

import math
from pathlib import Path

from demos.plotting import plt, save
from nn import MLP, Adam, fit, predict

WIDTHS = [1, 3, 10, 30]
COLORS = ["#ff7f0e", "#2ca02c", "#9467bd", "#d62728"]


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    n = 15 if quick else 25
    X = [[-math.pi + 2 * math.pi * i / (n - 1)] for i in range(n)]  # noqa: N806 -- evenly spaced, so no stretch of [-π, π] is empty
    y = [math.sin(x) for (x,) in X]
    epochs, starts = (60, 1) if quick else (500, 3)
    print(f"fit y = sin x from {len(X)} points on [-π, π] with MLP(1, [width, 1]): tanh hidden units, linear output, mean squared error")
    print("universal approximation: with enough hidden units, one hidden layer can get as close as we like -- if training")
    print(f"finds the weights. Gradient descent can stall in a local minimum, so each width trains from {starts} random starts.\n")
    fits = {}
    for width in WIDTHS:
        runs = []
        for start in range(starts):
            model = MLP(1, [width, 1], activation="tanh", seed=seed + start)
            history = fit(model, X, y, loss="mse", optimizer=Adam(model.parameters(), lr=0.02), epochs=epochs)
            runs.append((history.loss[-1], start, model, history))
        best = min(runs, key=lambda r: r[0])
        fits[width] = best[2:]
        losses = ", ".join(f"{r[0]:.5f}" for r in runs)
        print(f"{width:>2} hidden unit{'s' * (width > 1)} ({model.num_parameters():>2} parameters): final MSE {losses}; best {best[0]:.5f}")

    xs = [-math.pi + 2 * math.pi * i / 300 for i in range(301)]
    print("\nthe best of each: largest |network(x) - sin x| over 301 points of [-π, π] (between the training points too):")
    for width, (model, _) in fits.items():
        worst = max(abs(p - math.sin(x)) for p, x in zip(predict(model, [[x] for x in xs]), xs))
        print(f"  {width:>2} unit{'s' * (width > 1)}: {worst:.3f}")

    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [1.4, 1]})
    ax.plot(xs, [math.sin(x) for x in xs], color="k", linewidth=3, alpha=0.25, label="sin x")
    ax.scatter([r[0] for r in X], y, s=18, color="k", zorder=3, label="training points")
    for color, (width, (model, history)) in zip(COLORS, fits.items()):
        ax.plot(
            xs, predict(model, [[x] for x in xs]), color=color, label=f"{width} tanh unit{'s' * (width > 1)} (MSE {history.loss[-1]:.5f})"
        )
        ax_loss.plot(range(1, epochs + 1), history.loss, color=color, label=f"{width} unit{'s' * (width > 1)}")
    ax.set(
        title=f"one hidden layer, more and more units (best of {starts} start{'s' * (starts > 1)} each)",
        xlabel="x",
        ylabel="y",
        xlim=(-math.pi, math.pi),
        ylim=(-1.5, 1.5),
    )
    ax.set_xticks([-math.pi, -math.pi / 2, 0, math.pi / 2, math.pi], ["-π", "-π/2", "0", "π/2", "π"])
    ax.legend(loc="upper left", fontsize=9)
    ax_loss.set(title="training loss", xlabel="epoch (full batch, Adam)", ylabel="mean squared error (log scale)", yscale="log")
    ax_loss.legend(fontsize=9)
    return [save(fig, out, "sine.png")]
