"""The train lab's data: nn's seeded sets plus Gaussian blobs, split into training and held-out points.

Labels are class indices 0..k-1 here; ``targets`` turns them into what each loss expects.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass

import nn

Rows = list[list[float]]


def blobs(n: int, noise: float = 0.35, seed: int | None = 0, classes: int = 3) -> tuple[Rows, list[int]]:
    """``classes`` round Gaussian clouds (standard deviation ``noise``) with centres evenly spaced on a circle of radius 1."""
    rng = random.Random(seed)
    rows, y = [], []
    for i in range(n):
        k = i % classes
        t = 2 * math.pi * k / classes + math.pi / 2
        rows.append([math.cos(t) + rng.gauss(0.0, noise), math.sin(t) + rng.gauss(0.0, noise)])
        y.append(k)
    order = list(range(n))
    rng.shuffle(order)
    return [rows[i] for i in order], [y[i] for i in order]


@dataclass(frozen=True)
class Dataset:
    title: str
    classes: int
    noise: float  # the default
    make: Callable[[int, float, int], tuple[Rows, list[int]]]


DATASETS = {
    "moons": Dataset("two moons", 2, 0.1, lambda n, noise, seed: nn.moons(n, noise=noise, seed=seed)),
    "circles": Dataset("circles", 2, 0.08, lambda n, noise, seed: nn.circles(n, noise=noise, seed=seed)),
    "xor": Dataset("xor", 2, 0.15, lambda n, noise, seed: nn.xor(n, noise=noise, seed=seed)),
    "spiral": Dataset("spiral, 3 classes", 3, 0.2, lambda n, noise, seed: nn.spirals(n, classes=3, noise=noise, seed=seed)),
    "blobs": Dataset("blobs, 3 classes", 3, 0.35, lambda n, noise, seed: blobs(n, noise=noise, seed=seed)),
}
TEST_FRACTION = 1 / 3  # one held-out point for every two training points


@dataclass
class Points:
    """Training and held-out points (rows of two floats) with class indices, and the plane they are drawn on."""

    train: Rows
    train_labels: list[int]
    test: Rows
    test_labels: list[int]
    classes: int

    def domain(self) -> list[float]:
        """[x min, x max, y min, y max]: the data's box with a margin, made square."""
        xs = [r[0] for r in self.train + self.test] or [0.0]
        ys = [r[1] for r in self.train + self.test] or [0.0]
        cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
        half = max(max(xs) - min(xs), max(ys) - min(ys), 1.0) / 2 * 1.2
        return [cx - half, cx + half, cy - half, cy + half]


def make(name: str, points: int, noise: float, seed: int) -> Points:
    """``points`` training points of data set ``name`` and half as many held-out ones, split at random (seeded)."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    spec = DATASETS[name]
    total = round(points / (1 - TEST_FRACTION))
    rows, y = spec.make(total, noise, seed)
    train, test, y_train, y_test = nn.train_test_split(rows, y, test_fraction=TEST_FRACTION, seed=seed)
    return Points([list(r) for r in train], list(y_train), [list(r) for r in test], list(y_test), spec.classes)


def targets(labels: list[int], loss: str) -> list[float] | list[int]:
    """Class indices as the loss wants them: ±1 (hinge, mse), 0/1 (bce, bce_logits), indices (cross_entropy)."""
    if loss == "cross_entropy":
        return list(labels)
    if loss in ("hinge", "mse"):
        return [2.0 * k - 1.0 for k in labels]
    return [float(k) for k in labels]
