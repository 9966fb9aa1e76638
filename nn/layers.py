"""Neuron, Layer and MLP: the lectures' z = b + Σ wᵢxᵢ and a = σ(z), stacked.

Calling a model on a list of floats or Values returns a Value when its last layer has one output,
else a list. Raw numbers become input Values (labelled x₁, x₂, ...) once per call, not per neuron.
Every node a neuron makes is labelled as the lectures write it (``z¹₂``, ``a¹₂``, parameters
``w¹₂₁``/``b¹₂``; see ``names.py``) and tagged with its place, ``("hidden layer 1", "unit 2")``.
The names follow the model's structure: an MLP numbers its layers and tells each one, a Layer
numbers its units; a Layer or Neuron on its own (or inside a user's Module) names itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from autograd_core import Value, linear_rows

from . import checks
from .activations import check_activation
from .inputs import as_inputs, input_rows
from .module import Module
from .names import SoftmaxNames, Tag, softmax_names
from .neuron import Neuron, prefix_of
from .neuron_graph import activate, softmax

_FUSED = attrgetter("fused")


class Layer(Module):
    """``nout`` neurons side by side on the same inputs; ``activation='softmax'`` normalises their z's."""

    _repr_children = False
    _owned = False  # placed by an MLP, which gives its names
    _place: tuple[Tag, int | None, tuple[str, ...] | None] = ((), None, None)
    _softmax: SoftmaxNames

    def __init__(self, nin: int, nout: int, activation: str = "relu", bias: bool = True, fused: bool = True, seed: Any = None) -> None:
        checks.integer(nin, "Layer: nin", low=1)
        checks.integer(nout, "Layer: nout", low=1)
        self._activation = check_activation(activation, allow_softmax=True, who="Layer")
        rng, kind = checks.rng(seed), "linear" if activation == "softmax" else activation
        self.neurons = [Neuron(nin, kind, bias, fused, rng) for _ in range(nout)]

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "neurons":
            self._rename()

    def _set_path(self, path: str) -> None:
        super()._set_path(path)
        if not self._owned:
            object.__setattr__(self, "_place", (prefix_of(path), None, None))
        self._rename()

    def _own(self, prefix: Tag, layer: int, inputs: tuple[str, ...] | None) -> None:
        """Called by the MLP holding this layer: layer number ``layer``, titled ``prefix[-1]``, reading ``inputs``."""
        object.__setattr__(self, "_owned", True)
        object.__setattr__(self, "_place", (prefix, layer, inputs))
        self._rename()

    def _output_names(self) -> tuple[str, ...]:
        """What the next layer reads: each neuron's a (its z for a linear neuron)."""
        return tuple(n._names.z if n._act is None else n._names.a for n in self.neurons)

    def _rename(self) -> None:
        prefix, layer, inputs = self._place
        for j, n in enumerate(self.neurons, 1):
            n._own(prefix, layer, j, inputs)
        object.__setattr__(self, "_softmax", softmax_names(prefix, tuple(n._names.z for n in self.neurons)))

    nin = property(lambda self: self.neurons[0].nin, doc="inputs per neuron")
    nout = property(lambda self: len(self.neurons), doc="number of neurons (outputs)")
    activation = property(lambda self: self._activation, doc="the activation's name (fixed at construction)")
    output_activation = activation

    @property
    def fused(self) -> bool:
        """Whether the neurons build z as one node; settable (numbers are identical either way)."""
        return self.neurons[0].fused

    @fused.setter
    def fused(self, value: bool) -> None:
        for n in self.neurons:
            n.fused = checks.flag(value, "Layer: fused")

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        out = self._forward(as_inputs(x, self.nin, "Layer"))
        return out[0] if len(out) == 1 else out

    def batch(self, rows: Sequence[Sequence[Value | float]]) -> list[Value | list[Value]]:
        """``[layer(x) for x in rows]``, the same graph, with every weighted sum made in one engine call."""
        outs = self._forward_rows(input_rows(rows, self.nin, "Layer"))
        return [out[0] if len(out) == 1 else out for out in outs]

    def parameters(self) -> list[Value]:
        return [p for n in self.neurons for p in n.parameters()]

    def _forward(self, xs: Sequence[Value]) -> list[Value]:
        return self._forward_rows((xs,))[0]

    def _forward_rows(self, rows: Sequence[Sequence[Value]]) -> list[list[Value]]:
        """The layer on each row of a batch: one engine call makes every weighted sum (parameters read once)."""
        neurons = self.neurons
        if all(map(_FUSED, neurons)):
            acts = [n._act_names for n in neurons]
            outs = [activate(acts, zs) for zs in linear_rows([n._packed() for n in neurons], rows)]
        else:
            outs = []
            for xs in rows:
                xs = tuple(xs)  # one input row shared by every neuron's nodes
                outs.append([n._forward(xs) for n in neurons])
        return outs if self.activation != "softmax" else [softmax(zs, self._softmax) for zs in outs]

    def config(self) -> dict[str, Any]:
        n = self.neurons[0]
        return {
            "type": type(self).__name__, "nin": self.nin, "nout": self.nout, "activation": self.activation,
            "bias": n.b is not None, "fused": self.fused,
        }  # fmt: skip

    def _describe(self) -> str:
        return f"Layer({self.nin} → {self.nout}, {self.activation}, {self.num_parameters()} parameters)"


class MLP(Module):
    """Layers in sequence: hidden ``activation`` (ReLU by default), ``output_activation`` (linear by default).

    Layer l (from 1) is titled "hidden layer l", the last "output layer"; its units are named
    ``zˡⱼ``/``aˡⱼ`` and read the previous layer's outputs (``x₁ …`` for the first).
    """

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        bias: bool = True,
        fused: bool = True,
        seed: Any = None,
    ) -> None:
        checks.integer(nin, "MLP: nin", low=1)
        if isinstance(nouts, str | bytes) or not checks.is_sequence(nouts) or not len(nouts):
            raise TypeError(f"MLP: nouts must be a non-empty list of layer widths, e.g. [16, 16, 1], not {nouts!r}")
        sizes = [nin, *(checks.integer(k, f"MLP: nouts[{i}]", low=1) for i, k in enumerate(nouts))]
        check_activation(activation, allow_softmax=len(nouts) == 1, who="MLP hidden layers")
        check_activation(output_activation, allow_softmax=True, who="MLP output layer")
        self._activation, self._output_activation = activation, output_activation
        rng, last = checks.rng(seed), len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], output_activation if i == last else activation, bias, fused, rng) for i in range(len(nouts))
        ]

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name == "layers":
            self._rename()

    def _set_path(self, path: str) -> None:
        super()._set_path(path)
        self._rename()

    def _rename(self) -> None:
        """Number the layers and tell each its title and what it reads."""
        prefix, inputs, last = prefix_of(self._path), None, len(self.layers) - 1
        for i, layer in enumerate(self.layers):
            layer._own((*prefix, "output layer" if i == last else f"hidden layer {i + 1}"), i + 1, inputs)
            inputs = layer._output_names()

    nin = property(lambda self: self.layers[0].nin, doc="input width")
    nout = property(lambda self: self.layers[-1].nout, doc="output width")
    nouts = property(lambda self: [layer.nout for layer in self.layers], doc="layer widths")
    activation = property(lambda self: self._activation, doc="hidden layers' activation (fixed at construction)")
    output_activation = property(lambda self: self._output_activation, doc="output layer's activation (fixed at construction)")

    @property
    def fused(self) -> bool:
        """Whether the neurons build z as one node; settable (numbers are identical either way)."""
        return self.layers[0].fused

    @fused.setter
    def fused(self, value: bool) -> None:
        for layer in self.layers:
            layer.fused = value

    def __call__(self, x: Sequence[Value | float]) -> Value | list[Value]:
        xs = as_inputs(x, self.nin, "MLP")
        for layer in self.layers:
            xs = layer._forward(xs)
        return xs[0] if len(xs) == 1 else xs

    def batch(self, rows: Sequence[Sequence[Value | float]]) -> list[Value | list[Value]]:
        """``[model(x) for x in rows]``, the same graph, built a layer at a time (each reads its parameters once)."""
        outs = input_rows(rows, self.nin, "MLP")
        for layer in self.layers:
            outs = layer._forward_rows(outs)
        return [out[0] if len(out) == 1 else out for out in outs]

    def parameters(self) -> list[Value]:
        return [p for layer in self.layers for n in layer.neurons for p in n.parameters()]

    def config(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__, "nin": self.nin, "nouts": self.nouts, "activation": self.activation,
            "output_activation": self.output_activation, "bias": self.layers[0].neurons[0].b is not None, "fused": self.fused,
        }  # fmt: skip

    def _describe(self) -> str:
        out = "" if self.output_activation == "linear" else f", {self.output_activation} output"
        sizes = " → ".join(map(str, [self.nin, *self.nouts]))
        return f"MLP({sizes}, {self.activation}{out}, {self.num_parameters()} parameters)"
