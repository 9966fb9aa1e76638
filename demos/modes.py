"""Online, mini-batch and full-batch gradient descent on the same problem: loss per epoch and wall time per epoch."""

from __future__ import annotations

import time
from pathlib import Path

from tqdm.auto import tqdm

from demos.plotting import plt, save
from nn import MLP, SGD, evaluate, fit, moons

MODES = [("online", 1, "#d62728"), ("mini-batch of 10", 10, "#2ca02c"), ("full batch", None, "#1f77b4")]


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    X, y = moons(100, noise=0.1, seed=seed, signed=True)  # noqa: N806
    epochs, lr = (8 if quick else 40), 0.05
    print(f"two moons ({len(X)} points), MLP(2, [16, 16, 1]), hinge loss, plain SGD with learning rate {lr}, same start for each mode.")
    print("an epoch is one pass over the data; the batch size decides how many updates that pass makes:")
    print("  online: one example per update (100 updates per epoch); full batch: all of them (1 update); mini-batch: in between\n")
    models = {name: MLP(2, [16, 16, 1], seed=seed) for name, _, _ in MODES}  # the same initial weights for every mode
    optimizers = {name: SGD(model.parameters(), lr=lr) for name, model in models.items()}
    results = {name: ([], []) for name in models}  # per epoch: loss and accuracy afterwards, seconds taken
    for epoch in tqdm(range(epochs), desc="epochs", unit="epoch", disable=None):
        for name, batch_size, _ in MODES:  # modes take turns each epoch, so a busy moment on the machine hits all three alike
            start = time.perf_counter()
            fit(models[name], X, y, "hinge", optimizers[name], epochs=1, batch_size=batch_size, seed=seed * 1000 + epoch, progress=False)
            results[name][1].append(time.perf_counter() - start)
            results[name][0].append(evaluate(models[name], X, y, loss="hinge"))  # the whole training set, after the epoch (not timed)

    print(f"{'mode':>18}{'updates/epoch':>15}{'s/epoch':>10}{'loss after 1 epoch':>20}{f'loss after {epochs}':>16}{'accuracy':>10}")
    for name, batch_size, _ in MODES:
        losses, seconds = results[name]
        updates, first, last = -(-len(X) // (batch_size or len(X))), losses[0], losses[-1]
        print(f"{name:>18}{updates:>15}{sum(seconds) / epochs:>10.3f}{first['loss']:>20.4f}{last['loss']:>16.4f}{last['accuracy']:>10.0%}")
    ratio = sum(results["online"][1]) / sum(results["full batch"][1])
    print("\nevery mode does the same forward and backward work per epoch (one per example); what differs is how often the")
    print(
        f"weights move. More, noisier updates bring the loss down in fewer epochs; here an online epoch took {ratio:.2f}× a full-batch one."
    )

    fig, (ax_e, ax_t, ax_w) = plt.subplots(1, 3, figsize=(16, 4.6))
    for name, _, color in MODES:
        losses, seconds = results[name]
        loss = [r["loss"] for r in losses]
        ax_e.plot(range(1, epochs + 1), loss, color=color, marker=".", label=name)
        ax_t.plot(range(1, epochs + 1), seconds, color=color, marker=".", label=f"{name} (mean {sum(seconds) / epochs:.3f} s)")
        ax_w.plot([sum(seconds[: k + 1]) for k in range(epochs)], loss, color=color, marker=".", label=name)
    ax_e.set(title="training loss after each epoch", xlabel="epoch", ylabel="hinge loss (whole training set)", ylim=(0, None))
    ax_t.set(title="wall time per epoch", xlabel="epoch", ylabel="seconds", ylim=(0, None))
    ax_w.set(title="training loss against wall time", xlabel="seconds of training", ylabel="hinge loss", ylim=(0, None))
    for ax in (ax_e, ax_t, ax_w):
        ax.legend(fontsize=9)
    return [save(fig, out, "modes.png")]
