"""stepgrad's neural-network library, built on autograd_core's public API only.

>>> from nn import MLP, fit, moons
>>> X, y = moons(100, noise=0.1, seed=0, signed=True)
>>> model = MLP(2, [16, 16, 1], seed=0)       # hidden ReLU, linear output
>>> history = fit(model, X, y, loss="hinge", epochs=50, progress=False)

torch is imported only by ``to_torch``/``from_torch``; scikit-learn only by ``load_digits``.
"""

from .activations import ACTIVATIONS
from .compiled import compile as compile  # a model's training step as generated Python (nn/compiled.py)
from .datasets import circles, load_digits, moons, random_labels, sine, spirals, train_test_split, xor
from .layers import MLP, Layer
from .loss_table import LOSSES, Loss
from .losses import bce_loss, bce_with_logits, cross_entropy, hinge_loss, l2, mse_loss
from .module import Module
from .neuron import Neuron
from .optim import SGD, Adam, Optimizer
from .torch_bridge import from_torch, to_torch
from .train import History, evaluate, fit, predict

__all__ = [
    "ACTIVATIONS", "LOSSES", "MLP", "SGD", "Adam", "History", "Layer", "Loss", "Module", "Neuron", "Optimizer",
    "bce_loss", "bce_with_logits", "circles", "cross_entropy", "evaluate", "fit", "from_torch", "hinge_loss",
    "l2", "load_digits", "moons", "mse_loss", "predict", "random_labels", "sine", "spirals", "to_torch",
    "train_test_split", "xor",
]  # fmt: skip
