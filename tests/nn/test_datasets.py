"""Toy data sets: shapes, labels, determinism, the geometry each promises, bad arguments."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn and the design's fit(model, X, y)

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter

import pytest

from nn import circles, load_digits, moons, random_labels, sine, spirals, train_test_split, xor


@pytest.mark.parametrize("make", [moons, circles, xor, spirals, sine, random_labels])
def test_same_seed_same_data_other_seed_other_data(make) -> None:  # type: ignore[no-untyped-def]
    kwargs = {"noise": 0.1} if make is xor else {}
    assert make(seed=3, **kwargs) == make(seed=3, **kwargs)
    assert make(seed=3, **kwargs) != make(seed=4, **kwargs)
    X, y = make(**kwargs)
    assert len(X) == len(y) and all(isinstance(v, float) for row in X for v in row)


def test_moons_geometry_and_labels() -> None:
    X, y = moons(101, noise=0.0)
    assert len(X) == 101 and Counter(y) == {0: 50, 1: 51}
    for (a, b), label in zip(X, y, strict=True):
        if label == 0:
            assert math.hypot(a, b) == pytest.approx(1.0) and b >= -1e-12
        else:
            assert math.hypot(a - 1, b - 0.5) == pytest.approx(1.0) and b <= 0.5 + 1e-12
    assert set(moons(20, signed=True)[1]) == {-1, 1}


def test_circles_radii() -> None:
    X, y = circles(40, noise=0.0, factor=0.3)
    for (a, b), label in zip(X, y, strict=True):
        assert math.hypot(a, b) == pytest.approx(1.0 if label == 0 else 0.3)


def test_xor_truth_table() -> None:
    X, y = xor()
    assert sorted(zip(map(tuple, X), y)) == [((0.0, 0.0), 0), ((0.0, 1.0), 1), ((1.0, 0.0), 1), ((1.0, 1.0), 0)]
    X, y = xor(40, noise=0.1, signed=True)
    assert len(X) == 40 and Counter(y) == {-1: 20, 1: 20}


def test_spirals_classes_and_radius() -> None:
    X, y = spirals(100, classes=4, noise=0.0)
    assert Counter(y) == {0: 25, 1: 25, 2: 25, 3: 25}
    assert max(math.hypot(*row) for row in X) == pytest.approx(1.0)


def test_sine_and_random_labels() -> None:
    X, y = sine(30, noise=0.0, low=0.0, high=1.0)
    assert all(len(row) == 1 and 0 <= row[0] <= 1 for row in X) and [r[0] for r in X] == sorted(r[0] for r in X)
    assert y == [math.sin(r[0]) for r in X]
    X, y = random_labels(200, dim=3, classes=4)
    assert all(len(row) == 3 and all(-1 <= v <= 1 for v in row) for row in X) and set(y) == {0, 1, 2, 3}


def test_train_test_split() -> None:
    X, y = moons(40)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_fraction=0.25, seed=1)
    assert (len(Xtr), len(Xte), len(ytr), len(yte)) == (30, 10, 30, 10)
    assert sorted(map(tuple, Xtr + Xte)) == sorted(map(tuple, X))
    assert all(X.index(row) == [tuple(r) for r in X].index(tuple(row)) for row in Xte)
    pairs = dict(zip(map(tuple, X), y, strict=True))
    assert all(pairs[tuple(r)] == t for r, t in zip(Xte, yte, strict=True))


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: moons(0), ValueError, "moons: n must be at least 1, got 0"),
        (lambda: moons(10.5), TypeError, "moons: n must be an int, not float"),
        (lambda: moons(noise=-0.1), ValueError, "moons: noise must be a finite number >= 0, got -0.1"),
        (lambda: circles(factor=1.5), ValueError, "circles: factor must be a finite number > 0 and < 1, got 1.5"),
        (lambda: spirals(classes=1), ValueError, "spirals: classes must be at least 2"),
        (lambda: sine(low=1.0, high=0.0), ValueError, "sine: need low < high"),
        (lambda: random_labels(dim=0), ValueError, "random_labels: dim must be at least 1"),
        (lambda: train_test_split([[1.0]], [1, 2]), ValueError, "X has 1 rows but y has 2"),
        (lambda: train_test_split([[1.0], [2.0]], [1, 2], test_fraction=1.5), ValueError, "test_fraction must be .* > 0 and < 1"),
        (lambda: train_test_split([[1.0]], [1]), ValueError, "cannot split 1 examples"),
    ],
)
def test_bad_arguments(call, error, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=match):
        call()


def test_load_digits() -> None:
    pytest.importorskip("sklearn")
    X, y = load_digits()
    assert len(X) == len(y) == 1797 and all(len(row) == 64 for row in X)
    assert set(y) == set(range(10)) and max(max(row) for row in X) == 1.0
    raw, _ = load_digits(scale=False)
    assert max(max(row) for row in raw) == 16.0


def test_load_digits_without_scikit_learn_says_how_to_install_it() -> None:
    code = "import sys; sys.modules['sklearn'] = None\nfrom nn import load_digits\n"
    code += "try:\n    load_digits()\nexcept ImportError as e:\n    print(e)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "load_digits needs scikit-learn" in out and "pip install 'stepgrad[demos]'" in out
