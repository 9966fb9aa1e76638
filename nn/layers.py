"""Neuron, Layer and MLP: the lectures' z = b + Σ wᵢxᵢ and a = σ(z), stacked.

Calling a model on a list of floats or Values returns a Value when its last layer has one output,
else a list. Raw numbers become input Values (labelled x0, x1, ...) once per call, not per neuron.
Each neuron labels its nodes ``z`` and ``a`` and tags them (and its parameters) with its dotted
path, e.g. ``layers.0.neurons.3``; a softmax layer tags its own nodes ``layers.2``.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from autograd_core import Value, linear_rows, softmax

from .activations import NEURON_ACTIVATIONS, check_activation, init_bound
from .inputs import as_inputs, input_rows
from .module import Module

Seed = int | random.Random | None
_FUSED = attrgetter("fused")


def _rng(seed: Seed) -> random.Random:
    if isinstance(seed, random.Random):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int, a random.Random or None, not {type(seed).__name__}")
    return random.Random(seed)


def _count(name: str, value: object, who: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{who}: {name} must be an int, not {type(value).__name__}: {value!r}")
    if value < 1:
        raise ValueError(f"{who}: {name} must be at least 1, got {value}")
    return value


def _flag(name: str, value: object, who: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{who}: {name} must be True or False, not {value!r}")
    return value


def _activations(neurons: Sequence[Neuron]) -> list[tuple[str, Any]]:
    """Each neuron's (tag, activation function or None): read once per batch, used for every row."""
    return [(n._tag, n._act) for n in neurons]


def _activate(acts: list[tuple[str, Any]], zs: Sequence[Value]) -> list[Value]:
    """Each neuron's a = σ(z) (z itself for a linear neuron), with z and a labelled and tagged by the neuron."""
    out = []
    for (tag, act), z in zip(acts, zs, strict=True):
        z.label = "z"
        z.tag = tag
        if act is None:
            out.append(z)
            continue
        a = act(z)
        a.label = "a"
        a.tag = tag
        out.append(a)
    return out


class Neuron(Module):
    """z = b + Σ wᵢxᵢ (one n-ary node, or elementary * and + with ``fused=False``), then a = σ(z).

    ``w`` is a tuple of Values and ``b`` a Value (None without bias); change their ``.data`` freely,
    or assign new ones (``neuron.w = [...]``): the z nodes keep the tuple (w..., b), made once.
    """

    def __init__(self, nin: int, activation: str = "relu", bias: bool = True, fused: bool = True, seed: Seed = None) -> None:
        _count("nin", nin, "Neuron")
        self._activation = check_activation(activation, allow_softmax=False, who="Neuron")
        self.fused = _flag("fused", fused, "Neuron")
        _flag("bias", bias, "Neuron")
        self._act = NEURON_ACTIVATIONS[activation]
        rng, r = _rng(seed), init_bound(activation, nin)
        self.w = [Value(rng.uniform(-r, r), f"w{i}") for i in range(nin)]
        self.b = Value(0.0, "b") if bias else None

    _params: tuple[Value, ...] | None = None

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "w":
            value = tuple(value)  # fixed in place: the fused z nodes keep the neuron's parameter tuple
        super().__setattr__(name, value)
        if name in ("w", "b"):
            object.__setattr__(self, "_params", None)

    def _packed(self) -> tuple[Value, ...]:
        """(w0, ..., wn-1, b), or the weights alone without a bias: made once, kept by every z node (no copy each)."""
        params = self._params
        if params is None:
            params = self.w if self.b is None else (*self.w, self.b)
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
            return _activate(_activations((self,)), linear_rows((self._packed(),), (xs,))[0])[0]
        # b + w0*x0 + w1*x1 + ..., in exactly wsum's order, so the numbers are identical
        tag = self._tag
        terms = zip(self.w, xs, strict=True)
        if self.b is None:
            w, x = next(terms)
            z = w * x
        else:
            z = self.b
        for w, x in terms:
            p = w * x
            p.tag = tag
            z = z + p
            z.tag = tag
        return _activate(_activations((self,)), (z,))[0]

    def config(self) -> dict[str, Any]:
        return {
            "type": type(self).__name__,
            "nin": self.nin,
            "activation": self.activation,
            "bias": self.b is not None,
            "fused": self.fused,
        }

    def _describe(self) -> str:
        extra = ("" if self.b is not None else ", no bias") + ("" if self.fused else ", unfused")
        return f"Neuron({self.nin} inputs, {self.activation}{extra})"


class Layer(Module):
    """``nout`` neurons side by side on the same inputs; ``activation='softmax'`` normalises their z's."""

    _repr_children = False

    def __init__(self, nin: int, nout: int, activation: str = "relu", bias: bool = True, fused: bool = True, seed: Seed = None) -> None:
        _count("nin", nin, "Layer")
        _count("nout", nout, "Layer")
        self._activation = check_activation(activation, allow_softmax=True, who="Layer")
        rng, kind = _rng(seed), "linear" if activation == "softmax" else activation
        self.neurons = [Neuron(nin, kind, bias, fused, rng) for _ in range(nout)]

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
            n.fused = _flag("fused", value, "Layer")

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
            acts = _activations(neurons)
            outs = [_activate(acts, zs) for zs in linear_rows([n._packed() for n in neurons], rows)]
        else:
            outs = []
            for xs in rows:
                xs = tuple(xs)  # one input row shared by every neuron's nodes
                outs.append([n._forward(xs) for n in neurons])
        return outs if self.activation != "softmax" else [self._softmax(zs) for zs in outs]

    def _softmax(self, zs: list[Value]) -> list[Value]:
        """The layer's probabilities; the softmax's own nodes are tagged with the layer's path."""
        probs = softmax(zs)
        stop, stack, tag = set(zs), list(probs), self._tag
        while stack:  # tag the softmax's own nodes (shift, exps, sum, divisions) with the layer's path
            v = stack.pop()
            if v not in stop and v.tag != tag:
                v.tag = tag
                stack.extend(v.parents)
        for p in probs:
            p.label = "p"
        return probs

    def config(self) -> dict[str, Any]:
        n = self.neurons[0]
        return {
            "type": type(self).__name__, "nin": self.nin, "nout": self.nout, "activation": self.activation,
            "bias": n.b is not None, "fused": self.fused,
        }  # fmt: skip

    def _describe(self) -> str:
        return f"Layer({self.nin} → {self.nout}, {self.activation}, {self.num_parameters()} parameters)"


class MLP(Module):
    """Layers in sequence: hidden ``activation`` (ReLU by default), ``output_activation`` (linear by default)."""

    def __init__(
        self,
        nin: int,
        nouts: Sequence[int],
        activation: str = "relu",
        output_activation: str = "linear",
        bias: bool = True,
        fused: bool = True,
        seed: Seed = None,
    ) -> None:
        _count("nin", nin, "MLP")
        if isinstance(nouts, str | bytes) or not isinstance(nouts, Sequence) or not nouts:
            raise TypeError(f"MLP: nouts must be a non-empty list of layer widths, e.g. [16, 16, 1], not {nouts!r}")
        sizes = [nin, *(_count(f"nouts[{i}]", k, "MLP") for i, k in enumerate(nouts))]
        check_activation(activation, allow_softmax=len(nouts) == 1, who="MLP hidden layers")
        check_activation(output_activation, allow_softmax=True, who="MLP output layer")
        self._activation, self._output_activation = activation, output_activation
        rng, last = _rng(seed), len(nouts) - 1
        self.layers = [
            Layer(sizes[i], sizes[i + 1], output_activation if i == last else activation, bias, fused, rng) for i in range(len(nouts))
        ]

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
