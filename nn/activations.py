"""Activation functions by name, and the initial weight scale that suits each.

A neuron computes its net input z = b + Σ wᵢxᵢ and then its activation a = σ(z):

* ``linear``   a = z                      (no extra node: the output is z itself)
* ``step``     a = 1 if z ≥ 0 else 0      (the perceptron; derivative 0, so nothing learns through it)
* ``sigmoid``  a = 1 / (1 + e^-z)         (σ' = σ(1 - σ))
* ``tanh``     a = tanh z                 (σ' = 1 - a²)
* ``relu``     a = max(0, z)              (σ' = 1 if z > 0 else 0)
* ``softmax``  pⱼ = e^zⱼ / Σₖ e^zₖ        (a whole layer's outputs at once, so an output-layer option)
"""

from __future__ import annotations

import math
from collections.abc import Callable

from autograd_core import Value

NEURON_ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "linear": None,
    "step": Value.step,
    "sigmoid": Value.sigmoid,
    "tanh": Value.tanh,
    "relu": Value.relu,
}
ACTIVATIONS: tuple[str, ...] = (*NEURON_ACTIVATIONS, "softmax")

# Var(wᵢ) = gain² / nin keeps Var(z) near the inputs' variance; ReLU zeroes half its inputs, so
# it gets gain √2 (He initialisation), the others gain 1 (LeCun initialisation).
_GAIN = {"relu": math.sqrt(2.0)}


def check_activation(name: object, *, allow_softmax: bool, who: str) -> str:
    """``name`` if it is a known activation (softmax only where allowed), else a clear error."""
    if not isinstance(name, str):
        raise TypeError(f"{who}: activation must be a name (one of {', '.join(ACTIVATIONS)}), not {type(name).__name__}")
    if name == "softmax" and not allow_softmax:
        raise ValueError(
            f"{who}: softmax normalises across a whole layer, so it is an output-layer option: "
            "use Layer(..., activation='softmax') or MLP(..., output_activation='softmax')"
        )
    if name not in ACTIVATIONS:
        raise ValueError(f"{who}: unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")
    return name


def init_bound(activation: str, nin: int) -> float:
    """Weights start uniform in [-r, r] with r = gain·√(3/nin), so Var(w) = gain²/nin."""
    return _GAIN.get(activation, 1.0) * math.sqrt(3.0 / nin)
