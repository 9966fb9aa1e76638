"""micrograd's own two engine tests (its README's expressions), with only the import changed,
checked against PyTorch as micrograd checks them."""

from __future__ import annotations

import pytest

from autograd_core import Value


def test_sanity_check() -> None:
    torch = pytest.importorskip("torch")
    x = Value(-4.0)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    xmg, ymg = x, y

    x = torch.Tensor([-4.0]).double()
    x.requires_grad = True
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    assert ymg.data == y.data.item()
    assert xmg.grad == x.grad.item()


def test_more_ops() -> None:
    torch = pytest.importorskip("torch")

    def run(a, b):
        c = a + b
        d = a * b + b**3
        c += c + 1
        c += 1 + c + (-a)
        d += d * 2 + (b + a).relu()
        d += 3 * d + (b - a).relu()
        e = c - d
        f = e**2
        g = f / 2.0
        g += 10.0 / f
        g.backward()
        return g

    amg, bmg = Value(-4.0), Value(2.0)
    gmg = run(amg, bmg)
    apt, bpt = (torch.Tensor([v]).double() for v in (-4.0, 2.0))
    apt.requires_grad = bpt.requires_grad = True
    gpt = run(apt, bpt)
    tol = 1e-6
    assert abs(gmg.data - gpt.data.item()) < tol
    assert abs(amg.grad - apt.grad.item()) < tol
    assert abs(bmg.grad - bpt.grad.item()) < tol


def test_known_numbers_without_torch() -> None:
    # test_sanity_check's expression y(x) = relu(z²) + q + q·x, q = relu(z) + z·x, z = 3x + 2, for machines without PyTorch
    x = Value(-4.0)
    z = 3 * x + 2
    q = z.relu() + z * x
    y = (z * z).relu() + q * (1 + x)
    y.backward()
    assert (y.data, x.grad) == (-20.0, 46.0)
