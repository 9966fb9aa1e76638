"""The train lab's state: data, a model and its optimizer, trained a few epochs per request with ``nn.fit``.

Each answer carries the weights (the page draws the decision regions, the hidden units' maps
and the network from them), and the loss and accuracy on the training and held-out points.
"""

from __future__ import annotations

import math
import time
from typing import Any

import nn
from autograd_core.compiler import CompileError

from . import datasets
from .limits import MAX_EPOCHS_PER_CALL, MAX_POINTS, MIN_POINTS, LimitError
from .train_config import Config, check_work, parse


class TrainLab:
    def __init__(self) -> None:
        self.config = Config()
        self.points: datasets.Points | None = None
        self.generated: datasets.Points | None = None
        self.origin: list[int] = []  # each training point's index in the generated set, or -1 - j for the j-th added one
        self.model: nn.MLP | None = None
        self.optimizer: Any = None
        self.epoch = 0
        self.history: list[dict[str, Any]] = []

    def configure(self, settings: dict[str, Any]) -> dict[str, Any]:
        """New settings: new data and a fresh model (nothing changes if a setting is refused)."""
        config = parse(settings)
        noise = config.noise if config.noise is not None else datasets.DATASETS[config.dataset].noise
        points = datasets.make(config.dataset, config.points, noise, config.seed)
        check_work(config, len(points.train))
        self.config, self.points, self.generated = config, points, points
        self.origin = list(range(len(points.train)))
        return self.reset()

    def reset(self) -> dict[str, Any]:
        """A fresh model (seeded) and optimizer on the same data; epoch 0."""
        c = self.config
        self._points()
        self.model = self._new_model()
        params = self.model.parameters()
        self.optimizer = {"adam": lambda: nn.Adam(params, lr=c.lr), "sgd": lambda: nn.SGD(params, lr=c.lr),
                          "momentum": lambda: nn.SGD(params, lr=c.lr, momentum=0.9)}[c.optimizer]()  # fmt: skip
        self.epoch, self.history = 0, []
        self.history.append(self._measure())
        return self.state()

    def edit(self, add: list[Any] | None = None, remove: list[Any] | None = None) -> dict[str, Any]:
        """The generated training points without those at the indices ``remove``, plus the points ``add`` ([x, y, class]).

        Edits are absolute (always from the generated set), so a link can carry them; the model is kept.
        """
        generated = self._generated()
        drop = set()
        for i in remove or []:
            if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(generated.train):
                raise ValueError(f"remove: {i!r} is not the index of a generated training point (0 to {len(generated.train) - 1})")
            drop.add(i)
        kept = [i for i in range(len(generated.train)) if i not in drop]
        train = [generated.train[i] for i in kept]
        labels = [generated.train_labels[i] for i in kept]
        for p in add or []:
            ok = isinstance(p, list) and len(p) == 3 and all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
            if not ok or not all(math.isfinite(v) for v in p) or p[2] not in range(generated.classes):
                raise ValueError(f"add: each point is [x, y, class] with class 0 to {generated.classes - 1}, not {p!r}")
            train.append([float(p[0]), float(p[1])])
            labels.append(int(p[2]))
        if not MIN_POINTS <= len(train) <= MAX_POINTS:
            raise ValueError(f"the training set must keep {MIN_POINTS} to {MAX_POINTS} points; this edit leaves {len(train)}")
        check_work(self.config, len(train))
        self.points = datasets.Points(train, labels, generated.test, generated.test_labels, generated.classes)
        self.origin = kept + [-1 - j for j in range(len(add or []))]
        self.history.append(self._measure())
        return self.state()

    def step(self, epochs: int = 1) -> dict[str, Any]:
        """Train ``epochs`` epochs (one sweep through the training points each); the new weights and figures.

        The training loss and accuracy of each epoch are ``fit``'s own (met on the way, L2 term included);
        the held-out ones are measured once, after the last epoch.
        """
        if isinstance(epochs, bool) or not isinstance(epochs, int) or not 1 <= epochs <= MAX_EPOCHS_PER_CALL:
            raise ValueError(f"epochs must be a whole number from 1 to {MAX_EPOCHS_PER_CALL}, not {epochs!r}")
        model, points, c = self._model(), self._points(), self.config
        t0 = time.perf_counter()
        targets = datasets.targets(points.train_labels, c.loss)
        how: dict[str, Any] = {"loss": c.loss, "optimizer": self.optimizer, "epochs": epochs, "batch_size": c.batch_size,
                               "seed": c.seed + self.epoch, "progress": False, "l2": c.l2}  # fmt: skip
        try:
            try:  # the step as generated Python (nn.compile): the same numbers as the interpreter, several times faster
                history = nn.fit(model, points.train, targets, compile=True, **how)
            except CompileError:  # a network too big to compile: the interpreter (fit refused before any step)
                history = nn.fit(model, points.train, targets, **how)
        except FloatingPointError as err:
            raise LimitError(f"{err} (the model keeps its last good weights; press Reset)") from None
        seconds = time.perf_counter() - t0
        accuracy: list[float | None] = list(history.accuracy) or [None] * epochs
        added = [{"epoch": self.epoch + i + 1, "train_loss": loss, "train_accuracy": acc, "test_loss": None, "test_accuracy": None}
                 for i, (loss, acc) in enumerate(zip(history.loss, accuracy, strict=True))]  # fmt: skip
        self.epoch += epochs
        added[-1].update(self._scores("test"))
        if c.loss == "mse":  # fit measures no accuracy for a regression loss: read the signs
            added[-1]["train_accuracy"] = self._scores("train")["train_accuracy"]
        self.history += added
        return {"epoch": self.epoch, "weights": self.weights(), "added": added, "seconds": seconds}

    def state(self) -> dict[str, Any]:
        """All the page needs to draw the lab: settings, points, weights and the curves so far."""
        p = self._points()
        return {
            "config": self.config.to_json(), "classes": p.classes, "domain": p.domain(), "epoch": self.epoch,
            "train": [[*r, k] for r, k in zip(p.train, p.train_labels, strict=True)],
            "test": [[*r, k] for r, k in zip(p.test, p.test_labels, strict=True)], "origin": self.origin,
            "weights": self.weights(), "history": self.history,
        }  # fmt: skip

    def weights(self) -> list[dict[str, Any]]:
        """Each layer's activation, weights (one row per unit) and biases, as numbers."""
        model = self._model()
        last = len(model.layers) - 1
        return [
            {"activation": model.output_activation if i == last else model.activation,
             "w": [[w.data for w in n.w] for n in layer.neurons], "b": [n.b.data if n.b is not None else 0.0 for n in layer.neurons]}
            for i, layer in enumerate(model.layers)
        ]  # fmt: skip

    def trace(self, index: int) -> str:
        """Code that builds training point ``index``'s loss through the current weights (a snapshot, to read and change)."""
        points, c = self._points(), self.config
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(points.train):
            raise ValueError(f"trace: {index!r} is not the index of a training point (0 to {len(points.train) - 1})")
        (x1, x2), label = points.train[index], points.train_labels[index]
        target = datasets.targets([label], c.loss)[0]
        out = '' if c.loss != "bce" else ', output_activation="sigmoid"'
        units = lambda layer: ", ".join(f"[{', '.join(map(repr, [*w, b]))}]" for w, b in zip(layer["w"], layer["b"], strict=True))
        layers = ",\n".join(f"    [{units(layer)}]" for layer in self.weights())
        return f"""\
# training point {index}: ({x1:.4g}, {x2:.4g}), class {label}, through the
# train lab's weights at epoch {self.epoch} (the L2 term left out)
model = nn.MLP(2, {[*c.hidden, c.outputs]}, activation="{c.activation}"{out})
weights = [  # per layer, per unit: w1, w2, ..., b
{layers},
]
for layer, units in zip(model.layers, weights):
    for neuron, row in zip(layer.neurons, units):
        for w, v in zip(neuron.w, row):
            w.data = v
        neuron.b.data = row[-1]
x = [Value({x1!r}, label="x1"), Value({x2!r}, label="x2")]
loss = nn.LOSSES["{c.loss}"]([model(x)], [{target!r}])
loss.label = "loss"
"""

    def _measure(self) -> dict[str, Any]:
        """The figures with the current weights (before training, or after an edit): loss with its L2 term, as fit reports it."""
        return {"epoch": self.epoch, **self._scores("train"), **self._scores("test")}

    def _scores(self, which: str) -> dict[str, float | None]:
        """Loss and accuracy on the training or held-out points; the training loss includes the L2 term, as in fit."""
        model, p, c = self._model(), self._points(), self.config
        rows, labels = (p.train, p.train_labels) if which == "train" else (p.test, p.test_labels)
        if not rows:
            return {f"{which}_loss": None, f"{which}_accuracy": None}
        ys = datasets.targets(labels, c.loss)
        scores = nn.evaluate(model, rows, ys, loss=c.loss)
        if c.loss == "mse":
            scores["accuracy"] = sum((o > 0) == (t > 0) for o, t in zip(nn.predict(model, rows), ys, strict=True)) / len(ys)
        if which == "train" and c.l2:
            scores["loss"] += c.l2 * sum(w.data * w.data for w in model.parameters())
        return {f"{which}_loss": scores["loss"], f"{which}_accuracy": scores.get("accuracy")}

    def _new_model(self) -> nn.MLP:
        c = self.config
        return nn.MLP(2, [*c.hidden, c.outputs], activation=c.activation,
                      output_activation="sigmoid" if c.loss == "bce" else "linear", seed=c.seed)  # fmt: skip

    def _generated(self) -> datasets.Points:
        if self.generated is None:
            raise ValueError("no data yet: send train.configure first")
        return self.generated

    def _points(self) -> datasets.Points:
        if self.points is None:
            raise ValueError("no data yet: send train.configure first")
        return self.points

    def _model(self) -> nn.MLP:
        if self.model is None:
            raise ValueError("no model yet: send train.configure first")
        return self.model
