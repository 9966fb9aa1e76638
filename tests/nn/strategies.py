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


def loss_names_for(output_activation: str, nout: int) -> list[str]:
    """The losses fit accepts for a model's output activation and width (read from the loss table)."""
    from nn.loss_table import LOSSES

    fits = {"one": nout == 1, "classes": nout >= 2, "any": True}
    return [
        name
        for name, entry in LOSSES.items()
        if fits[entry.outputs] and output_activation not in entry.refuses and (not entry.needs or output_activation in entry.needs)
    ]


def targets_for(draw: st.DrawFn, loss: str, nout: int, n: int) -> list:
    """n targets of the kind ``loss`` takes: ±1, probabilities (0 and 1 exactly too), class indices or numbers."""
    if loss == "hinge":
        return draw(st.lists(st.sampled_from([-1.0, 1.0]), min_size=n, max_size=n))
    if loss in ("bce", "bce_logits"):
        return draw(st.lists(st.one_of(st.sampled_from([0.0, 1.0]), st.floats(0.0, 1.0)), min_size=n, max_size=n))
    if loss == "cross_entropy":
        return draw(st.lists(st.integers(0, nout - 1), min_size=n, max_size=n))
    if nout == 1:
        return draw(st.lists(finite, min_size=n, max_size=n))
    return draw(st.lists(st.lists(finite, min_size=nout, max_size=nout), min_size=n, max_size=n))


@st.composite
def training_cases(draw: st.DrawFn) -> dict:
    """An MLP spec (any activation, softmax outputs, bias or not, fused or not), a batch, a loss it fits, and targets."""
    spec = draw(mlp_specs(max_width=4, max_depth=3))
    nout = spec["nouts"][-1]
    loss = draw(st.sampled_from(loss_names_for(spec["output_activation"], nout)))
    n = draw(st.integers(1, 4))
    return {
        "spec": spec,
        "fused": draw(st.booleans()),
        "loss": loss,
        "rows": draw(st.lists(rows_for(spec["nin"]), min_size=n, max_size=n)),
        "targets": targets_for(draw, loss, nout, n),
        "l2": draw(st.sampled_from([0.0, 1e-3, 0.5])),
        "seed": draw(st.integers(0, 2**16)),
    }
