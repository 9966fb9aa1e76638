"""Three interleaved spirals: three output scores, softmax + cross-entropy, and the decision regions it learns."""

from __future__ import annotations

import math
from pathlib import Path

from autograd_core import no_grad, softmax, walk
from demos.plotting import accuracy_axis, decision_regions, plt, save, save_slide
from nn import MLP, Adam, cross_entropy, evaluate, fit, spirals


def run(out: Path, quick: bool = False, seed: int = 0) -> list[Path]:
    n, epochs = (60, 25) if quick else (150, 100)
    X, y = spirals(n, classes=3, noise=0.2, seed=seed)  # noqa: N806 -- labels 0, 1, 2: which arm a point lies on
    X_test, y_test = spirals(n, classes=3, noise=0.2, seed=seed + 1000)  # noqa: N806 -- fresh points from the same arms
    model = MLP(2, [16, 16, 3], seed=seed)  # three outputs: one score per class
    print(f"{n} points on three spiral arms; model MLP(2, [16, 16, 3]), {model.num_parameters()} parameters")
    print("the three scores s become probabilities p = softmax(s), pᵢ = e^sᵢ / Σⱼ e^sⱼ; the loss is -log p[true class] (cross-entropy)")
    print("(fit computes both together, as log-softmax, which never overflows; mini-batches of 32, Adam)\n")

    history = fit(model, X, y, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.02), epochs=epochs, batch_size=32, seed=seed)
    test = evaluate(model, X_test, y_test, loss="cross_entropy")
    print(f"after {epochs} epochs: training loss {history.loss[-1]:.4f}, training accuracy {history.accuracy[-1]:.1%}")
    print(f"on {len(X_test)} fresh points: loss {test['loss']:.4f}, accuracy {test['accuracy']:.1%}\n")

    print("scores and softmax probabilities for one training point on each arm:")
    with no_grad():
        for k in range(3):
            i = min((i for i in range(n) if y[i] == k), key=lambda i: abs(math.hypot(*X[i]) - 0.6))  # halfway out along arm k
            scores = model(X[i])
            probs = softmax(scores)
            print(f"  x = ({X[i][0]:+.2f}, {X[i][1]:+.2f}), class {k}:  scores [{', '.join(f'{s.data:+6.2f}' for s in scores)}]"
                  f"  ->  p = [{', '.join(f'{p.data:.3g}' for p in probs)}]  (sum {sum(p.data for p in probs):.3f},"
                  f" loss -log p[{k}] = {-math.log(probs[k].data):.3g})")  # fmt: skip

    fig, (ax_map, ax_loss) = plt.subplots(1, 2, figsize=(12.5, 5.2), gridspec_kw={"width_ratios": [1.2, 1]})
    decision_regions(ax_map, model, X, y, steps=40 if quick else 120, size=25)
    ax_map.set_title(f"decision regions (shade: the winning class's softmax probability)\ntest accuracy {test['accuracy']:.1%}")
    ax_map.set_aspect("equal")
    ax_map.legend(loc="upper left", fontsize=9)
    ax_loss.plot(range(1, epochs + 1), history.loss, color="#d62728", label="cross-entropy loss")
    ax_loss.set(title="training", xlabel="epoch (mini-batches of 32, Adam)", ylabel="loss", ylim=(0, None))
    ax_acc = accuracy_axis(ax_loss)
    ax_acc.plot(range(1, epochs + 1), history.accuracy, color="#1f77b4", label="training accuracy")
    ax_loss.legend(handles=ax_loss.lines + ax_acc.lines, loc="center right")
    paths = [save(fig, out, "spiral.png")]

    # One point's loss graph has hundreds of values; grouped by nn's tags and drawn one box per layer (each box
    # showing the first values it hands on), it fits a slide at full size.
    loss = cross_entropy([model(X[0])], [y[0]])
    loss.backward()
    print(f"\nthe loss graph of one point: {len(walk(loss))} values, drawn one box per layer:")
    return [*paths, *save_slide(loss, out, "spiral_graph", clusters=lambda v: v.tag, collapse=1)]
