"""Neuron: the lectures' z = b + Σ wᵢxᵢ, then a = σ(z), every node named as the notes name it.

Its nodes are labelled ``z¹₂``, ``a¹₂`` and its parameters ``w¹₂₁``/``b¹₂`` (``names.py``), all
tagged with its place, ``("hidden layer 1", "unit 2")``. A Layer holding the neuron tells it its
place (``_own``); a Neuron on its own, or inside a user's Module, names itself (``z``, ``w₁``,
tagged ``("neuron",)`` or with its attribute path). Names are made when the place is set, never
per call: a forward pass only assigns the ready-made strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd_core import Value, linear_rows

from . import checks
from .activations import NEURON_ACTIVATIONS, check_activation, init_bound
from .inputs import as_inputs
from .module import Module
from .names import NeuronNames, Tag, input_names, neuron_names
from .neuron_graph import activate


def prefix_of(path: str) -> Tag:
    """The tag prefix of a model placed at ``path`` inside a user's Module (none at the top)."""
    return (path,) if path else ()


class Neuron(Module):
    """z = b + Σ wᵢxᵢ (one n-ary node, or elementary * and + with ``fused=False``), then a = σ(z).

    ``w`` is a tuple of Values and ``b`` a Value (None without bias); change their ``.data`` freely,
    or assign new ones (``neuron.w = [...]``): the z nodes keep the tuple (w..., b), made once.
    """

    _params: tuple[Value, ...] | None = None
    _owned = False  # placed by a Layer, which gives its names
    _place: tuple[Tag, int | None, int | None, tuple[str, ...] | None] = ((), None, None, None)
    _names: NeuronNames
    _act_names: tuple[str, str, Tag, Any]

    def __init__(self, nin: int, activation: str = "relu", bias: bool = True, fused: bool = True, seed: Any = None) -> None:
        checks.integer(nin, "Neuron: nin", low=1)
        self._activation = check_activation(activation, allow_softmax=False, who="Neuron")
        self.fused = checks.flag(fused, "Neuron: fused")
        checks.flag(bias, "Neuron: bias")
        self._act = NEURON_ACTIVATIONS[activation]
        rng, r = checks.rng(seed), init_bound(activation, nin)
        self.w = [Value(rng.uniform(-r, r)) for _ in range(nin)]
        self.b = Value(0.0) if bias else None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "w":
            value = tuple(value)  # fixed in place: the fused z nodes keep the neuron's parameter tuple
        super().__setattr__(name, value)
        if name in ("w", "b"):
            object.__setattr__(self, "_params", None)
            self._rename()

    def _set_path(self, path: str) -> None:
        super()._set_path(path)
        if not self._owned:
            object.__setattr__(self, "_place", (prefix_of(path), None, None, None))
        self._rename()

    def _own(self, prefix: Tag, layer: int | None, unit: int, inputs: tuple[str, ...] | None) -> None:
        """Called by the Layer holding this neuron: unit ``unit`` of layer ``layer``, reading ``inputs``."""
        object.__setattr__(self, "_owned", True)
        object.__setattr__(self, "_place", (prefix, layer, unit, inputs))
        self._rename()

    def _rename(self) -> None:
        """Work out this neuron's names (once, not per call) and label and tag its parameters with them."""
        prefix, layer, unit, inputs = self._place
        w, b = vars(self).get("w", ()), vars(self).get("b")
        if inputs is None or len(inputs) != len(w):  # inputs named by an MLP, unless the weights were replaced by more or fewer
            inputs = input_names(len(w))
        names = neuron_names(prefix, layer, unit, inputs, b is not None)
        object.__setattr__(self, "_names", names)
        object.__setattr__(self, "_tag", names.tag)
        object.__setattr__(self, "_act_names", (names.z, names.a, names.tag, self._act))
        for p, label in zip(w, names.w):
            p.label, p.tag = label, names.tag
        if b is not None:
            b.label, b.tag = names.b, names.tag

    def __getstate__(self) -> dict[str, Any]:
        """As ``Module``'s, without the names derived from the place (they hold the activation, a Value method)."""
        state = super().__getstate__()
        state.pop("_act_names", None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        vars(self).update(state)
        self._rename()

    def _packed(self) -> tuple[Value, ...]:
        """(w0, ..., wn-1, b), or the weights alone without a bias: made once, kept by every z node (no copy each)."""
        params = self._params
        if params is None:
            params = tuple(self.w) if self.b is None else (*self.w, self.b)
            object.__setattr__(self, "_params", params)
        return params

    nin = property(lambda self: len(self.w), doc="number of inputs")
    nout = 1
    activation = property(lambda self: self._activation, doc="the activation's name (fixed at construction)")
    output_activation = activation

    def __call__(self, x: Sequence[Value | float]) -> Value:
        return self._forward(as_inputs(x, self.nin, "Neuron"))

    def parameters(self) -> list[Value]:
        """[w0, ..., wn-1, b]: the order of ``named_parameters`` (a fast path: called every step)."""
        return [*self.w, self.b] if self.b is not None else list(self.w)

    def _forward(self, xs: Sequence[Value]) -> Value:
        if self.fused:
            return activate((self._act_names,), linear_rows((self._packed(),), (xs,))[0])[0]
        # b + w0*x0 + w1*x1 + ..., in exactly wsum's order, so the numbers are identical; each node labelled
        names = self._names
        tag, ws, products, sums = names.tag, self.w, names.products, names.sums
        if self.b is None:  # z starts as the first product; the k-th sum then follows the (k+1)-th product
            z = ws[0] * xs[0]
            z.label, z.tag = products[0], tag
            terms = zip(ws[1:], xs[1:], products[1:], sums, strict=True)
        else:
            z = self.b
            terms = zip(ws, xs, products, sums, strict=True)
        for w, x, product, total in terms:
            p = w * x
            p.label, p.tag = product, tag
            z = z + p
            z.label, z.tag = total, tag
        return activate((self._act_names,), (z,))[0]

    def config(self) -> dict[str, Any]:
        kind, bias = type(self).__name__, self.b is not None
        return {"type": kind, "nin": self.nin, "activation": self.activation, "bias": bias, "fused": self.fused}

    def _describe(self) -> str:
        extra = ("" if self.b is not None else ", no bias") + ("" if self.fused else ", unfused")
        return f"Neuron({self.nin} inputs, {self.activation}{extra})"
