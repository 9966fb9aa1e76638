"""Carry a model to PyTorch and back, with the same weights (so the same outputs and gradients).

``to_torch(model)`` gives a ``torch.nn.Sequential`` of ``Linear`` layers (weight row j = neuron j's
``w``, bias j = its ``b``) and activation modules; ``from_torch(seq)`` reads such a Sequential back
into an ``MLP``. torch is imported only when one of these is called.
"""

from __future__ import annotations

import functools
from typing import Any

from .layers import MLP, Layer, Neuron


@functools.cache
def _step_module() -> type:
    """A torch module for the perceptron step: a = 1 if z ≥ 0 else 0, derivative 0 (as stepgrad's)."""
    import torch

    class _StepFn(torch.autograd.Function):
        @staticmethod
        def forward(ctx: Any, z: Any) -> Any:
            return (z >= 0).to(z.dtype)

        @staticmethod
        def backward(ctx: Any, grad: Any) -> Any:
            return torch.zeros_like(grad)

    class Step(torch.nn.Module):
        """a = 1 if z ≥ 0 else 0, with derivative 0 everywhere."""

        def forward(self, z: Any) -> Any:
            return _StepFn.apply(z)

    return Step


def _activation_module(name: str) -> Any:
    import torch

    return {
        "linear": None, "relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
        "step": _step_module(), "softmax": lambda: torch.nn.Softmax(dim=-1),
    }[name]  # fmt: skip


def to_torch(model: Neuron | Layer | MLP, dtype: Any = None) -> Any:
    """A ``torch.nn.Sequential`` computing the same function with the same weights (float64 by default)."""
    import torch

    if isinstance(model, MLP):
        layers = [(layer.neurons, layer.activation) for layer in model.layers]
    elif isinstance(model, Layer):
        layers = [(model.neurons, model.activation)]
    elif isinstance(model, Neuron):
        layers = [([model], model.activation)]
    else:
        raise TypeError(f"to_torch converts a Neuron, Layer or MLP, not {type(model).__name__}")
    dtype = torch.float64 if dtype is None else dtype
    mods: list[Any] = []
    for neurons, activation in layers:
        bias = neurons[0].b is not None
        linear = torch.nn.Linear(neurons[0].nin, len(neurons), bias=bias, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in neurons], dtype=dtype))
            if bias:
                linear.bias.copy_(torch.tensor([n.b.data for n in neurons], dtype=dtype))
        mods.append(linear)
        act = _activation_module(activation)
        if act is not None:
            mods.append(act())
    return torch.nn.Sequential(*mods)


def _flatten(module: Any) -> list[Any]:
    import torch

    if isinstance(module, torch.nn.Sequential):
        return [m for child in module for m in _flatten(child)]
    return [module]


def _activation_name(m: Any) -> str | None:
    import torch

    for name, kind in (("relu", torch.nn.ReLU), ("tanh", torch.nn.Tanh), ("sigmoid", torch.nn.Sigmoid), ("step", _step_module())):
        if type(m) is kind:
            return name
    if type(m) is torch.nn.Softmax:
        if m.dim not in (-1, 1):
            raise ValueError(f"from_torch: Softmax(dim={m.dim}) does not normalise over a layer's outputs; use dim=-1")
        return "softmax"
    return None


def from_torch(seq: Any, fused: bool = True) -> MLP:
    """An ``MLP`` with the weights of a ``torch.nn.Sequential`` of ``Linear`` + activation modules
    (ReLU, Tanh, Sigmoid, Softmax(dim=-1) last, stepgrad's Step; Identity is skipped). The hidden
    layers must share one activation and all layers must agree on bias, as in ``MLP``."""
    import torch

    if not isinstance(seq, torch.nn.Module):
        raise TypeError(f"from_torch expects a torch.nn.Sequential or Linear, not {type(seq).__name__}")
    groups: list[list[Any]] = []  # [Linear, activation name]
    for i, m in enumerate(_flatten(seq)):
        if isinstance(m, torch.nn.Identity):
            continue
        if type(m) is torch.nn.Linear:
            if groups and groups[-1][0].out_features != m.in_features:
                before = groups[-1][0].out_features
                raise ValueError(f"from_torch: module {i} takes {m.in_features} inputs but the layer before gives {before}")
            groups.append([m, "linear"])
            continue
        name = _activation_name(m)
        if name is None:
            supported = "Linear, ReLU, Tanh, Sigmoid, Softmax, Identity"
            raise ValueError(f"from_torch: cannot convert module {i} ({type(m).__name__}); supported: {supported}")
        if not groups or groups[-1][1] != "linear":
            raise ValueError(f"from_torch: module {i} ({type(m).__name__}) must follow a Linear layer")
        groups[-1][1] = name
    if not groups:
        raise ValueError("from_torch: the model has no Linear layer")
    hidden = {act for _, act in groups[:-1]}
    if len(hidden) > 1:
        raise ValueError(f"from_torch: an MLP's hidden layers share one activation, these use {sorted(hidden)}")
    if len({lin.bias is None for lin, _ in groups}) > 1:
        raise ValueError("from_torch: some Linear layers have a bias and some do not; an MLP's layers all do or all don't")
    first = groups[0][0]
    try:
        model = MLP(
            first.in_features, [lin.out_features for lin, _ in groups], activation=hidden.pop() if hidden else "relu",
            output_activation=groups[-1][1], bias=first.bias is not None, fused=fused,
        )  # fmt: skip
    except ValueError as err:
        raise ValueError(f"from_torch: {err}") from None
    for layer, (lin, _) in zip(model.layers, groups, strict=True):
        weights = lin.weight.detach().to(torch.float64).tolist()
        biases = lin.bias.detach().to(torch.float64).tolist() if lin.bias is not None else [None] * len(weights)
        for neuron, row, b in zip(layer.neurons, weights, biases, strict=True):
            for w, x in zip(neuron.w, row, strict=True):
                w.data = x
            if neuron.b is not None:
                neuron.b.data = b
    return model
