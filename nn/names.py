"""Display names for what ``nn`` builds, written the way the lectures write them.

A neuron's net input is ``z`` and its activation ``a``, with the layer as a superscript and the
unit as a subscript, both counted from 1: ``z¹₂`` is unit 2 of layer 1. Its weights are
``w¹₂₁`` (into unit 2 of layer 1 from input 1; ``w¹₁₂,₃`` once an index has two digits) and its
bias ``b¹₂``. A Layer on its own has no layer index (``z₂``, ``w₂₁``), a Neuron on its own no
index at all (``z``, ``w₁``). Tags group a neuron's nodes for drawings: ``("hidden layer 1",
"unit 2")``, ``("output layer", "unit 1")``, ``("output layer", "softmax")``.

Every string here is made once per neuron or layer (when a model is built or placed in another),
never per node per step: a forward pass only assigns the ready-made strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

Tag = tuple[str, ...]


def sup(n: int) -> str:
    """``n`` in superscript digits: 12 → ¹²."""
    return str(n).translate(_SUPERSCRIPTS)


def sub(*indices: int) -> str:
    """Indices in subscript digits, run together (₂₁) or, once one has two digits, comma-separated (₁₂,₃)."""
    sep = "," if any(i >= 10 for i in indices) else ""
    return sep.join(str(i).translate(_SUBSCRIPTS) for i in indices)


@cache
def input_names(n: int) -> tuple[str, ...]:
    """``(x₁, …, xₙ)``: the names of a model's inputs."""
    return tuple("x" + sub(k) for k in range(1, n + 1))


@dataclass(frozen=True)
class NeuronNames:
    """Every name one neuron gives: its z and a, its parameters, its tag, and (for ``fused=False``)
    each product ``wᵢ·xᵢ`` and each running sum of ``b + w₁·x₁ + …`` (the last one is z itself)."""

    z: str
    a: str
    w: tuple[str, ...]
    b: str
    tag: Tag
    products: tuple[str, ...]
    sums: tuple[str, ...]


@lru_cache(maxsize=4096)
def neuron_names(prefix: Tag, layer: int | None, unit: int | None, inputs: tuple[str, ...], bias: bool) -> NeuronNames:
    """The names of unit ``unit`` of layer ``layer`` (None: no such index) reading ``inputs``.

    ``prefix`` is the tag of what holds the neuron (``("hidden layer 1",)``); a neuron with no unit
    index is a Neuron on its own, tagged ``prefix`` or ``("neuron",)``.
    """
    up = "" if layer is None else sup(layer)
    own = () if unit is None else (unit,)
    ws = tuple(f"w{up}{sub(*own, k)}" for k in range(1, len(inputs) + 1))
    b = f"b{up}{sub(*own)}"
    products = tuple(f"{w}·{x}" for w, x in zip(ws, inputs, strict=True))
    first = (f"{b} + {products[0]}",) if bias else ()
    sums: tuple[str, ...] = first
    for k in range(1, len(products)):
        head = b if bias else products[0]
        sums += (f"{head} + {products[k]}" if k == 1 and not bias else f"{head} + … + {products[k]}",)
    tag = (*prefix, f"unit {unit}") if unit is not None else prefix or ("neuron",)
    return NeuronNames(f"z{up}{sub(*own)}", f"a{up}{sub(*own)}", ws, b, tag, products, sums)


@dataclass(frozen=True)
class SoftmaxNames:
    """A softmax layer's nodes: ``zⱼ − m``, ``e^(zⱼ − m)``, their sum, and the outputs ``pⱼ``."""

    shifts: tuple[str, ...]
    exps: tuple[str, ...]
    total: str
    probs: tuple[str, ...]
    tag: Tag


@lru_cache(maxsize=256)
def softmax_names(prefix: Tag, zs: tuple[str, ...]) -> SoftmaxNames:
    """Names for a softmax over the net inputs named ``zs``, tagged ``(*prefix, "softmax")``."""
    shifts = tuple(f"{z} − m" for z in zs)
    return SoftmaxNames(
        shifts, tuple(f"e^({s})" for s in shifts), "Σ e^(z − m)", tuple("p" + sub(j) for j in range(1, len(zs) + 1)), (*prefix, "softmax")
    )
