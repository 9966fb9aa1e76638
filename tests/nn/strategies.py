"""Hypothesis strategies for nn tests: small MLP architectures, input rows, batches of scores."""

from __future__ import annotations

from hypothesis import strategies as st

ACTS = ["linear", "step", "sigmoid", "tanh", "relu"]
finite = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False, allow_infinity=False)


@st.composite
def mlp_specs(draw: st.DrawFn, max_width: int = 5, max_depth: int = 3) -> dict:
    """Keyword arguments for MLP: input width, layer widths, activations and bias."""
    nouts = draw(st.lists(st.integers(1, max_width), min_size=1, max_size=max_depth))
    return {
        "nin": draw(st.integers(1, max_width)),
        "nouts": nouts,
        "activation": draw(st.sampled_from(ACTS)),
        "output_activation": draw(st.sampled_from(ACTS + (["softmax"] if nouts[-1] > 1 else []))),
        "bias": draw(st.booleans()),
    }


def rows_for(nin: int) -> st.SearchStrategy[list[float]]:
    """One input row of width ``nin``."""
    return st.lists(finite, min_size=nin, max_size=nin)


@st.composite
def scalar_batches(draw: st.DrawFn, low: float = -6.0, high: float = 6.0) -> list[float]:
    """A non-empty batch of scores."""
    return draw(st.lists(st.floats(min_value=low, max_value=high, allow_nan=False), min_size=1, max_size=8))
