"""The argument validators every entry point of ``nn`` shares -- one rule for what a number, a flag,
a count, a seed, a row, a table of rows and a target are, and one wording for the error when
something is not (``scalars.py``: numbers, counts, flags, seeds; ``tables.py``: sequences, tables,
targets, models)."""

from .scalars import describe, flag, integer, number, real, rng, seed
from .tables import (
    class_index,
    column,
    hinge_label,
    is_sequence,
    model,
    one,
    ordered,
    probability_target,
    regression_target,
    table,
)

__all__ = [
    "class_index", "column", "describe", "flag", "hinge_label", "integer", "is_sequence", "model", "number", "one",
    "ordered", "probability_target", "real", "regression_target", "rng", "seed", "table",
]  # fmt: skip
