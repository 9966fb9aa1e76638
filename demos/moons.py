"""micrograd's classic: MLP(2, [16, 16, 1]) learns two moons with hinge loss + L2 in 100 steps; boundary and loss curve."""

from __future__ import annotations

from pathlib import Path

from demos.plotting import accuracy_axis, decision_regions, plt, save
from nn import MLP, SGD, fit, moons


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    X, y = moons(100, noise=0.1, seed=seed, signed=True)  # noqa: N806 -- labels -1 / +1, as hinge loss wants them
    model = MLP(2, [16, 16, 1], seed=seed)  # ReLU hidden layers, one linear output: a score, its sign is the class
    print(f"two moons: {len(X)} points, labels -1/+1;  model: MLP(2, [16, 16, 1]), {model.num_parameters()} parameters")
    print("loss: mean hinge max(0, 1 - y·score) + 1e-4·Σ w² (L2), full batch, SGD with momentum\n")

    epochs = 30 if quick else 100
    optimizer = SGD(model.parameters(), lr=0.1, momentum=0.9)
    history = fit(model, X, y, loss="hinge", l2=1e-4, optimizer=optimizer, epochs=epochs, seed=seed)
    for epoch in sorted({0, 9, 24, 49, epochs - 1} & set(range(epochs))):
        print(f"  step {epoch + 1:>3}: loss {history.loss[epoch]:.4f}, accuracy {history.accuracy[epoch]:.0%}")
    print(f"after {epochs} steps: loss {history.loss[-1]:.4f}, training accuracy {history.accuracy[-1]:.0%}")

    fig, (ax_b, ax_l) = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"width_ratios": [1.15, 1]})
    decision_regions(ax_b, model, X, [(t + 1) // 2 for t in y], steps=30 if quick else 100)
    ax_b.set_title(f"decision boundary after {epochs} steps (accuracy {history.accuracy[-1]:.0%})")
    ax_b.legend(["class -1", "class +1"], loc="upper right", fontsize=9)
    steps = range(1, epochs + 1)
    ax_l.plot(steps, history.loss, color="#d62728", label="loss (hinge + L2)")
    ax_l.set(title="training", xlabel="step (one full batch each)", ylabel="loss", ylim=(0, None))
    ax_acc = accuracy_axis(ax_l)
    ax_acc.plot(steps, history.accuracy, color="#1f77b4", label="accuracy")
    ax_l.legend(handles=ax_l.lines + ax_acc.lines, loc="center right")
    return [save(fig, out, "moons.png")]
