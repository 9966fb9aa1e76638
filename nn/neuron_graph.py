"""The nodes after the weighted sums: each neuron's activation a = σ(z), and a softmax layer's
probabilities, labelled and tagged with names made beforehand (``names.py``): assigning a ready
string per node is all the naming a forward pass does."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd_core import Value, vsum

from .names import SoftmaxNames, Tag

Activation = tuple[str, str, Tag, Any]  # a neuron's (z label, a label, tag, σ or None for linear)


def activate(acts: Sequence[Activation], zs: Sequence[Value]) -> list[Value]:
    """Each neuron's a = σ(z) (z itself for a linear neuron), with z and a labelled and tagged by the neuron."""
    out = []
    for (z_label, a_label, tag, act), z in zip(acts, zs, strict=True):
        z.label = z_label
        z.tag = tag
        if act is None:
            out.append(z)
            continue
        a = act(z)
        a.label = a_label
        a.tag = tag
        out.append(a)
    return out


def softmax(zs: Sequence[Value], names: SoftmaxNames) -> list[Value]:
    """pⱼ = e^(zⱼ − m) / Σₖ e^(zₖ − m) with m = maxₖ zₖ a plain number (never overflows), as
    ``autograd_core.softmax`` computes it, every node named: ``zⱼ − m``, ``e^(zⱼ − m)``, ``Σ e^(z − m)``, ``pⱼ``.
    The constant m is a number, untagged: it is no parameter."""
    m = max(z.data for z in zs)
    tag = names.tag
    exps = []
    for z, shift_label, exp_label in zip(zs, names.shifts, names.exps, strict=True):
        shift = z - m
        shift.label, shift.tag = shift_label, tag
        e = shift.exp()
        e.label, e.tag = exp_label, tag
        exps.append(e)
    total = vsum(exps)
    total.label, total.tag = names.total, tag
    probs = []
    for e, p_label in zip(exps, names.probs, strict=True):
        p = e / total
        p.label, p.tag = p_label, tag
        probs.append(p)
    return probs
