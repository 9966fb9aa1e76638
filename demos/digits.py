"""Handwritten 8×8 digits: a 64-32-10 network with softmax and mini-batch Adam, next to scikit-learn's MLPClassifier."""

from __future__ import annotations

import time
import warnings
from pathlib import Path

from demos.plotting import plt, save
from nn import MLP, Adam, fit, load_digits, predict, train_test_split


def confusion(truth: list[int], guesses: list[int]) -> list[list[int]]:
    """counts[t][g]: how many images of digit t were read as g (the diagonal is right)."""
    counts = [[0] * 10 for _ in range(10)]
    for t, g in zip(truth, guesses):
        counts[t][g] += 1
    return counts


def show_confusion(ax, counts: list[list[int]], title: str) -> None:
    ax.imshow([[min(c, 12) for c in row] for row in counts], cmap="Blues")  # capped so the few mistakes still show
    for t in range(10):
        for g in range(10):
            if counts[t][g]:
                ax.text(g, t, counts[t][g], ha="center", va="center", fontsize=8, color="white" if t == g else "#d62728")
    ax.set(title=title, xlabel="predicted digit", ylabel="true digit", xticks=range(10), yticks=range(10))
    ax.grid(False)


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    X, y = load_digits()  # noqa: N806 -- 1,797 images of 8×8 pixels (scaled to 0..1) shipped inside scikit-learn
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_fraction=0.25, seed=seed)  # noqa: N806
    epochs = 15
    if quick:  # a small slice and two epochs: checks the pipeline, not the accuracy
        X_train, y_train, X_test, y_test, epochs = X_train[:300], y_train[:300], X_test[:150], y_test[:150], 2  # noqa: N806
    model = MLP(64, [32, 10], seed=seed)  # ReLU hidden layer, 10 raw scores; cross_entropy applies the softmax
    print(f"digits: {len(X_train)} training and {len(X_test)} test images, 64 pixels each, labels 0-9")
    print(f"model: MLP(64, [32, 10]), {model.num_parameters()} parameters; softmax + cross-entropy, Adam, mini-batches of 32")
    print("each training step runs as generated Python (fit(..., compile=True)): the same numbers as the interpreter, faster")

    start = time.perf_counter()
    history = fit(model, X_train, y_train, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.005), epochs=epochs,
                  batch_size=32, seed=seed, validation_data=(X_test, y_test), compile=True)  # fmt: skip
    ours_seconds = time.perf_counter() - start
    ours = [max(range(10), key=s.__getitem__) for s in predict(model, X_test)]  # the class with the largest score
    ours_acc = sum(g == t for g, t in zip(ours, y_test)) / len(y_test)

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier  # the same hidden size on the same split, scikit-learn's defaults

    start = time.perf_counter()
    with warnings.catch_warnings():  # --quick stops it early on purpose; the table shows how many epochs it ran
        warnings.simplefilter("ignore", ConvergenceWarning)
        sk = MLPClassifier(hidden_layer_sizes=(32,), max_iter=50 if quick else 500, random_state=seed).fit(X_train, y_train)
    sk_seconds = time.perf_counter() - start
    theirs = [int(g) for g in sk.predict(X_test)]
    sk_acc = sum(g == t for g, t in zip(theirs, y_test)) / len(y_test)

    print(f"\n{'':<42}{'test accuracy':>14}{'training time':>15}")
    print(f"{f'stepgrad, {epochs} epochs':<42}{ours_acc:>14.1%}{ours_seconds:>14.1f}s  (with a test pass after each epoch)")
    print(f"{f'scikit-learn MLPClassifier, {sk.n_iter_} epochs':<42}{sk_acc:>14.1%}{sk_seconds:>14.1f}s  (numpy: whole batches at once)")
    counts = confusion(y_test, ours)
    mistakes = sorted(((counts[t][g], t, g) for t in range(10) for g in range(10) if t != g and counts[t][g]), reverse=True)
    print("stepgrad's most frequent mistakes: " + ", ".join(f"{t} read as {g} ({c}×)" for c, t, g in mistakes[:4]))

    fig, (ax_ours, ax_sk, ax_acc) = plt.subplots(1, 3, figsize=(16, 5))
    show_confusion(ax_ours, counts, f"stepgrad 64-32-10: {ours_acc:.1%} on the test set")
    show_confusion(ax_sk, confusion(y_test, theirs), f"scikit-learn MLPClassifier (32,): {sk_acc:.1%}")
    ax_acc.plot(range(1, epochs + 1), history.accuracy, marker=".", color="#d62728", label="stepgrad, training images")
    ax_acc.plot(range(1, epochs + 1), history.val_metrics["accuracy"], marker=".", color="#1f77b4", label="stepgrad, test images")
    ax_acc.axhline(sk_acc, color="0.4", linestyle="--", label=f"scikit-learn, test images ({sk.n_iter_} epochs)")
    ax_acc.set(
        title="accuracy per epoch",
        xlabel="epoch",
        ylabel="accuracy",
        ylim=(min(0.8, *history.accuracy, *history.val_metrics["accuracy"]) - 0.02, 1.0),
    )
    ax_acc.legend(loc="lower right")
    paths = [save(fig, out, "digits.png")]

    wrong = [i for i, (g, t) in enumerate(zip(ours, y_test)) if g != t][:12]
    fig, axes = plt.subplots(2, 6, figsize=(10, 4))
    for ax, i in zip(axes.flat, wrong):
        ax.imshow([X_test[i][r * 8 : r * 8 + 8] for r in range(8)], cmap="gray_r")
        ax.set_title(f"true {y_test[i]}, read {ours[i]}", fontsize=10)
    for ax in axes.flat:  # keep the frame: the outer pixel columns are usually blank
        ax.set(xticks=[], yticks=[])
        ax.grid(False)
    fig.suptitle(f"test images stepgrad got wrong ({len(wrong)} shown of {sum(g != t for g, t in zip(ours, y_test))})")
    return [*paths, save(fig, out, "digits_mistakes.png")]
