"""Carry a model to PyTorch and back, with the same weights (so the same outputs and gradients).

``to_torch(model)`` gives a ``torch.nn.Sequential`` of ``Linear`` layers (weight row j = neuron j's
``w``, bias j = its ``b``), each followed by its activation module (``Identity`` for linear);
``from_torch(seq)`` reads such a Sequential back into an ``MLP``. PyTorch is optional: it is
imported only when one of these is called (``pip install 'stepgrad[torch]'``).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from .layers import MLP, Layer, Neuron

INSTALL = "pip install 'stepgrad[torch]'"
_MODULES = {"linear": "Identity", "relu": "ReLU", "tanh": "Tanh", "sigmoid": "Sigmoid"}  # softmax: logits, see to_torch


def _torch(who: str) -> Any:
    """The torch module, or an ImportError that says how to install it."""
    try:
        import torch
    except ImportError as err:
        raise ImportError(f"{who} needs PyTorch, an optional dependency of stepgrad: {INSTALL} (or pip install torch)") from err
    return torch


def _layers(model: Neuron | Layer | MLP) -> list[tuple[list[Neuron], str]]:
    """(neurons, activation) per layer; refuses what PyTorch has no module for."""
    if isinstance(model, MLP):
        layers = [(layer.neurons, layer.activation) for layer in model.layers]
    elif isinstance(model, Layer):
        layers = [(model.neurons, model.activation)]
    elif isinstance(model, Neuron):
        layers = [([model], model.activation)]
    else:
        raise TypeError(f"to_torch converts a Neuron, Layer or MLP, not {type(model).__name__}")
    for i, (_, activation) in enumerate(layers):
        if activation == "step":
            raise ValueError(
                f"to_torch: layer {i} uses the 'step' activation, which PyTorch has no module for (its derivative is 0 "
                "everywhere, so gradient descent cannot train through it); build the model with 'sigmoid' or 'tanh' instead"
            )
    return layers


def to_torch(model: Neuron | Layer | MLP, dtype: Any = None) -> Any:
    """A ``torch.nn.Sequential`` computing the same function with the same weights, float64 by default:
    ``Linear`` then its activation module (ReLU, Tanh, Sigmoid, Identity for linear) for every layer.

    A softmax output layer ends in its ``Linear``: the Sequential outputs the logits (and a UserWarning
    says so). Train it with ``torch.nn.CrossEntropyLoss``, which applies log-softmax itself, and take
    ``torch.softmax(out, dim=-1)`` for probabilities. The ``step`` activation is refused (ValueError).
    """
    layers = _layers(model)
    torch = _torch("to_torch")
    dtype = _real_dtype(dtype, torch)
    for name, p in model.named_parameters():
        if not math.isfinite(p.data):
            raise ValueError(f"to_torch: parameter {name} is {p.data!r}; only a model with finite weights is carried across")
    mods: list[Any] = []
    for i, (neurons, activation) in enumerate(layers):
        bias = neurons[0].b is not None
        linear = torch.nn.Linear(neurons[0].nin, len(neurons), bias=bias, dtype=dtype)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in n.w] for n in neurons], dtype=torch.float64))
            if bias:
                linear.bias.copy_(torch.tensor([n.b.data for n in neurons if n.b is not None], dtype=torch.float64))
        for part in ("weight", "bias") if bias else ("weight",):
            bad = _first_bad(getattr(linear, part), torch)
            if bad is not None:
                source = neurons[bad[0][0]].w[bad[0][1]] if part == "weight" else neurons[bad[0][0]].b
                raise ValueError(
                    f"to_torch: layer {i}'s {part}{list(bad[0])} = {source.data!r} does not fit in {dtype} (it becomes "  # type: ignore[union-attr]
                    f"{bad[1]!r}); use a wider dtype such as torch.float32 or torch.float64"
                )
        mods.append(linear)
        if activation == "softmax":
            warnings.warn(
                "to_torch: the softmax output layer becomes logits (the Sequential ends in its Linear): train with "
                "torch.nn.CrossEntropyLoss, which applies log-softmax itself, or take torch.softmax(out, dim=-1) for probabilities",
                UserWarning,
                stacklevel=2,
            )
        else:
            mods.append(getattr(torch.nn, _MODULES[activation])())
    return torch.nn.Sequential(*mods)


def _real_dtype(dtype: Any, torch: Any) -> Any:
    """``dtype`` if it is a real floating-point torch dtype (float64 for None), else a clear error."""
    if dtype is None:
        return torch.float64
    if not isinstance(dtype, torch.dtype):
        raise TypeError(f"to_torch: dtype must be a torch dtype such as torch.float32, not {type(dtype).__name__}: {dtype!r}")
    if not dtype.is_floating_point:
        raise ValueError(
            f"to_torch: dtype {dtype} is not a real floating-point type; a stepgrad model holds real numbers: "
            "use torch.float64 (the default), torch.float32, torch.float16 or torch.bfloat16"
        )
    return dtype


def _first_bad(tensor: Any, torch: Any) -> tuple[tuple[int, ...], Any] | None:
    """(index, value) of the first NaN or infinite element of ``tensor``, or None if all are finite."""
    bad = ~torch.isfinite(tensor)
    if not bool(bad.any()):
        return None
    index = tuple(int(k) for k in bad.nonzero()[0].tolist())
    return index, tensor[index].item()


def _check_linear(m: Any, where: str, torch: Any) -> None:
    """A Linear whose weights a stepgrad model can hold: real, on a device with data, finite."""
    for part in ("weight", "bias"):
        tensor = getattr(m, part)
        if tensor is None:
            continue
        if tensor.is_complex() or not tensor.is_floating_point():
            raise ValueError(f"from_torch: {where} has {tensor.dtype} {part}s; a stepgrad model holds real numbers only")
        if tensor.is_meta:
            raise ValueError(f"from_torch: {where} has no {part} values (it lives on the meta device); load its weights first")
        bad = _first_bad(tensor.detach(), torch)
        if bad is not None:
            raise ValueError(f"from_torch: {where} {part}{list(bad[0])} is {bad[1]!r}; a stepgrad model holds finite numbers only")


def _flatten(module: Any, torch: Any, path: str = "") -> list[tuple[str, Any]]:
    """(dotted path as torch prints it, leaf module) for a Sequential's leaves, nested ones included."""
    if isinstance(module, torch.nn.Sequential):
        return [leaf for name, child in module.named_children() for leaf in _flatten(child, torch, f"{path}{name}.")]
    return [(path.rstrip("."), module)]


def _activation_name(m: Any, torch: Any) -> str | None:
    for name, kind in _MODULES.items():
        if type(m) is getattr(torch.nn, kind):
            return name
    if type(m) is torch.nn.Softmax:
        if m.dim not in (-1, 1):
            raise ValueError(f"from_torch: Softmax(dim={m.dim}) does not normalise over a layer's outputs; use dim=-1")
        return "softmax"
    return None


def _groups(seq: Any, torch: Any) -> list[list[Any]]:
    """[Linear, activation name] per layer, with a clear error for any module that does not fit."""
    groups: list[list[Any]] = []
    for path, m in _flatten(seq, torch):
        where = f"module {path} ({type(m).__name__})" if path else f"the module ({type(m).__name__})"
        if type(m) is torch.nn.Identity:  # a no-op wherever it stands (to_torch writes one after each linear layer)
            continue
        if type(m) is torch.nn.Linear:
            _check_linear(m, where, torch)
            if groups and groups[-1][0].out_features != m.in_features:
                before = groups[-1][0].out_features
                raise ValueError(f"from_torch: {where} takes {m.in_features} inputs but the layer before gives {before}")
            groups.append([m, "linear"])
            continue
        name = _activation_name(m, torch)
        if name is None:
            supported = "Linear, ReLU, Tanh, Sigmoid, Identity, Softmax(dim=-1) last"
            raise ValueError(f"from_torch: cannot convert {where}; supported: {supported}")
        if not groups or groups[-1][1] != "linear":
            raise ValueError(f"from_torch: {where} must follow a Linear layer")
        groups[-1][1] = name
    if not groups:
        raise ValueError("from_torch: the model has no Linear layer")
    return groups


def from_torch(seq: Any, fused: bool = True, output_activation: str | None = None) -> MLP:
    """An ``MLP`` with the weights of a ``torch.nn.Sequential`` of ``Linear`` + activation modules
    (ReLU, Tanh, Sigmoid, Identity, Softmax(dim=-1) last). The hidden layers must share one activation
    and all layers must agree on bias, as in ``MLP``.

    ``output_activation`` sets the last layer's activation when the Sequential ends in its Linear
    (logits): ``from_torch(to_torch(model), output_activation="softmax")`` gives a softmax model back.
    """
    torch = _torch("from_torch")
    if not isinstance(seq, torch.nn.Module):
        raise TypeError(f"from_torch expects a torch.nn.Sequential or Linear, not {type(seq).__name__}")
    groups = _groups(seq, torch)
    if output_activation is not None and groups[-1][1] not in ("linear", output_activation):
        raise ValueError(
            f"from_torch: the last layer already applies {groups[-1][1]!r}; output_activation={output_activation!r} "
            "would replace it (give output_activation only for a Sequential that ends in logits)"
        )
    hidden = {act for _, act in groups[:-1]}
    if len(hidden) > 1:
        raise ValueError(f"from_torch: an MLP's hidden layers share one activation, these use {sorted(hidden)}")
    if len({lin.bias is None for lin, _ in groups}) > 1:
        raise ValueError("from_torch: some Linear layers have a bias and some do not; an MLP's layers all do or all don't")
    first = groups[0][0]
    try:
        model = MLP(
            first.in_features, [lin.out_features for lin, _ in groups], activation=hidden.pop() if hidden else "relu",
            output_activation=output_activation or groups[-1][1], bias=first.bias is not None, fused=fused,
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
