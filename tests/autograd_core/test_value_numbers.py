"""Numbers too large for a float, wherever a Value takes a number: a clear OverflowError saying so."""

from __future__ import annotations

from fractions import Fraction

import pytest

from autograd_core import Value, vsum


@pytest.mark.parametrize(
    ("make", "match"),
    [
        (lambda: Value(10**400), "Value data an int of 401 digits is too large for a float"),
        (lambda: Value(-(10**400)), "Value data a negative int of 401 digits is too large"),
        (lambda: Value(10**5000), "Value data an int of about 5001 digits is too large"),  # past int→str's limit
        (lambda: Value(Fraction(10**400, 3)), r"Value data Fraction\(1000+…0+, 3\) \(\d+ characters\) is too large for a float"),
        (lambda: Value(2.0) * 10**400, "an int of 401 digits is too large for a float"),
        (lambda: 10**400 + Value(1.0), "an int of 401 digits is too large for a float"),
        (lambda: vsum([Value(1.0), 10**400]), "an int of 401 digits is too large for a float"),
    ],
)
def test_numbers_too_large_for_a_float_are_a_clear_overflow_error(make: object, match: str) -> None:
    with pytest.raises(OverflowError, match=match):
        make()  # type: ignore[operator]
    assert Value(10**300).data == 1e300  # large, but a float holds it
