"""Seeded toy data sets (no downloads): each returns ``(X, y)`` with X a list of rows of floats.

Binary sets label 0/1, or -1/+1 with ``signed=True`` (for ``hinge_loss``). The same ``seed``
always gives the same data. ``load_digits`` reads scikit-learn's bundled 8×8 digits (an extra).
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from typing import Any

from . import checks

Data = tuple[list[list[float]], list[Any]]
MAX_POINTS = 1_000_000  # a scalar engine trains on thousands; a million rows is already ~100 MB of lists
MAX_VALUES = 4_000_000  # numbers in X (points × dimensions)


def _n(name: str, value: object, who: str, low: int = 1, high: int = MAX_POINTS) -> int:
    return checks.integer(value, f"{who}: {name}", low, high)


def _noise(value: object, who: str, name: str = "noise") -> float:
    return checks.number(value, f"{who}: {name}", low=0.0)


def _rng(seed: object, who: str) -> random.Random:
    return random.Random(checks.seed(seed, f"{who}: seed"))


def _linspace(a: float, b: float, k: int, endpoint: bool = True) -> list[float]:
    steps = (k - 1 if endpoint else k) or 1
    return [a + (b - a) * i / steps for i in range(k)]


def _finish(points: Sequence[tuple[float, ...]], labels: list[Any], noise: float, rng: random.Random, signed: bool, who: str) -> Data:
    """Add Gaussian noise, shuffle (seeded), and map 0/1 labels to -1/+1 if asked."""
    checks.flag(signed, f"{who}: signed")
    order = list(range(len(points)))
    rng.shuffle(order)
    rows = [[c + rng.gauss(0.0, noise) if noise else c for c in points[i]] for i in order]
    if noise and not all(math.isfinite(v) for row in rows for v in row):
        raise ValueError(f"{who}: noise={noise!r} is so large that points overflow to infinity")
    return rows, [(2 * labels[i] - 1 if signed else labels[i]) for i in order]


def moons(n: int = 100, noise: float = 0.1, seed: int | None = 0, signed: bool = False) -> Data:
    """Two interleaving half circles: (cos t, sin t) → 0 and (1 - cos t, ½ - sin t) → 1, t ∈ [0, π]."""
    n, noise, rng = _n("n", n, "moons"), _noise(noise, "moons"), _rng(seed, "moons")
    outer, inner = _linspace(0, math.pi, n // 2), _linspace(0, math.pi, n - n // 2)
    points = [(math.cos(t), math.sin(t)) for t in outer] + [(1 - math.cos(t), 0.5 - math.sin(t)) for t in inner]
    return _finish(points, [0] * len(outer) + [1] * len(inner), noise, rng, signed, "moons")


def circles(n: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int | None = 0, signed: bool = False) -> Data:
    """A circle of radius 1 (label 0) around one of radius ``factor`` < 1 (label 1)."""
    n, noise, rng = _n("n", n, "circles"), _noise(noise, "circles"), _rng(seed, "circles")
    factor = checks.number(factor, "circles: factor", 0.0, 1.0, low_open=True, high_open=True)
    outer, inner = _linspace(0, 2 * math.pi, n // 2, False), _linspace(0, 2 * math.pi, n - n // 2, False)
    points = [(math.cos(t), math.sin(t)) for t in outer] + [(factor * math.cos(t), factor * math.sin(t)) for t in inner]
    return _finish(points, [0] * len(outer) + [1] * len(inner), noise, rng, signed, "circles")


def xor(n: int = 4, noise: float = 0.0, seed: int | None = 0, signed: bool = False) -> Data:
    """The XOR truth table (x₁ ≠ x₂ → 1) on the corners of the unit square; n > 4 repeats the corners,
    with Gaussian ``noise`` added. ``xor()`` is exactly [[0,0],[0,1],[1,0],[1,1]] → [0, 1, 1, 0] (shuffled)."""
    n, noise, rng = _n("n", n, "xor"), _noise(noise, "xor"), _rng(seed, "xor")
    corners = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    points = [corners[i % 4] for i in range(n)]
    return _finish(points, [int(a != b) for a, b in points], noise, rng, signed, "xor")


def spirals(n: int = 150, classes: int = 3, noise: float = 0.2, seed: int | None = 0) -> Data:
    """``classes`` interleaved spiral arms (labels 0..classes-1): radius r ∈ [0, 1], angle 4k + 4r + noise."""
    n, noise, rng = _n("n", n, "spirals"), _noise(noise, "spirals"), _rng(seed, "spirals")
    classes = _n("classes", classes, "spirals", 2, n)
    points, labels = [], []
    for k in range(classes):
        m = n // classes + (k < n % classes)
        for r in _linspace(0.0, 1.0, m):
            t = 4.0 * k + 4.0 * r + rng.gauss(0.0, noise)
            if not math.isfinite(t):
                raise ValueError(f"spirals: noise={noise!r} is so large that angles overflow to infinity")
            points.append((r * math.sin(t), r * math.cos(t)))
            labels.append(k)
    return _finish(points, labels, 0.0, rng, False, "spirals")


def sine(n: int = 50, noise: float = 0.0, seed: int | None = 0, low: float = -math.pi, high: float = math.pi) -> Data:
    """Regression: x uniform in [low, high] (sorted), y = sin x + Gaussian noise; rows are [x]."""
    n, noise, rng = _n("n", n, "sine"), _noise(noise, "sine"), _rng(seed, "sine")
    low, high = checks.number(low, "sine: low"), checks.number(high, "sine: high")
    if not low < high or not math.isfinite(high - low):
        raise ValueError(f"sine: need low < high with a finite width high - low, not low={low!r}, high={high!r}")
    xs = sorted(rng.uniform(low, high) for _ in range(n))
    return [[x] for x in xs], [math.sin(x) + (rng.gauss(0.0, noise) if noise else 0.0) for x in xs]


def random_labels(n: int = 50, dim: int = 2, classes: int = 2, seed: int | None = 0) -> Data:
    """Points uniform in [-1, 1]^dim with labels drawn at random: no pattern to learn, only to memorise."""
    who = "random_labels"
    n, dim, classes, rng = _n("n", n, who), _n("dim", dim, who), _n("classes", classes, who, 2), _rng(seed, who)
    if n * dim > MAX_VALUES:
        raise ValueError(f"{who}: n × dim = {n:,} × {dim:,} numbers is more than the {MAX_VALUES:,} a toy data set may hold")
    return [[rng.uniform(-1, 1) for _ in range(dim)] for _ in range(n)], [rng.randrange(classes) for _ in range(n)]


def load_digits(scale: bool = True) -> Data:
    """scikit-learn's bundled 8×8 handwritten digits (1,797 images, labels 0..9); pixels 0..16, or
    0..1 with ``scale=True``. Needs scikit-learn (``pip install 'stepgrad[demos]'``); nothing is downloaded."""
    try:
        from sklearn.datasets import load_digits as sk_load_digits
    except ImportError:
        raise ImportError("load_digits needs scikit-learn, which is not installed: pip install 'stepgrad[demos]'") from None
    checks.flag(scale, "load_digits: scale")
    digits = sk_load_digits()
    div = 16.0 if scale else 1.0
    return [[float(v) / div for v in row] for row in digits.data], [int(t) for t in digits.target]


def train_test_split(
    X: Sequence[Any],  # noqa: N803 -- scikit-learn's name
    y: Sequence[Any],
    test_fraction: float = 0.25,
    seed: int | None = 0,
) -> tuple[list, list, list, list]:
    """Shuffle (seeded) and split into ``X_train, X_test, y_train, y_test`` (scikit-learn's order)."""
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} targets; they must match")
    test_fraction = checks.number(test_fraction, "train_test_split: test_fraction", 0.0, 1.0, low_open=True, high_open=True)
    order = list(range(len(X)))
    _rng(seed, "train_test_split").shuffle(order)
    k = math.ceil(len(X) * test_fraction)
    if not 0 < k < len(X):
        raise ValueError(f"cannot split {len(X)} examples into non-empty train and test sets with test_fraction={test_fraction}")
    test, train = order[:k], order[k:]
    return [X[i] for i in train], [X[i] for i in test], [y[i] for i in train], [y[i] for i in test]
