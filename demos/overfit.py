"""Overfitting: a wide network memorises random labels -- training accuracy near 100%, test accuracy near chance."""

from __future__ import annotations

from pathlib import Path

from demos.plotting import CLASS_COLORS, decision_regions, plt, save
from nn import MLP, Adam, fit, random_labels


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    n_train, n_test, epochs = (20, 40, 40) if quick else (40, 100, 150)
    X, y = random_labels(n_train, seed=seed)  # noqa: N806 -- points uniform in [-1, 1]², labels 0/1 by coin flip
    X_test, y_test = random_labels(n_test, seed=seed + 1000)  # noqa: N806 -- new points, new coin flips
    majority = max(y_test.count(0), y_test.count(1)) / n_test  # the best any rule can do on coin flips, on average: ~50%
    model = MLP(2, [32, 32, 1], seed=seed)
    print(f"{n_train} training points with random labels (no pattern at all), {n_test} test points labelled the same way")
    print(f"model: MLP(2, [32, 32, 1]), {model.num_parameters()} parameters for {n_train} points; binary cross-entropy on the score\n")

    history = fit(
        model, X, y, loss="bce_logits", optimizer=Adam(model.parameters(), lr=0.02), epochs=epochs, validation_data=(X_test, y_test)
    )
    train_acc, test_acc = history.accuracy, history.val_metrics["accuracy"]
    for epoch in sorted({0, 24, 49, 99, epochs - 1} & set(range(epochs))):
        loss, train, test = history.loss[epoch], train_acc[epoch], test_acc[epoch]
        print(f"  epoch {epoch + 1:>3}: loss {loss:.4f}, training accuracy {train:>4.0%}, test accuracy {test:>4.0%}")
    print(f"\nafter {epochs} epochs: training accuracy {train_acc[-1]:.0%}, test accuracy {test_acc[-1]:.0%} "
          f"(always guessing the test set's more common label scores {majority:.0%})")  # fmt: skip
    print("the network has memorised its training points -- a 'pattern' where none exists -- and learned nothing that carries over.")

    fig, (ax_acc, ax_map) = plt.subplots(1, 2, figsize=(12.5, 5), gridspec_kw={"width_ratios": [1, 1]})
    epochs_axis = range(1, epochs + 1)
    ax_acc.plot(epochs_axis, train_acc, color="#d62728", label="training accuracy")
    ax_acc.plot(epochs_axis, test_acc, color="#1f77b4", label="test accuracy")
    ax_acc.axhline(majority, color="0.4", linestyle="--", label=f"always the more common label ({majority:.0%})")
    ax_acc.set(title="memorising random labels", xlabel="epoch (full batch, Adam)", ylabel="accuracy", ylim=(0, 1.05))
    ax_acc.legend(loc="lower right")

    decision_regions(ax_map, model, X, y, steps=30 if quick else 90, size=45)
    for c in (0, 1):  # test points as hollow circles: they fall on either colour at random
        pts = [p for p, t in zip(X_test, y_test) if t == c]
        ax_map.scatter([p[0] for p in pts], [p[1] for p in pts], s=30, facecolor="none", edgecolor=CLASS_COLORS[c], linewidth=1.2)
    ax_map.scatter([], [], s=30, facecolor="none", edgecolor="0.3", label="test points (hollow)")
    ax_map.set_title("islands drawn around each training point")
    ax_map.legend(loc="upper left", fontsize=8, framealpha=0.95)
    return [save(fig, out, "overfit.png")]
