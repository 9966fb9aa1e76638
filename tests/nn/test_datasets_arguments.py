"""Data set arguments: infinities, NaN, numbers no float holds, bools and sizes that would never finish."""

# ruff: noqa: N806 -- X for a data matrix, as scikit-learn

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from nn import circles, load_digits, moons, random_labels, sine, spirals, train_test_split, xor

HUGE = 10**400  # an int no float can hold


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda: moons(noise=math.inf), ValueError, "moons: noise must be a finite number >= 0, not inf"),
        (lambda: moons(noise=math.nan), ValueError, "moons: noise must be a finite number >= 0, not nan"),
        (lambda: circles(noise=HUGE), ValueError, "circles: noise is too large for a float: an int of 401 digits"),
        (lambda: xor(noise=True), TypeError, "xor: noise must be a finite number >= 0, not bool"),
        (lambda: spirals(noise="0.1"), TypeError, "spirals: noise must be a finite number >= 0, not str"),
        (lambda: moons(noise=1e308), ValueError, "moons: noise=1e\\+308 is so large that points overflow"),
        (lambda: spirals(noise=1e308), ValueError, "spirals: noise=1e\\+308 is so large that angles overflow"),
        (lambda: circles(factor=math.nan), ValueError, "circles: factor must be a finite number > 0 and < 1, not nan"),
        (lambda: sine(low=-math.inf), ValueError, "sine: low must be a finite number, not -inf"),
        (lambda: sine(high=math.nan), ValueError, "sine: high must be a finite number, not nan"),
        (lambda: sine(low=-HUGE, high=HUGE), ValueError, "sine: low is too large for a float: a negative int of 401 digits"),
        (lambda: sine(low=-1e308, high=1e308), ValueError, "sine: need low < high with a finite width"),
        (lambda: sine(low=False, high=True), TypeError, "sine: low must be a finite number, not bool"),
        (lambda: moons(-5), ValueError, "moons: n must be at least 1, got -5"),
        (lambda: moons(True), TypeError, "moons: n must be an int, not bool"),
        (lambda: xor(n=HUGE), ValueError, "xor: n must be at most 1,000,000, got an int of 401 digits"),
        (lambda: spirals(classes=True), TypeError, "spirals: classes must be an int, not bool"),
        (lambda: spirals(10, classes=11), ValueError, "spirals: classes must be at most 10, got 11"),
        (lambda: random_labels(dim=False), TypeError, "random_labels: dim must be an int, not bool"),
        (lambda: random_labels(n=10_000, dim=1_000), ValueError, "n × dim = 10,000 × 1,000 numbers is more than"),
        (lambda: moons(seed=1.5), TypeError, "moons: seed must be an int or None, not float"),
        (lambda: moons(signed="yes"), TypeError, "moons: signed must be True or False, not str"),
        (lambda: train_test_split([[1.0], [2.0]], [1, 2], test_fraction=math.nan), ValueError, "test_fraction must be .* not nan"),
        (lambda: train_test_split([[1.0], [2.0]], [1, 2], test_fraction=True), TypeError, "test_fraction must be .* not bool"),
        (lambda: train_test_split([[1.0], [2.0]], [1, 2], seed="x"), TypeError, "train_test_split: seed must be an int or None"),
    ],
)
def test_bad_numbers_are_clear_errors_naming_the_argument(call: Callable, error: type, match: str) -> None:
    with pytest.raises(error, match=match):
        call()


def test_numpy_integers_are_counts() -> None:
    np = pytest.importorskip("numpy")
    X, y = moons(np.int64(10), seed=np.int32(2))
    assert (X, y) == moons(10, seed=2)


def test_load_digits_scale_is_a_flag() -> None:
    pytest.importorskip("sklearn")
    with pytest.raises(TypeError, match="load_digits: scale must be True or False, not str"):
        load_digits(scale="no")  # type: ignore[arg-type]
